"""An open document as the language server holds it: text, lines and positions in LSP terms.

Lines end at ``\\r\\n``, ``\\r`` or ``\\n`` only, as in LSP and in :mod:`pmlint.source`
(``str.splitlines()`` would also split at form feeds and U+2028, and shift every line below
them). A position's ``character`` counts code units of the encoding agreed at initialisation:
UTF-16 by default, UTF-8 or UTF-32 when the client offers them. pmlint's own columns count
code points. Nothing here imports pygls, so it is tested on its own.
"""

from __future__ import annotations

import bisect
import re

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"
ENCODINGS = (UTF8, UTF16, UTF32)

_EOL = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str) -> int:
    """How many code units of ``encoding`` ``text`` takes."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF16:
        return len(text.encode("utf-16-le", "surrogatepass")) // 2
    return len(text.encode("utf-8", "surrogatepass"))


def _width(char: str, encoding: str) -> int:
    code = ord(char)
    if encoding == UTF16:
        return 2 if code > 0xFFFF else 1
    if encoding == UTF8:
        return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    return 1


def column(line: str, character: int, encoding: str) -> int:
    """The code-point column of ``character`` code units into ``line`` (clamped to the line).

    A position inside a character (half of a surrogate pair) moves to the character's end.
    """
    if character <= 0:
        return 0
    if encoding == UTF32 or line.isascii():
        return min(character, len(line))
    seen = 0
    for index, char in enumerate(line):
        if seen >= character:
            return index
        seen += _width(char, encoding)
    return len(line)


class Text:
    """A document's text with its line starts; positions in the client's encoding."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.encoding = encoding
        self.text = text
        self.starts = [0, *(m.end() for m in _EOL.finditer(text))]

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line(self, index: int) -> str:
        """Line ``index`` (0-based) without its line ending; "" past the end."""
        if not 0 <= index < len(self.starts):
            return ""
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[index] : end].rstrip("\r\n")

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of a client position (clamped into the document)."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        return self.starts[line] + column(self.line(line), character, self.encoding)

    def position(self, offset: int) -> tuple[int, int]:
        """The client position (line, character) of a code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        content = self.line(line)
        return line, units(content[: offset - self.starts[line]], self.encoding)

    def point(self, line: int, code_point_column: int) -> tuple[int, int]:
        """The client position of a 0-based line and code-point column (clamped)."""
        if line >= len(self.starts):
            line = len(self.starts) - 1
            return line, units(self.line(line), self.encoding)
        line = max(0, line)
        return line, units(self.line(line)[: max(0, code_point_column)], self.encoding)

    def replace(self, start: tuple[int, int], end: tuple[int, int], new: str) -> Text:
        """The text after replacing the client range ``start``-``end`` with ``new``.

        Only the lines around the change are scanned for line endings again (from the line
        before it, where a ``\\r`` may meet an inserted ``\\n``, to the line after it); the
        starts of the lines below move by the change in length.
        """
        first = self.offset(*start)
        last = max(first, self.offset(*end))
        text = self.text[:first] + new + self.text[last:]
        delta = len(new) - (last - first)
        before = max(0, bisect.bisect_right(self.starts, first) - 2)
        after = bisect.bisect_right(self.starts, last) + 1  # the first start left as it was
        until = self.starts[after] + delta if after < len(self.starts) else len(text)
        changed = Text.__new__(Text)
        changed.encoding = self.encoding
        changed.text = text
        changed.starts = [
            *self.starts[: before + 1],
            *(m.end() for m in _EOL.finditer(text, self.starts[before], until)),
            *(s + delta for s in self.starts[after + 1 :]),
        ]
        return changed
