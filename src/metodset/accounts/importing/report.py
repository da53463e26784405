"""What an import tells the person who ran it: counts and every rejected row with its reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (wrong type, unreadable, missing columns).

    The message is translated and meant for the person who uploaded the file.
    """


@dataclass
class RejectedRow:
    """A row that was not imported: its spreadsheet row number and why."""

    row: int
    reason: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportReport:
    """Counts of an import (or of a dry run: what *would* happen) and the rejected rows."""

    kind: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    # rows of people already on the platform whom the importer does not manage: they
    # are invited to the organisation, not imported (``reason`` says so)
    invited: list[RejectedRow] = field(default_factory=list)
    dry_run: bool = False
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def total(self) -> int:
        return self.accepted + len(self.rejected) + len(self.invited)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportReport:
        data = dict(data or {})
        rejected = [RejectedRow(**r) for r in data.pop("rejected", [])]
        invited = [RejectedRow(**r) for r in data.pop("invited", [])]
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known, rejected=rejected, invited=invited)
