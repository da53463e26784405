"""The task that keeps a material's searchable text in step with its file."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from metodset.library import extraction
from metodset.library.models import Material
from metodset.library.tasks import extract_material_text
from tests.library.test_extraction import lesson_docx


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_task_stores_the_text_of_the_current_file_and_may_run_twice(db):
    material = Material.objects.create(title="Формирующее оценивание", kind=Material.Kind.ARTICLE)
    material.file.save("оценивание.docx", ContentFile(lesson_docx()))
    for _ in range(2):
        result = extract_material_text.enqueue(material_id=material.pk)
        assert result.return_value == len(extraction.text_of(material.file))
    material.refresh_from_db()
    assert material.body_text.startswith("Формирующее оценивание на уроке\nУчителя")

    # A new version without a file (a link) leaves no stale text behind.
    Material.objects.filter(pk=material.pk).update(file="")
    extract_material_text.enqueue(material_id=material.pk)
    material.refresh_from_db()
    assert material.body_text == ""
    # A material deleted meanwhile is no error.
    assert extract_material_text.enqueue(material_id=material.pk + 1000).return_value == 0
