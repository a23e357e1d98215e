"""Calendar dates as postmortems write them, in every common order and language.

ISO dates (``2024-03-14``), numeric dates in either order (``27.02.2024``, ``02/27/2024``,
``24/07/25``), month names in the supported languages (``14 March``, ``14. März``,
``14 de marzo de 2024``, ``Mar 14th, 2024``) and CJK dates (``2024年3月14日``, ``3월 14일``).
Month and weekday names come from the per-language tables (``data/dates/<language>.json``).

A numeric date whose first field is over 12 is day-first, one whose second field is over 12
is month-first; the others follow the document (:attr:`Calendar.day_first`, set from its
unambiguous dates) or, failing that, the separator (dots are day-first, slashes and dashes
month-first). A year-less date takes the year that puts it nearest the reference date (the
incident, or the date the timeline is at): "Dec 5" before a March incident is the previous
December. Nothing here reads today's clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache

from pmlint.lang import LANGUAGES, alternation, table
from pmlint.values import is_placeholder

SYNTHETIC_YEAR = 2000  # stands in for an unknown year (never reported as a real date)


@cache
def month_numbers() -> dict[str, int]:
    """Every month name and abbreviation of every language -> its number."""
    found: dict[str, int] = {}
    for language in LANGUAGES:
        for number, names in enumerate(table("dates", language).get("months", []), start=1):
            for name in names:
                found.setdefault(name.lower(), number)
    return found


def _alternation(words: list[str]) -> str:
    """The words, longest first, for use under re.IGNORECASE (see :func:`alternation`)."""
    return alternation(sorted(set(words), key=len, reverse=True))


@cache
def month_pattern() -> str:
    """A regular expression for one month name (any language, abbreviations with a dot)."""
    return rf"(?:{_alternation(list(month_numbers()))})(?![^\W\d_])\.?"


@cache
def weekday_pattern() -> str:
    """An optional weekday before a date ("Saturday ", "Tue, ", "lundi ")."""
    words = [w for lang in LANGUAGES for w in table("dates", lang).get("weekdays", [])]
    return rf"(?:(?:{_alternation(words)})(?![^\W\d_])\.?,?\s+)?"


def month_number(name: str) -> int:
    """The number of a month name as written ("Sept." -> 9, "März" -> 3)."""
    return month_numbers()[name.lower().rstrip(".")]


@dataclass(frozen=True)
class Calendar:
    """How one document's dates are completed and ordered."""

    reference: date | None = None  # a year-less date takes the year nearest this date
    day_first: bool | None = None  # ambiguous numeric dates: None = by their separator

    def complete(self, year: int | None, month: int, day: int) -> tuple[date | None, bool]:
        """The date, and whether its year is known (written, or taken from the reference)."""
        if year is not None:
            return _make(year, month, day), True
        ref = self.reference
        if ref is None:
            return _make(SYNTHETIC_YEAR, month, day), False
        candidates = [
            d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _make(y, month, day))
        ]
        if not candidates:
            return None, True
        return min(candidates, key=lambda d: abs((d - ref).days)), True

    def order(self, first: int, second: int, separator: str) -> tuple[int, int]:
        """``(month, day)`` of a numeric date written ``first<sep>second``."""
        if first > 12 >= second:
            return second, first
        if second > 12 >= first:
            return first, second
        day_first = self.day_first if self.day_first is not None else separator == "."
        return (second, first) if day_first else (first, second)


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class DateMatch:
    """A date found at ``start:end``; ``day`` is None when it is not a real date (Feb 30)."""

    start: int
    end: int
    day: date | None
    year_given: bool
    numeric: str = ""  # the separator of an ambiguous-order numeric date ("" otherwise)


_ORD = r"(?:st|nd|rd|th|er)?"
_ISO = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d])")
_CJK = re.compile(r"(?:(\d{4})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일号號]?(?!\d)")
_NUMERIC = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|(?<=/)\d{2})(?![\d])")
_MONTH_DAY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})(?=\s*[T ,]\s*\d{1,2}[:.h]\d{2})")


