"""Word lists per language, kept as package data: ``data/<kind>/<language>.json``.

``kind`` is what the words are for (``aliases``: section headings; ``dates``: month and weekday
names; ``words``: status, done and blame words, stop words for detecting the language). Every
kind has a file per language in :data:`LANGUAGES`; a missing file is an empty table.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from typing import Any

from pmlint.packagedata import data_file

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


_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORDS = re.compile(r"[^\W\d_]+")


def detect(text: str) -> str:
    """The language a document is written in, cheaply: its script for Japanese, Korean and
    Chinese, else the language whose common words it uses most (English when unsure)."""
    sample = text[:20000]
    ascii_only = sample.isascii()  # then no kana, hangul or han, and lowering is per letter
    if not ascii_only:
        kana, hangul, han = (len(p.findall(sample)) for p in (_KANA, _HANGUL, _HAN))
        if kana + hangul + han and (kana + hangul + han) / _letters(sample) > 0.2:
            if hangul > kana and hangul > han / 4:
                return "ko"
            return "ja" if kana else "zh"
    # Each distinct word is looked up once, with its number of occurrences.
    if ascii_only:
        words = Counter(_WORDS.findall(sample.lower()))
    else:
        words = Counter()
        for word, count in Counter(_WORDS.findall(sample)).items():
            words[word.lower()] += count
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


def _letters(sample: str) -> int:
    return sum(map(str.isalpha, sample)) or 1


@cache
def _stops(language: str) -> frozenset[str]:
    return frozenset(w.lower() for w in table("words", language).get("stopwords", ()))
