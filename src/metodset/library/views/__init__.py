"""The library's pages, by area: the catalogue and public pages, a material's own pages and
moderation, readers' acts, collections and shelves, the report."""
