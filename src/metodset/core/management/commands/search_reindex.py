"""Rebuild every full-text search index from the rows there are.

The services keep the indexes in step; this is for rows written past them (a database
loaded by hand, a bulk import of a new kind) and after restoring a backup made elsewhere.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from metodset.core.search import engine


class Command(BaseCommand):
    help = "Rebuild every full-text search index (materials, events) from the rows there are."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            counts = engine.rebuild_all()
        for table, count in counts.items():
            self.stdout.write(f"{table}: {count}")
