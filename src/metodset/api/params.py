"""Bounded integers for the API's parameters, so out-of-range input is a 422, not a 500.

An id beyond 64 bits overflows SQLite's INTEGER and PostgreSQL's bigint in a foreign-key
filter, and ``page=9223372036854775808`` makes an OFFSET neither database accepts; pydantic
refuses both before a query is built.
"""

from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

ID_MAX = 2**63 - 1  # BigAutoField: the largest id SQLite and PostgreSQL can hold
PAGE_MAX = 2**31 - 1  # times the largest page size, still far within a 64-bit OFFSET

Id = Annotated[int, Field(ge=1, le=ID_MAX)]
Year = Annotated[int, Field(ge=1, le=9999)]  # what a date can hold


class Pagination(PageNumberPagination):
    """Ninja's page-number pagination with ``page`` and ``page_size`` bounded."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=PAGE_MAX)
        page_size: int | None = Field(None, ge=1, le=PAGE_MAX)
