"""Blameless language and a quantified impact (PM601, PM701)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from pmlint.findings import WARNING, Problem
from pmlint.rules.base import Context, rule, strings

# phrase (a regular expression) -> a system-focused way to say it
BLAME_PHRASES: dict[str, str] = {
    r"human error": "name the condition that made the mistake possible",
    r"operator error": "describe what the tooling allowed the operator to do",
    r"user error": "describe what the interface let the user do",
    r"careless(?:ness|ly)?": "describe what made the step easy to get wrong",
    r"negligen(?:t|ce)": "describe the missing safeguard",
    r"should(?:'ve| have) known": "say what information was not available at the time",
    r"should(?:'ve| have) (?:noticed|checked|caught)": "say what would have surfaced it",
    r"(?:(?-i:[A-Z][a-z]+)(?:'s|’s)|his|her|their) fault": "describe the gap in the process",
    r"fault of (?-i:[A-Z][a-z]+)": "describe the gap in the process",
    r"(?:(?-i:[A-Z][a-z]+)|he|she|they|the engineer|the developer|someone) forgot to": (
        "say which step had no reminder or automation"
    ),
    r"failed to (?:notice|follow|read)": "say what made it easy to miss",
    r"(?:sloppy|reckless|incompetent|stupid)": "describe the work, not the person",
    r"(?:was|were|is|being) lazy": "describe the work, not the person",
    r"(?:dumb|silly|stupid) mistake": "describe the conditions of the mistake",
    r"to blame": "describe causes, not culprits",
}


# Every built-in phrase contains one of these: a cheap test before the regular expression.
_TRIGGERS = (
    "error",
    "careless",
    "negligen",
    "should",
    "fault",
    "forgot",
    "failed to",
    "sloppy",
    "reckless",
    "incompetent",
    "stupid",
    "lazy",
    "mistake",
    "blame",
)


@cache
def _pattern(extra: tuple[str, ...]) -> re.Pattern[str]:
    phrases = [*BLAME_PHRASES, *(re.escape(p) for p in extra)]
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?i:{p})" for p in phrases) + r")(?!\w)")


def _suggestion(found: str) -> str:
    for phrase, suggestion in BLAME_PHRASES.items():
        if re.fullmatch(f"(?i:{phrase})", found):
            return suggestion
    return "describe the system conditions instead of a person"


@rule(
    "PM601",
    "blame-language",
    WARNING,
    options={"phrases": strings("extra phrases to report, matched as written, any case")},
)
def blame_language(ctx: Context) -> Iterator[Problem]:
    """Blaming language: "human error", "careless", "should have known", "X's fault", ...

    Why: postmortems are blameless so that people tell the whole story; words that judge a
    person make the next one shorter. Each finding suggests a system-focused wording. Add your
    own phrases with ``[rules.PM601] phrases = ["dropped the ball"]``.

    Bad:
        The outage happened because Sam was careless and forgot to check the dashboard.

    Good:
        The deploy checklist has no dashboard check, and the dashboard has no alert.
    """
    extra = tuple(ctx.options.get("phrases", ()))
    pattern = _pattern(extra)
    triggers = _TRIGGERS + tuple(p.lower() for p in extra)
    for prose in ctx.doc.prose:
        if prose.block.template_text is not None:
            continue
        lowered = prose.text.lower()
        if not any(t in lowered for t in triggers):
            continue
        for m in pattern.finditer(prose.text):
            yield ctx.problem(
                prose.start + m.start(),
                prose.start + m.end(),
                f"blaming language {m.group(0)!r}: {_suggestion(m.group(0))}",
            )


_QUANTITY = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundreds?|thousands?|millions?|dozens?|half|all|every|none|no one|zero)\b"
    r"|\bno (?:impact|users?|customers?|data|one)\b|\bnot aware (?:of )?any\b",
    re.IGNORECASE,
)


@rule("PM701", "impact-not-quantified", WARNING)
def impact_not_quantified(ctx: Context) -> Iterator[Problem]:
    """The Impact section gives no number: no count, percentage or duration.

    Why: "some users were affected" cannot be compared with the next incident or used to
    decide how much prevention is worth. Say how many, what share, and for how long.

    Bad:
        ## Impact

        Some customers could not check out.

    Good:
        ## Impact

        For 1 hour 42 minutes, 38% of checkout attempts failed (about 41,000 orders).
    """
    occ = ctx.doc.section("impact")
    if occ is None or not occ.has_content:
        return
    if not _QUANTITY.search(occ.text):
        yield Problem(
            occ.line, "impact is not quantified: give a count, a percentage or a duration"
        )
