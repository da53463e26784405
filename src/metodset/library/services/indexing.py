"""The seam between the library's writes and its search index."""

from __future__ import annotations

from ..models import Material


def reindex(material: Material) -> None:
    """Put the material's search document in step with what was just written."""
    # PENDING-MERGE: library.search.reindex_material
