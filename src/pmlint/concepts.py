"""The concepts a text mentions, to tell whether two sentences are about the same things.

A text's *concepts* are its content words with stop words removed and reduced to a stem
(Snowball), so "locked" and "lock", "writes" and "write", "timed out" and "timeout" are one
concept; runs of CJK characters contribute their character pairs.
"""

from __future__ import annotations

import re
import sys
import types
from functools import cache, lru_cache

from pmlint.lang import table
from pmlint.packagedata import read_text
from pmlint.scripts import HAN, KATAKANA, all_in, any_in, pattern


@cache
def stop_words(language: str = "en") -> frozenset[str]:
    """Words that link nothing: English has its own list (``data/stopwords.txt``); the other
    languages use their common words (``data/words/<language>.json``)."""
    if language == "en":
        text = read_text("stopwords.txt")
        return frozenset(w for w in text.split() if not w.startswith("#"))
    return frozenset(w.lower() for w in table("words", language).get("stopwords", ()))


@cache
def _stemmer(language: str) -> object | None:
    name = table("words", language).get("stemmer")
    if not name:
        return None  # Japanese, Chinese, Korean: character pairs only
    return snowball(name)


def snowball(name: str) -> object:
    """Snowball's stemmer for one language (``"english"``), loaded alone when it can be.

    Importing ``snowballstemmer`` loads all its ~30 languages (~12 ms) when PyStemmer is not
    installed. :func:`_alone` loads only the one module (``english_stemmer.py`` and the base
    class it uses) from the package's own directory: the same code, so the same stems (a test
    compares them on every word list). With PyStemmer installed, or a package laid out
    otherwise, it is ``snowballstemmer.stemmer(name)``, as before.
    """
    alone = _alone(name)
    if alone is not None:
        return alone
    import snowballstemmer

    stemmer: object = snowballstemmer.stemmer(name)
    return stemmer


_ALONE = "_pmlint_snowball"  # snowballstemmer's directory, as a package whose __init__ is not run


def _alone(name: str) -> object | None:
    import importlib
    import importlib.util

    if importlib.util.find_spec("Stemmer") is not None:
        return None  # PyStemmer: snowballstemmer uses its C stemmers
    found = importlib.util.find_spec("snowballstemmer")  # finds the package, does not run it
    if found is None or not found.submodule_search_locations:
        return None
    if _ALONE not in sys.modules:
        package = types.ModuleType(_ALONE)
        package.__path__ = list(found.submodule_search_locations)
        sys.modules[_ALONE] = package
    class_name = "".join(part.title() for part in name.split("_")) + "Stemmer"
    try:
        module = importlib.import_module(f"{_ALONE}.{name}_stemmer")
        stemmer: object = getattr(module, class_name)()
    except (ImportError, AttributeError):
        return None
    return stemmer


_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+|-")
_CJK = KATAKANA + HAN  # katakana, kanji
_PARTICLES = frozenset(["out", "up", "down", "off", "in", "over", "back"])


@cache
def _stem(word: str, language: str) -> str:
    stemmer = _stemmer(language)
    return word if stemmer is None else str(stemmer.stemWord(word))  # type: ignore[attr-defined]


@lru_cache(maxsize=4096)
def concepts(text: str, language: str = "en") -> frozenset[str]:
    """The stems of a text's content words (and CJK character pairs).

    A word and its particle or hyphenated partner also count as one compound, so "timed out"
    and "timed-out" meet "timeout", and "set up" meets "setup".
    """
    stops = stop_words(language)
    found: set[str] = set()
    tokens = [m.group(0) for m in _WORD.finditer(text.lower().replace("\u2019", "'"))]
    for index, word in enumerate(tokens):
        if word == "-" or all_in(word, _CJK):
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if following == "-" and index + 2 < len(tokens):
            following = tokens[index + 2]
        elif following not in _PARTICLES:
            following = ""
        if following and not word.isdigit():
            found.add(_stem(word, language) + following)
        if word.isdigit() or word in stops or len(word) < 3:
            continue
        found.add(_stem(word, language))
    runs = pattern(_CJK, repeat=True).findall(text) if any_in(text, _CJK) else []
    for run in runs:
        found.update(run[i : i + 2] for i in range(max(1, len(run) - 1)))
    return frozenset(found)
