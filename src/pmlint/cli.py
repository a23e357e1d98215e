"""The command line: click collects options into values and calls plain functions.

Every command returns an exit code: 0 clean, 1 error findings (or warnings over
``--max-warnings``), 2 usage or configuration errors. User errors are one line on stderr.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from pmlint import __version__
from pmlint.baseline import FILENAME as BASELINE
from pmlint.config import ConfigError, Overrides
from pmlint.findings import ERROR, WARNING, Finding
from pmlint.reporters import REPORTERS, Report
from pmlint.template import TEMPLATES

FORMATS = ("auto", *REPORTERS)


class _DefaultToCheck(click.Group):
    """``pmlint PATHS...`` means ``pmlint check PATHS...`` (as with ruff)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select PM1,PM2 --select PM3`` -> ``("PM1", "PM2", "PM3")``."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="pmlint", message="%(prog)s %(version)s")
def main() -> None:
    """Lint incident postmortems written in Markdown (Atlassian template)."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="Output format; auto is github under GitHub Actions, else text.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help="Use this configuration file instead of discovering one.",
)
@click.option("--select", multiple=True, help="Rules to run (codes, names or prefixes).")
@click.option("--ignore", multiple=True, help="Rules to skip.")
@click.option("--extend-select", multiple=True, help="Rules to run in addition.")
@click.option("--extend-ignore", multiple=True, help="Rules to skip in addition.")
@click.option("--fix", is_flag=True, help="Apply fixes to the files, then report what remains.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are error findings.")
@click.option(
    "--max-warnings",
    type=click.IntRange(min=0),
    default=None,
    help="Exit 1 when there are more warnings than this.",
)
@click.option("--today", help="A date (YYYY-MM-DD) or 'today': turns on PM506 (overdue actions).")
@click.option("--output-file", type=click.Path(path_type=Path), help="Write the report here.")
@click.option("--stdin-filename", help="The path to report for content read from stdin.")
@click.option(
    "--statistics", "show_statistics", is_flag=True, help="Print a count of findings per rule."
)
@click.option("--show-files", is_flag=True, help="List the files that would be linted, and stop.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Worker processes; 0 picks one per core once there are enough files to pay for them.",
)
@click.option("--no-baseline", is_flag=True, help="Report findings recorded in the baseline too.")
@click.option(
    "--changed-since",
    metavar="REF",
    help="Only postmortems changed since this git ref (and untracked ones).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print findings only, no summary.")
@click.option(
    "--color",
    type=click.Choice(("auto", "always", "never")),
    default="auto",
    show_default=True,
    help="Colour text output (auto honours NO_COLOR).",
)
@click.option("--debug", is_flag=True, help="Print tracebacks of internal errors.")
def check(
    paths: tuple[str, ...],
    fmt: str,
    config_path: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    extend_ignore: tuple[str, ...],
    fix: bool,
    diff: bool,
    exit_zero: bool,
    max_warnings: int | None,
    today: str | None,
    output_file: Path | None,
    stdin_filename: str | None,
    show_statistics: bool,
    show_files: bool,
    no_cache: bool,
    jobs: int,
    no_baseline: bool,
    changed_since: str | None,
    quiet: bool,
    color: str,
    debug: bool,
) -> None:
    """Lint postmortems (files, directories, or - for stdin; none: the repository's)."""
    overrides = Overrides(
        select=_split(select) if select else None,
        ignore=_split(ignore) if ignore else None,
        extend_select=_split(extend_select),
        extend_ignore=_split(extend_ignore),
        today=today,
    )
    sys.exit(
        run_check(
            list(paths),
            fmt=fmt,
            config=config_path,
            overrides=overrides,
            fix=fix,
            diff=diff,
            exit_zero=exit_zero,
            max_warnings=max_warnings,
            output_file=output_file,
            stdin_filename=stdin_filename,
            show_statistics=show_statistics,
            show_files=show_files,
            no_cache=no_cache,
            jobs=jobs,
            no_baseline=no_baseline,
            changed_since=changed_since,
            quiet=quiet,
            color=color,
            debug=debug,
        )
    )


def _fail(message: str) -> int:
    click.echo(f"pmlint: error: {message}", err=True)
    return 2


def run_check(
    paths: list[str],
    *,
    fmt: str = "text",
    config: Path | None = None,
    overrides: Overrides | None = None,
    fix: bool = False,
    diff: bool = False,
    exit_zero: bool = False,
    max_warnings: int | None = None,
    output_file: Path | None = None,
    stdin_filename: str | None = None,
    show_statistics: bool = False,
    show_files: bool = False,
    no_cache: bool = True,
    jobs: int = 1,
    no_baseline: bool = False,
    changed_since: str | None = None,
    quiet: bool = False,
    color: str = "never",
    debug: bool = False,
) -> int:
    from pmlint.engine import Linter
    from pmlint.files import is_excluded
    from pmlint.fix import unified_diff, write_atomically

    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    try:
        linter = Linter(
            Path.cwd(),
            config,
            overrides or Overrides(),
            debug=debug,
            use_cache=not no_cache and not (fix or diff),
        )
        findings: list[Finding] = []
        files = 0
        stdin_fixed: bytes | None = None
        fixed = 0
        diffs: list[str] = []
        if "-" in paths:
            target = Path(stdin_filename) if stdin_filename else None
            if target is None or not is_excluded(target, linter.settings_for(target)):
                if show_files:
                    click.echo(linter.display(target) if target else "-")
                elif fix or diff:
                    data = sys.stdin.buffer.read()
                    shown = linter.display(target) if target else "-"
                    new, remaining, count = linter.fix(target, data, shown)
                    findings += remaining
                    fixed += count
                    if diff:
                        diffs.append(unified_diff(shown, data, new) if new != data else "")
                    else:
                        stdin_fixed = new
                else:
                    findings += linter.lint_stdin(sys.stdin.buffer.read(), stdin_filename)
                files += 1
            paths = [p for p in paths if p != "-"]
        selected = linter.collect(paths) if (paths or not files) else []
        if changed_since is not None:
            from pmlint.files import changed_since as changed

            if not linter.in_repo:
                return _fail("--changed-since needs a git repository")
            try:
                recent = changed(linter.root, changed_since)
            except ValueError as exc:
                return _fail(f"--changed-since {changed_since}: {exc}")
            selected = [p for p in selected if p.resolve() in recent]
        if show_files:
            for path in sorted(selected, key=linter.display):
                click.echo(linter.display(path))
            if not selected and not files:
                click.echo(
                    "pmlint: no postmortems to lint (nothing matched include/exclude)", err=True
                )
            return 0
        if not (fix or diff):
            from pmlint.parallel import lint_all

            for settings_path in selected:  # configuration errors surface here, not in workers
                linter.settings_for(settings_path)
            found, hits = lint_all(
                linter, selected, jobs, config, overrides or Overrides(), debug, not no_cache
            )
            findings += found
            files += len(selected)
            cache_hits = hits
            selected_for_fix: list[Path] = []
        else:
            selected_for_fix = selected
            cache_hits = 0
        for path in selected_for_fix:
            files += 1
            try:
                data = path.read_bytes()
            except OSError:
                findings += linter.lint_file(path)  # reports PM001
                continue
            shown = linter.display(path)
            new, remaining, count = linter.fix(path, data, shown)
            findings += remaining
            fixed += count
            if new == data:
                continue
            if diff:
                diffs.append(unified_diff(shown, data, new))
            else:
                try:
                    write_atomically(path, new)
                except OSError as exc:
                    return _fail(f"{shown}: cannot write the fixed file ({exc.strerror})")
    except ConfigError as exc:
        return _fail(str(exc))
    findings.sort(key=Finding.sort_key)
    baselined = stale = 0
    baseline_file = linter.root / BASELINE
    if not no_baseline and not diff and stdin_fixed is None and baseline_file.exists():
        from pmlint.baseline import Baseline, BaselineError

        try:
            base = Baseline.load(baseline_file)
        except BaselineError as exc:
            return _fail(str(exc))
        linted = {linter.display(p) for p in selected}
        findings, baselined, stale = base.filter(findings, linted)
    if diff:
        click.echo("".join(diffs), nl=False)
        if fixed:
            click.echo(f"Would fix {_count(fixed, 'finding')}.", err=True)
        return 1 if fixed and not exit_zero else 0
    if stdin_fixed is not None:
        sys.stdout.buffer.write(stdin_fixed)
        sys.stdout.flush()
        errors = sum(1 for f in findings if f.severity == ERROR)
        return 1 if errors and not exit_zero else 0
    if files == 0:
        click.echo("pmlint: no postmortems to lint (nothing matched include/exclude)", err=True)
    use_color = fmt == "text" and output_file is None and _want_color(color)
    report = Report(findings=findings, files=files, color=use_color, quiet=quiet)
    out = "" if (fmt == "text" and files == 0) else REPORTERS[fmt](report)
    if fixed and fmt == "text" and not quiet:
        out += f"Fixed {_count(fixed, 'finding')}.\n"
    if baselined and not quiet:
        click.echo(
            f"pmlint: {_count(baselined, 'finding')} in {BASELINE} not shown "
            "(--no-baseline shows them)",
            err=True,
        )
    if stale and not quiet:
        click.echo(
            f"pmlint: {_count(stale, 'entry')} in {BASELINE} no longer found (fixed): "
            "run 'pmlint baseline' to shrink it",
            err=True,
        )
    if show_statistics and fmt == "text":
        from pmlint.reporters import statistics

        out += statistics(report)
        if linter.cache is not None:
            out += f"cache: {cache_hits} of {_count(files, 'file')} from the cache\n"
    if output_file is not None:
        try:
            output_file.write_text(out, encoding="utf-8")
        except OSError as exc:
            return _fail(f"{output_file}: cannot write ({exc.strerror})")
    else:
        click.echo(out, nl=False, color=use_color)
    errors = sum(1 for f in findings if f.severity == ERROR)
    warnings = sum(1 for f in findings if f.severity == WARNING)
    failed = errors > 0 or (max_warnings is not None and warnings > max_warnings)
    return 0 if (exit_zero or not failed) else 1


def _count(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"


def _want_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


@main.command()
@click.argument("path")
@click.option("--config", "config_path", type=click.Path(path_type=Path))
@click.option("--stdin-filename", help="The path to report for content read from stdin.")
def export(path: str, config_path: Path | None, stdin_filename: str | None) -> None:
    """Print the postmortem document of PATH (or - for stdin) as JSON."""
    sys.exit(run_export(path, config=config_path, stdin_filename=stdin_filename))


def run_export(path: str, config: Path | None = None, stdin_filename: str | None = None) -> int:
    from pmlint.engine import Linter

    try:
        linter = Linter(Path.cwd(), config, Overrides())
        if path == "-":
            data = sys.stdin.buffer.read()
            target = Path(stdin_filename) if stdin_filename else None
            shown = linter.display(target) if target else "-"
        else:
            target = Path(path)
            try:
                data = target.read_bytes()
            except OSError as exc:
                return _fail(f"{path}: cannot read file ({(exc.strerror or str(exc)).lower()})")
            shown = linter.display(target)
        try:
            document, findings = linter.export(target, data, shown)
        except Exception as exc:  # a bug: one line, never a traceback
            return _fail(f"{shown}: internal error: {type(exc).__name__}: {exc}")
    except ConfigError as exc:
        return _fail(str(exc))
    if document is None:
        message = findings[0].message if findings else "cannot be parsed"
        return _fail(f"{path}: {message}")
    for f in findings:
        click.echo(f"pmlint: warning: {f.path}:{f.line}: {f.rule} {f.message}", err=True)
    click.echo(json.dumps(document.data, indent=2, ensure_ascii=False))
    return 0


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json", "csv")), default="text", show_default=True
)
@click.option("--today", help="A date (YYYY-MM-DD) or 'today', to mark overdue items.")
@click.option("--open-only", is_flag=True, help="Only items that are not done.")
@click.option("--owner", help="Only items of this owner (@handle or name).")
@click.option("--config", "config_path", type=click.Path(path_type=Path))
def actions(
    paths: tuple[str, ...],
    fmt: str,
    today: str | None,
    open_only: bool,
    owner: str | None,
    config_path: Path | None,
) -> None:
    """List the corrective actions of postmortems: owner, due, ticket, done, overdue."""
    sys.exit(
        run_actions(
            list(paths), fmt=fmt, today=today, open_only=open_only, owner=owner, config=config_path
        )
    )


ACTION_KEYS = ("path", "line", "text", "owner", "due", "due_raw", "ticket", "done", "overdue")


def run_actions(
    paths: list[str],
    *,
    fmt: str = "text",
    today: str | None = None,
    open_only: bool = False,
    owner: str | None = None,
    config: Path | None = None,
) -> int:
    from pmlint.config import parse_today
    from pmlint.engine import Linter, parse

    try:
        day = parse_today(today, "--today")
        linter = Linter(Path.cwd(), config, Overrides())
        rows: list[dict[str, Any]] = []
        for path in linter.collect(paths):
            shown = linter.display(path)
            try:
                data = path.read_bytes()
            except OSError as exc:
                click.echo(f"pmlint: warning: {shown}: cannot read file ({exc.strerror})", err=True)
                continue
            parsed = parse(data, shown, linter.settings_for(path))
            if parsed.document is None:
                reason = parsed.findings[0].message if parsed.findings else "cannot be parsed"
                click.echo(f"pmlint: warning: {shown}: {reason}", err=True)
                continue
            for item in parsed.document.actions:
                row = {"path": shown, **item.to_json()}
                row["overdue"] = (
                    None if day is None else bool(not item.done and item.due and item.due < day)
                )
                rows.append(row)
    except ConfigError as exc:
        return _fail(str(exc))
    if open_only:
        rows = [r for r in rows if not r["done"]]
    if owner:
        wanted = owner.lstrip("@").rstrip("@").lower()
        rows = [r for r in rows if r["owner"] and r["owner"].strip("@").lower() == wanted]
    rows.sort(key=lambda r: (r["due"] is None, r["due"] or "", r["path"], r["line"]))
    rows = [{k: r[k] for k in ACTION_KEYS} for r in rows]
    if fmt == "json":
        click.echo(json.dumps({"version": 1, "actions": rows}, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=ACTION_KEYS, lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: "" if r[k] is None else r[k] for k in ACTION_KEYS})
        click.echo(buffer.getvalue(), nl=False)
    else:
        click.echo(_actions_table(rows), nl=False)
    return 0


def _actions_table(rows: list[dict[str, Any]]) -> str:
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


@main.command()
@click.option("--config", "config_path", type=click.Path(path_type=Path))
def schema(config_path: Path | None) -> None:
    """Print the active JSON Schema of the postmortem document."""
    from pmlint.engine import Linter
    from pmlint.schema import load_schema

    try:
        linter = Linter(Path.cwd(), config_path, Overrides())
        settings = linter.settings_for(Path.cwd() / "-")
        raw = load_schema(settings.schema_path, settings.template).raw
    except ConfigError as exc:
        sys.exit(_fail(str(exc)))
    click.echo(raw.decode("utf-8"), nl=not raw.endswith(b"\n"))


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
def rules(fmt: str) -> None:
    """List every rule: code, name, default severity, fixable."""
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
        return
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        fix = "fixable" if r["fixable"] else "       "
        click.echo(f"{r['code']}  {r['name']:<{width}}  {r['severity']:<7}  {fix}  {r['summary']}")


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Show a rule's documentation (by code or name)."""
    from pmlint.rules import lookup

    found = lookup(rule)
    if found is None:
        sys.exit(_fail(f"unknown rule {rule!r} (see 'pmlint rules')"))
    default = found.severity if found.default_on else f"off (a {found.severity} when selected)"
    click.echo(f"{found.code} {found.name}")
    click.echo(f"Default severity: {default}. Fixable: {'yes' if found.fixable else 'no'}.")
    click.echo()
    click.echo(found.doc)


@main.command()
@click.argument("title")
@click.option("--date", "day", help="The incident date (YYYY-MM-DD); default: today (UTC).")
@click.option(
    "--directory",
    type=click.Path(path_type=Path),
    help="Where to write it; default: the 'new-directory' setting (postmortems).",
)
@click.option(
    "--template",
    type=click.Choice(TEMPLATES),
    help="The template; default: the 'template' setting (atlassian).",
)
@click.option("--config", "config_path", type=click.Path(path_type=Path))
def new(
    title: str,
    day: str | None,
    directory: Path | None,
    template: str | None,
    config_path: Path | None,
) -> None:
    """Write a new postmortem from the template: YYYY-MM-DD-slug.md."""
    sys.exit(run_new(title, day=day, directory=directory, template=template, config=config_path))


def slugify(title: str) -> str:
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60].rstrip("-") or "postmortem"


