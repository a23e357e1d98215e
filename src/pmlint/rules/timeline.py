"""Timeline rules (PM301-PM307): a zone for every time, UTC, in order, plausible dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from pmlint.dates import format_clock
from pmlint.findings import ERROR, WARNING, Edit, Problem
from pmlint.model import Entry, Timeline
from pmlint.rules.base import Context, rule
from pmlint.zones import ZONE_TOKEN, zone


def _stamp_text(e: Entry) -> str:
    assert e.stamp is not None
    return e.raw[: max(0, e.stamp.end - e.stamp.start)].strip() or e.raw[:20]


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
    column header ("Time (UTC)"), in the heading ("Timeline (UTC)") or in a preamble ("All
    times are UTC"). Reported on each entry without one.

    Bad:
        ## Timeline

        - 14:02 — deploy starts

    Good:
        ## Timeline

        All times are UTC.

        - 14:02 — deploy starts
    """
    timeline = _timeline(ctx)
    if timeline is None or timeline.declaration is not None:
        return
    for e in timeline.timed:
        if not e.own_zone:
            yield _entry_problem(
                ctx,
                e,
                f"time {_stamp_text(e)!r} has no time zone "
                "(entry, column, heading or 'All times are UTC')",
            )


def _utc_clock(e: Entry) -> str | None:
    if e.moment is None or e.stamp is None:
        return None
    return format_clock(e.moment.time(), e.stamp.style, e.stamp.seconds)


def _entry_fix(ctx: Context, e: Entry) -> tuple[Edit, ...]:
    """Rewrite one entry's own stamp to UTC, when its date stays the same."""
    stamp = e.stamp
    if stamp is None or e.moment is None or e.day is None or stamp.time_start < 0:
        return ()
    if e.moment.date() != e.day:
        return ()  # the UTC time falls on another date: left to the author
    end = stamp.dual_end if stamp.dual_end >= 0 else stamp.zone_end
    if end < 0:
        return ()
    if stamp.zone is not None and stamp.zone.name[:1] in "+-":  # ISO 8601: "14:02:00+02:00"
        text = format_clock(e.moment.time(), "24pad", stamp.seconds) + "Z"
    else:
        text = format_clock(e.moment.time(), stamp.style, stamp.seconds) + " UTC"
    return (ctx.edit(e.base + stamp.time_start, e.base + end, text),)


def _declaration_fix(ctx: Context, timeline: Timeline) -> tuple[Edit, ...]:
    """One edit group: the declared zone and every time it governs, all converted to UTC."""
    declaration = timeline.declaration
    assert declaration is not None
    edits = [ctx.edit(declaration.start, declaration.end, "UTC")]
    for e in timeline.timed:
        if e.own_zone:
            continue
        stamp = e.stamp
        assert stamp is not None
        if e.moment is None or e.day is None or e.moment.date() != e.day or stamp.time_start < 0:
            return ()  # a converted entry would change its date, or cannot be converted
        clock = format_clock(e.moment.time(), stamp.style, stamp.seconds)
        edits.append(ctx.edit(e.base + stamp.time_start, e.base + stamp.time_end, clock))
    return tuple(edits)


@rule("PM302", "timeline-not-utc", ERROR, fixable=True)
def timeline_not_utc(ctx: Context) -> Iterator[Problem]:
    """A timeline entry or zone declaration in a zone other than UTC.

    Why: readers in other zones, and everyone comparing the timeline with logs, dashboards
    and alerts, think in UTC; local times with daylight saving make "which came first"
    a puzzle. The message gives the UTC time. ``--fix`` rewrites the times to UTC in each
    entry's own format, when the zone and date are unambiguous and no entry would move to
    another date; a declared zone ("All times are PDT") is rewritten together with every
    entry it governs.

    Bad:
        - 14:02 PDT — deploy starts

    Good:
        - 21:02 UTC — deploy starts
    """
    timeline = _timeline(ctx)
    if timeline is None:
        return
    declaration = timeline.declaration
    if declaration is not None and declaration.zone.kind in ("fixed", "iana"):
        edits = _declaration_fix(ctx, timeline)
        yield ctx.problem(
            declaration.start,
            declaration.end,
            f"timeline is in {declaration.zone.name}, not UTC",
            edits,
        )
    for e in timeline.timed:
        if not e.own_zone or e.zone is None or e.zone.kind not in ("fixed", "iana"):
            continue
        utc = _utc_clock(e)
        said = f" ({utc} UTC)" if utc else ""
        yield _entry_problem(
            ctx, e, f"time {_stamp_text(e)!r} is not UTC{said}", _entry_fix(ctx, e)
        )


