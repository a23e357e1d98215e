"""Which section a heading names: by meaning, not by an exact list of headings.

A heading is normalised first: emoji and ``:shortcodes:``, numbering ("4.", "IV.", "Step 3:"),
a leading article, case, punctuation, and plurals ("Follow-ups" is "follow up") do not matter,
and a parenthesised part is matched on its own ("Root cause (5 whys)", "Ursache (Root cause)",
"Working theory (root cause)"). Then, in order:

1. an **alias** of a section (the preset's headings, ``data/aliases/<language>.json`` for every
   supported language, and the ``aliases`` configuration key) names it;
2. a **fallback** phrase ("What happened", "Diagnosis") names its sections only where no
   other heading of the document names them; a heading that joins two names ("Detection and
   response", "Lessons learned & next steps") names both;
3. a heading one or two edits from an alias (optimal string alignment distance), with the same
   words starting with the same letters, is a likely misspelling: mapped, and reported by
   PM106;
4. a heading that ends or starts with an alias and adds a few words ("Incident impact",
   "Impact assessment", "Detailed timeline", "Recovery efforts"), or opens with one and goes
   on after a separator ("Timeline (all times PST), approximate", "Root cause: an expired
   certificate"), names that section.
Headings matched in steps 2 and 4 never open a second occurrence of a section a stronger
heading already opened (they are not duplicates, PM104), and are never typos.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from pmlint.lang import LANGUAGES, table
from pmlint.scripts import HAN, HANGUL, KANA, any_in
from pmlint.template import Template

EXACT = "exact"
FALLBACK = "fallback"
QUALIFIED = "qualified"
TYPO = "typo"

_SHORTCODE = re.compile(r":[a-z0-9_+-]+:", re.I)
_NUMBERING = re.compile(
    r"^\s*(?:(?:step|part|phase|section|chapter)\s+\d+\s*[:.)-]?"
    r"|(?:\d+(?:\.\d+)*|[ivxlcdm]+|[a-z])[.)]|\d+(?:\.\d+)+|#\d+\b|\d+\s*[-–—:])\s*",
    re.I,
)
_PARENS = re.compile(r"\s*[(（]([^()（）]*)[)）]")
_NON_WORD = re.compile(r"[^\w]+")
_ARTICLE = re.compile(r"^(?:the|our|a|an)\s+")
_CJK = KANA + HAN + HANGUL
_LEAD = re.compile(r"^(.+?)\s*(?:[(（:：—–]|\s-\s)")  # "Timeline (all times PST) ..."
_JOINERS = re.compile(r"\s+(?:and|&|und|et|y|e|en)\s+|\s*[/&,]\s*|と|及び|및")
MAX_EXTRA_WORDS = 3  # a qualified heading adds at most this many words to an alias


# In ASCII only "^" and "`" are symbols (Unicode category Sk); tests/test_sections.py checks it.
_ASCII_SYMBOLS = str.maketrans("^`", "  ")


def _strip_symbols(text: str) -> str:
    """Emoji, shortcodes and other symbols removed."""
    if ":" in text:
        text = _SHORTCODE.sub(" ", text)
    if text.isascii():  # most headings and aliases: no per-character category lookup
        return text.translate(_ASCII_SYMBOLS)
    return "".join(
        " " if unicodedata.category(c) in ("So", "Sk", "Cs", "Co") or c in "\u200d\ufe0f" else c
        for c in text
    )


def _clean(text: str) -> str:
    text = text.replace("\u2019", "'").replace("'", "")
    words = " ".join(_NON_WORD.sub(" ", text.lower()).split())
    return _ARTICLE.sub("", words)


def heading_parts(text: str) -> tuple[str, tuple[str, ...]]:
    """The normalised heading without its parenthesised parts, and those parts."""
    text = _strip_symbols(text).strip()
    text = _NUMBERING.sub("", text, count=1)
    parens = tuple(p for p in (_clean(m) for m in _PARENS.findall(text)) if p)
    main = _clean(_PARENS.sub(" ", text))
    if not main and parens:
        return parens[0], parens[1:]
    return main, parens


def normalize_heading(text: str) -> str:
    """The comparable form of a heading: "2. Timeline (UTC)" -> "timeline"."""
    return heading_parts(text)[0]


def fold(norm: str) -> str:
    """Plurals folded: "follow ups" -> "follow up", "whys" -> "why"."""
    words = []
    for word in norm.split():
        if len(word) > 3 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return " ".join(words)


def _tokens(norm: str) -> tuple[str, ...]:
    """Words, or characters for a heading in a CJK script (no spaces between words)."""
    if any_in(norm, _CJK):
        return tuple(c for c in norm if not c.isspace())
    return tuple(norm.split())


@dataclass(frozen=True)
class HeadingMatch:
    """The sections a heading names, how strongly, and the alias it misspells (PM106)."""

    keys: tuple[tuple[str, str], ...] = ()  # (section key, strength)
    typo_of: str | None = None

    @property
    def key(self) -> str | None:
        return self.keys[0][0] if self.keys else None


NO_MATCH = HeadingMatch()


class HeadingMatcher:
    """Maps headings and bold labels to section keys."""

    def __init__(self, template: Template, extra_aliases: dict[str, list[str]]) -> None:
        self.strong: dict[str, list[str]] = {}  # folded alias -> keys
        self.fallback: dict[str, list[str]] = {}
        self.labels: dict[str, list[str]] = {}
        self.leadins: dict[str, list[str]] = {}  # phrases that introduce a section's list
        self.written: dict[str, str] = {}  # folded alias -> the alias as written
        self.never: set[str] = set()  # headings that name no section ("Call to action")
        for section in template.sections:
            for alias in (section.heading, *section.aliases):
                self._add(self.strong, section.key, alias)
        for language in LANGUAGES:
            words = table("aliases", language)
            for name, target in (("aliases", self.strong), ("fallback", self.fallback)):
                for key, texts in words.get(name, {}).items():
                    for alias in texts:
                        self._add(target, key, alias)
            self.never.update(fold(normalize_heading(t)) for t in words.get("none", []))
            for name, target in (("labels", self.labels), ("leadins", self.leadins)):
                for key, texts in words.get(name, {}).items():
                    for alias in texts:
                        self._add(target, key, alias)
        for key, texts in extra_aliases.items():
            for alias in texts:
                self._add(self.strong, key, alias)
        self.closed: dict[str, list[str]] = {}  # an alias written without spaces -> keys
        for alias, keys in self.strong.items():
            self.closed.setdefault(alias.replace(" ", ""), []).extend(keys)
        # By length, in the order of ``strong``: a heading is compared only with the aliases
        # whose length can match it (a typo within two letters, a qualifier of a few words).
        self._tails: dict[int, list[tuple[tuple[str, ...], list[str]]]] = {}
        self._by_length: dict[int, list[tuple[int, str]]] = {}
        for index, (alias, keys) in enumerate(self.strong.items()):
            if alias:
                tokens = _tokens(alias)
                self._tails.setdefault(len(tokens), []).append((tokens, keys))
            self._by_length.setdefault(len(alias), []).append((index, alias))

    def _add(self, target: dict[str, list[str]], key: str, alias: str) -> None:
        folded = fold(normalize_heading(alias))
        if not folded:
            return
        keys = target.setdefault(folded, [])
        if key not in keys:
            keys.append(key)
        self.written.setdefault(folded, alias)

    # -- matching ---------------------------------------------------------------------------
    def match(self, heading: str) -> tuple[str | None, str | None]:
        """``(key, alias)`` of the first section a heading names; ``alias`` for a likely typo."""
        found = self.classify(heading)
        return found.key, found.typo_of

    @cache  # noqa: B019 - one matcher per configuration, kept for the run
    def classify(self, heading: str) -> HeadingMatch:
        main, parens = heading_parts(heading)
        if not main or fold(normalize_heading(main)) in self.never:
            return NO_MATCH
        keys = self._phrase(main) or self._compound(main)
        if not keys:
            typo = self._typo(main)
            if typo.keys:
                return typo
            keys = self._qualified(main) or self._leading(heading)
        for part in parens:
            extra = self._phrase(part) or self._qualified(part)
            keys += tuple((k, QUALIFIED) for k, _ in extra if k not in {k2 for k2, _ in keys})
        return HeadingMatch(_unique(keys)) if keys else NO_MATCH

    def label(self, text: str) -> tuple[str, ...]:
        """The sections a bold label names ("Impact", "Identified", "Review actions")."""
        folded = fold(normalize_heading(text))
        keys = self.strong.get(folded, []) + self.labels.get(folded, [])
        return tuple(dict.fromkeys(keys))

    def leadin(self, text: str) -> tuple[str, ...]:
        """The sections a lead-in sentence introduces ("Going forward, we will:")."""
        folded = fold(normalize_heading(text))
        found = [
            k
            for phrase, keys in self.leadins.items()
            if folded == phrase or folded.startswith(phrase + " ")
            for k in keys
        ]
        return tuple(dict.fromkeys(found))

    def named_in(self, text: str) -> tuple[str, ...]:
        """The sections whose multi-word name a sentence contains ("the following issues were
        the root cause of the slowdown:")."""
        words = f" {fold(normalize_heading(text))} "
        found = [
            key
            for alias, keys in self.strong.items()
            if " " in alias and not any_in(alias, _CJK) and f" {alias} " in words
            for key in keys
        ]
        return tuple(dict.fromkeys(found))

    def _phrase(self, norm: str) -> tuple[tuple[str, str], ...]:
        folded = fold(norm)
        if folded in self.strong:
            found = [(k, EXACT) for k in self.strong[folded]]
            found += [(k, FALLBACK) for k in self.fallback.get(folded, [])]
            return tuple(found)
        fallback = tuple((k, FALLBACK) for k in self.fallback.get(folded, []))
        closed = self.closed.get(folded.replace(" ", ""), [])
        if not fallback and closed and " " in folded:  # "Time line", "Post mortem actions"
            return tuple((k, EXACT) for k in dict.fromkeys(closed))
        return fallback

    def _leading(self, heading: str) -> tuple[tuple[str, str], ...]:
        """A heading that opens with a name and goes on after a separator: "Timeline (all
        times PST), Saturday to Monday", "Root cause: an expired certificate"."""
        text = _NUMBERING.sub("", _strip_symbols(heading).strip(), count=1)
        m = _LEAD.match(text)
        if m is None:
            return ()
        found = self._phrase(_clean(m.group(1)))
        rest = text[m.end() :]
        if not found and text[m.end(1) :].lstrip()[:1] in ("-", ":", "：", "—", "–"):
            found = self._phrase(_clean(rest))  # "CVE - Description of the vulnerability"
        return tuple((k, QUALIFIED) for k, _ in found)

    def _compound(self, norm: str) -> tuple[tuple[str, str], ...]:
        parts = [p for p in _JOINERS.split(norm) if p and p.strip()]
        if len(parts) < 2:
            return ()
        found: list[tuple[str, str]] = []
        for part in parts:
            exact = [(k, s) for k, s in self._phrase(part) if s == EXACT]
            found += exact or [(k, QUALIFIED) for k, _ in self._qualified(part)]
        return tuple(found)

    def _qualified(self, norm: str) -> tuple[tuple[str, str], ...]:
        """An alias at the end of the heading (its head noun), else at its start."""
        tokens = _tokens(fold(norm))
        limit = MAX_EXTRA_WORDS if not any_in(norm, _CJK) else 6
        # Longest aliases first; each one to ``limit`` words shorter than the heading.
        lengths = range(len(tokens) - 1, len(tokens) - limit - 1, -1)
        tails = [tail for n in lengths for tail in self._tails.get(n, ())]
        for at_end in (True, False):
            for alias, keys in tails:
                if (tokens[-len(alias) :] if at_end else tokens[: len(alias)]) == alias:
                    return tuple((k, QUALIFIED) for k in keys)
        return ()

    def _typo(self, norm: str) -> HeadingMatch:
        if any_in(norm, _CJK):
            return NO_MATCH
        norm = fold(norm)
        best: tuple[int, str] | None = None
        near = range(len(norm) - 2, len(norm) + 3)  # no limit is over 2
        for _, alias in sorted(a for n in near for a in self._by_length.get(n, ())):
            limit = 2 if len(alias) > 8 else 1
            if len(alias) < 4 or abs(len(alias) - len(norm)) > limit:
                continue
            if not _same_initials(norm, alias):
                continue  # "moving forward" is a word of its own, not "going forward" misspelt
            distance = osa_distance(norm, alias, limit)
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, alias)
        if best is None:
            return NO_MATCH
        return HeadingMatch(((self.strong[best[1]][0], TYPO),), self.written[best[1]])


def _same_initials(a: str, b: str) -> bool:
    """The same number of words, each starting with the same letter (typos rarely change the
    first letter of a word)."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(x[:1] == y[:1] for x, y in zip(wa, wb, strict=True))


def _unique(keys: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for key, strength in keys:
        seen.setdefault(key, strength)
    return tuple(seen.items())


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
