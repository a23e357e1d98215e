"""Reading a file and the one source map every rule and fix uses.

The original bytes are decoded, a UTF-8 BOM is dropped, and the text is split into lines on
``\\n``, ``\\r\\n`` and ``\\r`` only (never ``str.splitlines()``). marko is given a normalised copy
in which every line ending is ``\\n`` and form feeds are spaces (marko would otherwise treat them
as line breaks), so an offset into that copy maps to a line by bisection and to a column by
subtraction: line contents are identical in both texts.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

BOM = "\ufeff"


_EOL = re.compile(r"\r\n|\r|\n")


class UnreadableError(Exception):
    """The input cannot be linted; the message says why (reported as PM001)."""


@dataclass(frozen=True)
class Position:
    line: int
    column: int


class SourceText:
    """The decoded text of one file and the map from offsets to editor positions."""

    def __init__(self, text: str) -> None:
        self.has_bom = text.startswith(BOM)
        if self.has_bom:
            text = text[1:]
        self.text = text
        lines: list[str] = []
        endings: list[str] = []
        start = 0
        for m in _EOL.finditer(text):
            lines.append(text[start : m.start()])
            endings.append(m.group(0))
            start = m.end()
        lines.append(text[start:])
        endings.append("")
        self.lines = lines
        self.endings = endings
        # Offsets of line starts in the normalised text (every ending one "\n").
        self.norm_starts: list[int] = []  # line starts in ``normalized``
        self.text_starts: list[int] = []  # line starts in ``text`` (original endings)
        pos = 0
        original = 0
        for line, ending in zip(lines, endings, strict=True):
            self.norm_starts.append(pos)
            self.text_starts.append(original)
            pos += len(line) + (1 if ending else 0)
            original += len(line) + len(ending)
        self.normalized = "\n".join(lines).replace("\f", " ")
        self._context: dict[int, str] = {}

    @property
    def line_count(self) -> int:
        """Lines an editor shows; a final line ending does not open a new line."""
        if len(self.lines) > 1 and self.lines[-1] == "":
            return len(self.lines) - 1
        return max(1, len(self.lines))

    def position(self, offset: int) -> Position:
        """1-based line and column (in code points) of an offset into ``normalized``."""
        offset = max(0, min(offset, len(self.normalized)))
        index = bisect.bisect_right(self.norm_starts, offset) - 1
        line = min(index + 1, self.line_count)
        column = offset - self.norm_starts[line - 1] + 1
        return Position(line, column)

    def text_offset(self, offset: int) -> int:
        """The offset in ``text`` (the file as written) of an offset into ``normalized``."""
        offset = max(0, min(offset, len(self.normalized)))
        index = bisect.bisect_right(self.norm_starts, offset) - 1
        return self.text_starts[index] + offset - self.norm_starts[index]

    def line_text(self, line: int) -> str:
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1]
        return ""

    def context(self, line: int) -> str:
        """A line's text with whitespace folded (the first 500 characters), computed once."""
        cached = self._context.get(line)
        if cached is None:
            cached = " ".join(self.line_text(line)[:500].split())
            self._context[line] = cached
        return cached

    def line_end_column(self, line: int) -> int:
        return len(self.line_text(line)) + 1


def decode(data: bytes) -> str:
    """Decode UTF-8 input or raise :class:`UnreadableError` naming the reason."""
    if b"\x00" in data:
        raise UnreadableError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UnreadableError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line})"
        ) from None


def prescan(lines: list[str], max_nesting: int) -> None:
    """Refuse input that would make marko superlinear or exhaust its recursion.

    One linear pass over the lines: block-quote and list nesting deeper than ``max_nesting``,
    and runs of link openers (``[``) that are never closed, which marko's inline parser
    rescans for every opener. Lines inside fenced code are not containers and are skipped.
    """
    stack: list[int] = []  # content columns of the open list items
    fence = ""
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip(" >")
        if fence:
            if stripped.startswith(fence):
                fence = ""
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            continue
        if not line.strip():
            continue
        depth = _nesting_depth(line, stack)
        if depth > max_nesting:
            raise UnreadableError(
                f"nesting deeper than max-nesting ({max_nesting}) on line {number}: "
                "refused to protect the Markdown parser"
            )
    _check_inline_units(lines)


# Per inline unit (a paragraph, or one table row): marko's inline parser is quadratic in
# unclosed link destinations ("[a](" repeated) and in unmatched emphasis delimiter runs
# ("_a" repeated). Real postmortems stay far below these counts.
MAX_OPEN_LINKS = 500
MAX_DELIMITER_RUNS = 3000
_DELIMS = re.compile(r"_+|\*+")


def _check_inline_units(lines: list[str]) -> None:
    open_links = 0
    runs = 0
    unit_start = 1
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("|"):
            open_links = 0
            runs = 0
            unit_start = number
        if "](" in line:
            for part in line.split("]("):
                open_links = max(0, open_links - part.count(")"))
                open_links += 1
            open_links -= 1
        if "_" in line or "*" in line:
            runs += sum(1 for _ in _DELIMS.finditer(line))
        if open_links > MAX_OPEN_LINKS:
            raise UnreadableError(
                f"more than {MAX_OPEN_LINKS} unclosed links in the paragraph at line {unit_start}: "
                "refused to protect the Markdown parser"
            )
        if runs > MAX_DELIMITER_RUNS:
            raise UnreadableError(
                f"more than {MAX_DELIMITER_RUNS} emphasis markers in the paragraph at line "
                f"{unit_start}: refused to protect the Markdown parser"
            )


def _nesting_depth(line: str, stack: list[int]) -> int:
    """Container depth of a line: its ``>`` markers plus the list items still open.

    ``stack`` holds the content column of each open list item and is updated in place.
    """
    quotes = 0
    i = 0
    n = len(line)
    while i < n and line[i] in " >":
        if line[i] == ">":
            quotes += 1
        i += 1
    if quotes:
        i = 0
        while i < n and line[i] in " >":
            i += 1
        stack.clear()
    else:
        i = len(line) - len(line.lstrip(" \t"))
    indent = i
    first = True
    while i < n:
        c = line[i]
        width = 0
        if c in "-*+" and i + 1 < n and line[i + 1] in " \t":
            width = 1
        elif c.isdigit():
            j = i
            while j < n and j - i < 9 and line[j].isdigit():
                j += 1
            if j < n and line[j] in ".)" and (j + 1 == n or line[j + 1] in " \t"):
                width = j - i + 1
        if not width:
            break
        if first:
            while stack and stack[-1] > i:
                stack.pop()
            first = False
        i += width
        while i < n and line[i] in " \t":
            i += 1
        stack.append(i)
    if first:
        while stack and stack[-1] > indent:
            stack.pop()
    return quotes + len(stack)
