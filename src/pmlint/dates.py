"""Dates and times as postmortems write them: timeline stamps, incident dates, due dates.

Every date is built from explicit parts or from a default taken from the incident (never from
today's clock). Zones are read by :mod:`pmlint.zones`. This is the one place that reads dates:
month names, stamps, the incident date in a title or front matter, and action due dates.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from pmlint.model import Stamp
from pmlint.values import is_placeholder
from pmlint.zones import ZONE_TOKEN, zone

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# One table of month names: every pattern below is built from it.
MONTH_NAMES = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_MONTH = rf"(?:{MONTH_NAMES})[a-z]*\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
DATE_RE = (
    r"(?P<iso>\d{4})[-/](?P<iso_m>\d{1,2})[-/](?P<iso_d>\d{1,2})(?!\d)"
    r"|(?P<mdy_m>\d{1,2})[-/](?P<mdy_d>\d{1,2})[-/](?P<mdy_y>\d{4})(?!\d)"
    r"|(?P<md_m>\d{1,2})[-/](?P<md_d>\d{1,2})(?=\s+\d{1,2}:\d{2})"
    r"|(?P<mn>"
    + _MONTH
    + r")\s+(?P<mn_d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<mn_y>\d{4})(?!\d)|(?![\d:]))"
    r"|(?P<dm_d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<dm>" + _MONTH + r")(?:,?\s+(?P<dm_y>\d{4}))?(?!\d)"
)
TIME_RE = (
    r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?(?:\s*(?P<ap>[ap]\.?m\.?)(?!\w))?"
    r"|(?P<h12>\d{1,2})\s*(?P<ap12>[ap]\.?m\.?)(?!\w)"
    r"|(?P<hhmm>[0-2]\d[0-5]\d)(?=\s*(?:[-–—:]|utc|z\b|$))"
)
# A stamp at the start of an entry: optional date, optional time, optional zone.
STAMP = re.compile(
    r"^(?P<lead>[\s>*_`\[(|#-]*)"
    r"(?:" + _WEEKDAY + r"(?P<date>" + DATE_RE + r"))?"
    r"(?:(?(date)(?:[,\s]+(?:at\s+)?|T|\s*[-–—]\s*))(?P<time>" + TIME_RE + r"))?"
    r"(?:\s*\(?(?-i:(?P<zone>" + ZONE_TOKEN + r"))\)?)?",
    re.IGNORECASE,
)
_DUAL = re.compile(
    r"\s*\(\s*(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s*(?P<zone>UTC|Z|GMT)\s*\)", re.IGNORECASE
)


def month_number(text: str) -> int:
    return MONTHS.index(text.lower()[:3]) + 1


def _make_day(year: int | None, month: int, day: int, default_year: int) -> date | None:
    try:
        return date(year if year is not None else default_year, month, day)
    except ValueError:
        return None


def parse_stamp(text: str, default_year: int) -> Stamp | None:
    """The stamp that opens ``text`` ("14:02", "2025-03-11 14:02 UTC", "Mar 11, 2:05 PM PDT")."""
    m = STAMP.match(text)
    if m is None or not (m.group("date") or m.group("time")):
        return None
    g = m.groupdict()
    day, year_given = _stamp_day(g, default_year) if m.group("date") else (None, False)
    bad = bool(m.group("date")) and day is None
    clock: time | None = None
    style, seconds = "24", False
    if m.group("time"):
        if g["hhmm"] is not None and not m.group("date"):
            return None  # "1625" alone is too likely a year or a number
        try:
            clock, style, seconds = _stamp_clock(g)
        except ValueError:
            bad = True
    if m.group("date") and not m.group("time") and not _date_only_ok(text, m.end("date")):
        return None
    found_zone = zone(m.group("zone")) if m.group("zone") else None
    end = m.end()
    if found_zone is not None and found_zone.kind == "unknown" and m.group("zone")[:1] in "+-":
        found_zone = None  # "17:00-18:00" is a range, not a -18:00 offset
        end = m.end("time") if m.group("time") else m.end("date")
    dual = _DUAL.match(text, end) if clock is not None else None
    return Stamp(
        start=m.end("lead"),
        end=end,
        day=day,
        year_given=year_given,
        clock=clock,
        zone=found_zone,
        zone_end=m.end("zone") if found_zone is not None else -1,
        time_start=m.start("time") if m.group("time") else -1,
        time_end=m.end("time") if m.group("time") else -1,
        style=style,
        seconds=seconds,
        dual_end=dual.end() if dual is not None else -1,
        bad_date=bad,
    )


def _stamp_day(g: dict[str, str | None], default_year: int) -> tuple[date | None, bool]:
    """The date of a stamp's date groups, and whether its year was written."""

    def number(name: str) -> int:
        return int(g[name] or 0)

    if g["iso"]:
        return _make_day(number("iso"), number("iso_m"), number("iso_d"), default_year), True
    if g["mdy_y"]:
        return _make_day(number("mdy_y"), number("mdy_m"), number("mdy_d"), default_year), True
    if g["md_m"]:
        return _make_day(None, number("md_m"), number("md_d"), default_year), False
    for name, day_group, year_group in (("mn", "mn_d", "mn_y"), ("dm", "dm_d", "dm_y")):
        month = g[name]
        if month:
            year = number(year_group) if g[year_group] else None
            day = _make_day(year, month_number(month), number(day_group), default_year)
            return day, year is not None
    return None, False


