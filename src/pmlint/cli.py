"""The command line: click collects options into one value and calls a plain function.

Every command's function returns the exit code: 0 clean, 1 error findings (or warnings over
``--max-warnings``), 2 usage or configuration errors; user errors are one line on stderr. The
functions live in :mod:`pmlint.checking` (check), :mod:`pmlint.commands` (the other
read-only commands) and :mod:`pmlint.scaffold` (new, install-hook).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path
from typing import Any

import click

from pmlint import __version__
from pmlint.config import Overrides
from pmlint.reporters import REPORTERS
from pmlint.template import TEMPLATES

FORMATS = ("auto", *REPORTERS)


class _DefaultToCheck(click.Group):
    """``pmlint PATHS...`` means ``pmlint check PATHS...`` (as with ruff)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """A full or failing standard output is one line on stderr and exit 2, not a traceback
        (a closed pipe is click's: exit 1, silently)."""
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno not in _OUTPUT_ERRORS or exc.filename is not None:
                raise
            _discard_stdout()
            with contextlib.suppress(OSError):
                click.echo(f"pmlint: error: cannot write the output ({exc.strerror})", err=True)
            ctx.exit(2)


# Errors of a write to standard output (those of named files carry a file name).
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG, errno.EBADF}


def _discard_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush succeeds."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


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
@click.option(
    "--staged",
    is_flag=True,
    help="Lint the staged content of staged postmortems (what a commit will contain).",
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
    staged: bool,
    quiet: bool,
    color: str,
    debug: bool,
) -> None:
    """Lint postmortems (files, directories, or - for stdin; none: the repository's)."""
    from pmlint.checking import CheckOptions, run_check

    overrides = Overrides(
        select=_split(select) if select else None,
        ignore=_split(ignore) if ignore else None,
        extend_select=_split(extend_select),
        extend_ignore=_split(extend_ignore),
        today=today,
    )
    options = CheckOptions(
        paths=paths,
        fmt=fmt,
        config=config_path,
        overrides=overrides,
        fix=fix,
        diff=diff,
        exit_zero=exit_zero,
        max_warnings=max_warnings,
        output_file=output_file,
        stdin_filename=stdin_filename,
        statistics=show_statistics,
        show_files=show_files,
        no_cache=no_cache,
        jobs=jobs,
        no_baseline=no_baseline,
        changed_since=changed_since,
        staged=staged,
        quiet=quiet,
        color=color,
        debug=debug,
    )
    sys.exit(run_check(options))


@main.command()
@click.argument("path")
@click.option("--config", "config_path", type=click.Path(path_type=Path))
@click.option("--stdin-filename", help="The path to report for content read from stdin.")
def export(path: str, config_path: Path | None, stdin_filename: str | None) -> None:
    """Print the postmortem document of PATH (or - for stdin) as JSON."""
    from pmlint.commands import run_export

    sys.exit(run_export(path, config=config_path, stdin_filename=stdin_filename))


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
    from pmlint.commands import run_actions

    sys.exit(
        run_actions(
            list(paths), fmt=fmt, today=today, open_only=open_only, owner=owner, config=config_path
        )
    )


@main.command()
@click.option("--config", "config_path", type=click.Path(path_type=Path))
def schema(config_path: Path | None) -> None:
    """Print the active JSON Schema of the postmortem document."""
    from pmlint.commands import run_schema

    sys.exit(run_schema(config_path))


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True
)
def rules(fmt: str) -> None:
    """List every rule: code, name, default severity, fixable."""
    from pmlint.commands import run_rules

    sys.exit(run_rules(fmt))


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Show a rule's documentation (by code or name)."""
    from pmlint.commands import run_explain

    sys.exit(run_explain(rule))


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
    from pmlint.scaffold import run_new

    sys.exit(run_new(title, day=day, directory=directory, template=template, config=config_path))


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--config", "config_path", type=click.Path(path_type=Path))
def baseline(paths: tuple[str, ...], config_path: Path | None) -> None:
    """Record the current findings in .pmlint-baseline.json; check then shows only new ones."""
    from pmlint.commands import run_baseline

    sys.exit(run_baseline(list(paths), config=config_path))


@main.command("config")
@click.argument("path", required=False)
@click.option("--config", "config_path", type=click.Path(path_type=Path))
def show_config(path: str | None, config_path: Path | None) -> None:
    """Show the effective configuration for a file, and where each value came from."""
    from pmlint.commands import run_config

    sys.exit(run_config(path, config=config_path))


@main.command()
@click.option("--dry-run", is_flag=True, help="Print the configuration; write nothing.")
@click.option("--force", is_flag=True, help="Replace an existing pmlint configuration.")
def init(dry_run: bool, force: bool) -> None:
    """Adopt pmlint here: find the postmortems, pick the layout, write config and baseline."""
    from pmlint.adopt import run_init

    sys.exit(run_init(Path.cwd(), dry_run=dry_run, force=force))


@main.command()
@click.option("--stdio", is_flag=True, hidden=True)  # what some LSP clients pass; stdio it is
def server(stdio: bool) -> None:
    """Run the language server for editors (LSP over stdio; needs pmlint[lsp])."""
    from pmlint.lsp import run_server

    sys.exit(run_server())


@main.command("install-hook")
@click.option("--force", is_flag=True, help="Replace an existing pre-commit hook.")
def install_hook(force: bool) -> None:
    """Install the plain git pre-commit hook into this repository."""
    from pmlint.scaffold import run_install_hook

    sys.exit(run_install_hook(Path.cwd(), force))
