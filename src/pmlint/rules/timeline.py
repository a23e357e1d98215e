"""Zone rules (PM301, PM302, PM305): a zone for every timeline time, and that zone UTC."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time

from pmlint.dates import format_clock
from pmlint.extract.chronology import next_morning
from pmlint.findings import ERROR, WARNING, Edit, Problem
from pmlint.model import Declaration, Entry, Timeline
from pmlint.rules.base import Context, rule

_REWRITABLE = ("24", "24pad", "12", "hhmm")


def _entry_problem(ctx: Context, e: Entry, message: str, edits: tuple[Edit, ...] = ()) -> Problem:
    assert e.stamp is not None
    start = e.base + e.stamp.start
    return ctx.problem(start, e.base + e.stamp.end, message, edits)


def _timeline(ctx: Context) -> Timeline | None:
    return ctx.doc.timeline


@rule("PM301", "timeline-no-timezone", ERROR)
def timeline_no_timezone(ctx: Context) -> Iterator[Problem]:
    """Timeline times with no zone given anywhere.

    Why: "14:02" means a different instant to every reader in another zone, and timelines
    are merged with logs and alerts in UTC. Give the zone per entry ("14:02 UTC"), in a
    column header ("Time (UTC)"), in the heading ("Timeline (UTC)"), in a sub-heading or
    date heading ("### 2025-03-11 (times in UTC)"), in a note or preamble before the entries
    ("All times are UTC"), or once under the document's title. Reported on each entry
    without one.

    Bad:
        ## Timeline

        - 14:02 — deploy starts

    Good:
        ## Timeline

        All times are UTC.

        - 14:02 — deploy starts
    """
    timeline = _timeline(ctx)
    if timeline is None:
        return
    for e in timeline.timed:
        assert e.stamp is not None
        if e.zone is None and e.stamp.utc_clock is None:
            yield _entry_problem(
                ctx,
                e,
                f"time {e.shown!r} has no time zone "
                "(entry, column, heading or 'All times are UTC')",
            )


def _utc_text(e: Entry) -> str | None:
    """The entry's time (and range end) rewritten in UTC, in the entry's own style."""
    stamp, moment = e.stamp, e.moment
    if stamp is None or moment is None or stamp.style not in _REWRITABLE:
        return None
    clock = format_clock(moment.time(), stamp.style, stamp.seconds, stamp.meridiem)
    if stamp.range_start < 0:
        return clock
    if stamp.range_clock is None or e.local_day is None:
        return None
    local_end = datetime.combine(
        e.local_day, stamp.range_clock, tzinfo=e.key.tzinfo if e.key else UTC
    )
    try:
        end = local_end.astimezone(UTC)
    except OverflowError:
        return None
    if end.date() != moment.date():
        return None
    gap = e.raw[stamp.time_end - stamp.start : stamp.range_start - stamp.start]
    return clock + gap + format_clock(end.time(), stamp.style, stamp.seconds, stamp.meridiem)


def _convertible(e: Entry) -> bool:
    """The entry can be rewritten in UTC on the same date (no DST gap, no date change)."""
    stamp = e.stamp
    if stamp is None or stamp.clock is None or stamp.relative:
        return True
    return (
        e.moment is not None
        and not e.gap
        and e.day is not None
        and e.moment.date() == e.day
        and stamp.time_start >= 0
        and stamp.utc_clock is None
        and _utc_text(e) is not None
    )


def _rewrite(ctx: Context, e: Entry) -> Edit | None:
    stamp = e.stamp
    if stamp is None or stamp.clock is None or stamp.relative:
        return None
    text = _utc_text(e)
    assert text is not None
    end = stamp.range_end if stamp.range_end >= 0 else stamp.time_end
    if stamp.zone is not None:
        end = stamp.zone_end
        iso = stamp.zone.name[:1] in "+-"  # ISO 8601: "14:02:00+02:00"
        text += "Z" if iso else " UTC"
    return ctx.edit(e.base + stamp.time_start, e.base + end, text)


def _entry_fix(ctx: Context, timeline: Timeline, e: Entry) -> tuple[Edit, ...]:
    """Rewrite one entry's own stamp to UTC, when its date stays the same."""
    if not _convertible(e) or e.stamp is None or e.stamp.zone_end < 0:
        return ()
    if not _same_days(timeline, [e]):
        return ()
    edit = _rewrite(ctx, e)
    return (edit,) if edit is not None else ()


def _same_days(timeline: Timeline, converted: list[Entry]) -> bool:
    """Read again after the fix, every time-only entry falls on the same day: no step from
    evening to morning appears or disappears ("16:00", "00:10" PDT would become "23:00",
    "07:10" UTC, and 07:10 would be taken as the next morning)."""
    changed = {id(e) for e in converted}

    def clock(e: Entry) -> time:
        assert e.key is not None
        moment = e.moment if id(e) in changed else None
        return moment.time() if moment is not None else e.key.time()

    previous: Entry | None = None
    for e in timeline.timed:
        if previous is not None and previous.group == e.group and e.key is not None:
            assert e.stamp is not None and previous.key is not None
            before = next_morning(previous.key.time(), e.key.time())
            if e.stamp.day is None and before != next_morning(clock(previous), clock(e)):
                return False
        previous = e
    return True


