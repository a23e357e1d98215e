"""Inline suppression in HTML comments, invisible when the Markdown is rendered.

``<!-- pmlint-disable PM302 -->`` ... ``<!-- pmlint-enable PM302 -->``,
``<!-- pmlint-disable-next-line PM501 -->`` and ``<!-- pmlint-disable-file PM101 -->`` take
codes or names (none: every rule). PM000 cannot be suppressed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pmlint.findings import Finding, Problem
from pmlint.model import Document
from pmlint.rules import lookup

KINDS = ("disable", "enable", "disable-next-line", "disable-file")
_DIRECTIVE = re.compile(r"<!--\s*pmlint-([\w-]*)(.*?)-->", re.S)
UNSUPPRESSIBLE = frozenset(["PM000", "PM901"])
END = 10**9


@dataclass
class Directive:
    kind: str
    codes: frozenset[str] | None  # None: every rule
    line: int
    first: int = 0  # lines it covers
    last: int = 0
    used: set[str] = field(default_factory=set)

    def covers(self, code: str, line: int) -> bool:
        return (self.codes is None or code in self.codes) and self.first <= line <= self.last


def parse(doc: Document) -> tuple[list[Directive], list[Problem]]:
    """The directives of a document, and a PM901 problem for each malformed one."""
    directives: list[Directive] = []
    problems: list[Problem] = []
    for offset, source in doc.comments:
        for m in _DIRECTIVE.finditer(source):
            line = doc.source.line_of(offset + m.start())
            kind = m.group(1)
            if kind not in KINDS:
                problems.append(
                    Problem(
                        line,
                        f"unknown directive 'pmlint-{kind}' (use one of: "
                        + ", ".join(f"pmlint-{k}" for k in KINDS)
                        + ")",
                    )
                )
                continue
            names = [n for n in re.split(r"[\s,]+", m.group(2).strip()) if n]
            codes: set[str] = set()
            for name in names:
                found = lookup(name)
                if found is None:
                    problems.append(
                        Problem(line, f"'pmlint-{kind}' names an unknown rule {name!r}")
                    )
                else:
                    codes.add(found.code)
            if names and not codes:
                continue
            directives.append(Directive(kind, frozenset(codes) if names else None, line))
    _place(directives, doc)
    return directives, problems


def _place(directives: list[Directive], doc: Document) -> None:
    """Give each directive the lines it covers."""
    for d in directives:
        if d.kind == "disable-file":
            d.first, d.last = 1, END
        elif d.kind == "disable-next-line":
            target = d.line + 1
            while target < doc.source.line_count and not doc.source.line_text(target).strip():
                target += 1
            d.first = d.last = target
        elif d.kind == "disable":
            d.first, d.last = d.line, END
            for later in directives:
                if later.kind == "enable" and later.line > d.line and _overlaps(d, later):
                    d.last = later.line
                    break


def _overlaps(disable: Directive, enable: Directive) -> bool:
    if enable.codes is None or disable.codes is None:
        return True
    return bool(disable.codes & enable.codes)


def apply(findings: list[Finding], directives: list[Directive]) -> list[Finding]:
    """The findings no directive covers; marks the directives that covered something."""
    kept: list[Finding] = []
    for f in findings:
        covering = [
            d
            for d in directives
            if d.kind != "enable" and f.rule not in UNSUPPRESSIBLE and d.covers(f.rule, f.line)
        ]
        for d in covering:
            d.used.add(f.rule)
        if not covering:
            kept.append(f)
    return kept


def unused(directives: list[Directive]) -> list[Problem]:
    """A PM902 problem for each suppression that suppressed nothing."""
    problems = []
    for d in directives:
        if d.kind == "enable":
            continue
        if d.codes is None:
            if not d.used:
                problems.append(Problem(d.line, f"'pmlint-{d.kind}' suppressed nothing"))
            continue
        idle = sorted(d.codes - d.used)
        if idle:
            problems.append(
                Problem(d.line, f"'pmlint-{d.kind}' of {', '.join(idle)} suppressed nothing")
            )
    return problems
