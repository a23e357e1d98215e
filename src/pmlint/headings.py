"""Which section a heading names: normalised text, aliases, and near misses (likely typos).

Headings are matched by normalised text: case, whitespace, punctuation, leading numbering
("2.", "II.") and a trailing parenthesised part ("Timeline (UTC)") do not matter. A heading one
or two edits from an alias (optimal string alignment distance) is mapped and reported as a typo.
"""

from __future__ import annotations

import re

from pmlint.template import Template

_NUMBERING = re.compile(r"^\s*(?:(?:\d+(?:\.\d+)*|[ivxlcdm]+|[a-z])[.)]|\d+(?:\.\d+)+)\s+", re.I)
_PARENS = re.compile(r"\s*\([^()]*\)")
_NON_WORD = re.compile(r"[^\w]+")
_QUALIFIER = re.compile(r" (?:and|with|for|of) .*$")


def normalize_heading(text: str) -> str:
    """The comparable form of a heading: "2. Timeline (UTC)" -> "timeline"."""
    text = text.strip()
    text = _NUMBERING.sub("", text, count=1)
    stripped = _PARENS.sub("", text)
    if stripped.strip():
        text = stripped
    text = text.replace("\u2019", "'").replace("'", "")
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


class HeadingMatcher:
    """Maps a heading to a section key, exactly or through a near miss (a likely typo)."""

    def __init__(self, template: Template, extra_aliases: dict[str, list[str]]) -> None:
        self.exact: dict[str, str] = {}
        self.written: dict[str, str] = {}  # normalised alias -> the alias as written
        for section in template.sections:
            for alias in (section.heading, *section.aliases):
                self.exact.setdefault(normalize_heading(alias), section.key)
                self.written.setdefault(normalize_heading(alias), alias)
        for key, texts in extra_aliases.items():
            for alias in texts:
                self.exact[normalize_heading(alias)] = key
                self.written[normalize_heading(alias)] = alias

    def match(self, heading: str) -> tuple[str | None, str | None]:
        """``(key, alias)``: ``alias`` is set when the heading only nearly matches it."""
        norm = normalize_heading(heading)
        if not norm:
            return None, None
        key = self.exact.get(norm)
        if key is not None:
            return key, None
        head = _QUALIFIER.sub("", norm)  # "lessons learned and future improvements"
        if head != norm and head in self.exact:
            return self.exact[head], None
        if norm.startswith("timeline "):  # "Timeline (UTC) all times approximate"
            return "timeline", None
        best: tuple[int, str] | None = None
        for alias in self.exact:
            limit = 2 if len(alias) > 8 else 1
            if len(alias) < 4 or abs(len(alias) - len(norm)) > limit:
                continue
            distance = osa_distance(norm, alias, limit)
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, alias)
        if best is None:
            return None, None
        return self.exact[best[1]], self.written[best[1]]


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (restricted Damerau-Levenshtein: a transposition
    counts as one edit, but no substring is edited twice); ``limit + 1`` once it must exceed
    ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]
