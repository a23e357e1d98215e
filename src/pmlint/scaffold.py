"""Writing files for the user: ``pmlint new`` (a postmortem from the template) and
``pmlint install-hook`` (the plain git pre-commit hook). The only commands that read the
clock (``new``, for today's date)."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path
from string import Template

import click

from pmlint.checking import fail
from pmlint.config import ConfigError, Overrides, Settings
from pmlint.packagedata import read_bytes, read_text
from pmlint.session import Linter

# Latin letters that do not decompose into a letter and accents.
_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
)


def slugify(title: str) -> str:
    """Lower-case words joined by ``-``: Latin letters lose their accents (``Übertragung`` ->
    ``ubertragung``, ``Straße`` -> ``strasse``); letters of other scripts are kept as they are
    (``決済障害``, ``сбой``); anything else separates words."""
    chars: list[str] = []
    latin = False
    for c in unicodedata.normalize("NFKD", title.lower().translate(_LETTERS)):
        if unicodedata.combining(c):
            if not latin:
                chars.append(c)  # a mark of another script (Japanese dakuten) stays
            continue
        latin = c.isascii()
        chars.append(c if unicodedata.category(c)[0] in "LNM" else " ")
    words = unicodedata.normalize("NFC", "".join(chars)).split()
    return "-".join(words)[:60].rstrip("-") or "postmortem"


def new_directory(linter: Linter, settings: Settings) -> Path:
    """Where ``pmlint new`` writes: ``new-directory`` relative to the directory of the
    configuration that sets it, else to the repository root; outside a repository and
    without configuration, relative to the current directory, unless that already is it."""
    wanted = Path(settings.new_directory)
    cwd = Path.cwd().resolve()
    already_there = cwd.parts[-len(wanted.parts) :] == wanted.parts
    if settings.config.path is None and not linter.in_repo and already_there:
        return cwd
    return settings.config.directory / wanted


def run_new(
    title: str,
    *,
    day: str | None = None,
    directory: Path | None = None,
    template: str | None = None,
    config: Path | None = None,
) -> int:
    """Write ``YYYY-MM-DD-slug.md`` from the template's skeleton; never overwrite a file."""
    if not title.strip():
        return fail("the title is empty")
    try:
        when = date.fromisoformat(day) if day else datetime.now(UTC).date()
    except ValueError:
        return fail(f"--date: {day!r} is not a date (YYYY-MM-DD)")
    try:
        linter = Linter(Path.cwd(), config, Overrides())
        settings = linter.settings_for(Path.cwd() / "-")
    except ConfigError as exc:
        return fail(str(exc))
    if directory is None:
        directory = new_directory(linter, settings)
    target = directory / f"{when.isoformat()}-{slugify(title)}.md"
    if target.exists():
        return fail(f"{target} already exists; not overwriting it")
    text = skeleton(template or settings.template, title.strip(), when)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        return fail(f"{target} already exists; not overwriting it")
    except OSError as exc:
        return fail(f"{target}: cannot write ({exc.strerror})")
    click.echo(linter.display(target))
    return 0


def skeleton(name: str, title: str, when: date) -> str:
    """A new postmortem: a preset's skeleton, or a copy of the team's own template with
    ``$title`` and ``$date`` filled in (its first H1 becomes the title when it has neither)."""
    values = {
        "title": title,
        "title_yaml": json.dumps(title, ensure_ascii=False),
        "date": when.isoformat(),
    }
    if name.endswith((".md", ".markdown")):
        text = _hide_guidance(Path(name).read_text("utf-8"))
        if "$title" not in text and "${title}" not in text:
            text, count = re.subn(r"(?m)^# .*$", "# $title", text, count=1)
            if not count:
                text = "# $title\n\n" + text
        return Template(text).safe_substitute(values)
    raw = read_text(f"new-{name}.md")
    return Template(raw).substitute(values)


_GUIDANCE = re.compile(r"(?m)^(?:_([^_\n].*)_|\*([^*\n].*)\*)[ \t]*$")
_DIRECTIVE = re.compile(r"(?m)^[ \t]*<!--\s*pmlint:.*?-->[ \t]*\n?")


def _hide_guidance(text: str) -> str:
    """A team template's italic guidance becomes an HTML comment in a new postmortem (still
    there to read, never left in the rendered page), and its pmlint directives are dropped."""
    text = _DIRECTIVE.sub("", text)
    return _GUIDANCE.sub(lambda m: f"<!-- {m.group(1) or m.group(2)} -->", text)


def run_install_hook(cwd: Path, force: bool) -> int:
    """Copy the plain git pre-commit hook into the repository's hooks directory."""
    result = subprocess.run(
        ["git", "rev-parse", "--git-path", "hooks"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return fail("not inside a git repository")
    hooks = (cwd / result.stdout.strip()).resolve()
    target = hooks / "pre-commit"
    if hooks.exists() and not hooks.is_dir():
        return fail(f"{hooks} (git's hooks directory, core.hooksPath) is not a directory")
    if target.exists() and not force:
        return fail(f"{target} already exists (use --force to replace it)")
    script = read_bytes("pre-commit")
    try:
        hooks.mkdir(parents=True, exist_ok=True)
        target.write_bytes(script)
        target.chmod(0o755)
    except OSError as exc:
        return fail(f"{target}: cannot install the hook ({(exc.strerror or str(exc)).lower()})")
    click.echo(f"installed {target}")
    return 0
