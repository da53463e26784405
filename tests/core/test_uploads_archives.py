"""Bad files are refused by what is inside them: archive bombs, hollow office files, broken
pictures, renamed programs; good ones pass. Every file here is a real one, built in the test."""

from __future__ import annotations

import io
import struct
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from metodset.core import uploads
from metodset.events.models import EventMaterial

from .. import factories
from ..conftest import client_for

MB = 1024 * 1024


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as error:
        uploads.material_check(SimpleUploadedFile(name, content))
    assert len(error.value.messages) == 1
    return error.value.messages[0]


def real_docx(text: str = "Технологическая карта урока") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def png(width: int = 40, height: int = 30) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


def jpeg(width: int = 40, height: int = 30) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 30)).save(out, "JPEG")
    return out.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def bomb_docx(zeros: int = 300 * MB) -> bytes:
    """A DOCX with a real Word document and a member of ``zeros`` zero bytes, written in
    chunks so that the test never holds them: the archive itself is about 300 KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(real_docx())) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            chunk = bytes(MB)
            for _ in range(zeros // MB):
                member.write(chunk)
    return out.getvalue()


def test_good_files_are_accepted():
    for name, content in [
        ("карта.docx", real_docx()),
        ("фото.png", png()),
        ("фото.jpg", jpeg()),
        ("архив.zip", zip_of({"readme.txt": "Материалы семинара".encode()})),
        ("методичка.pdf", b"%PDF-1.7\n"),
        # A member under 1 MB may compress as it likes: 900 KB of zeros is ~1,000× smaller.
        ("пустые.zip", zip_of({"нули.bin": bytes(900 * 1024)})),
    ]:
        uploads.material_check(SimpleUploadedFile(name, content))


def test_a_zip_bomb_disguised_as_docx_is_refused_by_its_table_of_contents():
    content = bomb_docx()
    assert len(content) < 2 * MB
    message = refusal("конспект.docx", content)
    assert message.startswith("Файл похож на архив-бомбу:"), message
    assert "300 МБ" in message and "200 МБ" in message


def test_one_member_compressed_too_much_is_refused_even_under_the_total(settings):
    message = refusal("материалы.zip", zip_of({"нули.bin": bytes(5 * MB)}))
    assert message.startswith("Файл похож на архив-бомбу: «нули.bin» внутри сжат в "), message


def test_the_total_limit_is_a_setting(settings):
    settings.UPLOAD_UNZIPPED_MAX_BYTES = 1 * MB
    text = "".join(f"{n} — строка {n * 7919 % 10007}\n" for n in range(100_000)).encode()
    assert len(text) > 2 * MB
    message = refusal("тексты.zip", zip_of({"тексты.txt": text}))
    assert "больше 1 МБ" in message, message


def test_too_many_files_are_refused():
    message = refusal("много.zip", zip_of({f"{n}.txt": b"" for n in range(10_001)}))
    assert message == "Файл похож на архив-бомбу: в нём слишком много файлов (больше 10\u00a0000)."


def test_an_archive_of_more_than_65535_files_is_read_through_its_zip64_record():
    content = zip_of({f"{n}": b"" for n in range(65_536)})
    assert b"PK\x06\x06" in content[-200:]  # Python wrote the ZIP64 end record
    assert refusal("много.zip", content).startswith("Файл похож на архив-бомбу: в нём")


def test_a_forged_table_of_contents_is_refused_before_it_is_parsed():
    # One empty member, but the end record claims 70,000 entries in a 9 MB directory.
    content = bytearray(zip_of({"a.txt": b""}))
    end = content.rfind(b"PK\x05\x06")
    content[end + 8 : end + 16] = struct.pack("<HHL", 0xFFFE, 0xFFFE, 9 * MB)
    assert refusal("a.zip", bytes(content)).startswith("Файл похож на архив-бомбу: в нём")


def test_a_broken_archive_is_refused():
    content = real_docx()
    assert refusal("конспект.docx", content[: len(content) // 2]) == (
        "Файл повреждён или это не настоящий .docx: его нельзя прочитать как архив."
    )
    assert refusal("таблица.xlsx", b"PK\x03\x04" + bytes(200)).startswith("Файл повреждён")


def test_an_office_file_without_its_document_is_refused():
    hollow = zip_of({"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<styles/>"})
    assert refusal("конспект.docx", hollow) == (
        "Это не настоящий файл .docx: нет его основной части (word/document.xml)."
    )
    assert "ppt/presentation.xml" in refusal("слайды.pptx", hollow)
    assert "xl/workbook.xml" in refusal("таблица.xlsx", hollow)
    assert "content.xml" in refusal("текст.odt", hollow)
    # A plain ZIP needs no particular part.
    uploads.material_check(SimpleUploadedFile("архив.zip", hollow))


def test_a_truncated_png_is_refused():
    content = png(400, 300)
    assert refusal("схема.png", content[: len(content) - 30]) == (
        "Изображение повреждено или это не настоящее изображение .png."
    )


def test_a_truncated_jpeg_is_refused():
    # Noise, so that the picture's data is long enough to be cut in the middle.
    image = Image.effect_noise((400, 300), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG")
    content = out.getvalue()
    uploads.material_check(SimpleUploadedFile("фото.jpg", content))
    assert refusal("фото.jpg", content[: len(content) // 2]).startswith("Изображение повреждено")


def test_a_png_named_jpeg_is_refused_by_its_first_bytes():
    assert refusal("фото.jpg", png()) == "Содержимое файла не соответствует его типу (.jpg)."


def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded():
    # An 8,000 × 8,000 PNG of one colour: 64 megapixels in a few kilobytes.
    out = io.BytesIO()
    Image.new("1", (8_000, 8_000)).save(out, "PNG")
    assert len(out.getvalue()) < 1 * MB
    message = refusal("схема.png", out.getvalue())
    assert message == (
        "Изображение слишком большое: 8000 × 8000 точек, допустимо не больше 50 мегапикселей."
    )


def test_a_renamed_program_is_refused_whatever_its_name():
    program = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200)
    for name in ("конспект.docx", "фото.png", "архив.zip"):
        kind = name.rsplit(".", 1)[1]
        assert refusal(name, program) == f"Содержимое файла не соответствует его типу (.{kind})."
    assert refusal("setup.exe", program).startswith("Файлы такого типа прикрепить нельзя.")


def test_the_file_can_be_read_again_after_the_checks():
    upload = SimpleUploadedFile("карта.docx", real_docx())
    uploads.material_check(upload)
    assert upload.read(4) == b"PK\x03\x04"


def test_a_bomb_on_a_real_form_is_refused_by_its_field_and_the_rest_is_kept(
    world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # the upload arrives as a temporary file on disk
    event = factories.event(organizer=world.school)
    client = client_for(world.methodist)
    url = f"/events/{event.pk}/materials/new/"
    bomb = SimpleUploadedFile("конспект.docx", bomb_docx())
    response = client.post(url, {"title": "Конспект урока", "file": bomb})
    html = response.content.decode()
    assert "Файл похож на архив-бомбу: в распакованном виде он занял бы 300 МБ" in html
    assert 'value="Конспект урока"' in html
    assert not EventMaterial.objects.exists()
    good = SimpleUploadedFile("конспект.docx", real_docx())
    client.post(url, {"title": "Конспект урока", "file": good})
    assert EventMaterial.objects.get().file.name.endswith(".docx")
