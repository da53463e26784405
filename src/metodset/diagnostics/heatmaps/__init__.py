"""Heat maps of deficits: grouped reads of the competency scores (``selectors``), the pure grid
and its colours (``grid``), the page's cells (``presentation``) and the XLSX (``exports``). The
decisions the maps rest on are written down in ``selectors``."""
