"""Word lists per language, kept as package data: ``data/<kind>/<language>.json``.

``kind`` is what the words are for (``aliases``: section headings; ``dates``: month and weekday
names; ``words``: status, done and blame words, stop words for detecting the language). Every
kind has a file per language in :data:`LANGUAGES`; a missing file is an empty table.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import Any

from pmlint.packagedata import data_file
from pmlint.scripts import HAN, HANGUL, KANA, any_in, pattern

# English, German, French, Spanish, Portuguese, Italian, Dutch, Japanese, Chinese, Korean.
LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "nl", "ja", "zh", "ko")


@cache
def table(kind: str, language: str) -> dict[str, Any]:
    """The ``kind`` table of one language (``{}`` when there is none)."""
    entry = data_file(f"{kind}/{language}.json")
    if not entry.is_file():
        return {}
    data = json.loads(entry.read_text("utf-8"))
    return data if isinstance(data, dict) else {}


def merged(kind: str, key: str) -> list[Any]:
    """``key``'s list from every language's ``kind`` table, English first."""
    found: list[Any] = []
    for language in LANGUAGES:
        found.extend(table(kind, language).get(key, []))
    return found


def alternation(words: Sequence[str]) -> str:
    """A regular expression for any of ``words`` (tried in the order given), for use under
    re.IGNORECASE: the plain ``"|".join(map(re.escape, words))`` with the words grouped under
    their first letter, so that the engine tries each group's letter instead of every word.
    Letters that match each other ignoring case share a group, so where one group's letter
    matches no other group's does, and the same word matches as in the plain expression."""
    groups: dict[str, list[str]] = {}
    for word in words:
        if not word:
            return "|".join(map(re.escape, words))
        head = next((h for h in groups if re.fullmatch(re.escape(h), word[0], re.I)), word[0])
        groups.setdefault(head, []).append(word[1:])
    return "|".join(
        re.escape(head) + "(?:" + "|".join(map(re.escape, rests)) + ")"
        for head, rests in groups.items()
    )


_WORDS = re.compile(r"[^\W\d_]+")


def detect(text: str) -> str:
    """The language a document is written in, cheaply: its script for Japanese, Korean and
    Chinese, else the language whose common words it uses most (English when unsure)."""
    sample = text[:20000]
    # ASCII text has no kana, hangul or han, and most other text has none either.
    if any_in(sample, KANA + HANGUL + HAN):
        kana, hangul, han = (len(pattern(r).findall(sample)) for r in (KANA, HANGUL, HAN))
        if kana + hangul + han and (kana + hangul + han) / _letters(sample) > 0.2:
            if hangul > kana and hangul > han / 4:
                return "ko"
            return "ja" if kana else "zh"
    words = _word_counts(sample)  # each distinct word is looked up once
    best, best_count = "en", 0
    counts: dict[str, int] = {}
    for language in LANGUAGES:
        stops = _stops(language)
        if stops:
            counts[language] = sum(words[w] for w in stops.intersection(words))
    for language, count in counts.items():
        if count > best_count:
            best, best_count = language, count
    if best != "en" and best_count < 1.5 * counts.get("en", 0):
        return "en"  # a few foreign words in an English document
    return best


# Every byte to itself, but ASCII capitals to lower case and other ASCII non-letters to a space.
_ASCII_LETTERS = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or c >= 128 else 32 for c in range(256)
)


def _word_counts(sample: str) -> Counter[bytes]:
    """How often each word (a run of letters, each lowered on its own) occurs, keyed by its
    UTF-8 bytes. The plain ``Counter(w.lower() for w in _WORDS.findall(sample))``, faster:
    ASCII is split and lowered with bytes.translate, and only the runs that have other
    characters in them are split by ``_WORDS``."""
    raw = sample.encode("utf-8", "surrogatepass").translate(_ASCII_LETTERS)
    words = Counter(raw.split())
    for token in [t for t in words if not t.isascii()]:
        count = words.pop(token)
        for word in _WORDS.findall(token.decode("utf-8", "surrogatepass")):
            words[word.lower().encode("utf-8", "surrogatepass")] += count
    return words


def _letters(sample: str) -> int:
    return sum(map(str.isalpha, sample)) or 1


@cache
def _stops(language: str) -> frozenset[bytes]:
    """The language's stop words, lowered, as UTF-8 (the keys of :func:`_word_counts`)."""
    return frozenset(w.lower().encode() for w in table("words", language).get("stopwords", ()))
