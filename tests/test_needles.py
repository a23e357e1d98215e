"""Needles: the literal pre-test that PM601 runs before its alternation of blame phrases."""

from __future__ import annotations

import re

import pytest

from pmlint.lang import LANGUAGES, table
from pmlint.needles import CASE_VARIANTS, fold, may_match, needles
from pmlint.rules.language import _needles, _pattern


def test_fold_and_case_variants_cover_whatever_a_case_insensitive_ascii_character_matches_to_it() -> (
    None
):
    """Needles are ASCII and tested on folded text: every character that the engine matches
    to an ASCII character under IGNORECASE (the Kelvin sign, a long s, a dotless i, ...)
    must fold to that character, or a span could be skipped though the pattern matches it."""
    everything = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    for c in map(chr, range(128)):
        matches = set(re.findall("(?i)" + re.escape(c), everything))
        for matched in matches:
            assert fold(matched) == c.lower(), (c, matched)
        # PM203's seams start with a class of these cases instead of IGNORECASE
        assert matches == {c.lower(), c.upper(), *CASE_VARIANTS.get(c.lower(), "")}, c


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("careless(?:ness|ly)?", {"careless"}),
        ("(?i:Should) have", {"should"}),  # the longer run
        (r"(?:user|admin)\s+(?:errors?|mistakes?)", {"error", "mistake"}),
        ("sloppy|reckless(?:ly)?", {"sloppy", "reckless"}),
        ("(?:a|b)+ blame", {" blame"}),
        ("(?:was|were) lazy|laziness", {" lazy", "laziness"}),
        ("mistakes?|(?:silly) mistake", {"mistake"}),  # " mistake" holds "mistake"
        ("caf\u00e9 fault", {" fault"}),  # a non-ASCII literal ends a needle
        (r"\w+", None),
        (r"abc|\d", None),  # an alternative without needles
        ("(?:abc)?x", {"x"}),  # an optional part gives none
        ("(", None),  # not a regular expression
    ],
)
def test_needles(pattern: str, expected: set[str] | None) -> None:
    found = needles(pattern)
    assert (None if found is None else set(found)) == expected


def test_every_language_s_blame_pattern_has_needles() -> None:
    """Without needles PM601 would try its alternation at every word start of every span."""
    for language in LANGUAGES:
        if table("words", language).get("blame"):
            assert _needles(language, ()), language


@pytest.mark.parametrize(
    "text",
    [
        "It was HUMAN ERROR.",
        "Sam was \u017floppy.",  # a long s, which (?i)s matches
        "They \u017fhould have known.",
        "That was \u0130ncompetent.",  # a dotted capital I
        "Pat forgot to renew it.",
        "It was Dana\u2019s fault.",
        "Deployed without being fully aware.",
    ],
)
def test_spans_that_match_pass_the_pre_test(text: str) -> None:
    assert _pattern("en", ()).search(text) is not None
    assert may_match(["nothing here", text], _needles("en", ())) == [False, True]


def test_no_needles_means_every_text_is_tried() -> None:
    assert may_match(["a", "b"], None) == [True, True]
    assert _needles("en", ("",)) is None  # an empty configured phrase matches anywhere