def run_new(
    title: str,
    *,
    day: str | None = None,
    directory: Path | None = None,
    template: str | None = None,
    config: Path | None = None,
) -> int:
    from datetime import UTC, date, datetime
    from importlib import resources
    from string import Template

    from pmlint.engine import Linter

    if not title.strip():
        return _fail("the title is empty")
    try:
        when = date.fromisoformat(day) if day else datetime.now(UTC).date()
    except ValueError:
        return _fail(f"--date: {day!r} is not a date (YYYY-MM-DD)")
    try:
        linter = Linter(Path.cwd(), config, Overrides())
        settings = linter.settings_for(Path.cwd() / "-")
    except ConfigError as exc:
        return _fail(str(exc))
    if directory is None:
        base = settings.config.directory if settings.config.path else Path.cwd()
        directory = base / settings.new_directory
    target = directory / f"{when.isoformat()}-{slugify(title)}.md"
    if target.exists():
        return _fail(f"{target} already exists; not overwriting it")
    name = template or settings.template
    skeleton = resources.files("pmlint").joinpath(f"data/new-{name}.md").read_text("utf-8")
    text = Template(skeleton).substitute(
        title=title.strip(),
        title_yaml=json.dumps(title.strip(), ensure_ascii=False),
        date=when.isoformat(),
    )
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        return _fail(f"{target} already exists; not overwriting it")
    except OSError as exc:
        return _fail(f"{target}: cannot write ({exc.strerror})")
    click.echo(linter.display(target))
    return 0


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--config", "config_path", type=click.Path(path_type=Path))
def baseline(paths: tuple[str, ...], config_path: Path | None) -> None:
    """Record the current findings in .pmlint-baseline.json; check then shows only new ones."""
    sys.exit(run_baseline(list(paths), config=config_path))


