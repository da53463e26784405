"""One document compiled from many accepted works: a collective product or proceedings.

See ``document`` for the data a compilation takes and how it is rendered.
"""

from .document import Compilation, Part, labels, payload, render_pdf

__all__ = ["Compilation", "Part", "labels", "payload", "render_pdf"]
