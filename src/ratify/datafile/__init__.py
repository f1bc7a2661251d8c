"""Reading a data file: bounded and strict (yamlload: no tags, anchors or deep nesting), validated
into the model (store), and cached as verified JSON (cache)."""
