"""Everything users see: the one output path (output), the tables, charts and prose of each
command, and the one escaping point for untrusted text (safe.clean). The only package besides
cli.py that imports rich, and only where a table is drawn."""
