"""User regular expressions that can backtrack catastrophically, found when config is read.

Python's ``re`` backtracks and cannot be stopped once it runs (it has no time-out and holds
the interpreter lock), so a ``blank-patterns`` entry is checked once, for its shape: a repeated
group that contains another repeat (``(a+)+``, ``(\\w*,)+``, ``(.*a){20}``) or alternatives
that can match the same text (``(a|ab)+``) can take exponential time on a line that almost
matches, and is a configuration error naming the pattern. The check reads the pattern's
structure only (groups, alternatives, quantifiers); the pattern has compiled already.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_COUNT = re.compile(r"\{(\d*)(,?)(\d*)\}")
_FLAGS = re.compile(r"\(\?[aiLmsux-]*([:)])")
# Nested repeats are fine while the counts they multiply stay this small (``(?:\d{1,2}:){2}``).
SMALL = 100


@dataclass
class _Item:
    """An atom or a group, with its quantifier (``high`` None: unbounded)."""

    low: int = 1
    high: int | None = 1
    alternatives: list[list[_Item]] | None = None  # a group's branches
    char: str | None = None  # a plain character

    @property
    def repeats(self) -> bool:
        return self.high is None or self.high > 1

    @property
    def varies(self) -> bool:
        return self.high is None or self.high > self.low


def risk(pattern: str) -> str | None:
    """Why ``pattern`` can backtrack catastrophically, or None."""
    alternatives, _ = _group(pattern, 0)
    return _check(alternatives)


def _group(pattern: str, i: int) -> tuple[list[list[_Item]], int]:
    """The branches from ``i`` to the closing parenthesis (or the end), and the index after."""
    branches: list[list[_Item]] = [[]]
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == ")":
            return branches, i + 1
        if c == "|":
            branches.append([])
            i += 1
            continue
        sequence = branches[-1]
        count = _COUNT.match(pattern, i) if c == "{" else None
        if c in "*+?" or count is not None:
            if count is not None:
                low = int(count.group(1) or 0)
                high = int(count.group(3)) if count.group(3) else (None if count.group(2) else low)
                i = count.end()
            else:
                low, high = (0 if c != "+" else 1), (1 if c == "?" else None)
                i += 1
            if sequence:
                sequence[-1].low, sequence[-1].high = low, high
            if i < n and pattern[i] in "?+":  # lazy or possessive: the same shape
                i += 1
            continue
        if c == "\\":
            following = pattern[i + 1 : i + 2]
            item = _Item(char=None if following.isalnum() else following)
            i += 2
        elif c == "[":
            i = _class_end(pattern, i)
            item = _Item()
        elif c == "(":
            if pattern.startswith("(?#", i):
                i = pattern.find(")", i) + 1 or n
                continue
            flags = _FLAGS.match(pattern, i)
            if flags is not None and flags.group(1) == ")":
                i = flags.end()  # "(?i)": flags only
                continue
            body = _body(pattern, i, flags)
            if body < 0:  # "(?P=name)", a backreference
                i = pattern.find(")", i) + 1 or n
                item = _Item()
            else:
                inner, i = _group(pattern, body)
                item = _Item(alternatives=inner)
        else:
            item = _Item(char=c)
            i += 1
        sequence.append(item)
    return branches, i


def _body(pattern: str, i: int, flags: re.Match[str] | None) -> int:
    """Where a group's branches start, from its "(" (-1 for a named backreference)."""
    if flags is not None:
        return flags.end()  # "(?:", "(?i:"
    if not pattern.startswith("(?", i):
        return i + 1
    for opening in ("(?<=", "(?<!", "(?=", "(?!", "(?>"):
        if pattern.startswith(opening, i):
            return i + len(opening)
    if pattern.startswith("(?P=", i):
        return -1
    if pattern.startswith("(?P<", i):
        return pattern.find(">", i) + 1
    if pattern.startswith("(?(", i):
        return pattern.find(")", i) + 1  # a conditional: its branches follow the condition
    return i + 2


def _class_end(pattern: str, i: int) -> int:
    """The index after the character class that starts at ``i``."""
    n = len(pattern)
    i += 1
    if i < n and pattern[i] == "^":
        i += 1
    if i < n and pattern[i] == "]":
        i += 1
    while i < n and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _check(branches: list[list[_Item]]) -> str | None:
    for sequence in branches:
        for item in sequence:
            if item.alternatives is None:
                continue
            if item.repeats:
                inner = _widest_repeat(item.alternatives)
                if inner is not None and (
                    inner.high is None or item.high is None or (item.high or 1) * inner.high > SMALL
                ):
                    return "repeats a group that repeats within it, like '(a+)+'"
                if (
                    len(item.alternatives) > 1
                    and (item.high is None or item.high > 10)
                    and not _distinct_words(item.alternatives)
                ):
                    return "repeats alternatives that can match the same text, like '(a|ab)+'"
            found = _check(item.alternatives)
            if found is not None:
                return found
    return None


def _widest_repeat(branches: list[list[_Item]]) -> _Item | None:
    """The repeat inside these branches that varies most (unbounded first), or None."""
    widest: _Item | None = None
    for sequence in branches:
        for item in sequence:
            candidates = [item] if item.varies and item.repeats else []
            if item.alternatives is not None:
                inner = _widest_repeat(item.alternatives)
                if inner is not None:
                    candidates.append(inner)
            for c in candidates:
                if (
                    widest is None
                    or c.high is None
                    or (widest.high is not None and c.high > widest.high)
                ):
                    widest = c
    return widest


def _distinct_words(branches: list[list[_Item]]) -> bool:
    """Whether every branch is plain text and none is a prefix of another (``TBD|TODO``)."""
    words: list[str] = []
    for sequence in branches:
        if any(i.char is None or i.repeats or i.low != 1 for i in sequence):
            return False
        words.append("".join(i.char or "" for i in sequence))
    return not any(a != b and b.startswith(a) for a in words for b in words) and len(
        set(words)
    ) == len(words)