def run_baseline(paths: list[str], config: Path | None = None) -> int:
    from pmlint.baseline import write
    from pmlint.engine import Linter

    try:
        linter = Linter(Path.cwd(), config, Overrides())
        findings: list[Finding] = []
        selected = linter.collect(paths)
        for path in selected:
            findings += linter.lint_file(path)
    except ConfigError as exc:
        return _fail(str(exc))
    target = linter.root / BASELINE
    count = write(target, findings)
    click.echo(
        f"Recorded {_count(count, 'finding')} from {_count(len(selected), 'file')} "
        f"in {linter.display(target)}."
    )
    return 0


@main.command("config")
@click.argument("path", required=False)
@click.option("--config", "config_path", type=click.Path(path_type=Path))
def show_config(path: str | None, config_path: Path | None) -> None:
    """Show the effective configuration for a file, and where each value came from."""
    sys.exit(run_config(path, config=config_path))


def run_config(path: str | None, config: Path | None = None) -> int:
    from pmlint.config import CONFIG_SCHEMA
    from pmlint.engine import Linter

    try:
        linter = Linter(Path.cwd(), config, Overrides())
        target = Path(path) if path else Path.cwd() / "-"
        settings = linter.settings_for(target)
    except ConfigError as exc:
        return _fail(str(exc))
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


