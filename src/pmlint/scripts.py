"""Characters of the CJK scripts (kana, hangul, han), found without compiling a pattern first.

A regular-expression class over these blocks costs ``re`` 2-3 ms to compile (it builds a
bitmap of 65,536 entries), and a run paid that for each of five such classes though most
postmortems hold no CJK character at all. Here a text whose highest character is below the
blocks is answered at once; short texts (a heading, one character) are compared character by
character, and long ones searched with a pattern compiled on first need.
"""

from __future__ import annotations

import re
from functools import cache

Ranges = tuple[tuple[str, str], ...]

KANA: Ranges = (("\u3040", "\u30ff"),)  # hiragana and katakana
KATAKANA: Ranges = (("\u30a0", "\u30ff"),)
HANGUL: Ranges = (("\uac00", "\ud7af"),)
HAN: Ranges = (("\u3400", "\u9fff"), ("\uf900", "\ufaff"))  # ideographs, compatibility ones
HAN_MAIN: Ranges = (("\u3400", "\u9fff"),)  # without the compatibility ideographs

_SHORT = 64  # up to this length a loop in Python beats a first compile and a search


def any_in(text: str, ranges: Ranges) -> bool:
    """Whether a character of ``text`` is in one of ``ranges`` (both bounds included)."""
    if not text or text.isascii() or max(text) < min(lo for lo, _ in ranges):
        return False
    if len(text) > _SHORT:
        return pattern(ranges).search(text) is not None
    return any(lo <= c <= hi for c in text for lo, hi in ranges)


def all_in(text: str, ranges: Ranges) -> bool:
    """Whether ``text`` is not empty and each of its characters is in one of ``ranges``."""
    if not text or text.isascii():
        return False
    return all(any(lo <= c <= hi for lo, hi in ranges) for c in text)


@cache
def pattern(ranges: Ranges, repeat: bool = False) -> re.Pattern[str]:
    """The class of ``ranges`` (a run of them with ``repeat``), compiled once, when first asked."""
    members = "".join(f"{lo}-{hi}" for lo, hi in ranges)
    return re.compile(f"[{members}]" + ("+" if repeat else ""))
