"""Timeline stamps as postmortems write them: a date, a time, a range, a zone, in any order.

A stamp opens an entry: ``14:02``, ``2025-03-11 14:02 UTC``, ``Mar 11, 2:05 PM PDT``,
``27.02.2024 09:05``, ``2024年3月14日 午後3時``, ``**• 09:05 PDT:**``, ``17:00–18:00 CET``
(a range, never a ``-18:00`` offset), ``13:14 EDT (17:14 UTC)`` (the UTC time beside the
local one), ``12:45 PM PST Saturday Oct 30th:`` (the date after the time), ``[+1 h]`` and
``T+15m`` (relative to the first absolute time). Calendar dates are read by :mod:`pmlint.days`
and zones by :mod:`pmlint.zones`; every date is built from explicit parts or completed from
the document's :class:`~pmlint.days.Calendar`, never from today's clock.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from functools import cache

from pmlint.days import (
    Calendar,
    DateMatch,
    due_in_text,
    find_date,
    format_clock,
    iso_z,
    parse_due,
    read_date,
    weekday_pattern,
)
from pmlint.model import Stamp, Zone
from pmlint.zones import resolve, zone_token

__all__ = ["due_in_text", "find_date", "format_clock", "iso_z", "parse_due", "parse_stamp"]

_LEAD = re.compile(
    r"[\s>*_`\[(|#\\~\u2022\u00b7\u25aa\u2023\u25e6\u25ba\u25b6\u2192\u27a4\u2600-\u27bf"
    r"\ufe0f\U0001f300-\U0001faff]*"
)
_INTRO = re.compile(
    r"(?:(?:between|from|since|starting|around|about|approx\.?|approximately|circa|ca\.|gegen"
    r"|vers|hacia|verso)\s+"
    r"|(?:(?:early|late)\s+)?(?:morning|afternoon|evening|night)(?:\s+of)?\s+)?",
    re.IGNORECASE,
)
_NEXT_DAY = re.compile(
    r"(?:翌日|翌|次日|第二天|다음\s?날|(?:the\s+)?next\s+day,?)\s*", re.IGNORECASE
)
_DATE_TIME_GAP = re.compile(
    r"[*_`]*(?:\s*[,:]?\s+(?:(?:at|around|about|approx\.?|um|gegen|à|vers|a las|alle(?: ore)?"
    r"|om|às)\s+)?|T|\s*[-–—]\s*|(?<=[日일])\s*)[*_`]*",
    re.IGNORECASE,
)
_MERIDIEM = r"(?P<ap>\s?(?:[ap]\.\s?m\.|[ap]m|[AP]M)(?![^\W\d_]))"
_CLOCK = re.compile(
    r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?(?!\d)" + _MERIDIEM + "?"
    r"|(?P<h12>\d{1,2})"
    + _MERIDIEM.replace("ap>", "ap12>")
    + r"|(?P<hh>\d{1,2})h(?P<hm>\d{2})(?![\dm])"
    r"|(?P<cjk_ap>午前|午後|上午|下午|凌晨|早上|晚上|오전|오후)?\s*(?P<ch>\d{1,2})\s*[時时点시](?![間간])"
    r"(?:\s*(?P<cm>\d{1,2})\s*[分분])?",
    re.IGNORECASE,
)
_HHMM = re.compile(r"(?P<hhmm>[0-2]\d[0-5]\d)(?=\s*(?:[-–—:|]|utc\b|z\b|$))", re.IGNORECASE)
_DOTTED = re.compile(
    r"(?P<dh>\d{1,2})\.(?P<dm>[0-5]\d)(?![\d.])"
    r"(?:(?P<unit>\s*(?:Uhr|uur|h)\b)|(?P<dap>\s?(?:[ap]\.\s?m\.|[ap]m)(?![^\W\d_])))?",
    re.IGNORECASE,
)
_BLANK = re.compile(r"(?:--|\?\?|[0-2]?\d)\s*:\s*(?:--|\?\?)|--:--")
_TEMPLATE_TIME = re.compile(r"[\dXx]{1,2}:[\dXx]{2}(?!\w)|HH:MM", re.IGNORECASE)  # PM201's blanks
_RANGE = re.compile(r"\s*(?:[-–—~〜]|to|until|till|bis|à|a|hasta|fino alle|tot)\s*", re.IGNORECASE)
_RELATIVE = re.compile(
    r"(?:T\s*)?(?P<sign>[+−-])\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<biz>(?:business|working)\s+)?"
    r"(?P<unit>seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d)\b"
    r"(?:\s*(?P<n2>\d+)\s*(?:minutes?|mins?|m)\b)?(?:\s+(?:later|after))?",
    re.IGNORECASE,
)
_T_CLOCK = re.compile(
    r"T\s*(?P<sign>[+−-])\s*(?:(?P<h>\d{1,2}):(?P<m>\d{2})|(?P<n>\d+(?:\.\d+)?)(?![\w:.]))"
)
_SEPARATOR_AFTER = re.compile(r"[\s*_`\])]*(?:[:\-–—|,.]|$)")


@cache
def _zone_re() -> re.Pattern[str]:
    return re.compile(rf"\s*\(?\s*(?P<zone>{zone_token()})\s*\)?")


_DUAL = re.compile(
    r"\s*\(\s*(?P<h>\d{1,2}):(?P<m>\d{2})(?::\d{2})?\s*(?:UTC|Z|GMT)\s*\)", re.IGNORECASE
)


@dataclass
class _Scan:
    """A stamp while it is read; the fields become the :class:`Stamp`."""

    text: str
    calendar: Calendar
    defined: Mapping[str, Zone]
    fields: dict[str, object] = field(default_factory=dict)
    pos: int = 0
    iso: bool = False  # the time followed a date and a "T": "-07:00" after it is an offset


def parse_stamp(
    text: str, calendar: Calendar | int, defined: Mapping[str, Zone] | None = None
) -> Stamp | None:
    """The stamp that opens ``text``, or None ("14:02", "2025-03-11 14:02 UTC", "[+1 h]")."""
    cal = calendar if isinstance(calendar, Calendar) else Calendar()
    scan = _Scan(text, cal, defined or {})
    start = _LEAD.match(text).end()  # type: ignore[union-attr]
    scan.pos = start
    relative = _relative(scan)
    if relative is not None:
        return relative
    scan.pos = _INTRO.match(text, start).end()  # type: ignore[union-attr]
    next_day = _NEXT_DAY.match(text, scan.pos)
    if next_day is not None and next_day.end() > scan.pos:
        scan.fields["next_day"] = True  # "翌日 0:31": the day after the one before
        scan.pos = next_day.end()
    found = _date(scan)
    if found is not None:
        gap = _DATE_TIME_GAP.match(text, scan.pos)
        at = gap.end() if gap is not None else scan.pos
        scan.iso = gap is not None and gap.group(0).strip("*_`") == "T"
        has_time = _time(scan, at, after_date=True)
    else:
        has_time = _time(scan, scan.pos, after_date=False)
    if found is None and not has_time:
        if not scan.fields.get("blank_time"):
            return None
        return _stamp(scan, start, None)
    if has_time:
        _range(scan)
        _zone(scan)
        _dual(scan)
        if found is None:
            found = _date_after(scan)
    elif not scan.fields.get("blank_time") and not _date_alone_ok(text, scan.pos):
        return None
    return _stamp(scan, start, found)


def _stamp(scan: _Scan, start: int, found: DateMatch | None) -> Stamp:
    f = scan.fields

    def offset(name: str) -> int:
        value = f.get(name, -1)
        return value if isinstance(value, int) else -1

    clock, zone, utc, end_clock = (
        f.get("clock"),
        f.get("zone"),
        f.get("utc_clock"),
        f.get("range_clock"),
    )
    return Stamp(
        start=start,
        end=start + len(scan.text[start : scan.pos].rstrip()),  # not the space after it
        day=found.day if found is not None else None,
        year_given=found.year_given if found is not None else False,
        clock=clock if isinstance(clock, time) else None,
        zone=zone if isinstance(zone, Zone) else None,
        zone_end=offset("zone_end"),
        time_start=offset("time_start"),
        time_end=offset("time_end"),
        style=str(f.get("style", "24")),
        seconds=bool(f.get("seconds")),
        dual_end=offset("dual_end"),
        bad_date=(found is not None and found.day is None) or bool(f.get("bad_time")),
        meridiem=str(f.get("meridiem", "")),
        zone_start=offset("zone_start"),
        utc_clock=utc if isinstance(utc, time) else None,
        range_start=offset("range_start"),
        range_end=offset("range_end"),
        range_clock=end_clock if isinstance(end_clock, time) else None,
        blank_time=bool(f.get("blank_time")),
        dotted=bool(f.get("dotted")),
        date_after=bool(f.get("date_after")),
        next_day=bool(f.get("next_day")),
    )


@cache
def _weekday() -> re.Pattern[str]:
    return re.compile(weekday_pattern(), re.IGNORECASE)


@cache
def _weekday_after() -> re.Pattern[str]:
    return re.compile(r"\s*\(?\s*" + weekday_pattern(), re.IGNORECASE)


def _date(scan: _Scan) -> DateMatch | None:
    """A date (after a weekday) at the scan position."""
    pos = _weekday().match(scan.text, scan.pos).end()  # type: ignore[union-attr]
    found = read_date(scan.text, pos, scan.calendar)
    if found is not None:
        scan.pos = found.end
    return found


def _date_after(scan: _Scan) -> DateMatch | None:
    """A date written after the time: "12:45 PM PST Saturday Oct 30th:", "22:30 UTC (Oct 29)"."""
    text = scan.text
    m = _weekday_after().match(text, scan.pos)
    found = read_date(text, m.end(), scan.calendar) if m else None
    if found is None or not _SEPARATOR_AFTER.match(text, found.end):
        return None
    scan.pos = found.end + (1 if text[found.end : found.end + 1] == ")" else 0)
    scan.fields["date_after"] = True
    return found


def _time(scan: _Scan, pos: int, after_date: bool) -> bool:
    """A clock time at ``pos`` (or a blank one, "--:--", which is not a time)."""
    text, f = scan.text, scan.fields
    m = _CLOCK.match(text, pos)
    dotted = None if m else _DOTTED.match(text, pos)
    if dotted is not None and not (after_date or dotted.group("unit") or dotted.group("dap")):
        dotted = None
    hhmm = _HHMM.match(text, pos) if after_date and not (m or dotted) else None
    chosen = m or dotted or hhmm
    if chosen is None:
        template = _TEMPLATE_TIME.match(text, pos) if after_date else None
        if template is not None and not template.group(0).isdigit():
            scan.pos = template.end()  # "Dec 17th 22:XX": a date with a template blank (PM201)
            return False
        blank = _BLANK.match(text, pos)
        if blank is not None:
            f.update(blank_time=True, time_start=blank.start(), time_end=blank.end())
            scan.pos = blank.end()
        return False
    try:
        clock, style, seconds, meridiem = _clock(chosen)
    except ValueError:
        f["bad_time"] = True
        clock, style, seconds, meridiem = None, "24", False, ""
    f.update(clock=clock, style=style, seconds=seconds, meridiem=meridiem)
    f["dotted"] = style == "dotted"  # "14.43"; "9.05am" is a form of its own
    f.update(time_start=chosen.start(), time_end=chosen.end())
    scan.pos = chosen.end()
    return True


def _clock(m: re.Match[str]) -> tuple[time, str, bool, str]:
    """The time of a clock match, its style, whether it has seconds, and its AM/PM marker.

    Raises ValueError for an impossible time ("25:00", "13 AM")."""
    g = m.groupdict()
    if g.get("h") is not None:
        hour, minute, second = int(g["h"]), int(g["mi"]), int(g["s"] or 0)
        style = "24pad" if len(g["h"]) == 2 else "24"
        marker = g["ap"] or ""
        if marker:
            hour, style = _twelve(hour, marker), "12"
        return time(hour, minute, second), style, g["s"] is not None, marker
    if g.get("h12") is not None:
        marker = g["ap12"] or ""
        return time(_twelve(int(g["h12"]), marker), 0), "12", False, marker
    if g.get("hh") is not None:
        return time(int(g["hh"]), int(g["hm"])), "h", False, ""
    if g.get("ch") is not None:
        hour = int(g["ch"])
        if g["cjk_ap"]:
            hour = _twelve(hour, "pm" if g["cjk_ap"] in ("午後", "下午", "晚上", "오후") else "am")
        return time(hour, int(g["cm"] or 0)), "cjk", False, ""
    if g.get("dh") is not None:
        hour = int(g["dh"])
        if g["dap"]:  # "9.05am": the British form, a 12-hour time
            return time(_twelve(hour, g["dap"]), int(g["dm"])), "dotted12", False, g["dap"]
        return time(hour, int(g["dm"])), "dotted", False, ""
    return time(int(g["hhmm"][:2]), int(g["hhmm"][2:])), "hhmm", False, ""


def _twelve(hour: int, marker: str) -> int:
    if 13 <= hour <= 23:
        return hour  # "13:55 PM": a 24-hour time with a stray marker
    if not 1 <= hour <= 12:
        raise ValueError("hour out of range for a 12-hour clock")
    pm = marker.strip().lower().startswith("p")
    return (hour % 12) + (12 if pm else 0)


def _range(scan: _Scan) -> None:
    """The end of a time range: "17:00–18:00", "10:07-10:29 AM", "22:04-23:00 UTC"."""
    text, f = scan.text, scan.fields
    gap = _RANGE.match(text, scan.pos)
    if gap is None or f.get("clock") is None:
        return
    attached = gap.group(0) == "-" and (bool(f.get("seconds")) or scan.iso)
    m = _CLOCK.match(text, gap.end())
    if m is None or attached or (m.group("h") is None and m.group("h12") is None):
        return
    try:
        end_clock, _, _, marker = _clock(m)
    except ValueError:
        if not (m.group("h") == "24" and m.group("mi") == "00"):
            return
        end_clock, marker = None, ""
    if marker and not f.get("meridiem") and f.get("style") in ("24", "24pad"):
        start = f["clock"]
        assert isinstance(start, time)
        f["clock"] = start.replace(hour=_twelve(start.hour, marker))
        f["style"], f["meridiem"] = "12", marker
    f.update(range_start=m.start(), range_end=m.end(), range_clock=end_clock)
    scan.pos = m.end()


def _zone(scan: _Scan) -> None:
    m = _zone_re().match(scan.text, scan.pos)
    if m is None:
        return
    found = resolve(m.group("zone"), scan.defined)
    if found.kind == "unknown" and m.group("zone")[:1] in "+-−":
        return  # "17:00-18:00" is a range, not a -18:00 offset
    scan.fields.update(zone=found, zone_start=m.start("zone"), zone_end=m.end("zone"))
    scan.pos = m.end()


def _dual(scan: _Scan) -> None:
    m = _DUAL.match(scan.text, scan.pos)
    if m is None or not 0 <= int(m.group("h")) <= 23 or int(m.group("m")) > 59:
        return
    scan.fields.update(dual_end=m.end(), utc_clock=time(int(m.group("h")), int(m.group("m"))))
    scan.pos = m.end()


def _relative(scan: _Scan) -> Stamp | None:
    """ "[+1 h]", "T+15m", "+2 business days later": an offset from the first absolute time."""
    text, pos = scan.text, scan.pos
    t_clock = _T_CLOCK.match(text, pos)
    m = None if t_clock else _RELATIVE.match(text, pos)
    found = t_clock or m
    if found is None or found.group(0)[:1] in "-−":  # "-5m" alone: a list marker, not T-5m
        return None
    if not _SEPARATOR_AFTER.match(text, found.end()) and text[found.end() :][:1].isalnum():
        return None
    sign = -1 if found.group("sign") in "-−" else 1
    offset: timedelta | None
    if t_clock is not None and t_clock.group("h") is not None:
        offset = timedelta(hours=int(t_clock.group("h")), minutes=int(t_clock.group("m")))
    elif t_clock is not None:  # "T+0" is the start itself; "T+5" has no unit to place it by
        offset = timedelta(0) if float(t_clock.group("n")) == 0 else None
    else:
        assert m is not None
        try:
            offset = None if m.group("biz") else _duration(m)
        except OverflowError:
            offset = None  # "+99999999999 h"
    return Stamp(
        start=pos,
        end=found.end(),
        day=None,
        year_given=False,
        clock=None,
        zone=None,
        relative=True,
        offset=offset * sign if offset is not None else None,
    )


def _duration(m: re.Match[str]) -> timedelta:
    amount, unit = float(m.group("n")), m.group("unit").lower()
    extra = timedelta(minutes=int(m.group("n2") or 0))
    if unit.startswith("d"):
        return timedelta(days=amount) + extra
    if unit.startswith("h"):
        return timedelta(hours=amount) + extra
    if unit.startswith("s"):
        return timedelta(seconds=amount)
    return timedelta(minutes=amount)


def _date_alone_ok(text: str, end: int) -> bool:
    """A date alone opens an entry only when followed by a separator or the end."""
    rest = text[end:].lstrip(" *_`]),")
    return not rest or not (rest[0].isdigit() or (rest[0] in "-/" and rest[1:2].isalnum()))


# --- stamps inside a line -----------------------------------------------------------------

_INSIDE = re.compile(
    r"(?<![\w.:/-])(?=\d{4}[-/.]\d|\d{1,2}[-/.]\d{1,2}[-/.]\d|[^\W\d_]{3,}\.?\s+\d)"
)


def find_stamp(
    text: str, calendar: Calendar | int, defined: Mapping[str, Zone] | None = None
) -> tuple[Stamp | None, str]:
    """A dated stamp anywhere in ``text`` ("Incident declared: 2024-04-15 14:43"); the text
    from the stamp on. Only a stamp with a date counts: a bare number is not a time here."""
    for m in _INSIDE.finditer(text):
        stamp = parse_stamp(text[m.start() :], calendar, defined)
        if stamp is not None and stamp.day is not None and not stamp.relative:
            return stamp, text[m.start() :]
    return None, text
