"""The rules as configuration sees them, without importing the rules themselves.

Configuration needs each rule's code, name, default severity, whether it is on by default, and
its typed options; running a rule needs much more (the document model, word lists, dates).
``data/rules.json`` holds the first part, generated from the registry by ``python -m
pmlint.docs`` (a test keeps it equal to the registry), so that a run which needs no rule (a
cache hit, a configuration error) does not load them all. The registry
(:mod:`pmlint.rules`) stays the one place a rule is added.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pmlint.backtracking import risk as backtracking_risk
from pmlint.packagedata import read_text


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


@dataclass(frozen=True)
class RuleInfo:
    """What configuration reads of a rule (:class:`pmlint.rules.base.Rule` has these
    attributes, and its documentation and check besides)."""

    code: str
    name: str
    severity: str
    fixable: bool = False
    options: dict[str, Option] = field(default_factory=dict)
    default_on: bool = True

    @property
    def defaults(self) -> dict[str, Any]:
        return {name: option.default for name, option in self.options.items()}


def from_json(entries: list[dict[str, Any]]) -> tuple[RuleInfo, ...]:
    """The rules of ``data/rules.json`` (see :func:`pmlint.docs.rule_table`)."""
    return tuple(
        RuleInfo(
            code=e["code"],
            name=e["name"],
            severity=e["severity"],
            fixable=e["fixable"],
            default_on=e["default_on"],
            options={name: Option(**o) for name, o in e["options"].items()},
        )
        for e in entries
    )


RULES: tuple[RuleInfo, ...] = from_json(json.loads(read_text("rules.json")))
BY_CODE: dict[str, RuleInfo] = {r.code: r for r in RULES}
BY_NAME: dict[str, RuleInfo] = {r.name: r for r in RULES}


def lookup(name_or_code: str) -> RuleInfo | None:
    """A rule by its code (any case) or kebab-case name."""
    return BY_CODE.get(name_or_code.upper()) or BY_NAME.get(name_or_code.lower())
