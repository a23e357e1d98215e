"""Word lists per language, kept as package data: ``data/<kind>/<language>.json``.

``kind`` is what the words are for (``aliases``: section headings; ``dates``: month and weekday
names; ``words``: status, done and blame words, stop words for detecting the language). Every
kind has a file per language in :data:`LANGUAGES`; a missing file is an empty table.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

# English, German, French, Spanish, Portuguese, Italian, Dutch, Japanese, Chinese, Korean.
LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "nl", "ja", "zh", "ko")


@cache
def table(kind: str, language: str) -> dict[str, Any]:
    """The ``kind`` table of one language (``{}`` when there is none)."""
    entry = resources.files("pmlint").joinpath(f"data/{kind}/{language}.json")
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
