"""The cached source for :mod:`pmlint.fastparse`: marko's :class:`~marko.source.Source`, with
what it recomputes on every call kept (the joined prefix of the open containers, the line at a
position, how much of it the prefix takes, compiled patterns) and the per-line pre-test
(:meth:`FastSource.probe`) the block elements ask before marko's own ``match``."""

from __future__ import annotations

import re
from functools import cache
from re import Match, Pattern
from typing import Literal, cast, overload

from marko import block
from marko.source import Source

_LINE = re.compile(r"(?m)[^\n]*$\n?")  # marko's "rest of the line" pattern
_CACHE_LIMIT = 512  # entries per position cache before it is emptied (bounds memory)


@cache
def _compiled(pattern: str) -> Pattern[str]:
    return re.compile(pattern)


class FastSource(Source):
    """marko's Source with its per-call work cached; same answers, same state changes."""

    def __init__(self, text: str) -> None:
        self._joined: str | None = None  # the cached prefix; None when stale
        super().__init__(text)
        self._length = len(self._buffer)
        self._lines: dict[int, Match[str]] = {}  # position -> the line from there
        self._probes: dict[tuple[int, str], tuple[int, str, str]] = {}
        self._probe_pos, self._probe_prefix, self._probe = -1, "", (-1, "", "")  # the last one

    # --- the container stack: every change makes the cached prefix stale -----------------

    @property
    def _states(self) -> list[block.BlockElement]:
        return self._stack

    @_states.setter
    def _states(self, states: list[block.BlockElement]) -> None:
        self._stack = states
        self._joined = None

    def push_state(self, element: block.BlockElement) -> None:
        self._stack.append(element)
        self._joined = None

    def pop_state(self) -> block.BlockElement:
        self._joined = None
        return self._stack.pop()

    def _update_prefix(self) -> None:
        super()._update_prefix()
        self._joined = None

    @property
    def state(self) -> block.BlockElement:
        if not self._stack:
            raise RuntimeError("Need to push a state first.")
        return self._stack[-1]

    @property
    def prefix(self) -> str:
        joined = self._joined
        if joined is None:
            joined = self._joined = "".join([s._prefix for s in self._stack])
        return joined

    @property
    def exhausted(self) -> bool:
        return self.pos >= self._length

    # --- lines and prefixes ---------------------------------------------------------------

    def line_match(self, pos: int) -> Match[str]:
        """marko's line pattern matched at ``pos`` (the rest of that line, with its newline)."""
        found = self._lines.get(pos)
        if found is None:
            if len(self._lines) > _CACHE_LIMIT:
                self._lines.clear()
            found = self._lines[pos] = cast(Match[str], _LINE.match(self._buffer, pos))
        return found

    def probe(self) -> tuple[int, str, str]:
        """``(prefix_length, lead, rest)`` of the line at the current position.

        ``prefix_length`` is what :meth:`Source.match_prefix` gives for the open containers'
        prefix (-1: the line does not continue them); ``rest`` is the line after the prefix
        and ``lead`` its first character after at most three spaces ("" at the end, " " when
        indented four or more). Block patterns are matched where ``rest`` starts, so a pattern
        that needs a given first character cannot match when ``lead`` is another one.
        """
        prefix = self._joined
        if prefix is None:
            prefix = self.prefix
        if self.pos == self._probe_pos and prefix == self._probe_prefix:
            return self._probe  # most calls: the same line again
        key = (self.pos, prefix)
        found = self._probes.get(key)
        if found is None:
            line = self.line_match(self.pos).group()
            length = self.match_prefix(prefix, line) if prefix else 0
            rest = line[length:] if length >= 0 else ""
            stripped = rest[:4].lstrip(" ")
            lead = " " if rest[:4] == "    " else stripped[:1]
            if len(self._probes) > _CACHE_LIMIT:
                self._probes.clear()
            found = self._probes[key] = (length, lead, rest)
        self._probe_pos, self._probe_prefix, self._probe = self.pos, prefix, found
        return found

    @property
    def _current_pos(self) -> int:
        return self.pos + max(self.probe()[0], 0)

    def expect_re(self, regexp: Pattern[str] | str) -> Match[str] | None:
        length = self.probe()[0]
        if length < 0:
            self.match = self.line_match(self.pos)  # as marko leaves it
            return None
        if isinstance(regexp, str):
            regexp = _compiled(regexp)
        self.match = regexp.match(self._buffer, self.pos + length)
        return self.match

    @overload
    def next_line(self, require_prefix: Literal[False] = ...) -> str: ...

    @overload
    def next_line(self, require_prefix: Literal[True] = ...) -> str | None: ...

    def next_line(self, require_prefix: bool = True) -> str | None:
        if require_prefix:
            length = self.probe()[0]
            if length < 0:
                self.match = None
                return None
            self.match = self.line_match(self.pos + length)
        else:
            self.match = self.line_match(self.pos)
        return self.match.group()

    def refuse(self, length: int) -> None:
        """Leave the state that marko's ``expect_re`` leaves when its pattern fails."""
        self.match = None if length >= 0 else self.line_match(self.pos)


DIGIT = "0"  # stands for any decimal digit in fastparse's _STARTS


def starts_with(lead: str, starts: str) -> bool:
    """Whether ``lead`` (see :meth:`FastSource.probe`) is one of ``starts``."""
    return bool(lead) and (lead in starts or (DIGIT in starts and lead.isdecimal()))


def lead_in(source: Source, starts: str) -> bool:
    """Whether a pattern that must begin with one of ``starts`` may match here."""
    if not isinstance(source, FastSource):
        return True
    length, lead, _ = source.probe()
    if lead and lead in starts:
        return True
    source.refuse(length)
    return False


def list_lead(source: Source) -> bool:
    """Whether a list marker (a decimal digit, as ``\\d`` matches, or ``*-+``) may start here."""
    if not isinstance(source, FastSource):
        return True
    length, lead, _ = source.probe()
    if lead and (lead in "*-+" or lead.isdecimal()):
        return True
    source.refuse(length)
    return False
