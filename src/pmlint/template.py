"""The template preset: section keys in order, heading aliases and prompt sentences.

The data lives in ``data/<preset>.json`` (package data), never in code. Headings are matched by
normalised text: case, whitespace, punctuation, leading numbering ("2.", "II.") and a trailing
parenthesised part ("Timeline (UTC)") do not matter.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from importlib import resources

SECTION_KEYS = (
    "incident_summary",
    "leadup",
    "fault",
    "impact",
    "detection",
    "response",
    "recovery",
    "timeline",
    "five_whys",
    "root_cause",
    "backlog_check",
    "recurrence",
    "lessons_learned",
    "corrective_actions",
)

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


def normalize_prose(text: str) -> str:
    """Case, whitespace, emphasis markers and punctuation removed, for matching prompts."""
    text = text.replace("\u2019", "'").replace("'", "")
    return " ".join(_NON_WORD.sub(" ", text.lower()).replace("_", " ").split())


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    aliases: tuple[str, ...]
    prompts: tuple[str, ...]  # the italic guidance under the heading
    examples: tuple[str, ...] = ()  # the template's example content (paragraphs, list items)
    sentences: tuple[str, ...] = ()  # fill-in sentences, "{}" where the author writes
    own: bool = True  # False: recognised (from the base template) but not part of this one


@dataclass(frozen=True)
class Template:
    name: str
    sections: tuple[Section, ...]

    @property
    def order(self) -> dict[str, int]:
        """The template's own sections in order (sections it only recognises are left out)."""
        return {s.key: i for i, s in enumerate(s for s in self.sections if s.own)}

    def heading_of(self, key: str) -> str:
        for section in self.sections:
            if section.key == key:
                return section.heading
        return key.replace("_", " ").capitalize()

    def prompts(self) -> frozenset[str]:
        return frozenset(normalize_prose(p) for s in self.sections for p in s.prompts)

    def examples(self) -> frozenset[str]:
        return frozenset(normalize_prose(e) for s in self.sections for e in s.examples)


TEMPLATES = ("atlassian", "google-sre", "minimal")


@cache
def load_template(name: str) -> Template:
    """A preset: its own sections in order, then the sections of the template it extends
    (recognised and exported, but not required or ordered by this one)."""
    raw = json.loads(resources.files("pmlint").joinpath(f"data/{name}.json").read_text("utf-8"))
    sections = [
        Section(
            key=s["key"],
            heading=s["heading"],
            aliases=tuple(s["aliases"]),
            prompts=tuple(s["prompts"]),
            examples=tuple(s.get("examples", ())),
            sentences=tuple(s.get("sentences", ())),
        )
        for s in raw["sections"]
    ]
    if "extends" in raw:
        base = load_template(raw["extends"])
        mine = {s.key for s in sections}
        for s in base.sections:
            if s.key in mine:
                continue
            sections.append(
                Section(s.key, s.heading, s.aliases, s.prompts, s.examples, s.sentences, own=False)
            )
        # the base template's headings stay recognised for the shared sections too
        merged = []
        for s in sections:
            inherited = next((b for b in base.sections if b.key == s.key), None)
            if s.own and inherited is not None:
                extra = tuple(
                    a
                    for a in (inherited.heading, *inherited.aliases)
                    if a not in s.aliases and a != s.heading
                )
                s = Section(
                    s.key,
                    s.heading,
                    s.aliases + extra,
                    s.prompts or inherited.prompts,
                    s.examples or inherited.examples,
                    s.sentences or inherited.sentences,
                )
            merged.append(s)
        sections = merged
    return Template(name=raw["name"], sections=tuple(sections))


class TemplateText:
    """Recognises the template's own prompts and example text, tolerating small edits."""

    def __init__(self, template: Template) -> None:
        self.known: dict[str, str] = {}
        for text in template.examples():
            self.known[text] = "example"
        for text in template.prompts():
            self.known[text] = "prompt"
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
            distance = damerau_levenshtein(norm, alias, limit)
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, alias)
        if best is None:
            return None, None
        return self.exact[best[1]], self.written[best[1]]


def damerau_levenshtein(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance; returns ``limit + 1`` once it must exceed ``limit``."""
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
