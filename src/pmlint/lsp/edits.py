"""Edits the code actions and completions make, as code-point offsets into an open document.

A suppression comment placed so the Markdown keeps its structure; the line-wise difference
between a text and its fixed version (fix-all); ``pmlint new``'s skeleton as an LSP snippet.
Nothing here imports pygls: :mod:`pmlint.lsp.actions` turns these edits into LSP ones.
"""

from __future__ import annotations

import difflib
import re

from pmlint.lsp.adapter import (
    NEVER_SUPPRESSED,
    NEXT_LINE_DIRECTIVE,
    Finding,
    block_directives,
    file_directive,
    next_line_directive,
)
from pmlint.lsp.outline import ATX, FENCE, SETEXT, front_matter_end
from pmlint.lsp.text import Text

OffsetEdit = tuple[int, int, str]  # replace text[start:end] (code points) with the string
Suppression = tuple[str, list[OffsetEdit]]  # the action's title and its edits

_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


def _ending(text: Text, line: int) -> str:
    content_end = text.starts[line] + len(text.line(line))
    next_start = text.starts[line + 1] if line + 1 < text.line_count else len(text.text)
    return text.text[content_end:next_start] or "\n"


def _after_line(text: Text, line: int) -> tuple[int, str]:
    """Where to insert a new line after ``line``, and what must precede it (a line ending)."""
    if line + 1 < text.line_count:
        return text.starts[line + 1], ""
    return len(text.text), _ending(text, line)


def _bom(text: Text, line: int) -> int:
    """How far the start of ``line`` is from where an inserted line goes (after a BOM)."""
    return 1 if line == 0 and text.text.startswith("\ufeff") else 0


def _table_around(text: Text, line: int) -> tuple[int, int] | None:
    first = last = line
    while first > 0 and "|" in text.line(first - 1) and text.line(first - 1).strip():
        first -= 1
    while last + 1 < text.line_count and "|" in text.line(last + 1) and text.line(last + 1).strip():
        last += 1
    if "|" not in text.line(line):
        return None
    rows = range(first, last + 1)
    return (first, last) if any(_TABLE_DELIMITER.match(text.line(i)) for i in rows) else None


def _inline_safe(line: str) -> bool:
    """Whether an HTML comment can be appended to this line without changing what it is."""
    stripped = line.strip()
    return bool(stripped) and not (
        ATX.match(line)
        or SETEXT.match(line)
        or FENCE.match(line)
        or stripped.startswith(("<", "|"))
        or re.fullmatch(r"(?:[-*_][ \t]*){3,}", stripped)
    )


def suppression(text: Text, finding: Finding) -> Suppression | None:
    """A title and the edits that suppress ``finding`` where it stands, without changing the
    Markdown's structure: a disable-next-line comment above its line (or at the end of the line
    before, inside a paragraph or list), disable/enable around a table, or disable-file for
    front matter."""
    code = finding.rule
    if code in NEVER_SUPPRESSED:
        return None
    line = min(max(finding.line - 1, 0), text.line_count - 1)
    end = front_matter_end(text)
    if end is not None and line <= end:
        return _in_file(text, code, end)
    table = _table_around(text, line)
    if table is not None:
        return _around_table(text, code, *table)
    return _on_line(text, code, line)


def _in_file(text: Text, code: str, closing: int) -> Suppression:
    """A disable-file directive after the front matter's closing line."""
    at, before = _after_line(text, closing)
    ending = _ending(text, closing)
    return f"Suppress {code} in this file", [(at, at, f"{before}{file_directive(code)}{ending}")]


def _around_table(text: Text, code: str, first: int, last: int) -> Suppression:
    row = text.line(first)
    indent = row[: len(row) - len(row.lstrip())]
    disable, enable = block_directives(code)
    start = text.starts[first] + _bom(text, first)
    at, before = _after_line(text, last)
    return f"Suppress {code} in this table", [
        (start, start, f"{indent}{disable}{_ending(text, first)}"),
        (at, at, f"{before}{indent}{enable}{_ending(text, last)}"),
    ]


def _on_line(text: Text, code: str, line: int) -> Suppression:
    title = f"Suppress {code} on this line"
    previous = text.line(line - 1) if line > 0 else ""
    directive = NEXT_LINE_DIRECTIVE.match(previous)
    if directive:  # add the code to the directive already there
        codes = [c for c in re.split(r"[\s,]+", directive.group(2)) if c]
        start = text.starts[line - 1]
        replaced = directive.group(1) + next_line_directive([*codes, code])
        return title, [(start, start + len(previous), replaced)]
    if _inline_safe(previous):
        # At the end of the line before (a paragraph's or a list item's), the comment splits
        # nothing; its line is the one before, so it covers this one.
        content = previous.rstrip()
        if content.endswith("\\"):  # keep a backslash hard break at the end of the line
            content = content[:-1]
        at = text.starts[line - 1] + len(content)
        return title, [(at, at, f" {next_line_directive([code])}")]
    current = text.line(line)
    indent = current[: len(current) - len(current.lstrip())]
    start = text.starts[line] + _bom(text, line)
    return title, [(start, start, f"{indent}{next_line_directive([code])}{_ending(text, line)}")]


def diff_edits(old: str, new: str) -> list[OffsetEdit]:
    """Line-wise edits that turn ``old`` into ``new`` (offsets into ``old``)."""
    a, b = _lines(old), _lines(new)
    starts = [0]
    for line in a:
        starts.append(starts[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, a, b)
    return [
        (starts[i1], starts[i2], "".join(b[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _lines(text: str) -> list[str]:
    return [m.group(0) for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)]


def skeleton_snippet(raw: str, day: str) -> str:
    """``pmlint new``'s skeleton as an LSP snippet: the title and the date are placeholders."""
    escaped = raw.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")
    return (
        escaped.replace("\\$title_yaml", '"${1:Title}"')
        .replace("\\$title", "${1}")
        .replace("\\$date", "${2:" + day + "}")
    )
