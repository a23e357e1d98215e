"""The commands other than ``check``: export, actions, baseline, config, schema, rules, explain.

Each is a plain function that returns the exit code (0, or 2 for a usage or configuration
error, reported as one line on stderr).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from pmlint.baseline import FILENAME as BASELINE
from pmlint.checking import Failure, fail, read_stdin
from pmlint.config import CONFIG_SCHEMA, ConfigError, Overrides, parse_today
from pmlint.findings import Finding
from pmlint.reporters import ACTION_KEYS, ACTION_REPORTERS, count
from pmlint.session import Linter
from pmlint.source import UnreadableError, read_source


def run_export(path: str, config: Path | None = None, stdin_filename: str | None = None) -> int:
    """Print the document of ``path`` (``-``: stdin) as JSON."""
    from pmlint.export import to_json

    try:
        linter = Linter(Path.cwd(), config, Overrides())
        if path == "-":
            data = read_stdin()
            target = Path(stdin_filename) if stdin_filename else None
            shown = linter.display(target) if target else "-"
        else:
            target = Path(path)
            try:
                data = read_source(target, linter.settings_for(target).max_file_size)
            except UnreadableError as exc:
                return fail(f"{path}: {exc}")
            except OSError as exc:
                return fail(f"{path}: cannot read file ({(exc.strerror or str(exc)).lower()})")
            shown = linter.display(target)
        try:
            parsed = linter.parse(target, data, shown)
        except Exception as exc:  # a bug: one line, never a traceback
            return fail(f"{shown}: internal error: {type(exc).__name__}: {exc}")
    except (ConfigError, Failure) as exc:
        return fail(str(exc))
    if parsed.document is None:
        message = parsed.findings[0].message if parsed.findings else "cannot be parsed"
        return fail(f"{path}: {message}")
    for f in parsed.findings:
        click.echo(f"pmlint: warning: {f.path}:{f.line}: {f.rule} {f.message}", err=True)
    click.echo(json.dumps(to_json(parsed.document), indent=2, ensure_ascii=False))
    return 0


def run_actions(
    paths: list[str],
    *,
    fmt: str = "text",
    today: str | None = None,
    open_only: bool = False,
    owner: str | None = None,
    config: Path | None = None,
) -> int:
    """List the corrective actions of the postmortems, sorted by due date (undated last).

    The date that marks items overdue is ``--today``, else each file's ``today`` setting.
    A file pmlint fails on (a bug) is one line on stderr and exit 1; the others are listed.
    """
    try:
        day = parse_today(today, "--today")
        linter = Linter(Path.cwd(), config, Overrides())
        rows, failed = _action_rows(linter, paths, day)
    except ConfigError as exc:
        return fail(str(exc))
    if open_only:
        rows = [r for r in rows if not r["done"]]
    if owner:
        wanted = owner.lstrip("@").rstrip("@").lower()
        rows = [r for r in rows if r["owner"] and r["owner"].strip("@").lower() == wanted]
    rows.sort(key=lambda r: (r["due"] is None, r["due"] or "", r["path"], r["line"]))
    rows = [{k: r[k] for k in ACTION_KEYS} for r in rows]
    click.echo(ACTION_REPORTERS[fmt](rows), nl=False)
    return 1 if failed else 0


def _action_rows(linter: Linter, paths: list[str], day: Any) -> tuple[list[dict[str, Any]], int]:
    """The rows of every file, and how many files pmlint failed on."""
    from pmlint.export import action_json

    rows: list[dict[str, Any]] = []
    failed = 0
    for path in linter.collect(paths):
        shown = linter.display(path)
        try:
            data = read_source(path, linter.settings_for(path).max_file_size)
        except UnreadableError as exc:
            click.echo(f"pmlint: warning: {shown}: {exc}", err=True)
            continue
        except OSError as exc:
            click.echo(f"pmlint: warning: {shown}: cannot read file ({exc.strerror})", err=True)
            continue
        try:
            parsed = linter.parse(path, data, shown)
        except Exception as exc:  # a bug: one line, never a traceback; the others go on
            failed += 1
            message = f"internal error: {type(exc).__name__}: {exc} (a bug in pmlint)"
            click.echo(f"pmlint: error: {shown}: {message}", err=True)
            continue
        if parsed.document is None:
            reason = parsed.findings[0].message if parsed.findings else "cannot be parsed"
            click.echo(f"pmlint: warning: {shown}: {reason}", err=True)
            continue
        marks = day if day is not None else linter.settings_for(path).today
        for item in parsed.document.actions:
            row = {"path": shown, **action_json(item)}
            late = not item.done and item.due is not None and marks is not None and item.due < marks
            row["overdue"] = None if marks is None else late
            rows.append(row)
    return rows, failed


def run_baseline(paths: list[str], config: Path | None = None) -> int:
    """Record the current findings in the baseline file at the repository root."""
    from pmlint.baseline import write

    try:
        linter = Linter(Path.cwd(), config, Overrides())
        findings: list[Finding] = []
        selected = linter.collect(paths)
        for path in selected:
            findings += linter.lint_file(path)
    except ConfigError as exc:
        return fail(str(exc))
    target = linter.root / BASELINE
    recorded = write(target, findings)
    click.echo(
        f"Recorded {count(recorded, 'finding')} from {count(len(selected), 'file')} "
        f"in {linter.display(target)}."
    )
    return 0


def run_config(path: str | None, config: Path | None = None) -> int:
    """Print the effective configuration for a file and where each value came from."""
    try:
        linter = Linter(Path.cwd(), config, Overrides())
        target = Path(path) if path else Path.cwd() / "-"
        settings = linter.settings_for(target)
    except ConfigError as exc:
        return fail(str(exc))
    source = settings.config.label
    click.echo(f"# configuration for {linter.display(target) if path else 'this directory'}")
    click.echo(f"# file: {source}")
    effective: dict[str, Any] = {
        "template": settings.template,
        "schema": settings.schema_path or "(built in)",
        "include": list(settings.include),
        "exclude": list(settings.exclude),
        "max-file-size": settings.max_file_size,
        "max-nesting": settings.max_nesting,
        "new-directory": settings.new_directory,
        "today": settings.today.isoformat() if settings.today else None,
    }
    written = settings.config.values
    for key in CONFIG_SCHEMA["properties"]:
        if key in effective:
            value = effective[key]
        elif key in written:
            value = written[key]
        else:
            continue
        origin = source if key in written else "default"
        click.echo(f"{key} = {json.dumps(value, ensure_ascii=False)}  # {origin}")
    click.echo("# rules in force (code = severity):")
    for code, severity in settings.severities.items():
        click.echo(f"{code} = {json.dumps(severity)}")
    return 0


def run_schema(config: Path | None) -> int:
    """Print the active JSON Schema."""
    from pmlint.schema import load_schema

    try:
        linter = Linter(Path.cwd(), config, Overrides())
        settings = linter.settings_for(Path.cwd() / "-")
        derived = None
        if settings.schema_path is None and settings.template.endswith((".md", ".markdown")):
            from pmlint.derive import schema_bytes, template_for

            derived = schema_bytes(template_for(settings.template))
        raw = load_schema(settings.schema_path, settings.template, derived).raw
    except ConfigError as exc:
        return fail(str(exc))
    click.echo(raw.decode("utf-8"), nl=not raw.endswith(b"\n"))
    return 0


def run_rules(fmt: str) -> int:
    """List every rule: code, name, default severity, fixable, summary."""
    from pmlint.rules import RULES

    rows: list[dict[str, Any]] = [
        {
            "code": r.code,
            "name": r.name,
            "severity": r.severity if r.default_on else "off",
            "fixable": r.fixable,
            "summary": r.summary,
        }
        for r in RULES
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return 0
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        fix = "fixable" if r["fixable"] else "       "
        click.echo(f"{r['code']}  {r['name']:<{width}}  {r['severity']:<7}  {fix}  {r['summary']}")
    return 0


def run_explain(name: str) -> int:
    """Print a rule's documentation."""
    from pmlint.rules import lookup

    found = lookup(name)
    if found is None:
        return fail(f"unknown rule {name!r} (see 'pmlint rules')")
    default = found.severity if found.default_on else f"off (a {found.severity} when selected)"
    click.echo(f"{found.code} {found.name}")
    click.echo(f"Default severity: {default}. Fixable: {'yes' if found.fixable else 'no'}.")
    click.echo()
    click.echo(found.doc)
    return 0
