"""Forms of ``barometer``: each validates and hands plain data on through ``to_data()``."""
