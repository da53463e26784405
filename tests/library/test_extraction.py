"""The text and preview of materials' files, read from real files built here."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
import typst
from django.core.files.base import ContentFile
from PIL import Image

from metodset.library import extraction
from metodset.library.models import Material
from tests.core.test_uploads_archives import bomb_docx, jpeg, png

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def lesson_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Формирующее оценивание на уроке", level=1)
    document.add_paragraph("Учителя начальных классов договариваются с детьми о критериях.")
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "Этапы урока"
    for column, text in enumerate(["Мотивация", "Открытие", "Рефлексия"]):
        table.cell(1, column).text = text
    document.add_paragraph("Итог: «светофор» и лист самооценки.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def typst_pdf(*pages: str) -> bytes:
    body = "\n#pagebreak()\n".join(pages)
    source = f'#set page(width: 210mm, height: 297mm)\n#set text(lang: "ru")\n{body}'
    return typst.Compiler(ignore_system_fonts=True).compile(source.encode())


def zip_of(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


SLIDE = (
    '<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree>'
    "<p:sp><p:txBody>{paragraphs}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
)


def pptx(*slides: list[str]) -> bytes:
    members = {"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p:presentation/>"}
    for number, paragraphs in enumerate(slides, start=1):
        runs = "".join(
            f"<a:p><a:r><a:t>{words[0]}</a:t></a:r><a:r><a:t>{words[1:]}</a:t></a:r></a:p>"
            for words in paragraphs
        )
        members[f"ppt/slides/slide{number}.xml"] = SLIDE.format(paragraphs=runs)
    return zip_of(members)


def read(content: bytes, extension: str) -> str:
    return extraction.extract_text(io.BytesIO(content), extension)


def test_docx_text_in_document_order_with_its_table():
    assert read(lesson_docx(), "docx") == (
        "Формирующее оценивание на уроке\n"
        "Учителя начальных классов договариваются с детьми о критериях.\n"
        "Этапы урока\nМотивация\nОткрытие\nРефлексия\n"
        "Итог: «светофор» и лист самооценки."
    )


def test_pdf_text_page_by_page(tmp_path):
    pdf = typst_pdf(
        "= Технологическая карта\nУчителя используют приём «мозговой штурм».",
        "Рефлексия: дети оценивают свою работу.",
    )
    text = read(pdf, "pdf")
    assert text == (
        "Технологическая карта\nУчителя используют приём «мозговой штурм».\n"
        "Рефлексия: дети оценивают свою работу."
    )
    path = tmp_path / "карта.pdf"
    path.write_bytes(pdf)
    assert extraction.extract_text(path, ".PDF") == text  # a path, and any case of extension


def test_pptx_slides_in_their_order():
    # Slide 10 comes after slide 2, whatever the order of names in the archive.
    slides = [[f"Слайд {n}"] for n in range(1, 11)]
    slides[0] = ["Проектная деятельность", "Учитель — наставник"]
    text = read(pptx(*slides), "pptx")
    lines = text.splitlines()
    assert lines[:2] == ["Проектная деятельность", "Учитель — наставник"]
    assert lines[-2:] == ["Слайд 9", "Слайд 10"]


def test_odt_paragraphs_and_headings():
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        "<text:h>Положение о наставничестве</text:h>"
        "<text:p>Наставник <text:span>помогает</text:span> молодому учителю.</text:p>"
        "</office:text></office:body></office:document-content>"
    )
    odt = zip_of({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content})
    assert read(odt, "odt") == "Положение о наставничестве\nНаставник помогает молодому учителю."


def test_txt_in_utf8_or_windows_1251():
    text = "Сценарий классного часа\n\nУчителя и ученики   обсуждают правила."
    expected = "Сценарий классного часа\nУчителя и ученики обсуждают правила."
    assert read(text.encode("utf-8"), "txt") == expected
    assert read(text.encode("utf-8-sig"), "txt") == expected
    assert read(text.encode("cp1251"), "txt") == expected


def test_rtf_without_its_control_words():
    rtf = (
        rb"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0\froman Times New Roman;}}"
        rb"{\colortbl;\red0\green0\blue0;}{\*\generator Word;}"
        rb"{\info{\title \'d1\'eb\'f3\'e6\'e5\'e1\'ed\'fb\'e9}}"
        rb"\pard\plain\f0\fs28 \'cf\'ee\'eb\'ee\'e6\'e5\'ed\'e8\'e5 "
        rb"\'ee \'ea\'f0\'f3\'e6\'ea\'e5\par "
        rb"\uc1\u1059?\u1095?\u1080?\u1090?\u1077?\u1083?\u1100? \b \'e2\'e5\'e4\'b8\'f2\b0  "
        rb"\ldblquote\'d0\'ee\'e1\'ee\'f2\'ee\'f2\'e5\'f5\'ed\'e8\'ea\'f3\rdblquote\par}"
    )
    assert read(rtf, "rtf") == "Положение о кружке\nУчитель ведёт «Робототехнику»"


def test_text_is_capped():
    text = "Учителя обсуждают критерии оценивания. " * 10_000
    assert len(read(text.encode(), "txt")) == extraction.MAX_CHARS
    long_docx = docx.Document()
    for _ in range(8_000):
        long_docx.add_paragraph("Учителя обсуждают критерии оценивания.")
    out = io.BytesIO()
    long_docx.save(out)
    assert len(read(out.getvalue(), "docx")) == extraction.MAX_CHARS


def test_broken_and_hostile_files_give_no_text_and_no_error(caplog):
    pdf = typst_pdf("Текст")
    assert read(pdf[: len(pdf) // 3], "pdf") == ""
    assert read(b"%PDF-1.7 garbage", "pdf") == ""
    assert read(lesson_docx()[:2000], "docx") == ""
    assert read(bomb_docx(), "docx") == ""  # refused by its table of contents, never unpacked
    assert read(zip_of({"word/other.xml": "<x/>"}), "docx") == ""
    broken_slide = zip_of({"ppt/presentation.xml": "<p/>", "ppt/slides/slide1.xml": "<a"})
    assert read(broken_slide, "pptx") == ""
    assert read(lesson_docx(), "xls") == ""  # a type this module does not read
    assert "No text from a .docx file" in caplog.text


def test_pdf_preview_is_the_first_page_600_pixels_wide():
    preview = extraction.preview_png(io.BytesIO(typst_pdf("Первая", "Вторая")), "pdf")
    assert preview is not None and preview.startswith(PNG_MAGIC)
    with Image.open(io.BytesIO(preview)) as image:
        assert image.format == "PNG"
        assert image.width == 600 and image.height == 849  # A4's proportions


def test_picture_preview_is_made_smaller_never_larger():
    preview = extraction.preview_png(io.BytesIO(jpeg(1200, 800)), "jpg")
    assert preview is not None and preview.startswith(PNG_MAGIC)
    with Image.open(io.BytesIO(preview)) as image:
        assert image.size == (600, 400)
    small = extraction.preview_png(io.BytesIO(png(40, 30)), "png")
    assert small is not None
    with Image.open(io.BytesIO(small)) as image:
        assert image.size == (40, 30)


def test_no_preview_of_other_types_or_broken_files():
    assert extraction.preview_png(io.BytesIO(lesson_docx()), "docx") is None
    broken = png(400, 300)
    assert extraction.preview_png(io.BytesIO(broken[:-30]), "png") is None
    assert extraction.preview_png(io.BytesIO(b"%PDF-1.7 garbage"), "pdf") is None


def test_stored_files_through_their_field(db):
    material = Material.objects.create(title="Карта урока", kind=Material.Kind.TECH_MAP)
    assert extraction.text_of(material.file) == ""
    assert extraction.preview_of(material.file) is None
    material.file.save("карта.pdf", ContentFile(typst_pdf("Учителя")))
    assert extraction.text_of(material.file) == "Учителя"
    preview = extraction.preview_of(material.file)
    assert preview is not None and preview.startswith(PNG_MAGIC)