@rule("PM303", "timeline-out-of-order", ERROR)
def timeline_out_of_order(ctx: Context) -> Iterator[Problem]:
    """A timeline entry earlier than the one before it.

    Why: an out-of-order entry is either a typo in its time or an event in the wrong place,
    and either one misleads the reader. Compared after resolving dates and zones (an entry
    in PDT that is later in UTC is in order). A time-only entry earlier than the one before
    it counts as the next day when the step is from late evening (18:00 or later) to early
    morning (before 06:00); otherwise it is reported. A timeline declared "most recent first"
    is checked in that direction.

    Bad:
        - 14:20 — rollback starts
        - 14:05 — alert fires

    Good:
        - 14:05 — alert fires
        - 14:20 — rollback starts
    """
    timeline = _timeline(ctx)
    if timeline is None:
        return
    previous: Entry | None = None
    for e in timeline.entries:
        if e.stamp is None or e.key is None or e.outlier:
            continue
        if previous is not None and previous.key is not None:
            earlier = e.key < previous.key if not timeline.descending else e.key > previous.key
            same_day_dateless = (
                e.stamp.clock is None or previous.stamp is None or previous.stamp.clock is None
            ) and e.key.date() == previous.key.date()
            if earlier and not same_day_dateless:
                direction = "later" if timeline.descending else "earlier"
                note = ""
                if (
                    e.stamp.day is None
                    and e.stamp.clock is not None
                    and previous.stamp is not None
                    and previous.stamp.clock is not None
                    and e.key.date() == previous.key.date()
                ):
                    note = " (no date given; too big a step back to be the next day)"
                yield _entry_problem(
                    ctx,
                    e,
                    f"entry {_stamp_text(e)!r} is {direction} than the entry before it "
                    f"at line {previous.line}{note}",
                )
        previous = e


@rule("PM304", "timeline-unparseable-entry", WARNING)
def timeline_unparseable_entry(ctx: Context) -> Iterator[Problem]:
    """A timeline entry with no recognisable time.

    Why: "around noon" or "--:--" cannot be placed on the timeline or checked for order.
    Recognised: ``14:02``, ``2:05 PM``, ``2025-03-11 14:02``, ``2025-03-11T14:02:00Z``,
    ``Mar 11 14:02``, bold or bracketed times, and date-only entries.

    Bad:
        - around noon — the alert fires

    Good:
        - 12:05 UTC — the alert fires
    """
    timeline = _timeline(ctx)
    if timeline is None:
        return
    for e in timeline.entries:
        if e.stamp is None:
            shown = e.raw if len(e.raw) <= 30 else e.raw[:27] + "…"
            yield Problem(e.line, f"timeline entry {shown!r} has no recognisable time")
        elif e.stamp.bad_date:
            yield _entry_problem(
                ctx, e, f"timeline entry {_stamp_text(e)!r} has an impossible date or time"
            )


@rule("PM305", "timeline-ambiguous-timezone", WARNING)
def timeline_ambiguous_timezone(ctx: Context) -> Iterator[Problem]:
    """A zone abbreviation with several meanings (IST, CST, BST, ...), or an unknown zone.

    Why: IST is India, Israel or Irish Standard Time; CST is US Central, China or Cuba. pmlint
    never guesses: those times stay unresolved. Use UTC, an offset (``+05:30``) or an IANA
    name (``Asia/Kolkata``).

    Bad:
        All times in IST.

    Good:
        All times in UTC.
    """
    timeline = _timeline(ctx)
    if timeline is None:
        return
    declaration = timeline.declaration
    if declaration is not None and declaration.zone.kind in ("ambiguous", "unknown"):
        yield ctx.problem(
            declaration.start,
            declaration.end,
            _ambiguous(declaration.zone.name, declaration.zone.kind),
        )
    for e in timeline.timed:
        if e.own_zone and e.zone is not None and e.zone.kind in ("ambiguous", "unknown"):
            yield _entry_problem(ctx, e, _ambiguous(e.zone.name, e.zone.kind))


def _ambiguous(name: str, kind: str) -> str:
    if kind == "ambiguous":
        return f"time zone {name!r} has several meanings; use UTC or an offset"
    return f"time zone {name!r} is not a recognised zone; use UTC or an offset"


