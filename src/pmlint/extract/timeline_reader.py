"""Reading timeline blocks into entries: stamps, dates that carry over, and which declared
zone governs each entry.

A declaration governs the entries after it until the next one: one in a heading governs its
subsection, one in a paragraph or caption the rest of its (sub)section, a column header its
table. Entries before the first declaration of the section take that declaration (a preamble
may follow the first entries); without any, the document's own (a note under the title, a
conventions paragraph anywhere). An entry that repeats the zone of its declaration is still
governed by it (its finding and fix are the declaration's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import TypedDict

from pmlint.dates import find_stamp, parse_stamp
from pmlint.days import SYNTHETIC_YEAR, Calendar
from pmlint.extract import chronology
from pmlint.extract.declarations import Found, declared, document_declared, zone_in
from pmlint.lang import LANGUAGES, table
from pmlint.model import Block, Declaration, Entry, ProseSpan, Stamp, Zone
from pmlint.source import SourceText

SYNTHETIC_DAY = date(SYNTHETIC_YEAR, 1, 1)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
DESCENDING = re.compile(
    r"most recent first|newest first|latest first|reverse chronological|descending", re.I
)
_PLACEHOLDER_TIME = re.compile(r"^[#\s*_]*[\dXx?]{1,2}:[\dXx?]{2}(?!\d)")
_IMAGE_OR_LINK = re.compile(
    r"^\s*(?:!?\[[^\]]*\]\([^)]*\)|<img\b[^>]*>|<?https?://\S+>?|\{:[^}]*\})\s*$", re.I
)


@dataclass(frozen=True)
class Inputs:
    """What every part of one document's timeline is read from."""

    source: SourceText
    spans: dict[int, list[ProseSpan]]  # id(block) -> its prose spans, in order
    incident: date | None
    day_first: bool | None
    defined: dict[str, Zone]  # abbreviations the document defines ("IST = India ...")
    document: Declaration | None  # a zone declared for the whole document
    # (text, strict) -> the declaration note_text finds in it: the section's paragraphs are
    # read twice, first for the declaration that also governs earlier entries.
    notes: dict[tuple[str, bool], Found | None] = field(default_factory=dict, compare=False)

    def declared(self, text: str, strict: bool) -> Found | None:
        key = (text, strict)
        if key not in self.notes:
            find = document_declared if strict else declared
            self.notes[key] = find(text, self.defined)
        return self.notes[key]


def _note_pattern() -> re.Pattern[str]:
    words = [w for lang in LANGUAGES for w in table("dates", lang).get("notes", [])]
    alternation = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"^[\s*_]*(?:{alternation})\s*[:：]", re.IGNORECASE)


_NOTE = _note_pattern()


class _Resolved(TypedDict, total=False):
    """The fields of an :class:`Entry` that :meth:`Reader.resolve` works out from its stamp."""

    zone: Zone | None
    own_zone: bool
    declaration: Declaration | None
    day: date | None
    local_day: date
    key: datetime
    moment: datetime | None
    gap: bool


def _half_day(text: str) -> str | None:
    """ "AM"/"PM" (or "morning"/"afternoon", 午前/午後 ...) alone in a heading."""
    norm = text.strip().strip(" #*_:()").lower()
    for lang in LANGUAGES:
        halves = table("dates", lang).get("half_day", {})
        for half in ("am", "pm"):
            if norm in halves.get(half, []):
                return half
    return None