@main.command()
@click.option("--stdio", is_flag=True, hidden=True)  # what some LSP clients pass; stdio it is
def server(stdio: bool) -> None:
    """Run the language server for editors (LSP over stdio; needs pmlint[lsp])."""
    try:
        from pmlint.server import serve
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in ("pygls", "lsprotocol"):
            raise
        sys.exit(_fail("the language server needs pygls: pip install 'pmlint[lsp]'"))
    serve()


@main.command("install-hook")
@click.option("--force", is_flag=True, help="Replace an existing pre-commit hook.")
def install_hook(force: bool) -> None:
    """Install the plain git pre-commit hook into this repository."""
    sys.exit(run_install_hook(Path.cwd(), force))


def run_install_hook(cwd: Path, force: bool) -> int:
    import subprocess
    from importlib import resources

    result = subprocess.run(
        ["git", "rev-parse", "--git-path", "hooks"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return _fail("not inside a git repository")
    hooks = (cwd / result.stdout.strip()).resolve()
    target = hooks / "pre-commit"
    if target.exists() and not force:
        return _fail(f"{target} already exists (use --force to replace it)")
    hooks.mkdir(parents=True, exist_ok=True)
    script = resources.files("pmlint").joinpath("data/pre-commit").read_bytes()
    target.write_bytes(script)
    target.chmod(0o755)
    click.echo(f"installed {target}")
    return 0
