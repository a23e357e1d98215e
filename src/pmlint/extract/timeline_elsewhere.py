"""Timeline content outside a Timeline section: under a heading that names one, in the list
under a "**Key events**" label, and in lists or runs of paragraphs whose lines open with clock
times. Each is its own group (one chronology); there, lines without a time are not entries."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from pmlint.dates import find_stamp
from pmlint.extract.labels import label_alone
from pmlint.extract.timeline_blocks import read_block, read_list
from pmlint.extract.timeline_reader import Reader, segments
from pmlint.headings import HeadingMatcher
from pmlint.lang import LANGUAGES, table
from pmlint.model import Block


@cache
def _timeline_words() -> re.Pattern[str]:
    words = [w for lang in LANGUAGES for w in table("dates", lang).get("timeline_words", [])]
    alternation = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alternation})(?![^\W\d_])", re.IGNORECASE)


def read_elsewhere(reader: Reader, blocks: tuple[Block, ...], matcher: HeadingMatcher) -> None:
    """Every timeline group of ``blocks`` (a document without a Timeline section)."""
    walk = _Elsewhere(reader, matcher)
    for b in blocks:
        walk.block(b)
    walk.flush()


class _Elsewhere:
    """Timeline content outside a Timeline section, group by group (see the module docstring).

    Lists and paragraphs that open with times make a run while only code or HTML comes
    between them (a log pasted between two entries does not split a timeline); a heading, a
    table or other prose ends the run."""

    def __init__(self, reader: Reader, matcher: HeadingMatcher) -> None:
        self.reader = reader
        self.matcher = matcher
        self.heading_level = 0  # inside a heading that names a timeline, its level
        self.run: list[Block] = []
        self.timed = 0
        self.heading_day: date | None = None  # the date of the last heading ("Incident on ...")

    def block(self, b: Block) -> None:
        reader = self.reader
        if b.kind == "heading" and (not self.heading_level or b.level <= self.heading_level):
            self.flush()
            stamp, _ = find_stamp(b.text, reader.calendar, reader.inputs.defined)
            self.heading_day = stamp.day if stamp is not None else self.heading_day
            self.heading_level = b.level if _timeline_words().search(b.text) else 0
            if self.heading_level:
                self.group(b.line)
                reader.enter_heading(b.level)
        elif self.heading_level:
            read_block(reader, b)
        elif b.kind == "paragraph":
            timed = _opening(reader, b)
            if timed is None:
                self.flush()
            else:
                self.add(b, timed)
        elif b.kind == "list":
            self.list(b)
        elif b.kind not in ("code", "html", "rawhtml", "break"):
            self.flush()

    def add(self, b: Block, timed: int) -> None:
        self.run.append(b)
        self.timed += timed

    def flush(self) -> None:
        run, timed = self.run, self.timed
        self.run, self.timed = [], 0
        if timed < 2:
            return
        self.group(run[0].line)
        for b in run:
            read_block(self.reader, b)

    def group(self, line: int) -> None:
        reader = self.reader
        if reader.entries:
            reader.group += 1
        reader.previous = None
        reader.heading_line = reader.heading_line or line
        anchor = self.heading_day or reader.inputs.incident
        reader.context, reader.context_known = anchor, anchor is not None
        if anchor is not None:
            reader.anchors[reader.group] = anchor

    def list(self, b: Block) -> None:
        """A list of timed items joins the run; otherwise its "**Key events**"-style labels
        and the timed lists nested in its items are looked at."""
        reader = self.reader
        opening, inside = _timed_items(reader, b)
        if opening:
            self.add(b, opening)
            return
        if inside:
            self.flush()
            self.group(b.line)
            reader.anywhere = True
            read_list(reader, b)
            reader.anywhere = False
            return
        for item in b.items:
            label = label_alone(item.items[0].raw) if item.items and item.items[0].raw else None
            named = label is not None and (
                self.matcher.match(label)[0] == "timeline" or bool(_timeline_words().search(label))
            )
            nested = [x for x in item.items[1:] if x.kind == "list"]
            if not nested:
                self.flush()
            for inner in nested:
                if named:
                    self.flush()
                    self.group(item.line)
                    reader.anywhere = True
                    read_list(reader, inner)
                    reader.anywhere = False
                else:
                    self.list(inner)


def _opening(reader: Reader, b: Block) -> int | None:
    """1 for a paragraph that opens with a clock time, 0 for a date line, else None."""
    spans = reader.spans(b)
    if not spans:
        return None
    stamp = reader.stamp(segments(reader.raw(spans[0]))[0][2])
    if stamp is None or stamp.relative:
        return None
    if stamp.clock is not None:
        return 1
    return 0 if stamp.day is not None else None


def _timed_items(reader: Reader, b: Block) -> tuple[int, bool]:
    """How many items open with a clock time, when they are at least half the list; else
    whether at least two hold a dated clock time inside ("rolled out on Apr. 28 around
    20:00 UTC")."""
    opening = inside = 0
    for item in b.items:
        first = item.items[0] if item.items else None
        spans = reader.spans(first) if first is not None and first.kind == "paragraph" else []
        line = segments(reader.raw(spans[0]))[0][2] if spans else ""
        stamp = reader.stamp(line) if line else None
        if stamp is not None and stamp.clock is not None:
            opening += 1
        elif line:
            found, _ = find_stamp(line, reader.calendar, reader.inputs.defined)
            inside += 1 if found is not None and found.clock is not None else 0
    if opening and opening * 2 >= len(b.items):
        return opening, False
    return 0, inside >= 2
