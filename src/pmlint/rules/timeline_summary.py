"""PM307: the summary's stated window and duration against the timeline, and each other."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from pmlint.dates import parse_stamp
from pmlint.days import Calendar
from pmlint.findings import WARNING, Problem
from pmlint.model import Entry, Stamp, Timeline, Zone
from pmlint.rules.base import Context, rule

TOLERANCE = timedelta(minutes=15)
_APPROXIMATE = r"(?:about|approximately|approx\.?|roughly|around|nearly|almost|over|~)"
_WINDOW = re.compile(
    r"\b(?:between|from)\s+(?:the hours? of\s+)?(?P<a>[~≈]?\s*\d)"
    r"|\b(?:date\s*/\s*time|start(?:ed)?(?:\s+at)?|began(?:\s+at)?)\s*:?\s*\**\s*(?P<s>\d)",
    re.IGNORECASE,
)
_TO = re.compile(r"\s*(?:and|to|until|till|-|–|—)\s*(?:~\s*)?", re.IGNORECASE)
_DURATION = re.compile(
    rf"\b(?:for|lasted|lasting|duration:?\*{{0,2}}|outage of)\s+(?P<approx>{_APPROXIMATE}\s*)?"
    r"(?:(?P<h>\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h)\b(?:\s*(?:and\s+)?(?P<hm>\d+)\s*"
    r"(?:minutes?|mins?|m)\b)?|(?P<m>\d+)\s*(?:minutes?|mins?)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Said:
    """What the summary states: a window (start and end, or start and duration) and where."""

    start: int  # offsets of the statement in the normalised text
    end: int
    text: str
    begin: datetime | None = None
    finish: datetime | None = None
    minutes: float | None = None
    approximate: bool = False
    tz: tzinfo | None = None  # the zone the summary states (the timeline is shown in it)


@rule("PM307", "timeline-summary-mismatch", WARNING)
def timeline_summary_mismatch(ctx: Context) -> Iterator[Problem]:
    """The summary's stated window or duration disagrees with the timeline.

    Why: "between 14:05 and 15:52 UTC" in the summary and a timeline ending at 15:40 cannot
    both be right. A stated window (or a stated start, "Date/time: 2023-08-26 21:14 PDT")
    must lie within the timeline's first and last entries, compared in one zone (the zone the
    summary states, else the timeline's); a stated duration must not exceed the time the
    timeline spans, nor differ from the summary's own window; each with a tolerance of 15
    minutes (more for "about"). Timelines usually start before the impact and end after it,
    so a shorter stated window is fine.

    Bad:
        Between 14:05 and 17:52 UTC checkout failed.   (timeline: 14:05 to 15:40 UTC)

    Good:
        Between 14:05 and 15:40 UTC checkout failed.
    """
    timeline = ctx.doc.timeline
    occ = ctx.doc.section("incident_summary")
    if timeline is None or occ is None:
        return
    keyed = [e for e in timeline.timed if e.key is not None and not e.outlier]
    if len(keyed) < 2:
        return
    texts = [
        (s.start, ctx.doc.source.normalized[s.start : s.start + len(s.text)])
        for s in ctx.doc.prose
        if occ.line < s.block.line <= occ.end_line and s.block.kind != "heading"
    ]
    yield from _check(ctx, timeline, keyed, texts)


def _check(
    ctx: Context, timeline: Timeline, keyed: list[Entry], texts: list[tuple[int, str]]
) -> Iterator[Problem]:
    declared = timeline.declaration.zone if timeline.declaration else None
    first = min(keyed, key=lambda e: e.key or datetime.min.replace(tzinfo=UTC))
    last = max(keyed, key=lambda e: e.key or datetime.min.replace(tzinfo=UTC))
    utc = all(e.moment is not None for e in keyed)
    low = first.moment if utc else first.key
    high = last.moment if utc else last.key
    assert low is not None and high is not None
    one_day = first.local_day == last.local_day
    window: _Said | None = None
    duration: _Said | None = None
    for base, text in texts:
        window = window or _window(text, base, first.local_day, declared, utc, one_day)
        duration = duration or _duration(text, base)
    if window is not None and window.begin is not None:
        finish = window.finish or window.begin
        if duration is not None and duration.minutes is not None and window.finish is None:
            finish = _plus(window.begin, duration.minutes)
        if window.begin < low - TOLERANCE or finish > high + TOLERANCE:
            yield ctx.problem(
                window.start,
                window.end,
                f"summary window {window.text!r} is outside the timeline "
                f"({_hm(low, one_day, window.tz)}–{_hm(high, one_day, window.tz)})",
            )
            return
    if duration is not None and duration.minutes is not None:
        yield from _duration_problems(ctx, duration, window, high - low)


def _duration_problems(
    ctx: Context, duration: _Said, window: _Said | None, span: timedelta
) -> Iterator[Problem]:
    assert duration.minutes is not None
    stated = timedelta(minutes=duration.minutes)
    slack = max(TOLERANCE, stated / 10) if duration.approximate else TOLERANCE
    if stated > span + slack:
        yield ctx.problem(
            duration.start,
            duration.end,
            f"summary duration {duration.text!r} is longer than the timeline spans ({_span(span)})",
        )
        return
    if window is None or window.begin is None or window.finish is None:
        return
    length = window.finish - window.begin
    if abs(length - stated) > slack:
        yield ctx.problem(
            duration.start,
            duration.end,
            f"summary duration {duration.text!r} disagrees with its window "
            f"{window.text!r} ({_span(length)})",
        )


def _window(
    text: str, base: int, day: date | None, declared: Zone | None, utc: bool, one_day: bool
) -> _Said | None:
    """The summary's window, as moments comparable with the timeline's keys or UTC times."""
    if day is None:
        return None
    for m in _WINDOW.finditer(text):
        found = _window_at(text, m, base, day, declared, utc, one_day)
        if found is not None:
            return found
    return None


def _window_at(
    text: str,
    m: re.Match[str],
    base: int,
    day: date,
    declared: Zone | None,
    utc: bool,
    one_day: bool,
) -> _Said | None:
    at = m.start("a") if m.group("a") else m.start("s")
    first = parse_stamp(text[at:], Calendar(day))
    if first is None or first.clock is None:
        return None
    end_at = at + first.end
    second: Stamp | None = None
    gap = _TO.match(text, end_at)
    if gap is not None and m.group("a"):
        second = parse_stamp(text[gap.end() :], Calendar(day))
        if second is not None and second.clock is not None:
            end_at = gap.end() + second.end
        else:
            second = None
    if m.group("a") and second is None:
        return None
    zone = (second.zone if second else None) or first.zone or declared
    begin = _moment(first, day, zone, utc)
    finish = _moment(second, first.day or day, zone, utc) if second else None
    if begin is None or (second is not None and finish is None):
        return None
    if not one_day and (first.day is None or (second is not None and second.day is None)):
        return None  # a time without a date, against a timeline of several days
    if finish is not None and finish < begin:
        finish = _plus(finish, 24 * 60)
    shown = " ".join(text[m.start() : end_at].split())
    tz = zone.at(first.day or day) if zone is not None and utc else None
    return _Said(base + m.start(), base + end_at, shown, begin, finish, tz=tz)


def _moment(stamp: Stamp | None, day: date, zone: Zone | None, utc: bool) -> datetime | None:
    if stamp is None or stamp.clock is None:
        return None
    local = datetime.combine(stamp.day or day, stamp.clock)
    tz = zone.at(local.date()) if zone is not None else None
    if utc:
        return local.replace(tzinfo=tz).astimezone(UTC) if tz is not None else None
    if zone is not None and zone.kind != "utc":
        return None  # the timeline's zone is unknown: a zoned window cannot be compared
    return local.replace(tzinfo=UTC)


def _duration(text: str, base: int) -> _Said | None:
    m = _DURATION.search(text)
    if m is None:
        return None
    if m.group("h"):
        minutes = float(m.group("h")) * 60 + float(m.group("hm") or 0)
    else:
        minutes = float(m.group("m"))
    shown = " ".join(m.group(0).split())
    return _Said(
        base + m.start(),
        base + m.end(),
        shown,
        minutes=minutes,
        approximate=bool(m.group("approx")),
    )


def _plus(moment: datetime, minutes: float) -> datetime:
    try:
        return moment + timedelta(minutes=minutes)
    except OverflowError:
        return moment


def _hm(moment: datetime, one_day: bool, tz: tzinfo | None) -> str:
    if tz is not None and moment.tzinfo is not None and moment.tzinfo is not tz:
        moment = moment.astimezone(tz)
    name = moment.tzname() or ""
    shown = moment.strftime("%H:%M" if one_day else "%Y-%m-%d %H:%M")
    return shown + (f" {name}" if name else "")


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
