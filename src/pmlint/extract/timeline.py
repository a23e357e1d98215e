"""The timeline: entries with resolved UTC times, and the zone declared for them.

Entries are list items, paragraph lines, ``###`` headings and table rows that open with a
time stamp (see :func:`pmlint.dates.parse_stamp`). A date line or heading ("2025-03-11",
"### July 22") gives its date to the time-only entries under it; otherwise they take the
incident date. A zone may be stated per entry, in a column header ("Time (UTC)"), in the
heading ("Timeline (PST)") or in a preamble ("All times are UTC"). When a time-only entry is
earlier than the one before it, it is taken as the next day only when that is plausible (late
evening, then early morning). Without a Timeline section, the first list under a "**Key
events**"-style label is read instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from pmlint.dates import find_stamp, parse_stamp
from pmlint.extract.labels import label_alone
from pmlint.headings import HeadingMatcher, normalize_heading
from pmlint.model import (
    Block,
    Declaration,
    Entry,
    ProseSpan,
    Section,
    Stamp,
    Timeline,
    Zone,
    walk,
)
from pmlint.source import SourceText
from pmlint.zones import find_zone

_DECLARATION = re.compile(
    r"\b(?:times?|timestamps?|timezone|time zone|zone)\b|時刻|時間", re.IGNORECASE
)
_DESCENDING = re.compile(
    r"most recent first|newest first|latest first|reverse chronological|descending",
    re.IGNORECASE,
)
_TIME_HEADERS = ("time", "date", "when", "timestamp", "utc", "時刻", "日時", "date and time")
ROLLOVER_EVENING = 18  # a step back from this hour or later ...
ROLLOVER_MORNING = 10  # ... to before this hour is taken as the next day
SYNTHETIC_DAY = date(2000, 1, 1)


@dataclass(frozen=True)
class Inputs:
    """What the timeline is read from."""

    source: SourceText
    spans: dict[int, list[ProseSpan]]  # id(block) -> its prose spans, in order
    incident: date | None


def timeline(
    source: SourceText,
    prose: tuple[ProseSpan, ...],
    blocks: tuple[Block, ...],
    section: Section | None,
    matcher: HeadingMatcher,
    incident: date | None,
) -> Timeline | None:
    """The Timeline section's entries; without one, a "**Key events**" list, if any."""
    spans: dict[int, list[ProseSpan]] = {}
    for span in prose:
        spans.setdefault(id(span.block), []).append(span)
    inputs = Inputs(source, spans, incident)
    if section is None:
        return _key_events(inputs, blocks, matcher)
    heading_spans = [s for s in prose if s.block.kind == "heading" and s.block.line == section.line]
    return _section(inputs, section, heading_spans[0] if heading_spans else None)


def _raw(inputs: Inputs, span: ProseSpan) -> str:
    return inputs.source.normalized[span.start : span.start + len(span.text)]


