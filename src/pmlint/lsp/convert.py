"""pmlint's places in LSP terms: positions, ranges, diagnostics, URIs.

pmlint counts 1-based lines and code-point columns in the text without its BOM; LSP counts
0-based lines and code units of the agreed encoding in the text as the editor holds it (BOM
included). :class:`pmlint.lsp.text.Text` does the counting; this module builds the LSP records.
"""

from __future__ import annotations

import re
from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path

from pmlint.lsp.adapter import ERROR, Finding
from pmlint.lsp.text import Text


def position(point: tuple[int, int]) -> types.Position:
    return types.Position(line=point[0], character=point[1])


def range_of(text: Text, start: int, end: int) -> types.Range:
    """The LSP range of code-point offsets ``start``-``end`` into the text."""
    return types.Range(start=position(text.position(start)), end=position(text.position(end)))


def before(a: types.Position, b: types.Position) -> bool:
    return (a.line, a.character) <= (b.line, b.character)


def overlaps(a: types.Range, b: types.Range) -> bool:
    return before(a.start, b.end) and before(b.start, a.end)


def path_of(uri: str) -> Path | None:
    """The file a ``file:`` URI names (None for other schemes: untitled buffers, diffs)."""
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


def diagnostic(text: Text, finding: Finding, pages: Path | None) -> types.Diagnostic:
    """A finding on ``text`` as a diagnostic, linking to its rule's page in ``pages``."""
    bom = 1 if text.text.startswith("\ufeff") else 0
    start = text.point(finding.line - 1, finding.column - 1 + (bom if finding.line == 1 else 0))
    end_column = finding.end_column - 1 + (bom if finding.end_line == 1 else 0)
    end = text.point(finding.end_line - 1, end_column)
    description = None
    if pages is not None:
        description = types.CodeDescription(href=(pages / f"{finding.rule}.md").as_uri())
    return types.Diagnostic(
        range=types.Range(start=position(start), end=position(end)),
        message=finding.message,
        severity=(
            types.DiagnosticSeverity.Error
            if finding.severity == ERROR
            else types.DiagnosticSeverity.Warning
        ),
        code=finding.rule,
        code_description=description,
        source="pmlint",
    )


def config_range(config: Path | None, message: str) -> types.Range:
    """Where a configuration error is shown: the line TOML names, the key's line, or line 1."""
    line, character = 0, 0
    located = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if located:
        line, character = int(located.group(1)) - 1, int(located.group(2)) - 1
    elif config is not None:
        line = _key_line(config, message)
    start = types.Position(line=max(0, line), character=max(0, character))
    return types.Range(start=start, end=types.Position(line=max(0, line) + 1, character=0))


def _key_line(config: Path, message: str) -> int:
    """The 0-based line of the first key (or table) the message names, else 0."""
    try:
        lines = config.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    names = re.findall(r"'([^']+)'", message) + re.findall(r"^([\w.-]+):", message)
    for name in names:
        key = re.compile(rf"\s*\[?[\w.]*{re.escape(name.split('.')[-1])}\b")
        hit = next((i for i, t in enumerate(lines) if key.match(t)), None)
        if hit is not None:
            return hit
    return 0
