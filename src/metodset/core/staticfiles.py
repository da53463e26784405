"""Static files under hashed names, compressed once: what `metodset demo` and `serve` collect.

Whitenoise compresses every collected file on every run (two seconds of CPU here); a server
that collects on each start compresses only files copied since the last run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from whitenoise.storage import CompressedManifestStaticFilesStorage


class CompressedOnceManifestStorage(CompressedManifestStaticFilesStorage):
    def compress_files(self, paths: Iterable[str]) -> Iterator[tuple[str, str]]:
        yield from super().compress_files([p for p in paths if not self._compressed(p)])

    def _compressed(self, name: str) -> bool:
        """A .gz newer than its file: collectstatic copies a changed file anew, so it is older."""
        path = self.path(name)
        try:
            return os.path.getmtime(f"{path}.gz") >= os.path.getmtime(path)
        except OSError:
            return False
