"""The guard's inline pattern, rewritten so the engine skips ahead, reads as its plain form."""

from __future__ import annotations

import random
import re

from pmlint.guard import _INLINE

PLAIN = re.compile(r"\\[\s\S]|`+|!?\[|\]\(?|\*+|_+|@[\w.\-]*")


def test_inline_tokens_are_those_of_the_plain_pattern() -> None:
    rng = random.Random(3)
    alphabet = "\\`![]()*_@a.- \n\u00e9"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        assert [m.group() for m in _INLINE.finditer(text)] == [
            m.group() for m in PLAIN.finditer(text)
        ], repr(text)
        assert [m.span() for m in _INLINE.finditer(text)] == [
            m.span() for m in PLAIN.finditer(text)
        ]
