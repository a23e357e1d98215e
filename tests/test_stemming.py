"""pmlint loads only the Snowball stemmer of the document's language, and its stems are
snowballstemmer's own."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
import snowballstemmer

from conftest import REPO, TESTS
from pmlint import concepts

WORDS = REPO / "src" / "pmlint" / "data" / "words"
STEMMERS = sorted(
    {
        name
        for path in WORDS.glob("*.json")
        if (name := json.loads(path.read_text("utf-8")).get("stemmer"))
    }
)


def strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


@cache
def vocabulary() -> list[str]:
    """Every word of the corpus, the fixtures and the word lists, as pmlint reads words."""
    texts = [p.read_text("utf-8") for p in sorted(TESTS.glob("**/*.md"))]
    texts += [s for p in sorted(WORDS.glob("*.json")) for s in strings(json.loads(p.read_text()))]
    words = set()
    for text in texts:
        words.update(re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower().replace("\u2019", "'")))
    return sorted(words)


def test_every_language_has_a_stemmer_to_compare() -> None:
    assert STEMMERS == ["dutch", "english", "french", "german", "italian", "portuguese", "spanish"]
    assert len(vocabulary()) > 5_000


@pytest.mark.parametrize(
    "name", [n if n == "english" else pytest.param(n, marks=pytest.mark.slow) for n in STEMMERS]
)
def test_the_stemmer_loaded_alone_gives_snowballstemmers_stems(name: str) -> None:
    alone = concepts._alone(name)
    assert alone is not None and type(alone).__module__ == f"_pmlint_snowball.{name}_stemmer"
    stock = snowballstemmer.stemmer(name)
    words = vocabulary()
    assert alone.stemWords(words) == stock.stemWords(words)  # type: ignore[attr-defined]


def test_linting_loads_one_stemmer_not_all() -> None:
    code = (
        "import sys\n"
        "from pmlint.concepts import concepts\n"
        "print(sorted(concepts('The databases were locked by writes')))\n"
        "print(sorted(m for m in sys.modules if 'stemmer' in m))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert result == [
        "['databas', 'lock', 'write']",
        "['_pmlint_snowball.basestemmer', '_pmlint_snowball.english_stemmer']",
    ]