@cache
def _named() -> tuple[re.Pattern[str], re.Pattern[str]]:
    month = month_pattern()
    first = re.compile(
        rf"({month})\s*(\d{{1,2}})(?!\d|:\d){_ORD}(?:\s*[-–]\s*\d{{1,2}}(?!\d|:\d){_ORD})?"
        r"(?:,?\s+(\d{4})(?!\d))?",
        re.IGNORECASE,
    )
    day_first = re.compile(
        rf"(\d{{1,2}}){_ORD}\.?\s*(?:de\s+)?({month})(?:,?\s+(?:de\s+)?(\d{{4}})(?!\d))?",
        re.IGNORECASE,
    )
    return first, day_first


def read_date(text: str, pos: int, calendar: Calendar) -> DateMatch | None:
    """The date written at ``text[pos:]``, if one starts there."""
    if not text[pos : pos + 1].isdecimal():  # every form but a month name opens with \d
        if m := _named()[0].match(text, pos):
            return _named_match(m, calendar, month_group=1, day_group=2, year_group=3)
        return None
    if m := _ISO.match(text, pos):
        day = _make(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        return DateMatch(pos, m.end(), day, True)
    if m := _CJK.match(text, pos):
        year = int(m.group(1)) if m.group(1) else None
        day, known = calendar.complete(year, int(m.group(2)), int(m.group(3)))
        return DateMatch(pos, m.end(), day, known and year is not None)
    if m := _NUMERIC.match(text, pos):
        month, dom = calendar.order(int(m.group(1)), int(m.group(3)), m.group(2))
        year = int(m.group(4))
        year = year if year >= 100 else 2000 + year if year < 70 else 1900 + year
        return DateMatch(pos, m.end(), _make(year, month, dom), True, _ambiguous(m, 1, 3))
    if m := _MONTH_DAY.match(text, pos):
        month, dom = calendar.order(int(m.group(1)), int(m.group(3)), m.group(2))
        day, known = calendar.complete(None, month, dom)
        return DateMatch(pos, m.end(), day, False, _ambiguous(m, 1, 3))
    first, day_first = _named()
    if m := first.match(text, pos):
        return _named_match(m, calendar, month_group=1, day_group=2, year_group=3)
    if m := day_first.match(text, pos):
        return _named_match(m, calendar, month_group=2, day_group=1, year_group=3)
    return None


def _ambiguous(m: re.Match[str], a: int, b: int) -> str:
    return m.group(2) if int(m.group(a)) <= 12 and int(m.group(b)) <= 12 else ""


def _named_match(
    m: re.Match[str], calendar: Calendar, month_group: int, day_group: int, year_group: int
) -> DateMatch:
    year = int(m.group(year_group)) if m.group(year_group) else None
    month = month_number(m.group(month_group))
    day, _ = calendar.complete(year, month, int(m.group(day_group)))
    return DateMatch(m.start(), m.end(), day, year is not None)


# --- a document's own dates -------------------------------------------------------------------

# r"(?<![\d.:/-])(\d{1,2})...", written to start with the digit (what may precede it checked
# after it) so that the regular expression engine skips ahead to digits.
_ANY_NUMERIC = re.compile(r"(\d(?<![\d.:/-]\d)\d?)([-/.])(\d{1,2})\2(\d{4})(?![\d])")


def prefers_day_first(text: str) -> bool | None:
    """Whether the document's unambiguous numeric dates put the day first (None: no evidence)."""
    day_first = month_first = 0
    for m in _ANY_NUMERIC.finditer(text):
        a, b = int(m.group(1)), int(m.group(3))
        if a > 12 >= b >= 1:
            day_first += 1
        elif b > 12 >= a >= 1:
            month_first += 1
    if day_first == month_first:
        return None
    return day_first > month_first


_FIND_START = re.compile(r"(?<![\w.:/-])(?=\d|[^\W\d_])")


def find_date(text: str) -> date | None:
    """The first unambiguous calendar date written in ``text`` (with its year)."""
    calendar = Calendar()
    for m in _FIND_START.finditer(text):
        found = read_date(text, m.start(), calendar)
        if found is None or found.day is None or not found.year_given or found.numeric:
            continue
        return found.day
    return None


# --- due dates of corrective actions --------------------------------------------------------


_NUMERIC_DATE = r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"  # due dates


@cache
def _due_text() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A due date after a label ("due: 2025-05-01", "by May 1"), and a label's free text.

    Compiled apart from :func:`_due_shape`: a table's Due column needs only that one, and the
    month names in this pattern take ~2 ms to compile."""
    month = month_pattern()
    date_text = (
        _NUMERIC_DATE + r"|(?:\d{4}\s*[年년]\s*)?\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]?"
        rf"|{month} \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?"
        rf"|\d{{1,2}}{_ORD}\.? (?:de )?{month}(?:,? (?:de )?\d{{4}})?"
    )
    label = re.compile(
        r"\b(?:due(?: date)?|deadline|eta|target(?: date)?|by)\s*[:=]?\s*\**\s*(" + date_text + ")",
        re.IGNORECASE,
    )
    word = re.compile(
        r"\b(?:due(?: date)?|deadline|eta|target date)\s*[:=]\s*([^,;)\n|]{1,40})", re.IGNORECASE
    )
    return label, word


@cache
def _due_shape() -> re.Pattern[str]:
    """What a due date looks like: digits in a date's order, a CJK month, a month's name."""
    return re.compile(
        _NUMERIC_DATE + r"|\d{1,2}\s*[月월]" + rf"|(?<![^\W\d_]){month_pattern()}",
        re.IGNORECASE,
    )


def due_in_text(text: str) -> str | None:
    """A due date written in an item's text ("due: 2025-05-01", "by May 1"), as written."""
    label, word = _due_text()
    m = label.search(text) or word.search(text)
    return m.group(1).strip() if m else None


def parse_due(raw: str, incident: date | None) -> tuple[date | None, str | None]:
    """A due date from what the author wrote; ``(None, reason)`` when it is not a date.

    A year-less due date takes the incident's year; without an incident date it is an error."""
    text = raw.strip().strip("*_`").strip()
    shown = repr(raw.strip())
    if is_placeholder(text):
        return None, None
    if not _due_shape().search(text):
        return None, f"{shown} is not a date"
    found = read_date(text, 0, Calendar())
    if found is not None and not text[found.end :].strip(" .,"):
        if found.day is None:
            return None, f"{shown} is not a valid date"
        if found.year_given:
            return found.day, None
        if incident is None:
            return None, f"{shown} has no year and the incident date is unknown"
        return _make(incident.year, found.day.month, found.day.day), None
    return _dateutil_due(text, shown, incident)


def _dateutil_due(text: str, shown: str, incident: date | None) -> tuple[date | None, str | None]:
    """English forms the reader above does not cover ("May 20th 2025 EOD" is not one)."""
    from dateutil import parser

    if re.search(r"\b\d{4}\b", text) is None and incident is None:
        return None, f"{shown} has no year and the incident date is unknown"
    default = datetime(incident.year if incident else SYNTHETIC_YEAR, 1, 1)
    try:
        parsed = parser.parse(text, default=default, fuzzy=False)
    except (ValueError, OverflowError):
        return None, f"{shown} is not a valid date"
    return parsed.date(), None


# --- writing times back -------------------------------------------------------------------


def format_clock(value: time, style: str, seconds: bool, meridiem: str = "") -> str:
    """A time written in the style the entry used."""
    if style == "12":
        hour = value.hour % 12 or 12
        marker = meridiem or " PM"
        pm = value.hour >= 12
        text = f"{hour}:{value.minute:02d}" + (f":{value.second:02d}" if seconds else "")
        return text + _marker(marker, pm)
    if style == "hhmm":
        return f"{value.hour:02d}{value.minute:02d}"
    hours = f"{value.hour:02d}" if style == "24pad" else str(value.hour)
    clock = f"{hours}:{value.minute:02d}"
    return clock + (f":{value.second:02d}" if seconds else "")


def _marker(written: str, pm: bool) -> str:
    """``written`` ("pm", " P.M.", " AM") turned to the right half of the day, same form."""
    letter = written.strip()[:1]
    new = ("p" if pm else "a") if letter.islower() else ("P" if pm else "A")
    index = written.index(letter)
    return written[:index] + new + written[index + 1 :]


def iso_z(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
