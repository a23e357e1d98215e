"""What a rule is: a code, a name, a default severity, a docstring, typed options, a check.

A rule's check is a generator that reads a :class:`Context` and yields :class:`Problem`s
(positions and a message); the engine stamps code, name, severity and path on them.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pmlint.findings import Edit, Problem
from pmlint.model import Document
from pmlint.ruleinfo import Option, boolean, integer, regexes, strings
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


__all__ = ["Context", "Option", "Rule", "boolean", "integer", "regexes", "rule", "strings"]
