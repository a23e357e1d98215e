"""The template's own prompts and example text, recognised when left in a postmortem."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from pmlint.model import EXAMPLE, PROMPT
from pmlint.template import Template

# Words without "_": what is left between the spaces once every run of non-word characters and
# every "_" is a space (the plain form: " ".join(re.sub(r"[^\w]+", " ", text).replace("_", " ")
# .split())), found in one pass rather than three. No character is both \w and a space.
_WORD = re.compile(r"[^\W_]+")


def normalize_prose(text: str) -> str:
    """Case, whitespace, emphasis markers and punctuation removed, for matching prompts."""
    if "'" in text or "\u2019" in text:
        text = text.replace("\u2019", "").replace("'", "")
    return " ".join(_WORD.findall(text.lower()))


class TemplateText:
    """Recognises the template's own prompts and example text, tolerating small edits."""

    def __init__(self, template: Template) -> None:
        self.known: dict[str, str] = {}
        for text in (normalize_prose(e) for e in template.examples()):
            self.known[text] = EXAMPLE
        for text in (normalize_prose(p) for p in template.prompts()):
            self.known[text] = PROMPT
        # Candidates by word count, so a paragraph is compared with texts of about its length.
        self.by_length: dict[int, list[tuple[list[str], set[str], str]]] = {}
        for text, kind in self.known.items():
            words = text.split()
            slack = max(2, len(words) // 8)
            for n in range(len(words) - slack, len(words) + slack + 1):
                self.by_length.setdefault(n, []).append((words, set(words), kind))
        # Per word count, every word of its candidates and the fewest that one of them needs:
        # a paragraph with fewer of those words than that cannot reach any of them, which one
        # set intersection tells instead of one per candidate (almost every paragraph).
        self.reach: dict[int, tuple[frozenset[str], float]] = {
            n: (frozenset().union(*(v for _, v, _ in c)), min(0.7 * len(v) for _, v, _ in c))
            for n, c in self.by_length.items()
        }
        self.shortest = min((len(t) for t in self.known), default=0)

    def classify(self, text: str) -> str | None:
        """``"prompt"``, ``"example"``, or None for the author's own text."""
        if len(text) < self.shortest * 0.7:
            return None  # shorter than every prompt and example
        norm = normalize_prose(text)
        if not norm:
            return None
        exact = self.known.get(norm)
        if exact is not None:
            return exact
        words = norm.split()
        candidates = self.by_length.get(len(words), ())
        if len(words) < 4 or not candidates:
            return None
        present = set(words)
        every_word, fewest = self.reach[len(words)]
        if len(every_word & present) < fewest:
            return None  # too few of any candidate's words (see reach)
        for known, vocabulary, kind in candidates:
            if len(vocabulary & present) < 0.7 * len(vocabulary):
                continue  # too few of its words: cannot reach the ratio below
            matcher = SequenceMatcher(None, words, known, autojunk=False)
            if matcher.real_quick_ratio() >= 0.85 and matcher.ratio() >= 0.85:
                return kind
        return None
