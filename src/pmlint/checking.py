"""``pmlint check``: collect the files, lint (or fix) them, apply the baseline, report.

:func:`run_check` takes one frozen :class:`CheckOptions` and returns the exit code: 0 clean,
1 error findings (or warnings over ``--max-warnings``), 2 usage or configuration errors. Each
step is a plain function; user errors are one line on stderr.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from pmlint.baseline import FILENAME as BASELINE
from pmlint.config import ConfigError, Overrides
from pmlint.findings import ERROR, WARNING, Finding
from pmlint.reporters import REPORTERS, Report, count
from pmlint.session import Linter
from pmlint.source import UnreadableError


class Failure(Exception):
    """A usage error found while running: one line, exit 2."""


def fail(message: str) -> int:
    click.echo(f"pmlint: error: {message}", err=True)
    return 2


@dataclass(frozen=True)
class CheckOptions:
    """Everything ``pmlint check`` was asked to do."""

    paths: tuple[str, ...] = ()
    fmt: str = "text"
    config: Path | None = None
    overrides: Overrides = field(default_factory=Overrides)
    fix: bool = False
    diff: bool = False
    exit_zero: bool = False
    max_warnings: int | None = None
    output_file: Path | None = None
    stdin_filename: str | None = None
    statistics: bool = False
    show_files: bool = False
    no_cache: bool = True
    jobs: int = 1
    no_baseline: bool = False
    changed_since: str | None = None
    staged: bool = False
    quiet: bool = False
    color: str = "never"
    debug: bool = False


@dataclass
class Run:
    """What the steps found so far."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    fixed: int = 0
    diffs: list[str] = field(default_factory=list)
    stdin: bool = False  # standard input was among the inputs
    stdin_fixed: bytes | None = None
    cache_hits: int = 0
    baselined: int = 0
    stale: int = 0
    not_written: list[str] = field(default_factory=list)  # "path: reason", for stderr


def run_check(options: CheckOptions) -> int:
    fmt = options.fmt
    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    try:
        use_cache = not options.no_cache and not (options.fix or options.diff)
        linter = Linter(Path.cwd(), options.config, options.overrides, options.debug, use_cache)
        run = Run()
        if options.staged:
            staged = _staged(linter, options)
            selected = list(staged)
        else:
            paths = _read_stdin(linter, options, run)
            selected = _collect(linter, options, paths, run)
        if options.show_files:
            return _show_files(linter, selected, run)
        if options.staged:
            _lint_staged(linter, staged, run)
        elif options.fix or options.diff:
            _fix(linter, options, selected, run)
        else:
            _lint(linter, options, selected, run)
        run.findings.sort(key=Finding.sort_key)
        _apply_baseline(linter, options, selected, run)
    except (ConfigError, Failure) as exc:
        return fail(str(exc))
    if options.diff:
        click.echo("".join(run.diffs), nl=False)
        if run.fixed:
            click.echo(f"Would fix {count(run.fixed, 'finding')}.", err=True)
        return 1 if run.fixed and not options.exit_zero else 0
    if run.stdin_fixed is not None:
        sys.stdout.buffer.write(run.stdin_fixed)
        sys.stdout.flush()
        errors = sum(1 for f in run.findings if f.severity == ERROR)
        return 1 if errors and not options.exit_zero else 0
    status = _report(linter, options, fmt, run)
    for line in run.not_written:
        click.echo(f"pmlint: error: {line}", err=True)
    return 2 if run.not_written else status


def read_stdin() -> bytes:
    """All of standard input; a closed or unreadable stdin is a usage error."""
    if sys.stdin is None:
        raise Failure("standard input is closed")
    try:
        return sys.stdin.buffer.read()
    except (OSError, ValueError) as exc:
        raise Failure(f"cannot read standard input ({exc})") from None


