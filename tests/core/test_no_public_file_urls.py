"""Uploads have no public address: no template and no code (pages, API, letters) may use a file
field's ``.url`` (it would point at /media/, which is not served); each app links to its own
view, which checks who asks and answers with core.uploads.file_response."""

import re
from pathlib import Path

from django.apps import apps
from django.db.models import FileField

import metodset

PACKAGE = Path(metodset.__file__).parent


def _file_field_names() -> set[str]:
    return {
        field.name
        for model in apps.get_models()
        if model.__module__.startswith("metodset.")
        for field in model._meta.get_fields()
        if isinstance(field, FileField)
    }


def _offences(paths, pattern: re.Pattern) -> list[str]:
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()[:120]}")
    return found


def test_the_guard_knows_the_file_fields():
    assert {"evidence_file", "file", "logo", "facsimile", "pdf"} <= _file_field_names()


def test_no_template_or_code_gives_a_file_fields_url():
    names = "|".join(sorted(_file_field_names()))
    pattern = re.compile(rf"\.({names})\.url\b")
    templates = PACKAGE.rglob("templates/**/*.html")
    code = [path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts]
    assert _offences([*templates, *code], pattern) == []


def test_media_is_not_served(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "routes").mkdir()
    (tmp_path / "routes" / "secret.pdf").write_bytes(b"%PDF")
    assert client.get("/media/routes/secret.pdf").status_code == 404
