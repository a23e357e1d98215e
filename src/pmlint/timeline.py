"""The timeline: entries with resolved UTC times, and the zone declared for them.

Entries are list items, paragraph lines, ``###`` headings and table rows that open with a
time stamp (see :mod:`pmlint.timeparse`). A date line or heading ("2025-03-11",
"### July 22") gives its date to the time-only entries under it; otherwise they take the
incident date. A zone may be stated per entry, in a column header ("Time (UTC)"), in the
heading ("Timeline (PST)") or in a preamble ("All times are UTC"). When a time-only entry is
earlier than the one before it, it is taken as the next day only when that is plausible (late
evening, then early morning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from pmlint.document import Block, Document, ProseSpan
from pmlint.template import normalize_heading
from pmlint.timeparse import Stamp, Zone, find_zone, iso_z, parse_stamp

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


@dataclass
class Declaration:
    """A zone stated for the whole timeline, and where its name is written."""

    zone: Zone
    source: str  # "preamble", "heading" or "column"
    line: int
    start: int  # offsets of the zone's name in the normalised text
    end: int


@dataclass
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


@dataclass
class Timeline:
    heading_line: int
    declaration: Declaration | None
    entries: list[Entry] = field(default_factory=list)
    descending: bool = False

    @property
    def timed(self) -> list[Entry]:
        return [e for e in self.entries if e.stamp is not None and e.stamp.clock is not None]


def _spans(doc: Document) -> dict[int, list[ProseSpan]]:
    found: dict[int, list[ProseSpan]] = {}
    for span in doc.prose:
        found.setdefault(id(span.block), []).append(span)
    return found


def _raw(doc: Document, span: ProseSpan) -> str:
    return doc.source.normalized[span.start : span.start + len(span.text)]


class _Reader:
    def __init__(self, doc: Document, heading_line: int) -> None:
        self.doc = doc
        self.spans = _spans(doc)
        incident = doc.incident_date
        self.year = incident.year if incident else SYNTHETIC_DAY.year
        self.year_known = incident is not None
        self.context: date | None = incident
        self.context_known = incident is not None
        self.timeline = Timeline(heading_line, None)
        self.previous: Entry | None = None
        self.synthetic = SYNTHETIC_DAY
        self.anywhere = False  # "Fault occurs 2020-02-12 11:45": stamps may close the line
        self.only_list = False  # the section's one list: its items are entries, timed or not

    # -- declarations -------------------------------------------------------------------
    def declare(
        self, zone_found: tuple[Zone, int, int] | None, source: str, line: int, base: int
    ) -> None:
        if zone_found is None or self.timeline.declaration is not None:
            return
        z, start, end = zone_found
        self.timeline.declaration = Declaration(z, source, line, base + start, base + end)

    # -- entries ------------------------------------------------------------------------
    def add(self, line: int, raw: str, base: int, stamp: Stamp | None, text: str) -> None:
        entry = Entry(line, raw.strip(), text.strip(), stamp, base)
        self.timeline.entries.append(entry)
        if stamp is None:
            return
        self.resolve(entry, stamp)

    def resolve(self, entry: Entry, stamp: Stamp) -> None:
        declared = self.timeline.declaration.zone if self.timeline.declaration else None
        entry.zone = stamp.zone or declared
        entry.own_zone = stamp.zone is not None
        explicit = stamp.day is not None and not stamp.bad_date
        day_known = False
        if explicit:
            assert stamp.day is not None
            day = stamp.day
            day_known = stamp.year_given or self.year_known
            self.context, self.context_known = day, day_known
        else:
            day = self.context if self.context is not None else self.synthetic
            day_known = self.context_known
        previous = self.previous
        if (
            not explicit
            and stamp.clock is not None
            and previous is not None
            and previous.stamp is not None
            and previous.stamp.clock is not None
            and previous.local_day == day
            and stamp.clock < previous.stamp.clock
            and previous.stamp.clock.hour >= ROLLOVER_EVENING
            and stamp.clock.hour < ROLLOVER_MORNING
        ):
            day = day + timedelta(days=1)  # late evening, then early morning: the next day
            if self.context is not None:
                self.context = day
            else:
                self.synthetic = day
        entry.day = day if day_known else None
        entry.local_day = day
        clock = stamp.clock or time(0, 0)
        tz = entry.zone.at(day) if entry.zone is not None else None
        usable = tz if tz is not None else UTC
        entry.key = datetime.combine(day, clock, tzinfo=usable)
        if stamp.clock is not None and day_known and tz is not None:
            entry.moment = entry.key.astimezone(UTC)
        self.previous = entry

    def date_line(self, stamp: Stamp) -> None:
        if stamp.day is not None and not stamp.bad_date:
            self.context = stamp.day
            self.context_known = stamp.year_given or self.year_known

    # -- blocks -------------------------------------------------------------------------
    def heading_block(self, b: Block) -> bool:
        """A ``### 14:02`` heading is an entry; a date heading sets the date."""
        for span in self.spans.get(id(b), []):
            raw = _raw(self.doc, span)
            stamp = parse_stamp(raw, self.year)
            if stamp is None:
                return False
            if stamp.clock is None:
                self.date_line(stamp)
                return False
            self.add(b.line, raw.lstrip("# "), span.start, stamp, raw[stamp.end :])
            return True
        return False

    def paragraph(self, b: Block) -> None:
        for span in self.spans.get(id(b), []):
            raw = _raw(self.doc, span)
            if _DECLARATION.search(raw) and not parse_stamp(raw, self.year):
                self.declare(find_zone(raw), "preamble", b.line, span.start)
                if _DESCENDING.search(raw):
                    self.timeline.descending = True
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
        items = b.items
        stamped: list[tuple[Block, ProseSpan, str, Stamp | None]] = []
        for item in items:
            first = item.items[0] if item.items else None
            spans = self.spans.get(id(first), []) if first is not None else []
            if not spans:
                continue
            raw = _raw(self.doc, spans[0])
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
                    self.add(item.line, line, span.start, None, line)
                    self.timeline.entries[-1].weak = weak
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
        header_spans = self.spans.get(id(b.items[0]), [])
        if time_col < len(header_spans):
            span = header_spans[time_col]
            self.declare(find_zone(_raw(self.doc, span)), "column", b.items[0].line, span.start)
        for row in b.items[1:]:
            spans = self.spans.get(id(row), [])
            if time_col >= len(spans):
                continue
            span = spans[time_col]
            raw = _raw(self.doc, span)
            stamp = parse_stamp(raw, self.year)
            text = " | ".join(c for i, c in enumerate(row.cells) if i != time_col)
            if stamp is not None and stamp.clock is None and stamp.day is not None:
                # a Date column and a Time column: "| 2025-03-11 | 14:02 | ... |"
                following = spans[time_col + 1] if time_col + 1 < len(spans) else None
                if following is not None:
                    extra = parse_stamp(_raw(self.doc, following), self.year)
                    if extra is not None and extra.clock is not None:
                        self.date_line(stamp)
                        self.add(row.line, _raw(self.doc, following), following.start, extra, text)
                        continue
            self.add(row.line, raw, span.start, stamp, text)


