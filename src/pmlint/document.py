"""Markdown -> the postmortem document, in one parse and one walk of the marko tree.

:func:`build` returns a :class:`Document`: the JSON-compatible ``data`` of SPEC §3 (what
``pmlint export`` prints and the schema validates) plus what rules read: the top-level blocks
with their lines, every section occurrence (duplicates included), the headings, and the prose
index (text spans outside code and HTML comments, with offsets that map to positions).
Rules never see marko.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from pmlint.findings import Edit, Problem
from pmlint.frontmatter import FrontMatter
from pmlint.source import SourceText
from pmlint.template import HeadingMatcher, Template

if TYPE_CHECKING:
    from pmlint.actions import ActionItem
    from pmlint.timeline import Timeline
    from pmlint.whys import Step


@dataclass
class Block:
    """A block of the document with its lines, prose, and (for lists and tables) items."""

    kind: str  # heading, paragraph, list, item, table, row, code, html, rawhtml, quote, break
    line: int
    end_line: int
    text: str = ""
    level: int = 0
    items: list[Block] = field(default_factory=list)
    template: str | None = None  # "prompt" or "example": the template's own text left in
    checked: bool | None = None
    raw: str = ""  # the block's source (normalised line endings)
    cells: list[str] = field(default_factory=list)  # a table row's cells, as text
    raw_cells: list[str] = field(default_factory=list)  # ... and as written

    @property
    def guidance(self) -> bool:
        """Template guidance (a prompt) rather than the author's content."""
        return self.template == "prompt"


@dataclass
class ProseSpan:
    """The source text of one inline container (paragraph, heading, table cell).

    ``text`` is the normalised source from ``start`` with everything that is not prose (code
    spans, HTML comments and real HTML tags, link destinations, URLs, images, task-list boxes)
    replaced by spaces, so an offset into it is an offset into the source.
    """

    start: int
    text: str
    block: Block
    column: str | None = None  # a table cell's column header


@dataclass
class SectionOccurrence:
    """One place where a section's heading stands (a section may occur more than once)."""

    key: str
    heading: str
    line: int
    level: int
    blocks: list[Block] = field(default_factory=list)
    typo_of: str | None = None  # the alias a misspelt heading was mapped through
    end_line: int = 0
    children: list[SectionOccurrence] = field(default_factory=list)  # nested sections

    @property
    def has_content(self) -> bool:
        return any(_is_content(b) for b in self.blocks) or any(c.has_content for c in self.children)


@dataclass
class Heading:
    text: str
    line: int
    level: int
    key: str | None
    typo_of: str | None


@dataclass
class Document:
    data: dict[str, Any]
    source: SourceText
    blocks: list[Block]
    headings: list[Heading]
    occurrences: list[SectionOccurrence]
    prose: list[ProseSpan]
    body_offset: int  # offset of the body (after front matter) in the normalised text
    matcher: HeadingMatcher  # how headings (and bold labels) map to sections
    comments: list[tuple[int, str]]  # HTML comments outside code: (offset, source)
    incident_date: date | None = None
    actions: list[ActionItem] = field(default_factory=list)  # filled by pmlint.actions
    steps: list[Step] = field(default_factory=list)  # filled by pmlint.whys
    timeline: Timeline | None = None  # filled by pmlint.timeline

    def problem(self, start: int, end: int, message: str, edits: tuple[Edit, ...] = ()) -> Problem:
        """A problem covering ``normalized[start:end]``."""
        first = self.source.position(start)
        last = self.source.position(max(start, end))
        return Problem(first.line, message, first.column, last.line, last.column, edits)

    def edit(self, start: int, end: int, replacement: str) -> Edit:
        """An edit of ``normalized[start:end]``, placed in the file as written."""
        return Edit(self.source.text_offset(start), self.source.text_offset(end), replacement)

    def walk(self, blocks: list[Block] | None = None) -> Iterator[Block]:
        """Every block, depth first (list items, quoted blocks and table rows included)."""
        for b in self.blocks if blocks is None else blocks:
            yield b
            yield from self.walk(b.items)

    def section(self, key: str) -> SectionOccurrence | None:
        for occ in self.occurrences:
            if occ.key == key:
                return occ
        return None


