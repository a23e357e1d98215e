"""Corrective actions: owner, due date, ticket, overdue (PM501-PM506)."""

from __future__ import annotations

from collections.abc import Iterator

from pmlint.findings import ERROR, WARNING, Problem
from pmlint.rules.base import Context, boolean, rule


@rule(
    "PM501",
    "action-missing-owner",
    ERROR,
    options={"done": boolean(False, "also report finished items that name no owner")},
)
def action_missing_owner(ctx: Context) -> Iterator[Problem]:
    """A corrective action with no owner.

    Why: an action nobody owns does not get done. An owner is an ``@handle``, a ``name@``,
    ``owner: name``, "assigned to Dana", "Dana to ..." or "the SRE team will ..." in the item,
    or an Owner/Assignee/Who/DRI column (a blank such as ``__``, ``TBD`` or ``[Name]`` there is
    no owner). Finished items (``[x]``, struck through, a Status of Done, ✅) are not reported
    unless ``[rules.PM501] done = true``.

    Bad:
        - Add a connection-pool saturation alert

    Good:
        - Add a connection-pool saturation alert (owner: @lee, due: 2025-03-18, PAY-412)
    """
    report_done = bool(ctx.options.get("done", False))
    for item in ctx.doc.actions:
        if item.owner is None and (report_done or not item.done):
            yield Problem(
                item.line,
                "corrective action has no owner (@handle, 'owner: name' or an Owner column)",
            )


@rule("PM502", "action-missing-due-date", ERROR)
def action_missing_due_date(ctx: Context) -> Iterator[Problem]:
    """A corrective action with no due date.

    Why: an action with no date slips behind every newer priority. A due date is a
    Due/Deadline/Target/ETA column, ``due: 2025-05-01``, ``by 2025-05-01`` or ``due May 1``
    (the year comes from the incident date), or a target in the sub-heading that groups the
    actions ("Long-term (target: Q4 2025)"). Finished items need no due date.

    Bad:
        | Action | Owner |
        |---|---|
        | Add a saturation alert | @lee |

    Good:
        | Action | Owner | Due |
        |---|---|---|
        | Add a saturation alert | @lee | 2025-03-18 |
    """
    for item in ctx.doc.actions:
        if item.due_raw is None and not item.done:
            yield Problem(
                item.line,
                "corrective action has no due date (a Due column, 'due: YYYY-MM-DD' or 'by …')",
            )


@rule("PM503", "action-invalid-due-date", ERROR)
def action_invalid_due_date(ctx: Context) -> Iterator[Problem]:
    """A due date that is not a date, or that falls before the incident.

    Why: "next sprint" or "2025-02-30" cannot be tracked, and a due date before the incident
    is a typo that hides the real deadline.

    Bad:
        - Add a saturation alert (@lee, due: next sprint)

    Good:
        - Add a saturation alert (@lee, due: 2025-03-18)
    """
    incident = ctx.doc.incident_date
    for item in ctx.doc.actions:
        if item.due_error is not None:
            yield Problem(item.line, f"due date {item.due_error}")
        elif item.due is not None and incident is not None and item.due < incident:
            yield Problem(
                item.line,
                f"due date {item.due.isoformat()} is before the incident ({incident.isoformat()})",
            )


@rule("PM504", "action-missing-ticket", WARNING)
def action_missing_ticket(ctx: Context) -> Iterator[Problem]:
    """A corrective action with no tracking reference.

    Why: work that lives only in a postmortem is invisible to the teams' planning tools.
    A reference is a Jira-style key (``PAY-412``), ``#123``, ``org/repo#1``, ``Bug 123``, a
    link to an issue, ticket or pull request, a Ticket/Issue/Bug/Jira/Link column, or a ticket
    in the sub-heading that groups the actions. Standards identifiers (``CVE-2024-1234``,
    ``RFC-9110``) and the numbers of other items ("see AI #6") are not tickets. Finished items
    need no ticket.

    Bad:
        - Add a saturation alert (@lee, due: 2025-03-18)

    Good:
        - Add a saturation alert (@lee, due: 2025-03-18, PAY-412)
    """
    for item in ctx.doc.actions:
        if item.ticket is None and not item.done:
            yield Problem(
                item.line, "corrective action has no ticket (a key like PAY-412, #123 or a URL)"
            )


@rule("PM505", "no-corrective-actions", ERROR)
def no_corrective_actions(ctx: Context) -> Iterator[Problem]:
    """The Corrective actions section holds no action items.

    Why: prose promises ("we will improve monitoring") have no owner or date to check.
    Action items are list items (task lists included) or table rows. A section with nothing
    in it at all is reported as empty (PM102) instead.

    Bad:
        ## Corrective actions

        We will improve our monitoring.

    Good:
        ## Corrective actions

        - [ ] Alert on pool saturation (@lee, due: 2025-03-18, PAY-412)
    """
    occ = ctx.doc.section("corrective_actions")
    if occ is not None and occ.has_content and not ctx.doc.actions:
        yield Problem(
            occ.line, f"section {occ.heading!r} has no action items (list items or table rows)"
        )


@rule("PM506", "action-overdue", WARNING, default_on=False)
def action_overdue(ctx: Context) -> Iterator[Problem]:
    """An open corrective action whose due date has passed.

    Runs only when a date is given: ``--today 2025-06-01``, ``--today today`` (the current
    UTC date), or ``today`` in the configuration; selecting it without one is a usage error.
    Done items (``[x]``, ``(done)``, ✅, or a Status of done, closed, fixed, resolved,
    complete(d), merged or shipped) are never overdue.

    Bad (with --today 2025-04-01):
        - [ ] Alert on pool saturation (@lee, due: 2025-03-18, PAY-412)

    Good:
        - [x] Alert on pool saturation (@lee, due: 2025-03-18, PAY-412)
    """
    today = ctx.today
    if today is None:
        return
    for item in ctx.doc.actions:
        if not item.done and item.due is not None and item.due < today:
            yield Problem(
                item.line,
                f"open corrective action is overdue (due {item.due.isoformat()}, "
                f"today is {today.isoformat()})",
            )
