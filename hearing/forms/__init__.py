"""Forms of ``hearing``: each validates and hands plain data on through ``to_data()``."""