def _key_events(doc: Document) -> Timeline | None:
    """Without a Timeline section: the first list under a "**Key events**"-style label."""
    for b in doc.walk():
        if b.kind != "item" or not b.items or b.items[0].kind != "paragraph":
            continue
        label = re.match(r"^\s*(?:[-*+]\s+)?\*\*([^*\n]{2,40}?):?\*\*:?\s*$", b.items[0].raw)
        if label is None or doc.matcher.match(label.group(1))[0] != "timeline":
            continue
        nested = [x for x in b.items[1:] if x.kind == "list"]
        if not nested:
            continue
        reader = _Reader(doc, b.line)
        reader.anywhere = True
        reader.list_block(nested[0])
        return reader.timeline
    return None


def find_stamp(text: str, year: int) -> tuple[Stamp | None, str]:
    """A date-and-time stamp anywhere in ``text``; the text from the stamp on."""
    for m in re.finditer(r"\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}", text):
        stamp = parse_stamp(text[m.start() :], year)
        if stamp is not None:
            return stamp, text[m.start() :]
    return None, text


def extract(doc: Document) -> Timeline | None:
    occ = doc.section("timeline")
    if occ is None:
        return _key_events(doc)
    reader = _Reader(doc, occ.line)
    heading_spans = [s for s in doc.prose if s.block.kind == "heading" and s.block.line == occ.line]
    if heading_spans:
        raw = _raw(doc, heading_spans[0])
        paren = raw.find("(")
        if paren >= 0 or _DECLARATION.search(raw):
            found = find_zone(raw[paren:] if paren >= 0 else raw)
            if found is not None:
                z, start, end = found
                shift = paren if paren >= 0 else 0
                reader.declare(
                    (z, start + shift, end + shift), "heading", occ.line, heading_spans[0].start
                )
        if _DESCENDING.search(raw):
            reader.timeline.descending = True
    # Declarations first: a preamble or column header may follow the first entries.
    for b in occ.blocks:
        if b.kind == "paragraph":
            for span in reader.spans.get(id(b), []):
                raw = _raw(doc, span)
                if _DECLARATION.search(raw) and not parse_stamp(raw, reader.year):
                    reader.declare(find_zone(raw), "preamble", b.line, span.start)
    reader.only_list = sum(1 for b in occ.blocks if b.kind == "list") == 1
    for b in occ.blocks:
        if b.kind == "heading":
            if reader.heading_block(b):
                continue
        elif b.kind == "paragraph":
            reader.paragraph(b)
        elif b.kind == "list":
            reader.list_block(b)
        elif b.kind == "table":
            reader.table(b)
    entries = reader.timeline.entries
    if any(e.stamp is not None for e in entries):  # a list of links is not the timeline
        reader.timeline.entries = [e for e in entries if not e.weak]
    _mark_outliers(reader.timeline, doc.incident_date)
    return reader.timeline


