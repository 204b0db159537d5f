"""The functions that change the catalogue. They flush and audit; the caller commits."""
