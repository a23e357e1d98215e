"""Timeline blocks read into entries: paragraphs, lists (and the lists nested under a date
item), tables (a Date and a Time column, a UTC column beside a local one, zones in column
headers in any supported language) and blockquotes that declare a zone."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from pmlint.dates import find_stamp
from pmlint.extract.declarations import zone_in
from pmlint.extract.timeline_reader import Reader, segments, skipped_item
from pmlint.headings import normalize_heading
from pmlint.lang import LANGUAGES, table
from pmlint.model import Block, Declaration, Stamp


def read_block(reader: Reader, b: Block, entries: bool = True) -> None:
    if b.kind == "quote":
        reader.quote(b)
    elif not entries:
        if b.kind == "paragraph":
            for span in reader.spans(b):
                for number, offset, segment in segments(reader.raw(span)):
                    reader.note_text(segment, b.line + number, span.start + offset)
    elif b.kind == "heading":
        reader.heading(b)
    elif b.kind == "paragraph":
        reader.paragraph(b)
    elif b.kind == "list":
        read_list(reader, b)
    elif b.kind == "table":
        read_table(reader, b)


def read_list(reader: Reader, b: Block) -> None:
    stamped: list[tuple[Block, int, str, Stamp | None, bool]] = []
    for item in b.items:
        first = item.items[0] if item.items else None
        spans = reader.spans(first) if first is not None and first.kind == "paragraph" else []
        if not spans:
            continue
        _, offset, line = segments(reader.raw(spans[0]))[0]
        base = spans[0].start + offset
        stamp, milestone = reader.stamp(line), False
        if stamp is None and reader.anywhere:
            stamp, tail = find_stamp(line, reader.calendar, reader.inputs.defined)
            if stamp is not None:
                milestone = _is_label(line[: len(line) - len(tail)])
                base, line = base + len(line) - len(tail), tail
        if stamp is None and (
            skipped_item(line) or reader.note_text(line, item.line, base, strict=True)
        ):
            continue
        stamped.append((item, base, line, stamp, milestone))
    with_time = sum(1 for *_, s, _ in stamped if s is not None)
    is_timeline = (with_time * 2 >= len(stamped) and with_time > 0) or reader.anywhere
    is_timeline = is_timeline or (reader.only_list and not with_time)
    weak = not with_time and not reader.anywhere
    for item, base, line, stamp, milestone in stamped:
        _list_entry(reader, item, base, line, stamp, milestone, is_timeline, weak)


def _is_label(text: str) -> bool:
    """ "Incident declared:", "First detected": a short label before the stamp it names."""
    words = text.strip(" *_:-–—").split()
    return 0 < len(words) <= 4 and "`" not in text and "](" not in text


def _list_entry(
    reader: Reader,
    item: Block,
    base: int,
    line: str,
    stamp: Stamp | None,
    milestone: bool,
    is_timeline: bool,
    weak: bool,
) -> None:
    if stamp is None:
        if is_timeline and not reader.only_stamped:
            reader.add(item.line, line, base, None, line, weak=weak)
        return
    rest = line[stamp.end :].strip(" *_`]):-–—|")
    date_line = stamp.clock is None and not stamp.blank_time and not stamp.relative
    if date_line and not rest and not milestone:
        reader.date_line(stamp)
        for nested in item.items[1:]:
            if nested.kind == "list":
                read_list(reader, nested)
        return
    reader.add(item.line, line, base, stamp, rest, milestone=milestone)


# --- tables --------------------------------------------------------------------------------


@cache
def _time_headers() -> tuple[str, ...]:
    return tuple(w for lang in LANGUAGES for w in table("dates", lang).get("time_headers", []))


def is_time_header(text: str) -> bool:
    norm = normalize_heading(text.replace("/", " ")) or text.strip(" *_").lower()
    words = set(norm.split())
    return any(
        (w in words or (" " in w and w in norm)) if w.isascii() else w in text
        for w in _time_headers()
    )


def table_declarations(reader: Reader, b: Block) -> tuple[list[int], int | None]:
    """The time columns of a table and, when a UTC column stands beside a local one, the UTC
    one; the declaration of the (local) time column is pushed for the rows."""
    if not b.items:
        return [], None
    header, spans = b.items[0].cells, reader.spans(b.items[0])
    columns = [i for i, h in enumerate(header) if is_time_header(h)]
    found: dict[int, Declaration] = {}
    for i in columns:
        if i < len(spans):
            zone = zone_in(reader.raw(spans[i]), reader.inputs.defined)
            if zone is not None:
                found[i] = reader.declaration(zone, "column", b.items[0].line, spans[i].start)
    utc = next((i for i in columns if i in found and found[i].zone.kind == "utc"), None)
    local = next((i for i in columns if i in found and found[i].zone.kind != "utc"), None)
    if utc is not None and local is not None:
        reader.declare(replace(found[local], also_utc=True), 99)
        return [local, *(i for i in columns if i not in (local, utc))], utc
    if found:
        reader.declare(found[min(found)], 99)
    return columns, None


def read_table(reader: Reader, b: Block) -> None:
    scopes = list(reader.scopes)
    columns, _ = table_declarations(reader, b)
    if columns:
        for row in b.items[1:]:
            _row(reader, row, columns[0], columns[1:])
    reader.scopes = scopes


def _row(reader: Reader, row: Block, column: int, others: list[int]) -> None:
    spans = reader.spans(row)
    if column >= len(spans):
        return
    span = spans[column]
    raw = reader.raw(span)
    stamp = reader.stamp(raw)
    text = " | ".join(c for i, c in enumerate(row.cells) if i != column and i not in others)
    if stamp is not None and stamp.clock is None and stamp.day is not None:
        for other in others:  # a Date column and a Time column: "| 2025-03-11 | 14:02 | ... |"
            if other < len(spans):
                extra = reader.stamp(reader.raw(spans[other]))
                if extra is not None and extra.clock is not None:
                    reader.date_line(stamp)
                    reader.add(row.line, reader.raw(spans[other]), spans[other].start, extra, text)
                    return
    if stamp is None and not raw.strip(" *_`") and not text.strip(" |"):
        return  # an empty row (a template's blank lines) is not an entry
    reader.add(row.line, raw if raw.strip() else text, span.start, stamp, text)
