"""Time stamps, zones and dates as postmortem timelines write them.

Every date is built from explicit parts or from a default taken from the incident (never from
today's clock), and every zone comes from the explicit table below, the offset written, or an
IANA name through :mod:`zoneinfo`. Abbreviations with several meanings (IST, CST, BST, ...)
are never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache

UTC_NAMES = frozenset(["UTC", "Z", "GMT", "UT", "+00:00", "+0000", "UTC+0", "UTC+00:00", "GMT+0"])

# Abbreviations with one meaning: hours east of UTC.
FIXED: dict[str, float] = {
    "PST": -8,
    "PDT": -7,
    "MST": -7,
    "MDT": -6,
    "CDT": -5,
    "EST": -5,
    "EDT": -4,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
    "NST": -3.5,
    "NDT": -2.5,
    "BRT": -3,
    "ART": -3,
    "WET": 0,
    "WEST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "JST": 9,
    "KST": 9,
    "HKT": 8,
    "SGT": 8,
    "AWST": 8,
    "ACST": 9.5,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "PKT": 5,
    "NPT": 5.75,
    "ICT": 7,
    "WIB": 7,
}
# Generic names that follow daylight saving: resolved with the date.
GENERIC: dict[str, str] = {
    "PT": "America/Los_Angeles",
    "PACIFIC": "America/Los_Angeles",
    "MT": "America/Denver",
    "CT": "America/Chicago",
    "ET": "America/New_York",
    "EASTERN": "America/New_York",
    "CENTRAL": "America/Chicago",
    "MOUNTAIN": "America/Denver",
}
# Abbreviations with more than one meaning: never guessed (PM305).
AMBIGUOUS = frozenset(
    ["IST", "CST", "BST", "AST", "ADT", "SST", "GST", "CAT", "EAT", "WAT", "AMT", "ACT", "PDT8"]
)


@dataclass(frozen=True)
class Zone:
    """A zone as written, and how it resolves."""

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


_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


@cache
def zone(name: str) -> Zone:
    """Resolve a zone name as written: "UTC", "PDT", "+02:00", "UTC+1", "Europe/Berlin"."""
    text = name.strip().strip("()").strip()
    upper = text.upper()
    if upper in UTC_NAMES or upper in ("UTC±0", "UTC-0", "ZULU"):
        return Zone(text, "utc", UTC)
    if upper in AMBIGUOUS:
        return Zone(text, "ambiguous")
    if upper in FIXED:
        return Zone(text, "fixed", timezone(timedelta(hours=FIXED[upper]), upper))
    m = _OFFSET.match(text)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)) * sign
        if abs(delta) > timedelta(hours=14):
            return Zone(text, "unknown")
        if not delta:
            return Zone(text, "utc", UTC)
        return Zone(text, "fixed", timezone(delta))
    iana = GENERIC.get(upper, text)
    if "/" in iana or re.fullmatch(r"[A-Z]{3}\d[A-Z]{3}", iana):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return Zone(text, "iana", ZoneInfo(iana))
        except (ZoneInfoNotFoundError, ValueError):
            return Zone(text, "unknown")
    return Zone(text, "unknown")


ZONE_TOKEN = (
    r"(?:UTC|GMT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?(?![A-Za-z0-9/])|Z(?![A-Za-z0-9/])|[+-]\d{2}:?\d{2}(?!\d)"
    r"|[A-Z][A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?|[A-Z]{3}\d[A-Z]{3}"
    r"|(?:"
    + "|".join(
        sorted(
            [*FIXED, *AMBIGUOUS, *GENERIC, *(g.capitalize() for g in GENERIC if len(g) > 2)],
            key=len,
            reverse=True,
        )
    )
    + r")(?![A-Za-z0-9/])"
)
_ZONE_RE = re.compile(ZONE_TOKEN)

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
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


@dataclass(frozen=True)
class Stamp:
    """A date and/or time found at ``start:end`` of a text, with the zone as written."""

    start: int
    end: int
    day: date | None
    year_given: bool
    clock: time | None
    zone: Zone | None
    zone_end: int = -1
    time_start: int = -1
    time_end: int = -1
    style: str = "24"  # "24", "24pad", "12", "hhmm"
    seconds: bool = False
    dual_end: int = -1  # end of a "(17:14 UTC)" that repeats the time in UTC
    bad_date: bool = False


def _month(text: str) -> int:
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
    day: date | None = None
    year_given = False
    bad = False
    if m.group("date"):
        g = m.groupdict()
        if g["iso"]:
            year_given = True
            day = _make_day(int(g["iso"]), int(g["iso_m"]), int(g["iso_d"]), default_year)
        elif g["mdy_y"]:
            year_given = True
            day = _make_day(int(g["mdy_y"]), int(g["mdy_m"]), int(g["mdy_d"]), default_year)
        elif g["md_m"]:
            day = _make_day(None, int(g["md_m"]), int(g["md_d"]), default_year)
        elif g["mn"]:
            year_given = g["mn_y"] is not None
            year = int(g["mn_y"]) if g["mn_y"] else None
            day = _make_day(year, _month(g["mn"]), int(g["mn_d"]), default_year)
        elif g["dm"]:
            year_given = g["dm_y"] is not None
            year = int(g["dm_y"]) if g["dm_y"] else None
            day = _make_day(year, _month(g["dm"]), int(g["dm_d"]), default_year)
        bad = day is None
    clock: time | None = None
    style = "24"
    seconds = False
    if m.group("time"):
        g = m.groupdict()
        try:
            if g["h"] is not None:
                hour, minute = int(g["h"]), int(g["mi"])
                second = int(g["s"]) if g["s"] else 0
                seconds = g["s"] is not None
                if g["ap"]:
                    hour = _twelve(hour, g["ap"])
                    style = "12"
                elif len(g["h"]) == 2:
                    style = "24pad"
                clock = time(hour, minute, second)
            elif g["h12"] is not None:
                clock = time(_twelve(int(g["h12"]), g["ap12"]), 0)
                style = "12"
            elif g["hhmm"] is not None:
                if not m.group("date"):
                    return None  # "1625" alone is too likely a year or a number
                clock = time(int(g["hhmm"][:2]), int(g["hhmm"][2:]))
                style = "hhmm"
        except ValueError:
            clock = None
            bad = True
    if m.group("date") and not m.group("time") and not _date_only_ok(text, m.end("date")):
        return None
    found_zone = zone(m.group("zone")) if m.group("zone") else None
    end = m.end()
    if found_zone is not None and found_zone.kind == "unknown" and m.group("zone")[:1] in "+-":
        found_zone = None  # "17:00-18:00" is a range, not a -18:00 offset
        end = m.end("time") if m.group("time") else m.end("date")
    dual = _DUAL.match(text, end) if clock is not None else None
    dual_end = dual.end() if dual is not None else -1
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
        dual_end=dual_end,
        bad_date=bad,
    )


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


def find_zone(text: str) -> tuple[Zone, int, int] | None:
    """The first zone named in a declaration ("All times are PST", "Timeline (UTC)")."""
    for m in _ZONE_RE.finditer(text):
        token = m.group(0)
        if token == "Z":
            continue
        found = zone(token)
        if found.kind != "unknown" or "/" in token:
            return found, m.start(), m.end()
    return None


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
