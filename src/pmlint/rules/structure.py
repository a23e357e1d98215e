"""Structure rules: the sections the template asks for, in order, once each (PM101-PM107)."""

from __future__ import annotations

from collections.abc import Iterator

from pmlint.findings import ERROR, WARNING, Problem
from pmlint.model import walk
from pmlint.rules.base import Context, rule
from pmlint.schema import format_path


@rule("PM101", "missing-section", ERROR)
def missing_section(ctx: Context) -> Iterator[Problem]:
    """A section the schema requires is absent.

    Why: every section of the template answers a question reviewers will ask; a missing
    one is usually a question nobody answered. Headings are matched by meaning, not by exact
    text: "Action items" is Corrective actions, "5 Whys" is Five whys, "Timeline (UTC)" is
    Timeline. Corrective actions stated as labelled paragraphs ("**Action item:** ...")
    across the document count as the section. The finding stands on the heading of the
    section that should come before the missing one (else the title, else line 1).

    Bad:
        ## Impact
        ...
        ## Response

    Good:
        ## Impact
        ...
        ## Detection
        ...
        ## Response
    """
    order = ctx.template.order
    present: dict[str, int] = {}
    for occ in ctx.doc.sections:
        present.setdefault(occ.key, occ.line)
    for error in ctx.schema_errors:
        if error.validator != "required" or error.path != ("sections",) or not error.missing:
            continue
        key = error.missing
        if key == "corrective_actions" and ctx.doc.actions:
            continue  # stated as labelled paragraphs ("Action point: ...") across the document
        line = ctx.doc.title_line or 1
        anchor = ""
        rank = order.get(key, len(order))
        before = [k for k in present if order.get(k, len(order)) < rank]
        if before:
            previous = max(before, key=lambda k: order.get(k, len(order)))
            line = present[previous]
            anchor = f" (expected after {ctx.template.heading_of(previous)!r})"
        yield Problem(line, f"missing section {ctx.template.heading_of(key)!r}{anchor}")


@rule("PM102", "empty-section", ERROR)
def empty_section(ctx: Context) -> Iterator[Problem]:
    """A section with nothing but whitespace, comments or template guidance.

    Why: a heading with no content looks complete in a review diff but answers nothing.
    The template's italic prompts ("Write a summary of the incident in a few sentences...")
    count as empty, as do HTML comments and sub-headings with nothing under them.

    Bad:
        ## Recurrence

        _Now that you know the root cause, can you look back and see any other incidents
        that could have the same root cause?_

    Good:
        ## Recurrence

        The same pool exhaustion caused HOT-13432 in January; its fix was never rolled out.
    """
    for occ in ctx.doc.sections:
        if occ.origin == "heading" and not occ.has_content:
            scope = tuple((b.line, b.end_line) for b in walk(occ.blocks))
            yield Problem(occ.line, f"section {occ.heading!r} is empty", scope=scope)


@rule("PM103", "section-order", WARNING)
def section_order(ctx: Context) -> Iterator[Problem]:
    """Sections out of the template's order.

    Why: readers find their way through postmortems by the template's order (what happened,
    how it was found and fixed, why, what changes). Each heading outside the longest run of
    sections that is in order is reported. Only the top-level sections are compared (a
    "### Five whys" inside "## Root cause analysis" stands where its parent does), and a
    document in which more than a third of the sections (at least two) are out of order
    follows another layout on purpose: it gets no finding (choose its preset, or a template of
    your own, to check it). A heading that names two sections ("Causes" is fault and root
    cause) is in order when either of them is.

    Bad:
        ## Timeline
        ## Incident summary

    Good:
        ## Incident summary
        ## Timeline
    """
    order = ctx.template.order
    headed = [occ for occ in ctx.doc.sections if occ.origin == "heading"]
    top = min((occ.level for occ in headed), default=0)
    by_line: dict[int, list[tuple[int, str]]] = {}  # a heading may name two sections
    seen: set[str] = set()
    for occ in headed:
        if occ.key in seen or occ.key not in order or occ.level > top:
            continue
        seen.add(occ.key)
        by_line.setdefault(occ.line, []).append((order[occ.key], occ.heading))
    firsts: list[tuple[int, int, str]] = []  # (rank, line, heading)
    for line, ranks in sorted(by_line.items()):
        last = firsts[-1][0] if firsts else -1
        later = [r for r in ranks if r[0] > last]  # the role that keeps the order, if any
        rank, heading = min(later) if later else max(ranks)
        firsts.append((rank, line, heading))
    keep = _longest_increasing(firsts)
    if len(firsts) - len(keep) > max(1, len(firsts) / 3):
        return  # another layout, followed on purpose
    for index, (rank, line, heading) in enumerate(firsts):
        if index in keep:
            continue
        after = [f for i, f in enumerate(firsts) if i in keep and f[0] < rank]
        hint = f"; it belongs after {after[-1][2]!r}" if after else "; it belongs earlier"
        yield Problem(line, f"section {heading!r} is out of the template's order{hint}")