_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
# Tag names that are real HTML; any other "<NAME>" is a placeholder an author left in.
HTML_TAGS = frozenset(
    """a abbr address area article aside audio b base bdi bdo blockquote body br button canvas
    caption center cite code col colgroup data datalist dd del details dfn dialog div dl dt em
    embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i
    iframe img input ins kbd label legend li link main map mark meta meter nav noscript object ol
    optgroup option output p param picture pre progress q rp rt ruby s samp script section
    select small source span strike strong style sub summary sup svg table tbody td template
    textarea tfoot th thead time title tr track tt u ul var video wbr""".split()  # noqa: SIM905
)


def is_real_html(tag_source: str) -> bool:
    """An HTML comment, declaration, or a tag whose name is an HTML element."""
    if tag_source.startswith(("<!", "<?")):
        return True
    m = _TAG.match(tag_source)
    return m is not None and m.group(1).lower() in HTML_TAGS


def _is_content(b: Block) -> bool:
    if b.kind in ("heading", "html", "break"):
        return False
    if b.kind in ("paragraph", "item"):
        return bool(b.text.strip()) and not b.guidance
    if b.kind in ("list", "quote", "table"):
        return any(_is_content(i) for i in b.items) if b.kind != "table" else bool(b.items)
    return True  # code, raw HTML, anything else the author put there


def _is_stamp(text: str) -> bool:
    from pmlint.timeparse import parse_stamp

    stamp = parse_stamp(text, 2000)
    return stamp is not None and not text[stamp.end :].strip(" :-–—*_")[:1].isalpha()


_ISO_DATE = re.compile(r"\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b")
_MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_MDY = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(\d{4})\b", re.I)
_DATE_KEYS = ("date", "incident_date", "incident-date", "started", "start_date", "start")


def find_date(text: str) -> date | None:
    """The first unambiguous calendar date written in ``text`` (ISO or with a month name)."""
    found: list[tuple[int, date]] = []
    for m in _ISO_DATE.finditer(text):
        d = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            found.append((m.start(), d))
            break
    for m in _MDY.finditer(text):
        d = _make_date(int(m.group(3)), _MONTHS.index(m.group(1).lower()[:3]) + 1, int(m.group(2)))
        if d:
            found.append((m.start(), d))
            break
    for m in _DMY.finditer(text):
        d = _make_date(int(m.group(3)), _MONTHS.index(m.group(2).lower()[:3]) + 1, int(m.group(1)))
        if d:
            found.append((m.start(), d))
            break
    return min(found)[1] if found else None


def _make_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


_LABEL_LINE = re.compile(r"^\s*(?:[-*+]\s+)?\*\*([^*\n]{1,40}?)\s*:?\s*\*\*\s*:?\s*(\S.*)")


