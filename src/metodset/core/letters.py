"""The HTML part of every letter, laid out from its text, so that each letter has one template.

A letter's wording lives in its ``.txt`` template alone; here the rendered text becomes the
HTML part in the product's look (``core/email/letter.html``): paragraphs from blank lines,
absolute addresses as links, and everything else escaped, because names and messages that
people typed go into letters.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Mail clients drop <style> blocks, so every element carries its own style.
LINK_STYLE = "color:#0a58ca;text-decoration:underline;overflow-wrap:anywhere;word-break:break-word;"

# An absolute address runs to the next space; the punctuation of the sentence around it
# («see http://…/events/.», quotes, brackets) is not part of it.
_URL = re.compile(r"https?://[^\s<>\"«»]+")
_TRAILING = ".,;:!?)'"
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def linked(line: str) -> SafeString:
    """One line of text, escaped, with its http(s) addresses as links."""
    parts: list[str] = []
    position = 0
    for match in _URL.finditer(line):
        url = match.group(0).rstrip(_TRAILING)
        parts.append(escape(line[position : match.start()]))
        parts.append(format_html('<a href="{}" style="{}">{}</a>', url, LINK_STYLE, url))
        position = match.start() + len(url)
    parts.append(escape(line[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def paragraphs(text: str) -> list[list[SafeString]]:
    """Paragraphs split at blank lines, each a list of its lines, ready for the layout."""
    return [
        [linked(line.rstrip()) for line in block.split("\n")]
        for block in _BLANK_LINES.split(text.strip())
        if block.strip()
    ]


def letter_html(*, text: str, subject: str) -> str:
    """The HTML part of a letter whose text part is ``text``; call inside the letter's language."""
    return render_to_string(
        "core/email/letter.html",
        {"subject": subject, "paragraphs": paragraphs(text), "site_url": settings.SITE_URL},
    )