def _longest_increasing(items: list[tuple[int, int, str]]) -> set[int]:
    """Indexes of one longest strictly increasing run (by rank), preferring earlier items."""
    n = len(items)
    length = [1] * n
    parent = [-1] * n
    for i in range(n):
        for j in range(i):
            if items[j][0] < items[i][0] and length[j] + 1 > length[i]:
                length[i] = length[j] + 1
                parent[i] = j
    if not n:
        return set()
    best = max(range(n), key=lambda i: (length[i], -i))
    keep: set[int] = set()
    while best >= 0:
        keep.add(best)
        best = parent[best]
    return keep


@rule("PM104", "duplicate-section", ERROR)
def duplicate_section(ctx: Context) -> Iterator[Problem]:
    """The same section twice.

    Why: two Timelines or two sets of Corrective actions split what reviewers must read
    together, and tools that read the postmortem take only the first. Adjacent headings that
    mean the same section ("What went well" followed by "What went wrong") merge and are fine,
    and so does a heading at another level or under another parent ("### Root cause" under
    "## Addendum: second outage"): only a heading at the first one's level, under the same
    heading, repeats it.

    Bad:
        ## Timeline
        ...
        ## Impact
        ...
        ## Timeline

    Good:
        ## Timeline
        ...
        ## Impact
    """
    first: dict[str, tuple[int, int, int | None]] = {}  # key -> (line, level, parent line)
    for occ in ctx.doc.sections:
        if occ.origin != "heading":
            continue
        parent = _parent_line(ctx, occ.line, occ.level)
        if occ.key not in first:
            first[occ.key] = (occ.line, occ.level, parent)
        elif (occ.level, parent) == first[occ.key][1:]:
            yield Problem(
                occ.line,
                f"duplicate section {occ.heading!r} (first at line {first[occ.key][0]})",
            )


def _parent_line(ctx: Context, line: int, level: int) -> int | None:
    """The line of the nearest heading above ``line`` that is shallower than ``level``."""
    parent = None
    for h in ctx.doc.headings:
        if h.line >= line:
            break
        if h.level < level:
            parent = h.line
    return parent


@rule("PM105", "schema-violation", ERROR)
def schema_violation(ctx: Context) -> Iterator[Problem]:
    """The document breaks the schema in another way (e.g. a front matter value not allowed).

    Why: the JSON Schema is the single source of truth for a postmortem's structure; teams
    point pmlint at their own schema to require, for example, a ``severity`` from a fixed
    list. The finding stands on the line of the offending key or section.

    Bad (with a schema that allows severity SEV-1 to SEV-3):
        ---
        severity: critical
        ---

    Good:
        ---
        severity: SEV-2
        ---
    """
    for error in ctx.schema_errors:
        if error.validator == "required" and error.path == ("sections",):
            continue
        if error.missing:
            message = f"{format_path(error.path)}: required property {error.missing!r} is missing"
        else:
            message = f"{format_path(error.path)}: {error.message}"
        yield Problem(error.line, message)


@rule("PM106", "heading-typo", WARNING)
def heading_typo(ctx: Context) -> Iterator[Problem]:
    """A heading that nearly matches a section name.

    Why: "Incident summery" is almost certainly "Incident summary"; pmlint maps it there so
    the other rules still work, and asks for the spelling to be fixed so other tools (and
    search) find it. Near means one edit away (two for names over 8 characters).

    Bad:
        ## Corective actions

    Good:
        ## Corrective actions
    """
    for heading in ctx.doc.headings:
        if heading.typo_of is not None:
            yield Problem(
                heading.line,
                f"heading {heading.text!r} looks like a misspelling of {heading.typo_of!r}",
            )


@rule("PM107", "missing-title", WARNING)
def missing_title(ctx: Context) -> Iterator[Problem]:
    """No H1 heading and no front matter ``title``.

    Why: the title is how a postmortem is found in lists, search results and links.

    Bad:
        ## Incident summary

    Good:
        # 2025-03-11 Checkout outage

        ## Incident summary
    """
    if not ctx.doc.title:
        yield Problem(1, "no title: add an H1 heading or a front matter 'title'")
