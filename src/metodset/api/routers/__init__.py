"""Routers of the JSON API, one module per capability; ``api.py`` mounts them."""
