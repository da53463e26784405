"""Background tasks of the library: thin, taking ids, safe to run twice."""

from __future__ import annotations

from django_tasks import task

from . import extraction, search
from .models import Material


@task()
def extract_material_text(*, material_id: int) -> int:
    """Keep a material's ``body_text`` (what search reads) in step with its current file.

    Enqueue it once a new file is saved (``transaction.on_commit(lambda:
    extract_material_text.enqueue(material_id=material.pk))``). The text is stored only if the
    file is still the one read: when a newer version arrived meanwhile, its own run stores its
    text, and this one does not overwrite it. Returns the number of characters stored (0 when
    the material is gone, has no file, or its file changed).
    """
    material = Material.objects.filter(pk=material_id).first()
    if material is None:
        return 0
    name = material.file.name or ""
    text = extraction.text_of(material.file) if name else ""
    if not Material.objects.filter(pk=material_id, file=name).update(body_text=text):
        return 0
    material.body_text = text
    _reindex(material)
    return len(text)


def _reindex(material: Material) -> None:
    """The search index hears of the new text."""
    search.reindex_material(material)
