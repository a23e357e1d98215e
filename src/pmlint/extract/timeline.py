"""The timeline: entries with resolved UTC times, and the zone declarations that govern them.

Entries are list items, paragraph lines (also when joined by ``<br>``), headings and table
rows that open with a time stamp (see :func:`pmlint.dates.parse_stamp`). A date line or
heading ("2025-03-11", "### July 22") gives its date to the time-only entries under it;
otherwise they take the incident date. Zones are declared per entry, in a column header
("Time (UTC)"), anywhere in the section heading ("Timeline (all times PST), approximate"), in
a sub-heading or date heading ("### 12.05.2021 (times in CEST)"), in a paragraph, caption,
note or blockquote before the entries, or once for the whole document (a line under the
title, a conventions paragraph); see :mod:`pmlint.extract.timeline_reader` for which one
governs an entry.

Without a Timeline section, timeline content is read where it is: under a heading that names
one ("Play by Play", "A Short, Confusing Timeline"), in the list under a "**Key events**"
label, and in lists or runs of paragraphs whose lines open with clock times (each one is its
own group: one chronology). There, lines without a time are not entries.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import cache

from pmlint.dates import find_stamp
from pmlint.days import prefers_day_first
from pmlint.extract import chronology
from pmlint.extract.declarations import document_declared, zone_in
from pmlint.extract.timeline_blocks import read_block, table_declarations
from pmlint.extract.timeline_elsewhere import read_elsewhere
from pmlint.extract.timeline_reader import DESCENDING, Inputs, Reader, segments
from pmlint.headings import HeadingMatcher
from pmlint.model import Block, Declaration, Entry, ProseSpan, Section, Timeline
from pmlint.source import SourceText
from pmlint.zones import defined_zones, resolve, zone_token


def timeline(
    source: SourceText,
    prose: tuple[ProseSpan, ...],
    blocks: tuple[Block, ...],
    section: Section | None,
    matcher: HeadingMatcher,
    incident: date | None,
) -> Timeline | None:
    """The Timeline section's entries; without one, the timeline content found elsewhere."""
    spans: dict[int, list[ProseSpan]] = {}
    for span in prose:
        spans.setdefault(id(span.block), []).append(span)
    text = source.normalized
    inputs = Inputs(source, spans, incident, prefers_day_first(text), defined_zones(text), None)
    inputs = replace(inputs, document=_document_declaration(inputs, prose, section))
    if section is None:
        reader = Reader(inputs, 0, only_stamped=True)
        read_elsewhere(reader, blocks, matcher)
        if not any(e.stamp is not None for e in reader.entries):
            return None
        first = min(e.line for e in reader.entries)
        return _finish(reader, reader.entries, reader.heading_line or first)
    heading = next(
        (s for s in prose if s.block.kind == "heading" and s.block.line == section.line), None
    )
    return _section(inputs, section, heading)


def _document_declaration(
    inputs: Inputs, prose: tuple[ProseSpan, ...], section: Section | None
) -> Declaration | None:
    """A zone declared for the whole document, outside the timeline ("All times in PDT.")."""
    source = inputs.source
    for span in prose:
        b = span.block
        if b.kind != "paragraph" or (section and section.line <= b.line <= section.end_line):
            continue
        raw = source.normalized[span.start : span.start + len(span.text)]
        for _, offset, segment in segments(raw):
            found = document_declared(segment, inputs.defined)
            if found is not None:
                start = span.start + offset + found.start
                line = source.line_of(start)
                end = span.start + offset + found.end
                return Declaration(found.zone, "preamble", line, start, end, found.also_utc)
    return None


# --- a Timeline section --------------------------------------------------------------------


def _section(inputs: Inputs, section: Section, heading: ProseSpan | None) -> Timeline:
    reader = Reader(inputs, section.line, level=section.level)
    if heading is not None:
        _section_heading(reader, section, heading)
    reader.default = None if reader.scopes else _first_declaration(reader, section.blocks)
    reader.only_list = sum(1 for b in section.blocks if b.kind == "list") == 1
    for b in section.blocks:
        read_block(reader, b)
    entries = reader.entries
    if any(e.stamp is not None for e in entries):  # a list of links is not the timeline
        entries = [e for e in entries if not e.weak]
    return _finish(reader, entries, section.line)