def build(
    source: SourceText,
    front: FrontMatter | None,
    template: Template,
    matcher: HeadingMatcher,
    path: str,
) -> Document:
    body_line = front.end_line if front else 0  # lines before the body
    body_offset = (
        source.norm_starts[body_line]
        if body_line < len(source.norm_starts)
        else len(source.normalized)
    )
    from pmlint.markdown import Builder, parse_markdown  # marko, only when parsing

    body = source.normalized[body_offset:]
    tree = parse_markdown(body)
    builder = Builder(source, body_offset, template)
    blocks = [b for c in tree.children if (b := builder.convert(c)) is not None]

    metadata: dict[str, Any] = dict(front.data) if front else {}
    metadata_lines: dict[str, int] = dict(front.lines) if front else {}

    title: str | None = None
    title_line: int | None = None
    if isinstance(metadata.get("title"), str) and metadata["title"].strip():
        title = metadata["title"].strip()
        title_line = metadata_lines.get("title")

    headings: list[Heading] = []
    occurrences: list[SectionOccurrence] = []
    extra: list[dict[str, Any]] = []
    # Open headings, innermost last: (level, its section, or None for an unrecognised one).
    stack: list[tuple[int, SectionOccurrence | None]] = []
    seen: set[str] = set()
    previous: SectionOccurrence | None = None  # the section the previous heading belonged to
    first_section_index: int | None = None
    title_taken = title is not None

    for index, b in enumerate(blocks):
        if b.kind != "heading":
            if stack and stack[-1][1] is not None:
                stack[-1][1].blocks.append(b)
            continue
        key, typo = matcher.match(b.text)
        headings.append(Heading(b.text, b.line, b.level, key, typo))
        is_title = not title_taken and b.level == 1
        if is_title:
            title, title_line, title_taken = b.text, b.line, True
        while stack and stack[-1][0] >= b.level:
            stack.pop()
        top = stack[-1][1] if stack else None
        if key is not None and previous is not None and previous.key == key:
            previous.blocks.append(b)  # adjacent headings of one section merge
            stack.append((b.level, previous))
            continue
        if top is not None and (key is None or key in seen):
            top.blocks.append(b)  # a subsection ("### 14:02", "### What went well")
            previous = top
            continue
        if (
            key is None
            and previous is not None
            and previous.key == "timeline"
            and _is_stamp(b.text)
        ):
            previous.blocks.append(b)  # "## July 22" after "## Timeline": a date in it
            stack.append((b.level, previous))
            continue
        if key is None:
            previous = None
            if not is_title and not stack:  # deeper ones belong to the open extra heading
                extra.append({"heading": b.text, "line": b.line})
                stack.append((b.level, None))
            continue
        occ = SectionOccurrence(key, b.text, b.line, b.level, typo_of=typo)
        if top is not None:
            top.children.append(occ)  # "### Five whys" inside "## Root cause analysis"
        occurrences.append(occ)
        seen.add(key)
        stack.append((b.level, occ))
        previous = occ
        if first_section_index is None:
            first_section_index = index

    for occ in reversed(occurrences):  # children before their parents
        occ.end_line = max(
            [occ.line, *(b.end_line for b in occ.blocks), *(c.end_line for c in occ.children)]
        )

    # Bold-label metadata lines ("**Date**: 2015-10-21") before the first section.
    preamble = blocks[:first_section_index] if first_section_index is not None else blocks
    for b in preamble:
        if b.kind not in ("paragraph", "list"):
            continue
        for number in range(b.line, b.end_line + 1):
            m = _LABEL_LINE.match(source.line_text(number))
            if not m:
                continue
            label = "_".join(re.findall(r"\w+", m.group(1).lower()))
            if label and label not in metadata:
                metadata[label] = m.group(2).rstrip()
                metadata_lines[label] = number

    incident_date, date_line = _incident_date(
        metadata, metadata_lines, title, title_line, occurrences
    )

    sections: dict[str, Any] = {}
    for occ in occurrences:
        if occ.key in sections:
            continue  # a later occurrence is PM104's, not exported
        text = "\n".join(b.text for b in occ.blocks if b.text and not b.guidance)
        sections[occ.key] = {
            "heading": occ.heading,
            "line": occ.line,
            "end_line": occ.end_line,
            "text": text,
        }

    data: dict[str, Any] = {
        "path": path,
        "title": title,
        "title_line": title_line,
        "metadata": metadata,
        "metadata_lines": metadata_lines,
        "incident_date": incident_date.isoformat() if incident_date else None,
        "incident_date_line": date_line,
        "sections": sections,
        "extra_sections": extra,
    }
    return Document(
        data=data,
        source=source,
        blocks=blocks,
        headings=headings,
        occurrences=occurrences,
        prose=builder.prose,
        body_offset=body_offset,
        incident_date=incident_date,
        matcher=matcher,
        comments=builder.comments,
    )


def _incident_date(
    metadata: dict[str, Any],
    metadata_lines: dict[str, int],
    title: str | None,
    title_line: int | None,
    occurrences: list[SectionOccurrence],
) -> tuple[date | None, int | None]:
    """Resolved once per document: front matter or metadata, then title, then the summary."""
    for key in _DATE_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and (d := find_date(value)):
            return d, metadata_lines.get(key)
    if title and (d := find_date(title)):
        return d, title_line
    for occ in occurrences:
        if occ.key == "incident_summary":
            for b in occ.blocks:
                if b.text and (d := find_date(b.text)):
                    return d, b.line
    return None, None
