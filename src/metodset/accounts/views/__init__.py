"""Views of accounts, one module per area: directory, people, imports."""
