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
from itertools import accumulate

BOM = "\ufeff"


_EOL = re.compile(r"(\r\n|\r|\n)")


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
        parts = _EOL.split(text)  # line, ending, line, ending, ..., line
        lines = parts[0::2]
        self.lines = lines
        self.endings = [*parts[1::2], ""]
        # Offsets of line starts in ``normalized`` (every ending one "\n") and in ``text``.
        self.norm_starts = [0, *accumulate(len(line) + 1 for line in lines[:-1])]
        self.text_starts = [0, *accumulate(map(len, parts))][0::2]
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