def _read_stdin(linter: Linter, options: CheckOptions, run: Run) -> list[str]:
    """Lint (or fix) standard input when ``-`` is among the paths or ``--stdin-filename`` is
    given (as with ruff, other paths are then ignored); the other paths."""
    paths = list(options.paths)
    if options.stdin_filename is not None:
        for ignored in (p for p in paths if p != "-"):
            click.echo(f"pmlint: warning: ignoring {ignored} in favour of standard input", err=True)
        paths = ["-"]
    if "-" not in paths:
        return paths
    run.stdin = True
    target = Path(options.stdin_filename) if options.stdin_filename else None
    shown = linter.display(target) if target else "-"
    if target is not None and linter.is_excluded(target):
        if options.fix and not options.show_files:
            run.stdin_fixed = read_stdin()  # handed back unchanged, as ruff does
        return [p for p in paths if p != "-"]
    if options.show_files:
        click.echo(shown)
    elif options.fix or options.diff:
        data = read_stdin()
        new, remaining, fixed = linter.fix(target, data, shown)
        run.findings += remaining
        run.fixed += fixed
        if options.diff:
            from pmlint.fix import unified_diff

            run.diffs.append(unified_diff(shown, data, new) if new != data else "")
        else:
            run.stdin_fixed = new
    else:
        run.findings += linter.lint_stdin(read_stdin(), options.stdin_filename)
    run.files += 1
    return [p for p in paths if p != "-"]


def _collect(linter: Linter, options: CheckOptions, paths: list[str], run: Run) -> list[Path]:
    """The files to lint: the paths given (none and no stdin: the repository's)."""
    selected = linter.collect(paths) if (paths or not run.stdin) else []
    if options.changed_since is None:
        return selected
    from pmlint.files import changed_since
    from pmlint.globs import real

    if not linter.in_repo:
        raise Failure("--changed-since needs a git repository")
    try:
        recent = changed_since(linter.root, options.changed_since)
    except ValueError as exc:
        raise Failure(f"--changed-since {options.changed_since}: {exc}") from None
    return [p for p in selected if real(p) in recent]


def _staged(linter: Linter, options: CheckOptions) -> dict[Path, str]:
    """``--staged``: the staged postmortems and the ids of their staged blobs."""
    from pmlint.files import staged_files

    if not linter.in_repo:
        raise Failure("--staged needs a git repository")
    if options.paths or options.fix or options.diff or options.changed_since is not None:
        raise Failure("--staged lints what is staged: no paths, --fix, --diff or --changed-since")
    try:
        listed = staged_files(linter.root)
    except ValueError as exc:
        raise Failure(f"--staged: {exc}") from None
    staged = {linter.root / name: blob for name, blob in listed}
    return {path: blob for path, blob in staged.items() if linter.is_postmortem(path)}


def _lint_staged(linter: Linter, staged: dict[Path, str], run: Run) -> None:
    """Lint the staged content (the index's blob), not the working tree's file; a blob over
    ``max-file-size`` is PM001 from its size, without being read."""
    from pmlint.files import blob_sizes, read_blob

    try:
        sizes = blob_sizes(linter.root, list(staged.values()))
    except ValueError as exc:
        raise Failure(f"--staged: {exc}") from None
    for path, blob in staged.items():
        limit = linter.settings_for(path).max_file_size
        if sizes.get(blob, 0) > limit:
            reason = f"file is {sizes[blob]:,} bytes, over max-file-size ({limit:,})"
            run.findings += linter.not_read(path, reason)
            run.files += 1
            continue
        try:
            data = read_blob(linter.root, blob)
        except ValueError as exc:
            raise Failure(
                f"{linter.display(path)}: cannot read the staged content ({exc})"
            ) from None
        run.findings += linter.lint_data(path, data)
        run.files += 1


def _show_files(linter: Linter, selected: list[Path], run: Run) -> int:
    for path in sorted(selected, key=linter.display):
        click.echo(linter.display(path))
    if not selected and not run.files:
        click.echo("pmlint: no postmortems to lint (nothing matched include/exclude)", err=True)
    return 0


def _lint(linter: Linter, options: CheckOptions, selected: list[Path], run: Run) -> None:
    from pmlint.parallel import lint_all

    for path in selected:  # configuration errors surface here, not in workers
        linter.settings_for(path)
    found, hits = lint_all(
        linter,
        selected,
        options.jobs,
        options.config,
        options.overrides,
        options.debug,
        not options.no_cache,
    )
    run.findings += found
    run.files += len(selected)
    run.cache_hits = hits


