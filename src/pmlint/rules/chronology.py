"""Chronology rules (PM303, PM304, PM306): entries in order, with a time, on plausible dates."""

from __future__ import annotations

from collections.abc import Iterator

from pmlint.findings import ERROR, WARNING, Problem
from pmlint.model import Entry, Timeline
from pmlint.rules.base import Context, rule


def _entry_problem(ctx: Context, e: Entry, message: str) -> Problem:
    assert e.stamp is not None
    return ctx.problem(e.base + e.stamp.start, e.base + e.stamp.end, message)


def _timeline(ctx: Context) -> Timeline | None:
    return ctx.doc.timeline


def _placed(e: Entry) -> bool:
    """The entry's zone is known (its key is a real instant, not a local time)."""
    return e.zone is not None and e.zone.kind in ("utc", "fixed", "iana")


def _earlier(e: Entry, previous: Entry, descending: bool) -> bool:
    """``e`` comes before ``previous`` (a date-only entry is not compared within its day)."""
    assert e.key is not None and previous.key is not None and e.stamp is not None
    a, b = e.key, previous.key
    if _placed(e) != _placed(previous):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)  # read in the zone around it
    earlier = a > b if descending else a < b
    dateless = (
        e.stamp.clock is None or previous.stamp is None or previous.stamp.clock is None
    ) and e.key.date() == previous.key.date()
    return earlier and not dateless


def _culprit(entries: list[Entry], index: int, descending: bool) -> int:
    """The entry out of place when ``entries[index]`` is earlier than the one before it:
    the one before, when only leaving that one out puts its neighbours in order."""
    here, previous = entries[index], entries[index - 1]
    after = entries[index + 1] if index + 1 < len(entries) else None
    prior = entries[index - 2] if index >= 2 else None
    without_here = after is None or not _earlier(after, previous, descending)
    without_previous = prior is None or not _earlier(here, prior, descending)
    return index - 1 if without_previous and not without_here else index


@rule("PM303", "timeline-out-of-order", ERROR)
def timeline_out_of_order(ctx: Context) -> Iterator[Problem]:
    """A timeline entry earlier than the one before it.

    Why: an out-of-order entry is either a typo in its time or an event in the wrong place,
    and either one misleads the reader. Compared after resolving dates and zones (an entry
    in PDT that is later in UTC is in order; an entry without a zone is read in the zone of
    the entry beside it), within one chronology (each "Key events" list or incident of a log
    is its own), and not among labelled milestones ("Repaired ...", "Incident declared ...",
    which are fields, not a sequence). A time-only entry earlier
    than the one before it counts as the next day when the step is from the evening (18:00
    or later) to the morning (before 10:00): "23:55" then "07:00" is the next morning,
    "14:00" then "09:10" is reported. When the entry before is the one out of place (leaving
    it out puts the others in order), that one is reported. A timeline declared "most
    recent first" is checked in that direction.

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
    for group in sorted({e.group for e in timeline.entries}):
        entries = [
            e
            for e in timeline.entries
            if e.group == group and e.stamp is not None and e.key is not None and not e.outlier
        ]
        if entries and all(e.milestone for e in entries):
            continue
        yield from _order(ctx, entries, timeline.descending)


def _order(ctx: Context, entries: list[Entry], descending: bool) -> Iterator[Problem]:
    reported: set[int] = set()
    for index in range(1, len(entries)):
        if not _earlier(entries[index], entries[index - 1], descending):
            continue
        culprit = _culprit(entries, index, descending)
        if culprit in reported:
            continue
        reported.add(culprit)
        yield _order_problem(ctx, entries, culprit, index, descending)


def _order_problem(
    ctx: Context, entries: list[Entry], culprit: int, index: int, descending: bool
) -> Problem:
    e = entries[culprit]
    assert e.stamp is not None
    if culprit != index:
        other = entries[index]
        word = "earlier" if descending else "later"
        return _entry_problem(
            ctx,
            e,
            f"entry {e.shown!r} is {word} than the entries after it (line {other.line})",
        )
    previous = entries[index - 1]
    direction = "later" if descending else "earlier"
    note = ""
    assert e.key is not None and previous.key is not None
    if (
        e.stamp.day is None
        and e.stamp.clock is not None
        and previous.stamp is not None
        and previous.stamp.clock is not None
        and e.key.date() == previous.key.date()
    ):
        note = " (no date given; too big a step back to be the next day)"
    return _entry_problem(
        ctx,
        e,
        f"entry {e.shown!r} is {direction} than the entry before it at line {previous.line}{note}",
    )


@rule("PM304", "timeline-unparseable-entry", WARNING)
def timeline_unparseable_entry(ctx: Context) -> Iterator[Problem]:
    """A timeline entry with no recognisable time.

    Why: "around noon" or "--:--" cannot be placed on the timeline or checked for order.
    Recognised: ``14:02``, ``2:05 PM``, ``9:05 a.m.``, ``14h30``, ``午後3時``,
    ``2025-03-11 14:02``, ``27.02.2024 09:05``, ``2025-03-11T14:02:00Z``, ``Mar 11 14:02``,
    ``14 März``, ranges (``17:00–18:00``), relative stamps (``[+1 h]``, ``T+15m``), bold or
    bracketed times, and date-only entries. Notes, images and links in a timeline list are
    not entries. A time written with a dot ("14.43") in a timeline that uses colons is
    reported too.

    Bad:
        - around noon — the alert fires

    Good:
        - 12:05 UTC — the alert fires
    """
    timeline = _timeline(ctx)
    if timeline is None:
        return
    timed = timeline.timed
    dotted = sum(1 for e in timed if e.stamp is not None and e.stamp.dotted)
    for e in timeline.entries:
        if e.stamp is None or e.stamp.blank_time:
            shown = e.raw if len(e.raw) <= 30 else e.raw[:27] + "…"
            yield Problem(e.line, f"timeline entry {shown!r} has no recognisable time")
        elif e.stamp.bad_date:
            yield _entry_problem(
                ctx, e, f"timeline entry {e.shown!r} has an impossible date or time"
            )
        elif e.stamp.dotted and dotted * 2 < len(timed) and e.stamp.clock is not None:
            clock = f"{e.stamp.clock.hour:02d}:{e.stamp.clock.minute:02d}"
            yield _entry_problem(
                ctx, e, f"timeline entry {e.shown!r} writes its time with a dot ({clock}?)"
            )


@rule("PM306", "timeline-date-outlier", WARNING)
def timeline_date_outlier(ctx: Context) -> Iterator[Problem]:
    """A timeline entry dated far (over 180 days) from the entries around it.

    Why: a 2016 entry among 2015 ones is almost always a typo in the year, and it would
    throw the order and duration checks off (this entry is left out of them). An old first
    event ("certificate issued a year before") is in order and is not reported.

    Bad:
        - 2015-10-21 14:02 — deploy
        - 2016-10-21 14:05 — alert
        - 2015-10-21 14:09 — rollback

    Good:
        - 2015-10-21 14:02 — deploy
        - 2015-10-21 14:05 — alert
        - 2015-10-21 14:09 — rollback
    """
    timeline = _timeline(ctx)
    if timeline is None:
        return
    for e in timeline.entries:
        if e.outlier and e.day is not None:
            yield _entry_problem(
                ctx, e, f"entry dated {e.day.isoformat()} is far from the dates around it"
            )
