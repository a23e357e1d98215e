"""Reading a file and the one source map every rule and fix uses.

The original bytes are decoded, a UTF-8 BOM is dropped, and the text is split into lines on
``\\n``, ``\\r\\n`` and ``\\r`` only (never ``str.splitlines()``). marko is given a normalised copy
in which every line ending is ``\\n`` and form feeds are spaces (marko would otherwise treat them
as line breaks), so an offset into that copy maps to a line by bisection and to a column by
subtraction: line contents are identical in both texts.
"""

from __future__ import annotations

import bisect
import errno
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate
from typing import BinaryIO

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
        # Lines an editor shows; a final line ending does not open a new line.
        self._line_count = len(lines) - 1 if len(lines) > 1 and lines[-1] == "" else len(lines)

    @property
    def line_count(self) -> int:
        """Lines an editor shows; a final line ending does not open a new line."""
        return self._line_count

    def line_of(self, offset: int) -> int:
        """``position(offset).line``, without the column (the walk and the rules ask for it
        tens of thousands of times per file)."""
        return min(bisect.bisect_right(self.norm_starts, max(0, offset)), self._line_count)

    def position(self, offset: int) -> Position:
        """1-based line and column (in code points) of an offset into ``normalized``."""
        offset = max(0, min(offset, len(self.normalized)))
        line = min(bisect.bisect_right(self.norm_starts, offset), self._line_count)
        return Position(line, offset - self.norm_starts[line - 1] + 1)

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


_NOT_REGULAR = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def read_source(path: str | os.PathLike[str], max_size: int) -> bytes:
    """The bytes of a regular file of at most ``max_size`` bytes.

    The file is looked at before it is opened: a named pipe would block the open, a device such
    as /dev/zero never ends, and a file over ``max_size`` (a 2 GB sparse file) is refused from
    its size without being read. These raise :class:`UnreadableError`; a file that cannot be
    looked at or opened (missing, no permission, a symlink loop) raises :class:`OSError`. The
    open does not block either, should the file be swapped for a pipe in between.
    """
    with open_source(path, max_size) as handle:
        return read_at_most(handle, max_size)


@contextmanager
def open_source(path: str | os.PathLike[str], max_size: int) -> Iterator[BinaryIO]:
    """The file opened for reading, refused as :func:`read_source` refuses it."""
    info = os.stat(path)
    _check_regular(path, info.st_mode, info.st_size, max_size)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb") as handle:
        info = os.fstat(handle.fileno())
        _check_regular(path, info.st_mode, info.st_size, max_size)
        yield handle


def read_at_most(handle: BinaryIO, max_size: int) -> bytes:
    """The rest of an open file; refused if it grew over ``max_size`` after it was looked at."""
    data = handle.read(max_size + 1)
    if len(data) > max_size:
        raise UnreadableError(f"file is over max-file-size ({max_size:,} bytes)")
    return data


def _check_regular(path: str | os.PathLike[str], mode: int, size: int, max_size: int) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
    if not stat.S_ISREG(mode):
        kind = _NOT_REGULAR.get(stat.S_IFMT(mode), "a special file")
        raise UnreadableError(f"not a regular file ({kind}): not read")
    if size > max_size:
        raise UnreadableError(f"file is {size:,} bytes, over max-file-size ({max_size:,})")


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
