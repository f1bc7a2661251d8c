"""The corpus: deposit histories of UN treaties (schema-1 data files), from the UN Treaty
Collection's status tables; each file in force reproduces its official entry-into-force date."""
