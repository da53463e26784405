"""Benchmarks of Metodset at a region's size: data generation, import, server time of pages.

``metodset bench`` (and ``make bench``) calls :func:`run`; see ``bench/README.md``.
"""

from __future__ import annotations

from pathlib import Path


def run(quick: bool = False, output: Path | str | None = None, only: str | None = None) -> int:
    """Run every benchmark (or the section ``only``) in a throwaway database; write JSON and
    print a table. 0 if all ran."""
    from .runner import run as _run

    return _run(quick=quick, output=output, only=only)
