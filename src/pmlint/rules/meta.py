"""Findings the engine reports itself, before or instead of the rules (PM000-PM002)."""

from __future__ import annotations

from collections.abc import Iterator

from pmlint.findings import ERROR, WARNING, Problem
from pmlint.rules.base import Context, rule


@rule("PM000", "internal-error", ERROR, engine=True)
def internal_error(ctx: Context) -> Iterator[Problem]:
    """pmlint itself failed on this file (a bug in pmlint); cannot be ignored.

    Why: a crash on one file must not hide the findings of the others, nor pass silently.
    The finding names the exception; run with ``--debug`` for the traceback, and please
    report it with the file that triggers it.

    Bad: (any file pmlint crashes on)

    Good: (the same file once the bug is fixed)
    """
    yield from ()


@rule("PM001", "unreadable-file", ERROR, engine=True)
def unreadable_file(ctx: Context) -> Iterator[Problem]:
    """The file cannot be linted: missing, unreadable, not UTF-8, binary, or refused.

    Why: a postmortem that pmlint cannot read is not checked at all. Named pipes, devices and
    other files that are not regular files are refused without being opened, and files over
    ``max-file-size`` (10 MiB by default) without being read; a file that is not read is
    reported whatever the rule selection. Markdown nested deeper than ``max-nesting`` (32), or
    shaped so that the Markdown parser's work would grow faster than the file (block quotes
    written ``> > >`` dozens deep, thousands of unmatched brackets, backticks or emphasis
    markers, thousands of link definitions in a row, far more lines than its size suggests),
    is refused because it would make the parser slow or crash; the message says which. Real
    postmortems stay far below every one of these limits.

    Bad:
        (a file saved as UTF-16, or a 40,000-level nested block quote)

    Good:
        (the same text saved as UTF-8 with ordinary nesting)
    """
    yield from ()


@rule("PM002", "invalid-front-matter", ERROR, engine=True)
def invalid_front_matter(ctx: Context) -> Iterator[Problem]:
    """Front matter that is not valid YAML, not a mapping, or uses aliases or tags.

    Why: metadata such as the incident date and severity comes from the front matter;
    YAML aliases (alias bombs) and tags (arbitrary objects) are refused for safety, and so
    are lists and mappings nested more than 32 deep.

    Bad:
        ---
        date: 2025-03-11
        severity: [SEV-2
        ---

    Good:
        ---
        date: 2025-03-11
        severity: SEV-2
        ---
    """
    yield from ()


@rule("PM901", "invalid-directive", WARNING, engine=True)
def invalid_directive(ctx: Context) -> Iterator[Problem]:
    """A ``pmlint-…`` comment that is malformed or names an unknown rule.

    Why: a misspelt suppression silently suppresses nothing, and the finding it was meant
    for comes back, or worse, a typo leaves a real problem unreported. Directives are
    ``pmlint-disable``, ``pmlint-enable``, ``pmlint-disable-next-line`` and
    ``pmlint-disable-file``, followed by codes or names (none: every rule).

    Bad:
        <!-- pmlint-disabel PM302 -->

    Good:
        <!-- pmlint-disable PM302 -->
    """
    yield from ()


@rule("PM902", "unused-suppression", WARNING, engine=True, default_on=False)
def unused_suppression(ctx: Context) -> Iterator[Problem]:
    """A suppression comment that suppressed nothing (off by default).

    Why: suppressions outlive the problems they hid; an unused one hides the next problem
    on that line. Turn this on with ``--extend-select PM902`` to clean them up.

    Bad:
        <!-- pmlint-disable-next-line PM501 -->
        - Add an alert (@lee, due: 2025-03-18, PAY-412)

    Good:
        - Add an alert (@lee, due: 2025-03-18, PAY-412)
    """
    yield from ()
