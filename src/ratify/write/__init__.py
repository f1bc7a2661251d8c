"""Changing a data file: the locked, validated, atomic write (safefile), proven text edits of the
YAML (edit), the one path every change takes (apply), and the record, remove, reconcile and
retire-note changes (recording)."""
