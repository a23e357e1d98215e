"""The frozen records every layer shares: blocks, sections, timeline, steps, actions, document.

The Markdown walk (:mod:`pmlint.markdown`) makes blocks and prose spans; the extractors
(:mod:`pmlint.extract`) make sections, timeline entries, why steps and action items from them;
:func:`pmlint.document.build` puts them together into one :class:`Document`, which nothing changes
afterwards. Rules read these records only. The only pmlint imports are leaves: the source map,
which the document carries so that positions can be computed from offsets, and what counts as
an empty value.

Blocks and spans compare by identity (``eq=False``): two blocks with the same text at different
places are different blocks, and extractors key dictionaries by them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from pmlint.source import SourceText
from pmlint.values import is_placeholder

PROMPT = "prompt"  # Block.template_text: the template's guidance left in
EXAMPLE = "example"  # ... or the template's worked example


@dataclass(frozen=True, eq=False)
class Block:
    """A block of the document with its lines, prose, and (for lists and tables) items."""

    kind: str  # heading, paragraph, list, item, table, row, code, html, rawhtml, quote, break
    line: int
    end_line: int
    text: str = ""
    level: int = 0
    items: tuple[Block, ...] = ()
    template_text: str | None = None  # PROMPT or EXAMPLE: the template's own text left in
    checked: bool | None = None
    raw: str = ""  # the block's source (normalised line endings)
    cells: tuple[str, ...] = ()  # a table row's cells, as text
    raw_cells: tuple[str, ...] = ()  # ... and as written
    ordered: bool = False  # a numbered list

    @property
    def guidance(self) -> bool:
        """Template guidance (a prompt) rather than the author's content."""
        return self.template_text == PROMPT

    @property
    def italic(self) -> bool:
        """All of it in italics: how templates write guidance ("*Run a 5-whys analysis*")."""
        if self.kind == "item":
            return len(self.items) == 1 and self.items[0].italic
        raw = self.raw.strip()
        return len(raw) > 2 and raw[0] in "*_" and raw[-1] == raw[0] and raw[:2] not in ("**", "__")

    @property
    def has_content(self) -> bool:
        """Something the author wrote: not a heading, comment, break, or template guidance."""
        if self.kind in ("heading", "html", "break"):
            return False
        if self.kind in ("paragraph", "item"):  # "- [ ]" with no text is an empty bullet
            text = self.text.strip()
            return bool(text) and text not in ("[ ]", "[x]", "[X]") and not self.guidance
        if self.kind == "table":  # a row with a value, not just the header or blanks
            return any(not is_placeholder(c) for row in self.items[1:] for c in row.cells)
        if self.kind in ("list", "quote"):
            return any(i.has_content for i in self.items)
        return True  # code, raw HTML, anything else the author put there


def walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, depth first (list items, quoted blocks and table rows included)."""
    for b in blocks:
        yield b
        yield from walk(b.items)


@dataclass(frozen=True, eq=False)
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


@dataclass(frozen=True)
class Heading:
    text: str
    line: int
    level: int
    key: str | None  # the section it names, if any
    typo_of: str | None  # the alias a misspelt heading was mapped through


@dataclass(frozen=True, eq=False)
class Section:
    """One place where a section's heading stands (a section may occur more than once)."""

    key: str
    heading: str
    line: int
    level: int
    end_line: int
    blocks: tuple[Block, ...] = ()
    typo_of: str | None = None
    children: tuple[Section, ...] = ()  # sections nested in this one
    # What opened it: a "heading"; a bold "label" (**Impact:** ...); the untitled "preamble"
    # paragraphs standing for a summary. Only headings are ordered, duplicated or empty.
    origin: str = "heading"

    @property
    def has_content(self) -> bool:
        return any(b.has_content for b in self.blocks) or any(c.has_content for c in self.children)

    @property
    def text(self) -> str:
        """The section's own text, template guidance left out."""
        return "\n".join(b.text for b in self.blocks if b.text and not b.guidance)


# --- time ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Zone:
    """A time zone as written, and how it resolves."""

    name: str
    kind: str  # "utc", "fixed", "iana", "ambiguous", "unknown"
    tz: tzinfo | None = None

    def at(self, day: date | None) -> tzinfo | None:
        """The tzinfo to use on ``day``; None when it depends on a date we do not have."""
        if self.kind in ("utc", "fixed"):
            return self.tz
        if self.kind == "iana" and day is not None:
            return self.tz
        return None


