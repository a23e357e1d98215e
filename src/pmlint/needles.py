"""Needles: literal strings one of which is in every match of a regular expression.

A long alternation of case-insensitive phrases (PM601) costs a try at every word start of
every span of prose, though few spans hold any of its phrases. A span whose folded text
(:func:`fold`) contains none of the pattern's needles cannot match, so the rule skips it with
a few substring tests instead. The needles are read from the pattern's parse by the standard
library's own parser, conservatively: a construct it does not know gives no needles, and then
the pattern is always tried.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# ``re._parser`` (private, but the same since Python 3.11) has no type stubs, and its public
# alias ``sre_parse`` is deprecated: both modules are imported by name and typed as Any.
_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

Needles = frozenset[str]

# The characters other than its two cases that an ASCII letter matches under IGNORECASE
# (tests/test_needles.py checks every code point).
CASE_VARIANTS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def needles(pattern: str) -> Needles | None:
    """Lower-case ASCII strings one of which every match of ``pattern`` contains, under any case
    flags, once folded (:func:`fold`); None when no such strings were found."""
    try:
        parsed = _parser.parse(pattern, 0)
    except re.error:
        return None
    found = _sequence(list(parsed.data))
    if found is None:
        return None
    # A text with "mistake" in it need not be searched for " mistake" as well.
    return frozenset(n for n in found if not any(m != n and m in n for m in found))


def fold(text: str) -> str:
    """``text`` in lower case, where every character that a case-insensitive ASCII letter
    matches is that letter: "ſ" (long s), "ı" (dotless i) and "İ" (which lowers to "i" and a
    combining dot) included (tests/test_needles.py checks every code point)."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return lowered.replace("ſ", "s").replace("ı", "i").replace("\u0307", "")


def may_match(texts: list[str], wanted: Needles | None) -> list[bool]:
    """For each of ``texts``, whether it may hold a match of a pattern with these needles (it
    holds one of them, once folded); all True when there are no needles."""
    if wanted is None:
        return [True] * len(texts)
    folded = [fold(text) for text in texts]
    # The texts joined first: most needles are in none of them, and each text is then tested
    # for the few that are. No needle spans two texts: they are ASCII and the joint is not.
    everything = "\uffff".join(folded)
    present = [needle for needle in wanted if needle in everything]
    return [any(needle in text for needle in present) for text in folded]


def _sequence(items: list[tuple[Any, Any]]) -> Needles | None:
    """The best needles of a sequence: its runs of ASCII literals, and those of its parts."""
    best: Needles | None = None
    run = ""
    for op, av in items:
        if op is _c.LITERAL and av < 128:
            run += chr(av).lower()
            continue
        if run:
            best = _better(best, frozenset((run,)))
            run = ""
        best = _better(best, _item(op, av))
    return _better(best, frozenset((run,))) if run else best


def _item(op: Any, av: Any) -> Needles | None:
    if op is _c.SUBPATTERN:  # (group, add flags, del flags, pattern): flags do not matter
        return _sequence(list(av[3]))
    if op is _c.BRANCH:  # every alternative must have needles
        union: set[str] = set()
        for alternative in av[1]:
            found = _sequence(list(alternative))
            if found is None:
                return None
            union |= found
        return frozenset(union)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _sequence(list(av[2]))
    return None  # an optional part, a class, an assertion, ...: contributes nothing


def _better(a: Needles | None, b: Needles | None) -> Needles | None:
    """The needles whose shortest one is longer (fewer chance hits); ``a`` on a tie."""
    if a is None:
        return b
    if b is None or min(map(len, a)) >= min(map(len, b)):
        return a
    return b