class _Reader:
    def __init__(self, inputs: Inputs, heading_line: int) -> None:
        self.inputs = inputs
        incident = inputs.incident
        self.year = incident.year if incident else SYNTHETIC_DAY.year
        self.year_known = incident is not None
        self.context: date | None = incident
        self.context_known = incident is not None
        self.heading_line = heading_line
        self.declaration: Declaration | None = None
        self.descending = False
        self.entries: list[Entry] = []
        self.previous: Entry | None = None
        self.synthetic = SYNTHETIC_DAY
        self.anywhere = False  # "Fault occurs 2020-02-12 11:45": stamps may close the line
        self.only_list = False  # the section's one list: its items are entries, timed or not

    def spans(self, b: Block | None) -> list[ProseSpan]:
        return self.inputs.spans.get(id(b), []) if b is not None else []

    def raw(self, span: ProseSpan) -> str:
        return _raw(self.inputs, span)

    def finish(self) -> Timeline:
        return Timeline(self.heading_line, self.declaration, tuple(self.entries), self.descending)

    # -- declarations -------------------------------------------------------------------
    def declare(
        self, zone_found: tuple[Zone, int, int] | None, source: str, line: int, base: int
    ) -> None:
        if zone_found is None or self.declaration is not None:
            return
        z, start, end = zone_found
        self.declaration = Declaration(z, source, line, base + start, base + end)

    # -- entries ------------------------------------------------------------------------
    def add(
        self, line: int, raw: str, base: int, stamp: Stamp | None, text: str, weak: bool = False
    ) -> None:
        entry = Entry(line, raw.strip(), text.strip(), stamp, base, weak=weak)
        if stamp is not None:
            entry = self.resolve(entry, stamp)
            self.previous = entry
        self.entries.append(entry)

    def resolve(self, entry: Entry, stamp: Stamp) -> Entry:
        declared = self.declaration.zone if self.declaration else None
        zone = stamp.zone or declared
        explicit = stamp.day is not None and not stamp.bad_date
        if explicit:
            assert stamp.day is not None
            day = stamp.day
            day_known = stamp.year_given or self.year_known
            self.context, self.context_known = day, day_known
        else:
            day = self.context if self.context is not None else self.synthetic
            day_known = self.context_known
            if self.rolls_over(stamp, day):
                day = day + timedelta(days=1)  # late evening, then early morning: the next day
                if self.context is not None:
                    self.context = day
                else:
                    self.synthetic = day
        tz = zone.at(day) if zone is not None else None
        key = datetime.combine(day, stamp.clock or time(0, 0), tzinfo=tz if tz is not None else UTC)
        known = stamp.clock is not None and day_known and tz is not None
        moment = key.astimezone(UTC) if known else None
        return replace(
            entry,
            zone=zone,
            own_zone=stamp.zone is not None,
            day=day if day_known else None,
            local_day=day,
            key=key,
            moment=moment,
        )

    def rolls_over(self, stamp: Stamp, day: date) -> bool:
        """A time-only entry earlier than a late-evening one before it: the next morning."""
        previous = self.previous
        return (
            stamp.clock is not None
            and previous is not None
            and previous.stamp is not None
            and previous.stamp.clock is not None
            and previous.local_day == day
            and stamp.clock < previous.stamp.clock
            and previous.stamp.clock.hour >= ROLLOVER_EVENING
            and stamp.clock.hour < ROLLOVER_MORNING
        )

    def date_line(self, stamp: Stamp) -> None:
        if stamp.day is not None and not stamp.bad_date:
            self.context = stamp.day
            self.context_known = stamp.year_given or self.year_known

    # -- blocks -------------------------------------------------------------------------
    def heading_block(self, b: Block) -> None:
        """A ``### 14:02`` heading is an entry; a date heading sets the date."""
        for span in self.spans(b):
            raw = self.raw(span)
            stamp = parse_stamp(raw, self.year)
            if stamp is None:
                return
            if stamp.clock is None:
                self.date_line(stamp)
                return
            self.add(b.line, raw.lstrip("# "), span.start, stamp, raw[stamp.end :])
            return

    def paragraph(self, b: Block) -> None:
        for span in self.spans(b):
            raw = self.raw(span)
            if _DECLARATION.search(raw) and not parse_stamp(raw, self.year):
                self.declare(find_zone(raw), "preamble", b.line, span.start)
                if _DESCENDING.search(raw):
                    self.descending = True
                return
            offset = 0
            for number, line in enumerate(raw.split("\n")):
                stamp = parse_stamp(line, self.year)
                if stamp is not None:
                    rest = line[stamp.end :].strip(" *_`]):-–—|")
                    if stamp.clock is None and not rest:
                        self.date_line(stamp)
                    else:
                        self.add(b.line + number, line, span.start + offset, stamp, rest)
                offset += len(line) + 1

    def list_block(self, b: Block) -> None:
        stamped: list[tuple[Block, ProseSpan, str, Stamp | None]] = []
        for item in b.items:
            spans = self.spans(item.items[0] if item.items else None)
            if not spans:
                continue
            raw = self.raw(spans[0])
            stamp = parse_stamp(raw, self.year)
            if stamp is None and self.anywhere:
                stamp, raw = find_stamp(raw.split("\n")[0], self.year)
            stamped.append((item, spans[0], raw, stamp))
        with_time = sum(1 for *_, s in stamped if s is not None)
        is_timeline = (
            (with_time * 2 >= len(stamped) and with_time > 0)
            or self.anywhere
            or (self.only_list and not with_time)
        )
        weak = not with_time and not self.anywhere
        for item, span, raw, stamp in stamped:
            line = raw.split("\n")[0]
            if stamp is None:
                if is_timeline:
                    self.add(item.line, line, span.start, None, line, weak=weak)
                continue
            rest = line[stamp.end :].strip(" *_`]):-–—|")
            if stamp.clock is None and not rest:
                self.date_line(stamp)
                for nested in item.items[1:]:
                    if nested.kind == "list":
                        self.list_block(nested)
                continue
            self.add(item.line, line, span.start, stamp, rest)

    def table(self, b: Block) -> None:
        if not b.items:
            return
        header = b.items[0].cells
        time_col = next(
            (
                i
                for i, h in enumerate(header)
                if any(w in normalize_heading(h) or w in h.lower() for w in _TIME_HEADERS)
            ),
            None,
        )
        if time_col is None:
            return
        header_spans = self.spans(b.items[0])
        if time_col < len(header_spans):
            span = header_spans[time_col]
            self.declare(find_zone(self.raw(span)), "column", b.items[0].line, span.start)
        for row in b.items[1:]:
            self.row(row, time_col)

    def row(self, row: Block, time_col: int) -> None:
        spans = self.spans(row)
        if time_col >= len(spans):
            return
        span = spans[time_col]
        raw = self.raw(span)
        stamp = parse_stamp(raw, self.year)
        text = " | ".join(c for i, c in enumerate(row.cells) if i != time_col)
        if stamp is not None and stamp.clock is None and stamp.day is not None:
            # a Date column and a Time column: "| 2025-03-11 | 14:02 | ... |"
            following = spans[time_col + 1] if time_col + 1 < len(spans) else None
            if following is not None:
                extra = parse_stamp(self.raw(following), self.year)
                if extra is not None and extra.clock is not None:
                    self.date_line(stamp)
                    self.add(row.line, self.raw(following), following.start, extra, text)
                    return
        self.add(row.line, raw, span.start, stamp, text)


