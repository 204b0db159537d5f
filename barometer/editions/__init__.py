"""Published editions: the frozen snapshot, what pages and the report show of it
(``presenter``), the report PDF, the public site, open data and the static export."""