def _fix(linter: Linter, options: CheckOptions, selected: list[Path], run: Run) -> None:
    """Fix each file in place (or collect its diff with ``--diff``).

    A file is written only if it is still what was read (see :func:`pmlint.fix.write_fixed`);
    one that is not written is listed in ``run.not_written`` and reported as it is now.
    """
    from pmlint.fix import NotWritten, read_for_fix, unified_diff, write_fixed

    for path in selected:
        run.files += 1
        try:
            data, seen = read_for_fix(path, linter.settings_for(path).max_file_size)
        except (OSError, UnreadableError):
            run.findings += linter.lint_file(path)  # reports PM001
            continue
        shown = linter.display(path)
        new, remaining, fixed = linter.fix(path, data, shown)
        if options.diff or new == data:
            run.findings += remaining
            run.fixed += fixed
            if new != data:
                run.diffs.append(unified_diff(shown, data, new))
            continue
        try:
            write_fixed(path, new, seen)
        except NotWritten as exc:
            run.not_written.append(f"{shown}: {exc}")
        except OSError as exc:
            reason = (exc.strerror or type(exc).__name__).lower()
            run.not_written.append(f"{shown}: cannot write the fixed file ({reason}), not fixed")
        else:
            run.findings += remaining
            run.fixed += fixed
            continue
        run.findings += linter.lint_file(path)  # the file as it is now


def _apply_baseline(linter: Linter, options: CheckOptions, selected: list[Path], run: Run) -> None:
    """Leave out the findings recorded in the baseline; count the stale entries."""
    baseline_file = linter.root / BASELINE
    if options.no_baseline or options.diff or run.stdin_fixed is not None:
        return
    if not baseline_file.exists():
        return
    from pmlint.baseline import Baseline, BaselineError

    try:
        base = Baseline.load(baseline_file)
    except BaselineError as exc:
        raise Failure(str(exc)) from None
    linted = {linter.display(p) for p in selected}
    run.findings, run.baselined, run.stale = base.filter(run.findings, linted)


def _report(linter: Linter, options: CheckOptions, fmt: str, run: Run) -> int:
    if run.files == 0 and not options.staged:  # a commit without postmortems is no news
        click.echo("pmlint: no postmortems to lint (nothing matched include/exclude)", err=True)
    use_color = fmt == "text" and options.output_file is None and _want_color(options.color)
    report = Report(
        findings=run.findings,
        files=run.files,
        color=use_color,
        quiet=options.quiet,
        statistics=options.statistics,
    )
    out = "" if (fmt == "text" and run.files == 0) else REPORTERS[fmt](report)
    if run.fixed and fmt == "text" and not options.quiet:
        out += f"Fixed {count(run.fixed, 'finding')}.\n"
    _baseline_notes(options, run)
    if options.statistics:
        out += _statistics(linter, fmt, report, run)
    if options.output_file is not None:
        try:
            options.output_file.write_text(out, encoding="utf-8")
        except OSError as exc:
            return fail(f"{options.output_file}: cannot write ({exc.strerror})")
    else:
        click.echo(out, nl=False, color=use_color)
    errors = sum(1 for f in run.findings if f.severity == ERROR)
    warnings = sum(1 for f in run.findings if f.severity == WARNING)
    too_many = options.max_warnings is not None and warnings > options.max_warnings
    if too_many and not options.exit_zero:
        click.echo(
            f"pmlint: {count(warnings, 'warning')}, more than --max-warnings "
            f"{options.max_warnings} allows (exit 1)",
            err=True,
        )
    return 0 if (options.exit_zero or not (errors or too_many)) else 1


def _statistics(linter: Linter, fmt: str, report: Report, run: Run) -> str:
    """``--statistics``: text appended to the text report; the JSON report has the counts in
    its summary; other formats (whose output must stay one document) get them on stderr."""
    from pmlint.reporters import statistics

    lines = "" if fmt == "json" else statistics(report)
    if linter.cache is not None:
        lines += f"cache: {run.cache_hits} of {count(run.files, 'file')} from the cache\n"
    if fmt == "text":
        return lines
    click.echo(lines, nl=False, err=True)
    return ""


def _baseline_notes(options: CheckOptions, run: Run) -> None:
    if options.quiet:
        return
    if run.baselined:
        click.echo(
            f"pmlint: {count(run.baselined, 'finding')} in {BASELINE} not shown "
            "(--no-baseline shows them)",
            err=True,
        )
    if run.stale:
        click.echo(
            f"pmlint: {count(run.stale, 'entry')} in {BASELINE} no longer found (fixed): "
            "run 'pmlint baseline' to shrink it",
            err=True,
        )


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
