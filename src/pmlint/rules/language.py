"""Blameless language and a quantified impact (PM601, PM701)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from pmlint.findings import WARNING, Problem
from pmlint.lang import table
from pmlint.model import Block
from pmlint.needles import Needles, may_match, needles
from pmlint.rules.base import Context, rule, strings


@cache
def _phrases(language: str) -> dict[str, str]:
    """Blaming phrases (regular expressions) of a language, each with a system-focused way to
    say it (``data/words/<language>.json``, ``blame``)."""
    return dict(table("words", language).get("blame", {}))


@cache
def _pattern(language: str, extra: tuple[str, ...]) -> re.Pattern[str]:
    """The phrases of the language, then the extra ones, where no word goes on before them.

    Every built-in phrase starts with a word character (a test checks it), so they are only
    tried where one follows: at word starts rather than at every space and sign."""
    built_in = "|".join(f"(?i:{p})" for p in _phrases(language))
    phrases = [f"(?=\\w)(?:{built_in})"] if built_in else []
    phrases += [f"(?i:{re.escape(p)})" for p in extra]
    return re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)")


@cache
def _needles(language: str, extra: tuple[str, ...]) -> Needles | None:
    """Strings one of which every match of :func:`_pattern` contains (None: try every span)."""
    return needles(_pattern(language, extra).pattern)


def _suggestion(language: str, found: str) -> str:
    for phrase, suggestion in _phrases(language).items():
        if re.fullmatch(f"(?i:{phrase})", found):
            return suggestion
    return "describe the system conditions instead of a person"


_QUOTED = re.compile(r'"[^"\n]{1,300}"|“[^”\n]{1,300}”|«[^»\n]{1,300}»')


def _quoted(text: str) -> str:
    """``text`` with quoted passages blanked out: a quotation is not the author's judgement."""
    if '"' not in text and "“" not in text and "«" not in text:
        return text  # nothing quoted: skip the substitution, most spans
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), text)


def _disclaimed(text: str, start: int, language: str) -> bool:
    """The phrase is denied in its sentence ("this is not about human error", "no one is to
    blame"): an explanation of blamelessness, not blame."""
    sentence = re.split(r"[.!?;]\s", text[:start])[-1].lower()
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", sentence) for w in _blameless(language))


@cache
def _blameless(language: str) -> tuple[str, ...]:
    return tuple(table("words", language).get("blameless", ()))


@rule(
    "PM601",
    "blame-language",
    WARNING,
    options={"phrases": strings("extra phrases to report, matched as written, any case")},
    words="blame",
)
def blame_language(ctx: Context) -> Iterator[Problem]:
    """Blaming language: "human error", "careless", "should have known", "X's fault", ...

    Why: postmortems are blameless so that people tell the whole story; words that judge a
    person make the next one shorter. Each finding suggests a system-focused wording. Plurals
    and other forms count ("operator mistakes", "engineers' errors", "laziness"); quoted text
    and sentences that deny blame ("this is not about human error") do not. The phrases are
    package data per language; a document in a language without them is not checked. Add your
    own phrases with ``[rules.PM601] phrases = ["dropped the ball"]``.

    Bad:
        The outage happened because Sam was careless and forgot to check the dashboard.

    Good:
        The deploy checklist has no dashboard check, and the dashboard has no alert.
    """
    language = ctx.doc.language
    extra = tuple(ctx.options.get("phrases", ()))
    pattern = _pattern(language, extra)
    spans = [(p, _quoted(p.text)) for p in ctx.doc.prose if p.block.template_text is None]
    # A span with none of the phrases' needles cannot match: the alternation, tried at every
    # word start, is only run on the few spans that may (a tenth of them, typically).
    maybe = may_match([text for _, text in spans], _needles(language, extra))
    for (prose, text), worth_trying in zip(spans, maybe, strict=True):
        if not worth_trying:
            continue
        for m in pattern.finditer(text):
            if _disclaimed(text, m.start(), language):
                continue
            yield ctx.problem(
                prose.start + m.start(),
                prose.start + m.end(),
                f"blaming language {m.group(0)!r}: {_suggestion(language, m.group(0))}",
            )


@cache
def _quantity(language: str) -> re.Pattern[str]:
    """A digit, or a word that counts or denies ("three", "all", "no customers were affected")."""
    words = sorted(table("words", language).get("quantities", ()), key=len, reverse=True)
    alternation = "|".join(re.escape(w) for w in words)
    none = "".join(f"|{p}" for p in table("words", language).get("zero_impact", ()))
    return re.compile(r"\d" + (rf"|(?<!\w)(?:{alternation})(?!\w)" if words else "") + none, re.I)


def _counts(text: str, language: str) -> bool:
    """``text`` gives a number, once idioms that only look like one ("at all") are removed."""
    for idiom in table("words", language).get("not_quantities", ()):
        text = re.sub(rf"(?i)(?<!\w){re.escape(idiom)}(?!\w)", " ", text)
    return _quantity(language).search(text) is not None


@rule("PM701", "impact-not-quantified", WARNING, words="quantities")
def impact_not_quantified(ctx: Context) -> Iterator[Problem]:
    """The Impact section gives no number: no count, percentage or duration.

    Why: "some users were affected" cannot be compared with the next incident or used to
    decide how much prevention is worth. Say how many, what share, and for how long. Words
    that count ("three", "all") or say there was none ("no customers were affected") are
    enough; they are package data per language. In a log of incidents written with bold
    labels, each "**Impact**:" is judged on its own.

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
    language = ctx.doc.language
    if occ.origin == "label":  # a log of incidents: each "**Impact**:" label is one impact
        groups: list[list[Block]] = []
        for b in occ.blocks:
            if not groups or b.text.lower().startswith(occ.heading.lower()):
                groups.append([])
            groups[-1].append(b)
        for group in groups:
            said = "\n".join(b.text for b in group if b.has_content)
            if said and not _counts(said, language):
                yield Problem(group[0].line, _UNQUANTIFIED)
    elif not _counts(occ.text, language):
        yield Problem(occ.line, _UNQUANTIFIED)


_UNQUANTIFIED = "impact is not quantified: give a count, a percentage or a duration"