@rule("PM306", "timeline-date-outlier", WARNING)
def timeline_date_outlier(ctx: Context) -> Iterator[Problem]:
    """A timeline entry dated far (over 180 days) from the entries around it.

    Why: a 2016 entry among 2015 ones is almost always a typo in the year, and it would
    throw the order and duration checks off (this entry is left out of them).

    Bad:
        - 2015-10-21 14:02 — deploy
        - 2016-10-21 14:05 — alert

    Good:
        - 2015-10-21 14:02 — deploy
        - 2015-10-21 14:05 — alert
    """
    timeline = _timeline(ctx)
    if timeline is None:
        return
    for e in timeline.entries:
        if e.outlier and e.day is not None:
            yield _entry_problem(
                ctx, e, f"entry dated {e.day.isoformat()} is far from the dates around it"
            )


_CLOCK = r"\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?"
_WINDOW = re.compile(
    r"\b(?:between|from)\s+(?:the hours? of\s+)?(?P<a>"
    + _CLOCK
    + r")\s*(?-i:(?P<az>"
    + ZONE_TOKEN
    + r"))?"
    r"\s*(?:and|to|until|till|-|–|—)\s*(?P<b>" + _CLOCK + r")\s*(?-i:(?P<bz>" + ZONE_TOKEN + r"))?",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"\b(?:for|lasted|lasting|duration:?\*{0,2}|outage of)\s+"
    r"(?:about\s+|approximately\s+|~|over\s+)?"
    r"(?:(?P<h>\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h)\b(?:\s*(?:and\s+)?(?P<hm>\d+)\s*(?:minutes?|mins?|m)\b)?"
    r"|(?P<m>\d+)\s*(?:minutes?|mins?)\b)",
    re.IGNORECASE,
)
TOLERANCE = timedelta(minutes=15)


def _clock(text: str) -> tuple[int, int] | None:
    m = re.match(r"(\d{1,2}):(\d{2})(?:\s*([ap])\.?m\.?)?", text.strip(), re.IGNORECASE)
    if m is None:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    if m.group(3):
        hour = hour % 12 + (12 if m.group(3).lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return hour, minute


@rule("PM307", "timeline-summary-mismatch", WARNING)
def timeline_summary_mismatch(ctx: Context) -> Iterator[Problem]:
    """The summary's stated window or duration disagrees with the timeline.

    Why: "between 14:05 and 15:52 UTC" in the summary and a timeline ending at 15:40 cannot
    both be right. A stated window must lie within the timeline's first and last entries, and
    a stated duration must not exceed the time they span, each with a tolerance of 15
    minutes (timelines usually start before the impact and end after it, so a shorter stated
    window is fine).

    Bad:
        Between 14:05 and 17:52 UTC checkout failed.   (timeline: 14:05 to 15:40 UTC)

    Good:
        Between 14:05 and 15:40 UTC checkout failed.
    """
    timeline = _timeline(ctx)
    occ = ctx.doc.section("incident_summary")
    if timeline is None or occ is None:
        return
    keyed = [e for e in timeline.timed if e.key is not None and not e.outlier]
    if len(keyed) < 2:
        return
    keys = [e.key for e in keyed if e.key is not None]
    first, last = min(keys), max(keys)
    span = last - first
    declared = timeline.declaration.zone if timeline.declaration else None
    for b in occ.blocks:
        if not b.text:
            continue
        window = _WINDOW.search(b.text)
        if window is not None and first.date() == last.date():
            a, z = _clock(window.group("a")), window.group("bz") or window.group("az")
            c = _clock(window.group("b"))
            stated = zone(z) if z else declared
            tz = stated.at(first.date()) if stated is not None else None
            if a and c and (tz is not None or stated is None):
                base = first.date()
                use = tz if tz is not None else first.tzinfo or UTC
                start = datetime(base.year, base.month, base.day, *a, tzinfo=use)
                end = datetime(base.year, base.month, base.day, *c, tzinfo=use)
                if end < start:
                    end += timedelta(days=1)
                if start < first - TOLERANCE or end > last + TOLERANCE:
                    yield Problem(
                        b.line,
                        f"summary window {window.group(0).strip()!r} is outside the timeline "
                        f"({_hm(first)}–{_hm(last)})",
                    )
                    return
        duration = _DURATION.search(b.text)
        if duration is not None:
            minutes = _minutes(duration)
            if minutes is not None and timedelta(minutes=minutes) > span + TOLERANCE:
                yield Problem(
                    b.line,
                    f"summary duration {duration.group(0).strip()!r} is longer than the "
                    f"timeline spans ({_span(span)})",
                )
                return


def _minutes(m: re.Match[str]) -> float | None:
    if m.group("h"):
        return float(m.group("h")) * 60 + float(m.group("hm") or 0)
    if m.group("m"):
        return float(m.group("m"))
    return None


def _hm(moment: datetime) -> str:
    name = moment.tzname() or ""
    return moment.strftime("%H:%M") + (f" {name}" if name else "")


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