def _mark_outliers(timeline: Timeline, incident: date | None) -> None:
    """An explicitly dated entry over 180 days from the dated entries on both sides of it,
    while those agree with each other (at either end: the two next to it). A timeline that
    really spans a year moves step by step and is left alone."""
    dated = [
        e
        for e in timeline.entries
        if e.stamp is not None
        and e.stamp.day is not None
        and not e.stamp.bad_date
        and e.day is not None
    ]
    days = [e.day for e in dated if e.day is not None]
    far = timedelta(days=180)
    for index, entry in enumerate(dated):
        day = days[index]
        if 0 < index < len(days) - 1:
            a, b = days[index - 1], days[index + 1]
        elif index == 0 and len(days) >= 3:
            a, b = days[1], days[2]
        elif index == len(days) - 1 and len(days) >= 3:
            a, b = days[-2], days[-3]
        else:
            continue
        if abs(day - a) > far and abs(day - b) > far and abs(a - b) <= far:
            entry.outlier = True


def extract_section(doc: Document) -> None:
    """Fill ``sections.timeline`` (entries, timezone, timezone_source) and ``doc.timeline``."""
    timeline = extract(doc)
    doc.timeline = timeline
    if timeline is None or "timeline" not in doc.data["sections"]:
        return  # a "**Key events**" list: checked, but there is no section to export
    section = doc.data["sections"]["timeline"]
    declaration = timeline.declaration
    if declaration is not None:
        section["timezone"] = declaration.zone.name
        section["timezone_source"] = declaration.source
    else:
        zones = {e.zone.name for e in timeline.timed if e.own_zone and e.zone is not None}
        section["timezone"] = zones.pop() if len(zones) == 1 else None
        section["timezone_source"] = "entry" if zones or section["timezone"] else "none"
    section["entries"] = [
        {
            "line": e.line,
            "raw": e.raw,
            "time": iso_z(e.moment) if e.moment is not None else None,
            "zone": e.zone.name if e.zone is not None else None,
            "text": e.text,
        }
        for e in timeline.entries
    ]