def _key_events(
    inputs: Inputs, blocks: tuple[Block, ...], matcher: HeadingMatcher
) -> Timeline | None:
    """Without a Timeline section: the first list under a "**Key events**"-style label."""
    for b in walk(blocks):
        if b.kind != "item" or not b.items or b.items[0].kind != "paragraph":
            continue
        label = label_alone(b.items[0].raw)
        if label is None or matcher.match(label)[0] != "timeline":
            continue
        nested = [x for x in b.items[1:] if x.kind == "list"]
        if not nested:
            continue
        reader = _Reader(inputs, b.line)
        reader.anywhere = True
        reader.list_block(nested[0])
        return reader.finish()
    return None


def _section(inputs: Inputs, section: Section, heading: ProseSpan | None) -> Timeline:
    reader = _Reader(inputs, section.line)
    if heading is not None:
        raw = reader.raw(heading)
        paren = raw.find("(")
        if paren >= 0 or _DECLARATION.search(raw):
            found = find_zone(raw[paren:] if paren >= 0 else raw)
            if found is not None:
                z, start, end = found
                shift = paren if paren >= 0 else 0
                reader.declare(
                    (z, start + shift, end + shift), "heading", section.line, heading.start
                )
        if _DESCENDING.search(raw):
            reader.descending = True
    # Declarations first: a preamble or column header may follow the first entries.
    for b in section.blocks:
        if b.kind == "paragraph":
            for span in reader.spans(b):
                raw = reader.raw(span)
                if _DECLARATION.search(raw) and not parse_stamp(raw, reader.year):
                    reader.declare(find_zone(raw), "preamble", b.line, span.start)
    reader.only_list = sum(1 for b in section.blocks if b.kind == "list") == 1
    for b in section.blocks:
        if b.kind == "heading":
            reader.heading_block(b)
        elif b.kind == "paragraph":
            reader.paragraph(b)
        elif b.kind == "list":
            reader.list_block(b)
        elif b.kind == "table":
            reader.table(b)
    entries = reader.entries
    if any(e.stamp is not None for e in entries):  # a list of links is not the timeline
        reader.entries = [e for e in entries if not e.weak]
    read = reader.finish()
    return replace(read, entries=_mark_outliers(read.entries))


def _mark_outliers(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """An explicitly dated entry over 180 days from the dated entries on both sides of it,
    while those agree with each other (at either end: the two next to it). A timeline that
    really spans a year moves step by step and is left alone."""
    dated = [
        index
        for index, e in enumerate(entries)
        if e.stamp is not None
        and e.stamp.day is not None
        and not e.stamp.bad_date
        and e.day is not None
    ]
    days = [entries[i].day for i in dated]
    far = timedelta(days=180)
    marked = list(entries)
    for position, index in enumerate(dated):
        day = days[position]
        assert day is not None
        if 0 < position < len(days) - 1:
            a, b = days[position - 1], days[position + 1]
        elif position == 0 and len(days) >= 3:
            a, b = days[1], days[2]
        elif position == len(days) - 1 and len(days) >= 3:
            a, b = days[-2], days[-3]
        else:
            continue
        assert a is not None and b is not None
        if abs(day - a) > far and abs(day - b) > far and abs(a - b) <= far:
            marked[index] = replace(entries[index], outlier=True)
    return tuple(marked)
