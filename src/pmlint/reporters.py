"""Reporters: one function per format, and one dict that is also the ``--format`` choice list."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pmlint.findings import ERROR, WARNING, Finding


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    files: int
    color: bool = False
    quiet: bool = False
    statistics: bool = False  # --statistics: the JSON summary counts findings per rule

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)


def count(n: int, word: str) -> str:
    """``1 file``, ``2 files``, ``3 entries``."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"


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
                f"Found {count(report.errors, 'error')} and "
                f"{count(report.warnings, 'warning')} in {count(report.files, 'file')}."
            )
        else:
            lines.append(f"All {count(report.files, 'file')} passed.")
    return "\n".join(lines) + "\n" if lines else ""


def json_report(report: Report) -> str:
    summary: dict[str, Any] = {
        "files": report.files,
        "errors": report.errors,
        "warnings": report.warnings,
    }
    if report.statistics:
        counts = Counter((f.rule, f.name) for f in report.findings)
        summary["statistics"] = [
            {"rule": code, "name": name, "count": n} for (code, name), n in sorted(counts.items())
        ]
    payload = {
        "version": 1,
        "findings": [f.to_json() for f in report.findings],
        "summary": summary,
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


def sarif(report: Report) -> str:
    """SARIF 2.1.0: every rule in tool.driver.rules, results matching the JSON findings."""
    from pmlint import __version__
    from pmlint.rules import RULES

    index = {r.code: i for i, r in enumerate(RULES)}
    rules = [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.doc},
            "help": {"text": r.doc, "markdown": r.doc},
            "defaultConfiguration": {"level": r.severity if r.default_on else "none"},
            "properties": {"fixable": r.fixable},
        }
        for r in RULES
    ]
    results = [
        {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": "error" if f.severity == ERROR else "warning",
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(f.path), "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": f.end_column,
                        },
                    }
                }
            ],
            "partialFingerprints": {"pmlint/v1": _fingerprints(report)[id(f)]},
        }
        for f in report.findings
    ]
    payload = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "pmlint", "version": __version__, "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _uri(path: str) -> str:
    """A relative URI reference for a POSIX path: spaces, ``#``, ``%``, ``:`` and non-ASCII
    characters percent-encoded (UTF-8), ``/`` kept."""
    from urllib.parse import quote

    return quote(path, safe="/")


def _fingerprints(report: Report) -> dict[int, str]:
    """A fingerprint per finding from its path, rule and line text (not its line number), so
    edits elsewhere in the file leave it unchanged; repeats of the same text are numbered."""
    import hashlib

    seen: Counter[tuple[str, str, str, str]] = Counter()
    found: dict[int, str] = {}
    for f in report.findings:
        message = re.sub(r"\bline \d+", "line N", f.message)  # "first at line 20"
        key = (f.path, f.rule, message, f.context)
        seen[key] += 1
        text = "\0".join([*key, str(seen[key])])
        found[id(f)] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return found


def gitlab(report: Report) -> str:
    """GitLab Code Quality: a JSON array of issues."""
    prints = _fingerprints(report)
    issues = [
        {
            "description": f"{f.rule} {f.message}",
            "check_name": f"{f.rule} {f.name}",
            "fingerprint": prints[id(f)],
            "severity": "major" if f.severity == ERROR else "minor",
            "location": {"path": f.path, "lines": {"begin": f.line, "end": f.end_line}},
        }
        for f in report.findings
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def statistics(report: Report) -> str:
    counts = Counter((f.rule, f.name) for f in report.findings)
    return "".join(f"{n:5d}  {code}  {name}\n" for (code, name), n in sorted(counts.items()))


# --- pmlint actions ------------------------------------------------------------------------

ACTION_KEYS = ("path", "line", "text", "owner", "due", "due_raw", "ticket", "done", "overdue")


def actions_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps({"version": 1, "actions": rows}, indent=2, ensure_ascii=False) + "\n"


def actions_csv(rows: list[dict[str, Any]]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACTION_KEYS, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: "" if r[k] is None else r[k] for k in ACTION_KEYS})
    return buffer.getvalue()


def actions_text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No corrective actions found.\n"
    table = [("DUE", "STATUS", "OWNER", "TICKET", "WHERE", "ACTION")]
    for r in rows:
        status = "done" if r["done"] else ("OVERDUE" if r["overdue"] else "open")
        text = r["text"] if len(r["text"]) <= 60 else r["text"][:59] + "…"
        table.append(
            (
                r["due"] or r["due_raw"] or "-",
                status,
                r["owner"] or "-",
                r["ticket"] or "-",
                f"{r['path']}:{r['line']}",
                text,
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(5)]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5]
        for row in table
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"


ACTION_REPORTERS: dict[str, Callable[[list[dict[str, Any]]], str]] = {
    "text": actions_text,
    "json": actions_json,
    "csv": actions_csv,
}

REPORTERS: dict[str, Callable[[Report], str]] = {
    "text": text,
    "json": json_report,
    "github": github,
    "sarif": sarif,
    "gitlab": gitlab,
}
