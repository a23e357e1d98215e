"""The template's own prompts and example text, recognised when left in a postmortem."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from pmlint.model import EXAMPLE, PROMPT
from pmlint.template import Template

_NON_WORD = re.compile(r"[^\w]+")


def normalize_prose(text: str) -> str:
    """Case, whitespace, emphasis markers and punctuation removed, for matching prompts."""
    text = text.replace("\u2019", "'").replace("'", "")
    return " ".join(_NON_WORD.sub(" ", text.lower()).replace("_", " ").split())


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
        for known, vocabulary, kind in candidates:
            if len(vocabulary & present) < 0.7 * len(vocabulary):
                continue  # too few of its words: cannot reach the ratio below
            matcher = SequenceMatcher(None, words, known, autojunk=False)
            if matcher.real_quick_ratio() >= 0.85 and matcher.ratio() >= 0.85:
                return kind
        return None