@dataclass(frozen=True)
class Stamp:
    """A date and/or time found at ``start:end`` of a text, with the zone as written.

    Offsets (``time_start``, ``zone_end``, ...) count in the same text; -1 when absent."""

    start: int
    end: int
    day: date | None
    year_given: bool
    clock: time | None
    zone: Zone | None
    zone_end: int = -1
    time_start: int = -1
    time_end: int = -1
    style: str = (
        "24"  # "24", "24pad", "12", "hhmm"; others ("cjk", "h", "dotted") are not rewritten
    )
    seconds: bool = False
    dual_end: int = -1  # end of a "(17:14 UTC)" that repeats the time in UTC
    bad_date: bool = False
    meridiem: str = ""  # how a 12-hour time wrote it: " PM", "pm", " p.m."
    zone_start: int = -1
    utc_clock: time | None = None  # the UTC time given beside the local one
    range_start: int = -1  # the end of a range ("17:00–18:00"): its time's offsets and value
    range_end: int = -1
    range_clock: time | None = None
    relative: bool = False  # "T+15m", "[+1 h]": counted from the first absolute time
    offset: timedelta | None = None  # ... by this much (None: "+2 business days", not placeable)
    blank_time: bool = False  # "--:--", "14:??": the author marked the time unknown
    dotted: bool = False  # "14.43": a time written with a dot
    date_after: bool = False  # the date follows the time ("12:45 PM PST Saturday Oct 30th")
    next_day: bool = False  # "翌日 0:31", "next day 00:10": the day after the entry before


@dataclass(frozen=True)
class Declaration:
    """A zone stated for the entries that follow it, and where its name is written."""

    zone: Zone
    source: str  # "preamble", "heading", "column", "date" (a date line), "document"
    line: int
    start: int  # offsets of the zone's name in the normalised text
    end: int
    also_utc: bool = False  # UTC is given beside it ("in both EDT and UTC", a UTC column)


@dataclass(frozen=True)
class Entry:
    line: int
    raw: str
    text: str
    stamp: Stamp | None  # None: an entry with no recognisable time (PM304)
    base: int  # offset in the normalised text that the stamp's offsets count from
    zone: Zone | None = None  # the zone that applies (the entry's own or the declared one)
    own_zone: bool = False
    day: date | None = None  # the local date, when known
    moment: datetime | None = None  # the UTC time, when the date and zone are known
    key: datetime | None = None  # for ordering (a stand-in date when the real one is unknown)
    outlier: bool = False
    local_day: date | None = None  # the date used, known or stand-in
    weak: bool = False  # an untimed item that counts only if nothing else in the section does
    declaration: Declaration | None = None  # the declaration that governs it, if any
    group: int = 0  # entries of one group are one chronology (order and outliers checked in it)
    milestone: bool = False  # "Incident declared 2022-01-22 14:41": a labelled field
    gap: bool = False  # a local time the clocks skipped (spring forward): not converted

    @property
    def timed(self) -> bool:
        return self.stamp is not None and self.stamp.clock is not None

    @property
    def shown(self) -> str:
        """The entry's stamp as written ("14:02 PDT"), for messages."""
        if self.stamp is None:
            return self.raw[:20]
        return self.raw[: max(0, self.stamp.end - self.stamp.start)].strip() or self.raw[:20]


@dataclass(frozen=True)
class Timeline:
    heading_line: int
    declaration: Declaration | None  # the first declaration (the one the export shows)
    entries: tuple[Entry, ...] = ()
    descending: bool = False
    declarations: tuple[Declaration, ...] = ()  # every declaration that governs entries

    @property
    def timed(self) -> list[Entry]:
        return [e for e in self.entries if e.timed]


# --- five whys and actions -----------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    line: int
    text: str


@dataclass(frozen=True)
class ActionItem:
    """One corrective action, as the rules and ``pmlint actions`` see it."""

    line: int
    text: str
    owner: str | None
    due: date | None
    due_raw: str | None
    ticket: str | None
    done: bool
    due_error: str | None = None  # why ``due_raw`` is not a date


# --- the document --------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """Everything pmlint knows about one postmortem, built once by :func:`document.build`."""

    path: str
    source: SourceText
    body_offset: int  # offset of the body (after front matter) in the normalised text
    blocks: tuple[Block, ...]
    prose: tuple[ProseSpan, ...]
    comments: tuple[tuple[int, str], ...]  # HTML comments outside code: (offset, source)
    headings: tuple[Heading, ...]
    sections: tuple[Section, ...]  # every occurrence, duplicates and nested ones included
    extra_sections: tuple[Heading, ...]  # top-level headings that name no section
    title: str | None = None
    title_line: int | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    metadata_lines: dict[str, int] = field(default_factory=dict)
    incident_date: date | None = None
    incident_date_line: int | None = None
    timeline: Timeline | None = None
    steps: tuple[Step, ...] = ()
    why_ends: tuple[Step, ...] = ()  # the answers a tree of whys ends on (a chain: its last)
    actions: tuple[ActionItem, ...] = ()
    language: str = "en"  # what it is written in (pmlint.lang.detect)

    def walk(self) -> Iterator[Block]:
        return walk(self.blocks)

    def section(self, key: str) -> Section | None:
        """The first occurrence of a section."""
        for occ in self.sections:
            if occ.key == key:
                return occ
        return None
