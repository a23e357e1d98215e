"""Five whys and root cause (PM401-PM405): a chain, not a list of unrelated sentences."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import pairwise

from pmlint.concepts import concepts
from pmlint.findings import ERROR, WARNING, Problem
from pmlint.lang import table
from pmlint.model import Step
from pmlint.rules.base import Context, integer, rule

MIN_CONCEPTS = 3  # a step with fewer content words says too little to judge
MIN_WORDS = 6  # nor does a terse one ("Why? Kubernetes worker node restart")


@rule(
    "PM401",
    "five-whys-too-few",
    ERROR,
    options={"min": integer(5, minimum=1, help="the fewest why steps accepted")},
)
def five_whys_too_few(ctx: Context) -> Iterator[Problem]:
    """The five whys has fewer steps than the configured minimum (default 5).

    Why: stopping after two whys usually stops at a symptom. Set the minimum with
    ``[rules.PM401] min = 3``. A first step labelled as the problem ("**What?** Several
    services became unavailable") states what is asked about and is not counted. A section
    that is empty is PM102's, not this rule's.

    Bad:
        ## Five whys

        1. Checkout failed because the gateway returned 503.
        2. The gateway returned 503 because its database pool was exhausted.

    Good:
        (five steps, each answering the one before)
    """
    occ = ctx.doc.section("five_whys")
    minimum = int(ctx.options.get("min", 5))
    if occ is None or not occ.has_content:
        return
    steps = ctx.doc.steps
    count = len(steps) - (1 if steps and _STATEMENT.match(steps[0].text) else 0)
    if count < minimum:
        yield Problem(
            occ.line,
            f"five whys has {count} step{'s' if count != 1 else ''}; at least {minimum} expected",
        )


_STATEMENT = re.compile(r"\W*(?:what|problem|issue|symptom)\s*[?:]", re.IGNORECASE)


def _words(text: str) -> int:
    """Words of the answer, without its "Why?" prefix."""
    return len(re.findall(r"\w+", re.sub(r"^\W*why\b\W*", "", text, flags=re.I)))


def _unknown(text: str, language: str) -> bool:
    """The answer is that nobody knows yet ("Unknown, but we saw ...", "Not sure")."""
    start = re.sub(r"^\W*(?:why\W*)?", "", text.lower()).strip()
    answers = table("words", language).get("unknown_answers", ())
    return any(re.match(rf"{re.escape(a)}\b", start) for a in answers)


def _shown(step: Step) -> str:
    text = " ".join(step.text.split())
    return text if len(text) <= 40 else text[:37].rstrip() + "…"


@rule("PM402", "five-whys-broken-chain", WARNING)
def five_whys_broken_chain(ctx: Context) -> Iterator[Problem]:
    """A why step that shares no concept with the step before it.

    Why: each answer should explain the one before ("the database locked" -> "too many writes
    to the database"); a step about something else breaks the chain. Steps are compared by
    content words, stop words removed and reduced to a stem (locked/lock, writes/write,
    timed out/timeout). An answer that nobody knows yet ("Why? Unknown, but ...") ends the
    chain without breaking it. A terse step of fewer than six words or three content words ("Why?
    Kubernetes worker node restart") says too little to judge and is left alone.

    Bad:
        1. The application had an outage because the database was locked
        2. The marketing team launched a campaign on Tuesday

    Good:
        1. The application had an outage because the database was locked
        2. The database locked because there were too many writes to the database
    """
    steps = ctx.doc.steps
    language = ctx.doc.language
    for previous, step in pairwise(steps):
        if _unknown(step.text, language):
            continue  # "Why? Unknown, but ...": the chain stops there, it does not break
        if min(_words(previous.text), _words(step.text)) < MIN_WORDS:
            continue
        before, now = concepts(previous.text, language), concepts(step.text, language)
        if len(before) >= MIN_CONCEPTS and len(now) >= MIN_CONCEPTS and not before & now:
            yield Problem(
                step.line, f"why step {_shown(step)!r} shares no concept with the step before it"
            )


# PM403 compares a step with this many steps before it (and with every identical one): a
# section of thousands of steps is linted in linear time, and no real five whys is that long.
NEARBY_STEPS = 50


@rule("PM403", "five-whys-repeated", WARNING)
def five_whys_repeated(ctx: Context) -> Iterator[Problem]:
    """Two why steps that say the same thing.

    Why: a repeated step adds a line but no depth. Steps count as the same when their words
    are identical or nearly so (at least 80% of their concepts shared; in a section of more
    than 50 steps, near-identical ones are looked for among the 50 before each step).

    Bad:
        2. The database locked because of too many writes
        3. Too many writes locked the database

    Good:
        2. The database locked because of too many writes
        3. The writes grew because a change doubled them
    """
    seen: list[tuple[Step, frozenset[str]]] = []
    first: dict[frozenset[str], Step] = {}  # identical steps, however far apart
    for step in ctx.doc.steps:
        mine = concepts(step.text, ctx.doc.language)
        for other, theirs in seen[-NEARBY_STEPS:]:
            union = mine | theirs
            if len(union) >= 3 and len(mine & theirs) / len(union) >= 0.8:
                yield Problem(step.line, f"why step repeats the step at line {other.line}")
                break
        else:
            same = first.get(mine)
            if same is not None and len(mine) >= 3:
                yield Problem(step.line, f"why step repeats the step at line {same.line}")
        seen.append((step, mine))
        first.setdefault(mine, step)


@rule("PM404", "root-cause-unlinked", WARNING)
def root_cause_unlinked(ctx: Context) -> Iterator[Problem]:
    """The root cause shares no concept with the last why.

    Why: the last answer of the five whys *is* the root cause; a Root cause section about
    something else means one of the two is wrong. A tree of whys (answers with their own
    whys nested under them) has several last answers; sharing a concept with one is enough.

    Bad:
        5. Because load testing was never part of the release process
        ## Root cause
        A bug in the billing export.

    Good:
        ## Root cause
        Releases are not load tested, so a change that multiplied database writes shipped.
    """
    occ = ctx.doc.section("root_cause")
    if occ is None or not occ.has_content or not ctx.doc.steps:
        return
    language = ctx.doc.language
    said = "\n".join(b.text for b in occ.blocks if b.has_content and not b.italic)
    if not said.strip():
        return  # only guidance in italics ("*Note the final root cause*"): nothing to compare
    mine = concepts(said, language)
    ends = [concepts(step.text, language) for step in ctx.doc.why_ends or ctx.doc.steps[-1:]]
    if mine and all(ends) and not any(mine & end for end in ends):
        yield Problem(occ.line, "root cause shares no concept with the last why step")


@cache
def _human_error(language: str) -> re.Pattern[str]:
    """ "Human error" and its kin in a language (``data/words/<language>.json``)."""
    phrases = table("words", language).get("human_error", ())
    return re.compile("|".join(f"(?i:(?<!\\w){p}(?!\\w))" for p in phrases) or "$^")


def human_error_spans(text: str, language: str = "en") -> list[tuple[int, int]]:
    return [m.span() for m in _human_error(language).finditer(text)]


@rule("PM405", "root-cause-human-error", ERROR, words="human_error")
def root_cause_human_error(ctx: Context) -> Iterator[Problem]:
    """The root cause (or the last why) is "human error", "operator error" or a person.

    Why: people make mistakes in every system; a root cause is what let the mistake reach
    production (no review, no guard rail, a confusing tool). Stopping at a person ends the
    analysis where it should start, and it is not blameless.

    Bad:
        ## Root cause
        Human error: Bob ran the migration against production.

    Good:
        ## Root cause
        The migration tool defaults to the production database and asks for no confirmation.
    """
    for block_text, line in _root_texts(ctx):
        if human_error_spans(block_text, ctx.doc.language):
            yield Problem(
                line, "root cause is a person or 'human error': ask what let the mistake happen"
            )


def _root_texts(ctx: Context) -> list[tuple[str, int]]:
    texts: list[tuple[str, int]] = []
    occ = ctx.doc.section("root_cause")
    if occ is not None:
        texts.extend((b.text, b.line) for b in occ.blocks if b.text)
    if ctx.doc.steps:
        texts.append((ctx.doc.steps[-1].text, ctx.doc.steps[-1].line))
    return texts
