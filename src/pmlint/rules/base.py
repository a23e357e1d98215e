"""What a rule is: a code, a name, a default severity, a docstring, typed options, a check.

A rule's check is a generator that reads a :class:`Context` and yields :class:`Problem`s
(positions and a message); the engine stamps code, name, severity and path on them.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pmlint.backtracking import risk as backtracking_risk
from pmlint.findings import Edit, Problem
from pmlint.model import Document
from pmlint.schema import SchemaError
from pmlint.template import Template


@dataclass(frozen=True)
class Context:
    """Everything a rule may read about one file. Rules never parse or walk marko."""

    doc: Document
    template: Template
    schema_errors: list[SchemaError]
    options: Mapping[str, Any] = field(default_factory=dict)
    today: date | None = None  # --today / config today, for PM506

    def problem(
        self,
        start: int,
        end: int,
        message: str,
        edits: tuple[Edit, ...] = (),
        scope: tuple[tuple[int, int], ...] = (),
    ) -> Problem:
        """A problem covering ``normalized[start:end]`` of the document's source."""
        source = self.doc.source
        first = source.position(start)
        last = source.position(max(start, end))
        return Problem(first.line, message, first.column, last.line, last.column, edits, scope)

    def edit(self, start: int, end: int, replacement: str) -> Edit:
        """An edit of ``normalized[start:end]``, placed in the file as written."""
        source = self.doc.source
        return Edit(source.text_offset(start), source.text_offset(end), replacement)


Check = Callable[[Context], Iterator[Problem]]

# Findings of one rule in one file, at most: a file made of a million blanks or mojibake pairs
# gets a report (and a memory footprint) of a thousand findings, not a million.
MAX_FINDINGS = 1000


# --- options -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """A rule option: its default, and what a configured value must be."""

    default: Any
    kind: str  # "int", "bool", "strings" (non-empty strings), "regexes"
    minimum: int | None = None
    help: str = ""

    def invalid(self, value: Any) -> str | None:
        """Why ``value`` is not acceptable ("expected an integer >= 1"), or None."""
        if self.kind == "int":
            low = self.minimum
            ok = isinstance(value, int) and not isinstance(value, bool)
            if not ok or (low is not None and value < low):
                return "expected an integer" + (f" >= {low}" if low is not None else "")
            return None
        if self.kind == "bool":
            return None if isinstance(value, bool) else "expected true or false"
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            return "expected a list of non-empty strings"
        if self.kind == "regexes":
            for pattern in value:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    return f"invalid regular expression {pattern!r} ({exc})"
                problem = backtracking_risk(pattern)
                if problem is not None:
                    return (
                        f"{pattern!r} {problem}, which can take exponential time on a line "
                        "that almost matches"
                    )
        return None


def integer(default: int, minimum: int | None = None, help: str = "") -> Option:
    return Option(default, "int", minimum, help)


def strings(help: str = "") -> Option:
    return Option([], "strings", None, help)


def regexes(help: str = "") -> Option:
    return Option([], "regexes", None, help)


def boolean(default: bool, help: str = "") -> Option:
    return Option(default, "bool", None, help)


# --- rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str  # "error" or "warning": the level when the rule is on
    doc: str
    check: Check | None  # None: reported by the engine itself (PM000-PM002, PM901, PM902)
    fixable: bool = False
    options: dict[str, Option] = field(default_factory=dict)
    default_on: bool = True
    # The word table (``data/words/<language>.json``) the rule reads: it runs only on documents
    # whose language has one (a rule that cannot read a language stays silent on it).
    words: str | None = None

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""

    @property
    def defaults(self) -> dict[str, Any]:
        return {name: option.default for name, option in self.options.items()}


def rule(
    code: str,
    name: str,
    severity: str,
    *,
    fixable: bool = False,
    options: dict[str, Option] | None = None,
    engine: bool = False,
    default_on: bool = True,
    words: str | None = None,
) -> Callable[[Check], Rule]:
    """Turn a documented check function into a :class:`Rule`; its docstring is the rule's doc."""

    def wrap(fn: Check) -> Rule:
        return Rule(
            code=code,
            name=name,
            severity=severity,
            doc=inspect.cleandoc(fn.__doc__ or ""),
            check=None if engine else _capped(fn),
            fixable=fixable,
            options=dict(options or {}),
            default_on=default_on,
            words=words,
        )

    return wrap


def _capped(fn: Check) -> Check:
    """``fn``, stopped after :data:`MAX_FINDINGS` problems with one that says so."""

    @functools.wraps(fn)
    def check(ctx: Context) -> Iterator[Problem]:
        for count, problem in enumerate(fn(ctx)):
            if count == MAX_FINDINGS:
                yield Problem(
                    problem.line,
                    f"more than {MAX_FINDINGS:,} findings of this rule in this file: "
                    "the rest are not reported",
                    problem.column,
                )
                return
            yield problem

    return check
