"""The UN Treaty Collection: status pages and tables read into a Table (tables), merged into a data
file (merge)."""
