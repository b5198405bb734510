"""docdiff's command line: a thin client of the `diffing` library."""
