"""Where the log goes.

``StderrHandler`` writes each record to whatever ``sys.stderr`` is when the record comes, not
to the stream that was ``sys.stderr`` when logging was configured. Logging is configured again
whenever Django is set up in a process (``metodset`` commands do it on start); set up while
something had replaced ``sys.stderr`` for a while (a test capturing output, a wrapper), a plain
``StreamHandler`` keeps writing to that closed stand-in, and every warning then prints a
«Logging error» with a whole stack instead of the message.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A ``StreamHandler`` on the current ``sys.stderr``."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        """``StreamHandler`` sets its stream once; this one has none of its own."""
