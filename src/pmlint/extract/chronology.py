"""Timeline entries in time: local clock -> UTC, the next day after midnight, relative stamps,
and dates far from their neighbours.

Day rollover: a time-only entry earlier than the entry before it (in the same group and on
the same day) is the next day when the step is from the evening (18:00 or later) to the
morning (before 10:00): "23:55" then "07:00" is the next morning; "14:00" then "09:10" is
not, and stays out of order. A relative stamp ("[+1 h]", "T+15m") counts from the absolute
time above it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from pmlint.model import Entry, Stamp, Zone

ROLLOVER_EVENING = 18  # a step back from this hour or later ...
ROLLOVER_MORNING = 10  # ... to before this hour is taken as the next day
OUTLIER_DAYS = 180


def rolls_over(previous: Entry | None, clock: time, day: date) -> bool:
    """A time-only entry earlier than a late-evening one before it: the next morning."""
    if previous is None or previous.stamp is None or previous.stamp.clock is None:
        return False
    return previous.local_day == day and next_morning(previous.stamp.clock, clock)


def next_morning(before: time, after: time) -> bool:
    """``after`` following ``before`` with no date is read as the next day."""
    return after < before and before.hour >= ROLLOVER_EVENING and after.hour < ROLLOVER_MORNING


def with_half_day(stamp: Stamp, half: str | None) -> time | None:
    """A clock without AM/PM under an "AM"/"PM" heading takes its half of the day."""
    clock = stamp.clock
    if clock is None or half is None or stamp.meridiem or stamp.style != "24" or clock.hour > 12:
        return clock
    hour = clock.hour % 12 + (12 if half == "pm" else 0)
    return clock.replace(hour=hour)


def moment_of(
    day: date, clock: time, zone: Zone | None, stamp: Stamp, day_known: bool
) -> tuple[datetime, datetime | None, bool]:
    """``(key, moment, gap)``: the local time for ordering, the UTC time when the date and
    zone are known, and whether the local time does not exist (the clocks skipped it)."""
    tz = zone.at(day) if zone is not None else None
    key = datetime.combine(day, clock, tzinfo=tz if tz is not None else UTC)
    try:
        if tz is None or not day_known:
            utc = stamp.utc_clock
            if utc is not None and day_known:
                return key, _from_utc_part(day, clock, utc), False
            return key, None, False
        if _skipped(key.replace(tzinfo=None), tz):
            return key, None, True
        return key, key.astimezone(UTC), False
    except OverflowError:  # the edge of the calendar (year 1, year 9999)
        return key, None, False


def _skipped(local: datetime, tz: tzinfo) -> bool:
    there = local.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return there != local


def _from_utc_part(day: date, clock: time, utc: time) -> datetime:
    """The UTC moment of "20:07 EDT (00:07 UTC)" when only the UTC part can be trusted:
    the UTC date within half a day of the local one."""
    local = datetime.combine(day, clock, tzinfo=UTC)
    options = [datetime.combine(d, utc, tzinfo=UTC) for d in _around(day)]
    return min(options, key=lambda o: abs(o - local))


def _around(day: date) -> list[date]:
    """The day before, the day, and the day after (as far as the calendar goes)."""
    ordinal = day.toordinal()
    return [date.fromordinal(o) for o in (ordinal - 1, ordinal, ordinal + 1) if 0 < o <= _LAST]


_LAST = date.max.toordinal()


def next_day(day: date) -> date | None:
    return date.fromordinal(day.toordinal() + 1) if day.toordinal() < _LAST else None


def resolve_relative(entries: list[Entry]) -> list[Entry]:
    """A relative entry takes the absolute time above it (the last entry of its group with a
    clock time) plus its offset: "[+1 h]", "[+2 h]" under "11:30" are 12:30 and 13:30."""
    anchors: dict[int, Entry] = {}
    done: list[Entry] = []
    for e in entries:
        stamp = e.stamp
        if stamp is not None and stamp.clock is not None and e.key is not None:
            anchors[e.group] = e
        anchor = anchors.get(e.group)
        if stamp is None or not stamp.relative or stamp.offset is None or anchor is None:
            done.append(e)
            continue
        assert anchor.key is not None
        try:
            moment = anchor.moment + stamp.offset if anchor.moment is not None else None
            key = anchor.key + stamp.offset
        except OverflowError:
            done.append(e)
            continue
        done.append(
            replace(
                e, key=key, moment=moment, zone=anchor.zone, day=anchor.day, local_day=key.date()
            )
        )
    return done


def mark_outliers(entries: list[Entry], anchors: dict[int, date]) -> list[Entry]:
    """Per group, an explicitly dated entry over 180 days from the date the group is about,
    and out of order with an entry beside it: a year typo ("2022-01-11 14:40" among
    2023-01-11 entries). The date a group is about is the one most of its dates lie within
    180 days of; without such a majority, the date of its incident (the heading of an
    incident in a log, "### Incident on 2023-01-05", else the document's incident date);
    without either, nothing is reported. A timeline that really spans a year moves step by
    step, and an old first event ("certificate issued a year before") is in order."""
    marked = list(entries)
    for group in sorted({e.group for e in entries}):
        dated = [i for i, e in enumerate(entries) if e.group == group and _explicit(e)]
        days = [d for i in dated if (d := entries[i].day) is not None]
        anchor = _consensus(days) or anchors.get(group)
        if anchor is not None:
            for position in _year_typos(days, anchor):
                marked[dated[position]] = replace(entries[dated[position]], outlier=True)
    return marked


def _consensus(days: list[date]) -> date | None:
    """The date that more than half of ``days`` lie within 180 days of, if there is one."""
    ordered = sorted(d.toordinal() for d in days)
    best: tuple[int, int] | None = None
    for day in ordered:
        near = bisect_right(ordered, day + OUTLIER_DAYS) - bisect_left(ordered, day - OUTLIER_DAYS)
        if best is None or near > best[0]:
            best = (near, day)
    if best is None or best[0] * 2 <= len(days):
        return None
    return date.fromordinal(best[1])


def _year_typos(days: list[date], anchor: date) -> list[int]:
    """Positions far from ``anchor`` and out of order with the nearest entries that are not."""
    far = [abs(d - anchor) > timedelta(days=OUTLIER_DAYS) for d in days]
    before: list[date | None] = []
    last: date | None = None
    for d, is_far in zip(days, far, strict=True):
        before.append(last)
        last = last if is_far else d
    found: list[int] = []
    following: date | None = None
    for position in range(len(days) - 1, -1, -1):
        day, previous = days[position], before[position]
        if far[position] and (
            (previous is not None and day < previous) or (following is not None and day > following)
        ):
            found.append(position)
        following = following if far[position] else day
    return found


def _explicit(e: Entry) -> bool:
    stamp = e.stamp
    return stamp is not None and stamp.day is not None and not stamp.bad_date and e.day is not None
