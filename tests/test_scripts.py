"""pmlint.scripts answers what the regular-expression classes it replaced answered."""

from __future__ import annotations

import random
import re

import pytest

from pmlint.scripts import HAN, HAN_MAIN, HANGUL, KANA, KATAKANA, Ranges, all_in, any_in, pattern

CLASSES: list[tuple[Ranges, str]] = [
    (KANA + HAN + HANGUL, r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]"),
    (KANA + HAN_MAIN + HANGUL, r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"),
    (KATAKANA + HAN, r"[\u30a0-\u30ff\u3400-\u9fff\uf900-\ufaff]"),
    (KANA, r"[\u3040-\u30ff]"),
    (HANGUL, r"[\uac00-\ud7af]"),
    (HAN, r"[\u3400-\u9fff\uf900-\ufaff]"),
]
# Every block edge and its neighbours, plus ASCII and a few other scripts.
EDGES = sorted(
    {chr(c + d) for r, _ in CLASSES for lo, hi in r for c in (ord(lo), ord(hi)) for d in (-1, 0, 1)}
    | set("aZ -—é€😀")
)


@pytest.mark.parametrize(("ranges", "regex"), CLASSES)
def test_the_same_answers_as_the_classes(ranges: Ranges, regex: str) -> None:
    cls = re.compile(regex)
    rng = random.Random(7)
    texts = ["", *EDGES]
    texts += ["".join(rng.choice(EDGES) for _ in range(n)) for n in (2, 5, 60, 64, 65, 300)]
    texts += ["x" * 500 + edge for edge in EDGES]  # long texts take the pattern
    texts += ["".join(rng.choice(EDGES[-12:]) for _ in range(n)) for n in (1, 3, 70)]  # CJK
    for text in texts:
        assert any_in(text, ranges) == (cls.search(text) is not None), repr(text)
        assert all_in(text, ranges) == (re.fullmatch(regex + "+", text) is not None), repr(text)
    assert pattern(ranges).pattern.encode("unicode_escape") == regex.encode()