@dataclass
class Reader:
    """One pass over a timeline's blocks, in document order."""

    inputs: Inputs
    heading_line: int
    context: date | None = None
    context_known: bool = False
    level: int = 0  # the innermost open heading's level
    scopes: list[tuple[int, Declaration]] = field(default_factory=list)
    halves: list[tuple[int, str]] = field(default_factory=list)
    default: Declaration | None = None  # the section's first declaration, for earlier entries
    used: list[Declaration] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    previous: Entry | None = None
    group: int = 0
    descending: bool = False
    anywhere: bool = False  # "Incident declared: 2024-04-15 14:43": stamps may close the line
    only_stamped: bool = False  # outside a Timeline section: untimed items are not entries
    only_list: bool = False  # the section's one list: its items are entries, timed or not
    synthetic: date = SYNTHETIC_DAY
    anchors: dict[int, date] = field(default_factory=dict)  # group -> the date it is about

    def __post_init__(self) -> None:
        self.context = self.inputs.incident
        self.context_known = self.inputs.incident is not None

    # -- reading helpers ------------------------------------------------------------------
    def spans(self, b: Block | None) -> list[ProseSpan]:
        return self.inputs.spans.get(id(b), []) if b is not None else []

    def raw(self, span: ProseSpan) -> str:
        return self.inputs.source.normalized[span.start : span.start + len(span.text)]

    @property
    def calendar(self) -> Calendar:
        return Calendar(self.context if self.context_known else None, self.inputs.day_first)

    def stamp(self, text: str) -> Stamp | None:
        return parse_stamp(text, self.calendar, self.inputs.defined)

    # -- declarations ---------------------------------------------------------------------
    def governing(self) -> Declaration | None:
        if self.scopes:
            return self.scopes[-1][1]
        return self.default or self.inputs.document

    def declaration(self, found: Found, source: str, line: int, base: int) -> Declaration:
        return Declaration(
            found.zone, source, line, base + found.start, base + found.end, found.also_utc
        )

    def declare(self, declaration: Declaration, level: int) -> None:
        """``declaration`` governs what follows, within the subsection of ``level``."""
        while self.scopes and self.scopes[-1][0] >= level:
            self.scopes.pop()
        self.scopes.append((level, declaration))
        if declaration not in self.used:
            self.used.append(declaration)

    def enter_heading(self, level: int) -> None:
        self.scopes = [s for s in self.scopes if s[0] < level]
        self.halves = [h for h in self.halves if h[0] < level]
        self.level = level

    def note_text(self, text: str, line: int, base: int, strict: bool = False) -> bool:
        """A declaration sentence, "most recent first", or a date it gives: True when used.
        ``strict`` (a list item) takes only sentences that read like a declaration."""
        if DESCENDING.search(text):
            self.descending = True
        found = self.inputs.declared(text, strict)
        if found is None:
            return False
        self.declare(self.declaration(found, "preamble", line, base), self.level)
        stamp, _ = find_stamp(text, self.calendar, self.inputs.defined)
        if stamp is not None and stamp.clock is None:
            self.date_line(stamp)
        return True

    # -- entries --------------------------------------------------------------------------
    def add(
        self,
        line: int,
        raw: str,
        base: int,
        stamp: Stamp | None,
        text: str,
        weak: bool = False,
        milestone: bool = False,
    ) -> None:
        # The resolved fields are passed to one constructor call (dataclasses.replace per
        # field group was a hot spot: an entry is built for every timeline line).
        resolved: _Resolved = self.resolve(stamp) if stamp is not None else {}
        entry = Entry(
            line,
            raw.strip(),
            text.strip(),
            stamp,
            base,
            weak=weak,
            group=self.group,
            milestone=milestone,
            **resolved,
        )
        if stamp is not None and (stamp.clock is not None or stamp.day is not None):
            self.previous = entry
        self.entries.append(entry)

    def resolve(self, stamp: Stamp) -> _Resolved:
        """The entry fields that follow from its stamp: zone, declaration, day, key, moment."""
        declaration = self.governing()
        declared_zone = declaration.zone if declaration is not None else None
        own = stamp.zone
        if own is not None and declared_zone is not None and own.name != declared_zone.name:
            declaration = None  # its own zone, another than the declared one
        zone = own or declared_zone
        if stamp.relative:
            return {"zone": zone, "declaration": declaration}
        day, day_known = self.day_of(stamp)
        clock = chronology.with_half_day(stamp, self.halves[-1][1] if self.halves else None)
        turn = stamp.next_day or (clock is not None and self.rolls_over(clock, day))
        following = chronology.next_day(day) if turn and stamp.day is None else None
        if following is not None:  # "翌日 0:31", or late evening then early morning
            day = following
            self.move_to(day)
        key, moment, gap = chronology.moment_of(day, clock or time(0, 0), zone, stamp, day_known)
        return {
            "zone": zone,
            "own_zone": own is not None,
            "declaration": declaration,
            "day": day if day_known else None,
            "local_day": day,
            "key": key,
            "moment": moment if clock is not None else None,
            "gap": gap and clock is not None,
        }

    def day_of(self, stamp: Stamp) -> tuple[date, bool]:
        if stamp.day is not None and not stamp.bad_date:
            known = stamp.year_given or self.context_known
            self.context, self.context_known = stamp.day, known
            return stamp.day, known
        if self.context is not None:
            return self.context, self.context_known
        return self.synthetic, False

    def rolls_over(self, clock: time, day: date) -> bool:
        previous = self.previous if self.previous and self.previous.group == self.group else None
        return chronology.rolls_over(previous, clock, day)

    def move_to(self, day: date) -> None:
        if self.context is not None:
            self.context = day
        else:
            self.synthetic = day

    def date_line(self, stamp: Stamp) -> None:
        if stamp.day is not None and not stamp.bad_date:
            self.context = stamp.day
            self.context_known = stamp.year_given or self.context_known
            self.previous = None

    # -- blocks ---------------------------------------------------------------------------
    def heading(self, b: Block) -> None:
        """A ``### 14:02`` heading is an entry (its zone governs its subsection); a date
        heading sets the date (and may declare a zone); "### PM" sets the half of the day."""
        self.enter_heading(b.level)
        for span in self.spans(b)[:1]:
            raw = self.raw(span)
            text = raw.lstrip("#").lstrip()
            base = span.start + (len(raw) - len(text))
            stamp = self.stamp(text)
            if stamp is None:
                self.plain_heading(b, text, base)
            elif stamp.clock is not None:
                self.time_heading(b, text, base, stamp)
            elif stamp.blank_time or stamp.day is None:
                self.add(b.line, text, base, None, text)
            else:
                self.date_line(stamp)
                found = zone_in(text[stamp.end :], self.inputs.defined)
                if found is not None:
                    found = replace(found, start=found.start + stamp.end, end=found.end + stamp.end)
                    self.declare(self.declaration(found, "heading", b.line, base), b.level)

    def time_heading(self, b: Block, text: str, base: int, stamp: Stamp) -> None:
        if stamp.zone is not None:
            found = Found(stamp.zone, stamp.zone_start, stamp.zone_end, False)
            self.declare(self.declaration(found, "heading", b.line, base), b.level)
        if stamp.meridiem:
            self.halves.append((b.level, "pm" if stamp.clock and stamp.clock.hour >= 12 else "am"))
        self.add(b.line, text, base, stamp, text[stamp.end :].strip(" :-–—"))

    def plain_heading(self, b: Block, text: str, base: int) -> None:
        half = _half_day(text)
        if half is not None:
            self.halves.append((b.level, half))
        elif _PLACEHOLDER_TIME.match(text) and self.entries:
            self.add(b.line, text, base, None, text)  # "### 2X:XX (not sure exact time)"
        elif self.note_text(text, b.line, base):
            pass

    def paragraph(self, b: Block) -> None:
        for span in self.spans(b):
            raw = self.raw(span)
            for number, offset, segment in segments(raw):
                self.segment(b.line + number, span.start + offset, segment)

    def segment(self, line: int, base: int, text: str) -> None:
        stamp = self.stamp(text)
        if stamp is None:
            self.note_text(text, line, base)
            return
        rest = text[stamp.end :].strip(" *_`]):-–—|")
        if stamp.clock is None and not stamp.blank_time and not stamp.relative:
            if not rest:
                self.date_line(stamp)
                return
            found = declared(rest, self.inputs.defined)
            if found is not None:  # "2019-06-04 (all times UTC)"
                self.date_line(stamp)
                shift = text.index(rest)
                found = replace(found, start=found.start + shift, end=found.end + shift)
                self.declare(self.declaration(found, "preamble", line, base), self.level)
                return
        self.add(line, text, base, stamp, rest)

    def quote(self, b: Block) -> None:
        """A blockquote may declare a zone ("> Times below: Europe/London")."""
        for inner in b.items:
            for span in self.spans(inner) if inner.kind == "paragraph" else []:
                self.note_text(self.raw(span), inner.line, span.start)


def segments(raw: str) -> list[tuple[int, int, str]]:
    """``(line number, offset, text)`` of a paragraph's lines, each split at ``<br>``."""
    found: list[tuple[int, int, str]] = []
    offset = 0
    for number, line in enumerate(raw.split("\n")):
        start = 0
        for m in _BREAK.finditer(line) if "<" in line else ():
            found.append((number, offset + start, line[start : m.start()]))
            start = m.end()
        found.append((number, offset + start, line[start:]))
        offset += len(line) + 1
    return found


def skipped_item(text: str) -> bool:
    """An untimed list item that is not an event: a note, an image, a link, an attribute list."""
    first = text.strip().split("\n")[0]
    return not first.strip() or bool(_NOTE.match(first) or _IMAGE_OR_LINK.match(first))
