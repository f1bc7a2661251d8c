"""Bundled historical treaties, one schema-1 data file each."""
