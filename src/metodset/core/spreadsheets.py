"""Spreadsheets as downloads."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(book: Workbook, filename: str) -> HttpResponse:
    """The workbook as an attachment named ``filename``."""
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
