"""Invariants that the document-building speed-ups rely on (each names the code it guards)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from pmlint import lang, zones
from pmlint.extract import declarations


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The incident — the THE the, and a déjà-vu: the end.",
        "ΟΔΟΣ'Α ΣΑ ʰΣ ΑΣʰ İstanbul straße ẞ Ǆ ǅ Ⅻ x_y 3d fooÉbar",
        "Die Uhrzeit und der Dienst waren für alle nicht erreichbar\ud800 (lone surrogate)",
        "障害の概要 — サービスが停止しました。 한국어 文本 and English",
    ],
)
def test_word_counts_are_the_plain_definition(text: str) -> None:
    """lang._word_counts splits ASCII with bytes.translate and the rest with _WORDS: the
    same as lowering every word _WORDS finds, one by one (keys are UTF-8)."""
    plain = Counter(w.lower() for w in lang._WORDS.findall(text))
    fast = lang._word_counts(text)
    assert fast == Counter({w.encode("utf-8", "surrogatepass"): n for w, n in plain.items()})


def test_detect_reads_languages_and_scripts() -> None:
    assert lang.detect("Die Uhrzeit — und der Dienst war nicht erreichbar, weil die") == "de"
    assert lang.detect("障害の概要 — サービスが停止しました。原因は設定の誤りでした。") == "ja"
    assert lang.detect("The service — and the database — was down for the users.") == "en"


ALTERNATIVES = [
    ["september", "sept.", "sep", "samstag", "ſtunde", "kyiv", "kolkata", "\u212aelvin", "月曜日"],
    ["mountain daylight time", "mountain time", "moscow time", "m", "new york", "Newark"],
    ["x.y", "a+b", "ab", "a", "b"],
]


@pytest.mark.parametrize("words", ALTERNATIVES)
def test_alternation_grouped_by_first_letter_matches_as_the_plain_one(words: list[str]) -> None:
    """lang.alternation groups words under their first letter (letters equal ignoring case,
    K and the Kelvin sign, s and the long s, share a group): every match is the plain one's."""
    plain = re.compile("|".join(map(re.escape, words)), re.IGNORECASE)
    grouped = re.compile(lang.alternation(words), re.IGNORECASE)
    texts = [
        " ".join(words),
        " ".join(w.upper() for w in words),
        "Sept SEP ſEPT \u212aOLKATA kYIV 月曜日 Mountain Daylight Timer Moscow new yorker a+b ab",
    ]
    for text in texts:
        for pos in range(len(text)):
            old, new = plain.match(text, pos), grouped.match(text, pos)
            assert (old and old.group(0)) == (new and new.group(0)), (text, pos)


def test_declared_zone_looks_neither_behind_nor_at_the_start() -> None:
    """declarations._zone_of reads the zones after the first on from one scan of the text,
    as if the rest of the text were scanned on its own: only right for an expression with no
    look-behind, no word boundary and no anchor."""
    pattern = zones.declared_zone().pattern
    for construct in ("(?<", "\\b", "\\B", "^", "$", "\\A", "\\Z"):
        assert construct not in pattern


def test_declaration_with_utc_beside_its_zone() -> None:
    found = declarations.declared("All times are in PDT, and UTC as well.", {})
    assert found is not None and found.zone.name == "PDT" and found.also_utc
    assert declarations.zone_in("Timeline (Europe/London)", {}) is not None
    assert declarations.declared("Singapore Time", {}) is None  # a name, not a declaration