def _declaration_fix(
    ctx: Context, timeline: Timeline, d: Declaration, governed: list[Entry]
) -> tuple[Edit, ...]:
    """One edit group: the declared zone and every time it governs, all converted to UTC."""
    if not all(_convertible(e) for e in governed) or not _same_days(timeline, governed):
        return ()  # a converted entry would change its date, or cannot be converted
    edits = [ctx.edit(d.start, d.end, "UTC")]
    edits += [edit for e in governed if (edit := _rewrite(ctx, e)) is not None]
    return tuple(edits)


def _non_utc(kind: str) -> bool:
    return kind in ("fixed", "iana")


@rule("PM302", "timeline-not-utc", ERROR, fixable=True)
def timeline_not_utc(ctx: Context) -> Iterator[Problem]:
    """A timeline entry or zone declaration in a zone other than UTC.

    Why: readers in other zones, and everyone comparing the timeline with logs, dashboards
    and alerts, think in UTC; local times with daylight saving make "which came first"
    a puzzle. Reported once at a declaration ("All times are PDT", "Timeline (CET)", a column
    header), covering the entries it governs (also those that repeat its zone), and on each
    entry that gives another zone of its own. An entry that gives its UTC time beside the
    local one ("13:14 EDT (17:14 UTC)"), and a declaration that says both are given, are
    fine. The message gives the UTC time. ``--fix`` rewrites the times to UTC in each entry's
    own format, as one edit group with the declaration, when the zone and date are
    unambiguous and no entry would move to another date; a local time that does not exist
    (the clocks skipped it) is reported and never converted.

    Bad:
        - 14:02 PDT — deploy starts

    Good:
        - 21:02 UTC — deploy starts
    """
    timeline = _timeline(ctx)
    if timeline is None:
        return
    for d in timeline.declarations:
        governed = [e for e in timeline.entries if e.declaration == d]
        if not _non_utc(d.zone.kind) or _utc_given(d, governed) or d.source == "inferred":
            continue
        yield ctx.problem(
            d.start,
            d.end,
            f"timeline is in {d.zone.name}, not UTC",
            _declaration_fix(ctx, timeline, d, governed),
        )
    for e in timeline.timed:
        assert e.stamp is not None
        if e.gap and e.zone is not None and e.day is not None:
            yield _entry_problem(
                ctx,
                e,
                f"time {e.shown!r} does not exist in {e.zone.name} on "
                f"{e.day.isoformat()} (the clocks went forward); not converted",
            )
            continue
        inferred = e.declaration is not None and e.declaration.source == "inferred"
        if not (inferred or (e.declaration is None and e.own_zone)) or e.zone is None:
            continue
        if not _non_utc(e.zone.kind) or e.stamp.utc_clock is not None:
            continue
        said = f" ({_clock(e)} UTC)" if e.moment is not None else ""
        if inferred:
            assert e.declaration is not None
            said += f"; {e.zone.name}, as line {e.declaration.line} gives it"
        yield _entry_problem(
            ctx, e, f"time {e.shown!r} is not UTC{said}", _entry_fix(ctx, timeline, e)
        )


def _utc_given(d: Declaration, governed: list[Entry]) -> bool:
    """UTC is given beside the declared zone, for every time it governs."""
    timed = [e for e in governed if e.timed]
    return (d.also_utc and all(e.stamp is not None and e.stamp.utc_clock for e in timed)) or (
        d.also_utc and d.source == "column"
    )


def _clock(e: Entry) -> str:
    assert e.moment is not None and e.stamp is not None
    style = e.stamp.style if e.stamp.style in _REWRITABLE else "24pad"
    return format_clock(e.moment.time(), style, e.stamp.seconds, e.stamp.meridiem)


@rule("PM305", "timeline-ambiguous-timezone", WARNING)
def timeline_ambiguous_timezone(ctx: Context) -> Iterator[Problem]:
    """A zone abbreviation with several meanings (IST, CST, BST, ...), or an unknown zone.

    Why: IST is India, Israel or Irish Standard Time; CST is US Central, China or Cuba. pmlint
    never guesses: those times stay unresolved, unless the document says what it means
    ("IST = India Standard Time", "(IST, UTC+5:30)"). Use UTC, an offset (``+05:30``) or an
    IANA name (``Asia/Kolkata``).

    Bad:
        All times in IST.

    Good:
        All times in UTC.
    """
    timeline = _timeline(ctx)
    if timeline is None:
        return
    for d in timeline.declarations:
        if d.zone.kind in ("ambiguous", "unknown"):
            yield ctx.problem(d.start, d.end, _ambiguous(d.zone.name, d.zone.kind))
    for e in timeline.timed:
        if e.declaration is not None or not e.own_zone or e.zone is None:
            continue
        if e.zone.kind in ("ambiguous", "unknown"):
            yield _entry_problem(ctx, e, _ambiguous(e.zone.name, e.zone.kind))


def _ambiguous(name: str, kind: str) -> str:
    if kind == "ambiguous":
        return f"time zone {name!r} has several meanings; use UTC or an offset"
    return f"time zone {name!r} is not a recognised zone; use UTC or an offset"
