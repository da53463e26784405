"""Expertise pages, one module per area (see ``expertise.urls``)."""
