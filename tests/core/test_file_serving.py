"""core.uploads.file_response: the one way uploaded files leave the platform."""

from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404

from metodset.core.uploads import file_response


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FILE_SERVING = "django"


def _stored(name: str, content: bytes = b"x") -> str:
    return default_storage.save(name, ContentFile(content))


@pytest.mark.parametrize("name", ["page.html", "picture.svg", "data.xml", "table.xlsx"])
def test_script_capable_and_office_files_are_always_attachments(name):
    response = file_response(_stored(f"t/{name}"), inline=True)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pdf_is_inline_only_when_asked():
    name = _stored("t/plan.pdf", b"%PDF-1.4")
    assert file_response(name, inline=True)["Content-Disposition"] == 'inline; filename="plan.pdf"'
    assert file_response(name)["Content-Disposition"] == 'attachment; filename="plan.pdf"'


def test_the_given_russian_name_is_sent_by_rfc_5987():
    response = file_response(_stored("t/a.pdf"), filename="Сертификат Петровой.pdf")
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote('Сертификат Петровой.pdf')}"
    )


def test_a_missing_file_is_404():
    with pytest.raises(Http404):
        file_response("t/none.pdf")
    with pytest.raises(Http404):
        file_response("")
