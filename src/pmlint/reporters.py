"""Reporters: one function per format, and one dict that is also the ``--format`` choice list."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from pmlint.findings import ERROR, WARNING, Finding


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    files: int
    color: bool = False
    quiet: bool = False

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


_RED, _YELLOW, _BOLD, _DIM, _RESET = "\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[2m", "\x1b[0m"


def text(report: Report) -> str:
    lines = []
    for f in report.findings:
        if report.color:
            code_color = _RED if f.severity == ERROR else _YELLOW
            lines.append(
                f"{_BOLD}{f.path}{_RESET}:{f.line}:{f.column}: "
                f"{code_color}{_BOLD}{f.rule}{_RESET} {f.message} {_DIM}[{f.name}]{_RESET}"
            )
        else:
            lines.append(f"{f.path}:{f.line}:{f.column}: {f.rule} {f.message} [{f.name}]")
    if not report.quiet:
        if report.findings:
            lines.append(
                f"Found {_plural(report.errors, 'error')} and "
                f"{_plural(report.warnings, 'warning')} in {_plural(report.files, 'file')}."
            )
        else:
            lines.append(f"All {_plural(report.files, 'file')} passed.")
    return "\n".join(lines) + "\n" if lines else ""


def json_report(report: Report) -> str:
    payload = {
        "version": 1,
        "findings": [f.to_json() for f in report.findings],
        "summary": {"files": report.files, "errors": report.errors, "warnings": report.warnings},
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(report: Report) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    out = []
    for f in report.findings:
        level = "error" if f.severity == ERROR else "warning"
        props = (
            f"file={_escape_property(f.path)},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column},"
            f"title={_escape_property(f'{f.rule} {f.name}')}"
        )
        out.append(f"::{level} {props}::{_escape_data(f'{f.rule} {f.message}')}\n")
    return "".join(out)


def statistics(report: Report) -> str:
    counts = Counter((f.rule, f.name) for f in report.findings)
    return "".join(f"{n:5d}  {code}  {name}\n" for (code, name), n in sorted(counts.items()))


REPORTERS: dict[str, Callable[[Report], str]] = {
    "text": text,
    "json": json_report,
    "github": github,
}
