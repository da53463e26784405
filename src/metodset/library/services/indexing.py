"""The seam between the library's writes and its search index."""

from __future__ import annotations

from .. import search
from ..models import Material


def reindex(material: Material) -> None:
    """Put the material's search document in step with what was just written."""
    search.reindex_material(material)
