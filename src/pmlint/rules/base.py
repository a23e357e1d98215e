"""What a rule is: a code, a name, a default severity, a docstring, and a check generator."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pmlint.document import Document
from pmlint.findings import Problem
from pmlint.schema import SchemaError
from pmlint.template import Template


@dataclass
class Context:
    """Everything a rule may read about one file. Rules never parse or walk marko."""

    doc: Document
    template: Template
    schema_errors: list[SchemaError]
    options: dict[str, Any] = field(default_factory=dict)
    today: date | None = None  # --today / config today, for PM506


Check = Callable[[Context], Iterator[Problem]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str  # "error" or "warning": the level when the rule is on
    doc: str
    check: Check | None  # None: reported by the engine itself (PM000-PM002)
    fixable: bool = False
    options: dict[str, Any] = field(default_factory=dict)  # option name -> default value
    default_on: bool = True

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""


def rule(
    code: str,
    name: str,
    severity: str,
    *,
    fixable: bool = False,
    options: dict[str, Any] | None = None,
    engine: bool = False,
    default_on: bool = True,
) -> Callable[[Check], Rule]:
    """Turn a documented check function into a :class:`Rule`; its docstring is the rule's doc."""

    def wrap(fn: Check) -> Rule:
        return Rule(
            code=code,
            name=name,
            severity=severity,
            doc=inspect.cleandoc(fn.__doc__ or ""),
            check=None if engine else fn,
            fixable=fixable,
            options=dict(options or {}),
            default_on=default_on,
        )

    return wrap
