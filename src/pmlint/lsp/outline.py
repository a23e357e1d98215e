"""The outline of an open document, read from its lines: front matter and headings.

The language server needs the headings on every completion and outline request, between two
lints, so it reads them from the text it holds (CommonMark's ATX and setext headings, outside
front matter and fenced code) rather than asking a worker for a parse. Nothing here imports
pygls or calls the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pmlint.lsp.text import Text

ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BLOCK_START = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|[-*+][ \t]|\d{1,9}[.)][ \t]|>|<|`{3}|~{3})")


@dataclass(frozen=True)
class Heading:
    line: int  # 0-based
    level: int
    text: str


def front_matter_end(text: Text) -> int | None:
    """The line of the front matter's closing ``---`` (or ``...``), if there is front matter."""
    if text.line(0).lstrip("\ufeff") != "---":
        return None
    for index in range(1, text.line_count):
        if text.line(index) in ("---", "..."):
            return index
    return None


def headings(text: Text) -> list[Heading]:
    """ATX and setext headings outside front matter and fenced code."""
    found: list[Heading] = []
    end = front_matter_end(text)
    fence = ""
    previous = ""
    for index in range((end + 1) if end is not None else 0, text.line_count):
        line = text.line(index)
        opening = FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            previous = ""
            continue
        if opening:
            fence = opening.group(1)
            previous = ""
            continue
        atx = ATX.match(line)
        if atx:
            found.append(Heading(index, len(atx.group(1)), (atx.group(2) or "").strip()))
            previous = ""
            continue
        setext = SETEXT.match(line)
        if setext and previous.strip() and not _BLOCK_START.match(previous):
            level = 1 if setext.group(1)[0] == "=" else 2
            found.append(Heading(index - 1, level, previous.strip()))
            previous = ""
            continue
        previous = line
    return found
