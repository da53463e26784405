"""Every text the user sees has a Russian translation, and Russian is the default."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

import metodset

PACKAGE = Path(metodset.__file__).resolve().parent
CATALOG = PACKAGE / "locale" / "ru" / "LC_MESSAGES" / "django.po"


def _untranslated(po: polib.POFile) -> list[str]:
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def test_russian_catalog_has_no_untranslated_entries():
    assert _untranslated(polib.pofile(str(CATALOG))) == []


def test_every_plural_has_as_many_forms_as_the_catalog_header_says():
    """Django's Russian header has four forms (the fourth for fractions): ``msgfmt`` refuses
    a catalogue whose plural entry has fewer, and a fraction would show the msgid."""
    po = polib.pofile(str(CATALOG))
    forms = int(po.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    short = [
        e.msgid
        for e in po
        if e.msgid_plural
        and not e.obsolete
        and len([v for v in e.msgstr_plural.values() if v]) != forms
    ]
    assert short == []


def test_russian_is_the_default_language(client, db):
    response = client.get("/login/")
    assert response.headers["Content-Language"] == "ru"
    assert "Войти" in response.content.decode()


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools not installed")
def test_every_msgid_in_the_code_is_in_the_catalog(tmp_path):
    """Extract messages from a copy of the source and check each one is translated."""
    copy = tmp_path / "metodset"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "ru", "--no-obsolete"],
        cwd=copy,
        env={"DJANGO_SETTINGS_MODULE": "", "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    missing = _untranslated(polib.pofile(str(copy / "locale/ru/LC_MESSAGES/django.po")))
    assert missing == [], f"untranslated: {missing}"
