"""Applying fixes: byte-exact, idempotent, atomic.

Edits are offsets into the decoded text (BOM excluded). Everything outside them is re-encoded
unchanged, and since the text was decoded from UTF-8, every other byte (line endings, the BOM,
trailing whitespace) stays exactly as it was.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from pathlib import Path

from pmlint.findings import Edit, Finding

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