def _section_heading(reader: Reader, section: Section, heading: ProseSpan) -> None:
    raw = reader.raw(heading)
    text = raw.lstrip("#").lstrip()
    base = heading.start + len(raw) - len(text)
    found = zone_in(text, reader.inputs.defined)
    if found is not None:
        reader.declare(reader.declaration(found, "heading", section.line, base), section.level)
    if DESCENDING.search(text):
        reader.descending = True
    stamp, _ = find_stamp(text, reader.calendar, reader.inputs.defined)
    if stamp is not None:
        reader.date_line(stamp)  # "Timeline (all times PST) 07/27/2023 - 07/31/2023"


def _first_declaration(reader: Reader, blocks: tuple[Block, ...]) -> Declaration | None:
    """The section's first declaration: it also governs entries written before it."""
    probe = Reader(reader.inputs, reader.heading_line, level=reader.level)
    for b in blocks:
        if b.kind in ("paragraph", "quote"):
            read_block(probe, b, entries=False)
        elif b.kind == "table":
            table_declarations(probe, b)
        if probe.scopes:
            return probe.scopes[-1][1]
    return None


def _finish(reader: Reader, entries: list[Entry], line: int) -> Timeline:
    entries = _inferred(reader, entries)
    entries = chronology.mark_outliers(chronology.resolve_relative(entries), reader.anchors)
    declarations: list[Declaration] = []
    for d in [*reader.used, *(e.declaration for e in entries)]:
        if d is not None and d not in declarations:
            declarations.append(d)
    first = next((d for d in declarations if d.source != "inferred"), None)
    return Timeline(line, first, tuple(entries), reader.descending, tuple(declarations))


@cache
def _mention() -> re.Pattern[str]:
    return re.compile(
        r"(?<![\d:])(?P<h>\d{1,2}):(?P<m>\d{2})(?!\d)\s*(?:(?P<ap>[ap])\.?\s?m\.?\s*)?"
        rf"(?-i:(?P<zone>{zone_token()}))",
        re.IGNORECASE,
    )


def _inferred(reader: Reader, entries: list[Entry]) -> list[Entry]:
    """Entries with no zone take the zone the document gives the same clock times elsewhere
    ("from ~13:22 PST to ~16:17 PST" in the summary, "13:22 Alerts were triggered" in the
    timeline), when every such mention agrees. Reported per entry (PM302), never fixed."""
    bare = {e.key.strftime("%H:%M") for e in entries if _zoneless(e) and e.key is not None}
    if not bare:
        return entries
    lines = {e.line for e in entries}
    source = reader.inputs.source
    found: list[Declaration] = []
    for spans in reader.inputs.spans.values():
        for span in spans:
            if span.block.line in lines or span.block.kind == "heading":
                continue
            for m in _mention().finditer(span.text):
                hour = int(m.group("h")) % 12 + (12 if (m.group("ap") or "").lower() == "p" else 0)
                clock = f"{hour if m.group('ap') else int(m.group('h')):02d}:{m.group('m')}"
                zone = resolve(m.group("zone"), reader.inputs.defined)
                if clock in bare and zone.kind in ("utc", "fixed", "iana"):
                    start, end = span.start + m.start("zone"), span.start + m.end("zone")
                    found.append(Declaration(zone, "inferred", source.line_of(start), start, end))
    if not found or len({d.zone.name.upper() for d in found}) != 1:
        return entries
    declaration = min(found, key=lambda d: d.start)
    return [_with_zone(e, declaration) if _zoneless(e) else e for e in entries]


def _zoneless(e: Entry) -> bool:
    return e.timed and e.zone is None and e.stamp is not None and e.stamp.utc_clock is None


def _with_zone(e: Entry, declaration: Declaration) -> Entry:
    assert e.key is not None and e.stamp is not None and e.local_day is not None
    key, moment, gap = chronology.moment_of(
        e.local_day, e.key.time(), declaration.zone, e.stamp, e.day is not None
    )
    return replace(
        e, zone=declaration.zone, declaration=declaration, key=key, moment=moment, gap=gap
    )
