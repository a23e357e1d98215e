"""Applying fixes: byte-exact, idempotent, atomic, and never over an edit made meanwhile.

Edits are offsets into the decoded text (BOM excluded). Everything outside them is re-encoded
unchanged, and since the text was decoded from UTF-8, every other byte (line endings, the BOM,
trailing whitespace) stays exactly as it was.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pmlint.findings import Edit, Finding
from pmlint.source import open_source, read_at_most

BOM = b"\xef\xbb\xbf"
MAX_PASSES = 10


def apply(text: str, findings: list[Finding]) -> tuple[str, int]:
    """Apply the fixes of ``findings`` that do not overlap; returns the text and fixes applied."""
    groups = sorted((f.edits for f in findings if f.fixable and f.edits), key=lambda g: g[0].start)
    chosen: list[Edit] = []
    applied = 0
    taken_until = -1
    for group in groups:
        ordered = sorted(group, key=lambda e: e.start)
        if ordered[0].start < taken_until:
            continue  # overlaps an earlier fix: the next pass gets it
        chosen.extend(ordered)
        taken_until = max(e.end for e in ordered)
        applied += 1
    out: list[str] = []
    position = 0
    for edit in chosen:
        out.append(text[position : edit.start])
        out.append(edit.replacement)
        position = edit.end
    out.append(text[position:])
    return "".join(out), applied


def split_bom(data: bytes) -> tuple[bytes, bytes]:
    return (BOM, data[3:]) if data.startswith(BOM) else (b"", data)


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    old = before.decode("utf-8", "replace").splitlines(keepends=True)
    new = after.decode("utf-8", "replace").splitlines(keepends=True)
    lines = difflib.unified_diff(old, new, fromfile=f"a/{path}", tofile=f"b/{path}")
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


class NotWritten(Exception):
    """A fixed file that was deliberately not written: the reason, for one line on stderr."""


@dataclass(frozen=True)
class Snapshot:
    """What a file was when pmlint read it: a rewrite goes ahead only if it still is."""

    size: int
    mtime_ns: int
    inode: int
    device: int
    digest: bytes


def _snapshot(info: os.stat_result, data: bytes) -> Snapshot:
    digest = hashlib.sha256(data).digest()
    return Snapshot(info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev, digest)


def read_for_fix(path: Path, max_size: int) -> tuple[bytes, Snapshot]:
    """The file's bytes and the snapshot :func:`write_fixed` checks before writing.

    Read as any file pmlint lints (:func:`pmlint.source.read_source`): a file that is not a
    regular file, or is over ``max_size``, raises :class:`~pmlint.source.UnreadableError`
    without being read.
    """
    with open_source(path, max_size) as handle:
        info = os.fstat(handle.fileno())
        data = read_at_most(handle, max_size)
    return data, _snapshot(info, data)


def _unchanged(handle: BinaryIO, seen: Snapshot) -> None:
    handle.seek(0)
    info = os.fstat(handle.fileno())
    if _snapshot(info, handle.read(seen.size + 1)) != seen:  # a longer file differs anyway
        raise NotWritten("changed while pmlint was fixing it, not written")


def _read_only(info: os.stat_result, target: Path) -> bool:
    """Read-only as an editor sees it: no write permission bit, or none for this user."""
    no_bits = not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    return no_bits or not os.access(target, os.W_OK)


def write_fixed(path: Path, data: bytes, seen: Snapshot) -> None:
    """Write ``data`` over ``path`` if the file is still as ``seen``, keeping what it is.

    A file with other hard links is rewritten in place (the links keep sharing it); any other
    file atomically (a temporary file in the same directory, renamed over it) with its mode,
    owner and group. Raises :class:`NotWritten` for a file that changed since it was read, a
    read-only file, or an owner or group this process cannot give the new file; ``OSError``
    for an I/O error. Nothing is written in either case.
    """
    target = path.resolve()  # a symlink keeps pointing at the (rewritten) file
    info = os.stat(target)
    if _read_only(info, target):
        raise NotWritten("read-only, not fixed")
    if info.st_nlink > 1:
        with open(target, "r+b") as handle:
            _unchanged(handle, seen)
            handle.seek(0)
            handle.write(data)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
        return
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".pmlint")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            try:
                if hasattr(os, "fchown"):  # POSIX
                    os.fchown(handle.fileno(), info.st_uid, info.st_gid)
            except PermissionError:
                raise NotWritten("cannot keep its owner and group, not fixed") from None
            os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
            os.fsync(handle.fileno())
        with open(target, "rb") as current:
            _unchanged(current, seen)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same directory and rename it over the target."""
    target = path.resolve()  # a symlink keeps pointing at the (rewritten) file
    mode = stat.S_IMODE(os.stat(target).st_mode)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".pmlint")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