def _stamp_clock(g: dict[str, str | None]) -> tuple[time | None, str, bool]:
    """The clock time of a stamp's time groups, its style and whether it has seconds.

    Raises ValueError for an impossible time ("25:00", "13 AM")."""
    if g["h"] is not None:
        hour, minute = int(g["h"]), int(g["mi"] or 0)
        second = int(g["s"]) if g["s"] else 0
        style = "24pad" if len(g["h"]) == 2 else "24"
        if g["ap"]:
            hour, style = _twelve(hour, g["ap"]), "12"
        return time(hour, minute, second), style, g["s"] is not None
    if g["h12"] is not None:
        return time(_twelve(int(g["h12"]), g["ap12"] or ""), 0), "12", False
    if g["hhmm"] is not None:
        return time(int(g["hhmm"][:2]), int(g["hhmm"][2:])), "hhmm", False
    return None, "24", False


def _date_only_ok(text: str, end: int) -> bool:
    """A date alone opens an entry only when followed by a separator or the end."""
    rest = text[end:].lstrip(" *_`]),")
    return not rest or not (rest[0].isdigit() or (rest[0] in "-/" and rest[1:2].isalnum()))


def _twelve(hour: int, marker: str) -> int:
    if 13 <= hour <= 23:
        return hour  # "13:55 PM": a 24-hour time with a stray marker
    if not 1 <= hour <= 12:
        raise ValueError("hour out of range for a 12-hour clock")
    pm = marker.lower().startswith("p")
    return (hour % 12) + (12 if pm else 0)


_ISO_DATE = re.compile(r"\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b")
_MONTH_GROUP = rf"({MONTH_NAMES})[a-z]*\.?"
_MDY = re.compile(_MONTH_GROUP + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_GROUP + r",?\s+(\d{4})\b", re.I)


def find_date(text: str) -> date | None:
    """The first unambiguous calendar date written in ``text`` (ISO or with a month name)."""
    found: list[tuple[int, date]] = []
    for m in _ISO_DATE.finditer(text):
        d = _make_day(int(m.group(1)), int(m.group(2)), int(m.group(3)), 0)
        if d:
            found.append((m.start(), d))
            break
    for m in _MDY.finditer(text):
        d = _make_day(int(m.group(3)), month_number(m.group(1)), int(m.group(2)), 0)
        if d:
            found.append((m.start(), d))
            break
    for m in _DMY.finditer(text):
        d = _make_day(int(m.group(3)), month_number(m.group(2)), int(m.group(1)), 0)
        if d:
            found.append((m.start(), d))
            break
    return min(found)[1] if found else None


def find_stamp(text: str, year: int) -> tuple[Stamp | None, str]:
    """A date-and-time stamp anywhere in ``text``; the text from the stamp on."""
    for m in re.finditer(r"\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}", text):
        stamp = parse_stamp(text[m.start() :], year)
        if stamp is not None:
            return stamp, text[m.start() :]
    return None, text


# --- due dates of corrective actions --------------------------------------------------------

_DUE_DATE = (
    r"\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}"
    rf"|(?:{MONTH_NAMES})[a-z]*\.? \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?"
    rf"|\d{{1,2}} (?:{MONTH_NAMES})[a-z]*(?:,? \d{{4}})?"
)
_DUE_LABEL = re.compile(
    r"\b(?:due(?: date)?|deadline|eta|target(?: date)?|by)\s*[:=]?\s*\**\s*(" + _DUE_DATE + ")",
    re.IGNORECASE,
)
_DUE_WORD = re.compile(
    r"\b(?:due(?: date)?|deadline|eta|target date)\s*[:=]\s*([^,;)\n|]{1,40})", re.IGNORECASE
)
_DATE_SHAPE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}|"
    rf"\b(?:{MONTH_NAMES})[a-z]*\b",
    re.IGNORECASE,
)


def due_in_text(text: str) -> str | None:
    """A due date written in an item's text ("due: 2025-05-01", "by May 1"), as written."""
    m = _DUE_LABEL.search(text) or _DUE_WORD.search(text)
    return m.group(1).strip() if m else None


def parse_due(raw: str, incident: date | None) -> tuple[date | None, str | None]:
    """A due date from what the author wrote; ``(None, reason)`` when it is not a date."""
    text = raw.strip().strip("*_`").strip()
    if is_placeholder(text):
        return None, None
    if not _DATE_SHAPE.search(text):
        return None, f"{raw.strip()!r} is not a date"
    iso = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", text)
    if iso:
        try:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))), None
        except ValueError:
            return None, f"{raw.strip()!r} is not a valid date"
    has_year = re.search(r"\b\d{4}\b", text) is not None or re.fullmatch(
        r"\d{1,2}/\d{1,2}/\d{2}", text
    )
    if not has_year and incident is None:
        return None, f"{raw.strip()!r} has no year and the incident date is unknown"
    from dateutil import parser

    default = datetime(incident.year if incident else 2000, 1, 1)
    try:
        parsed = parser.parse(text, default=default, fuzzy=False)
    except (ValueError, OverflowError):
        return None, f"{raw.strip()!r} is not a valid date"
    return parsed.date(), None


def format_clock(value: time, style: str, seconds: bool) -> str:
    """A time written in the style the entry used."""
    if style == "12":
        hour = value.hour % 12 or 12
        suffix = "AM" if value.hour < 12 else "PM"
        text = f"{hour}:{value.minute:02d}"
        if seconds:
            text += f":{value.second:02d}"
        return f"{text} {suffix}"
    if style == "hhmm":
        return f"{value.hour:02d}{value.minute:02d}"
    hours = f"{value.hour:02d}" if style == "24pad" else str(value.hour)
    clock = f"{hours}:{value.minute:02d}"
    return clock + (f":{value.second:02d}" if seconds else "")


def iso_z(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
