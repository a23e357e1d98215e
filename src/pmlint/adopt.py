"""``pmlint init``: adopt pmlint in a repository that already has postmortems.

It finds the Markdown files that look like postmortems (three or more sections a postmortem
has, or a postmortem-like path), proposes ``include`` patterns for the directories that hold
them, recognises the layout they follow (a template file in the repository, else the preset
whose sections they cover best: atlassian, google-sre, minimal), writes the configuration (into
``pyproject.toml`` under ``[tool.pmlint]`` when there is one, else ``.pmlint.toml``), records the
baseline, and prints a table of the current findings by rule. ``--dry-run`` prints the
configuration and writes nothing; an existing pmlint configuration is never replaced without
``--force``, so a second run changes nothing.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import click

from pmlint.checking import fail
from pmlint.config import ConfigError, ConfigFile, Overrides, Settings, resolve
from pmlint.discovery import read_config_file
from pmlint.engine import parse
from pmlint.files import below, find_repo_root, is_markdown
from pmlint.reporters import count
from pmlint.source import UnreadableError, read_source
from pmlint.template import TEMPLATES, load_template

_POSTMORTEM_PATH = re.compile(r"post-?mortem|incident|outage|retro|\brca\b|\bpir\b", re.I)
MIN_SECTIONS = 3


@dataclass(frozen=True)
class Proposal:
    """What ``pmlint init`` found and will write."""

    root: Path
    postmortems: tuple[Path, ...]
    include: tuple[str, ...]
    template: str  # a preset, or a template file relative to the root
    target: Path  # the file the configuration goes into

    def toml(self) -> str:
        include = ", ".join(json.dumps(p) for p in self.include)
        lines = [f"template = {json.dumps(self.template)}", f"include = [{include}]"]
        return "\n".join(lines) + "\n"


def run_init(cwd: Path, *, dry_run: bool = False, force: bool = False) -> int:
    root = find_repo_root(cwd) or cwd.resolve()
    existing = _existing_config(root)
    if existing is not None and not force:
        click.echo(f"pmlint is already set up in {existing.name} (use --force to set it up again)")
        return 0
    proposal = propose(root)
    if not proposal.postmortems:
        return fail(f"no postmortems found under {root}")
    click.echo(
        f"Found {count(len(proposal.postmortems), 'postmortem')}; layout: {proposal.template}."
    )
    if dry_run:
        click.echo(f"# would write to {proposal.target.name}:")
        click.echo(_section(proposal), nl=False)
        return 0
    _write(proposal, existing)
    click.echo(f"Wrote the configuration to {proposal.target.name}.")
    return _baseline(proposal)


def propose(root: Path) -> Proposal:
    candidates = [f for f in below(root, (root / ".git").exists()) if is_markdown(f)]
    settings = resolve(ConfigFile(path=None, directory=root), Overrides(select=("PM101",)))
    found: dict[Path, set[str]] = {}
    templates: list[Path] = []
    for path in candidates:
        keys = _sections(path, settings)
        if "template" in path.name.lower() and len(keys) >= MIN_SECTIONS:
            templates.append(path)
        elif len(keys) >= MIN_SECTIONS or (
            keys and _POSTMORTEM_PATH.search(str(path.relative_to(root)))
        ):
            found[path] = keys
    if templates:
        template = templates[0].relative_to(root).as_posix()
    else:
        template = _layout(list(found.values()))
    pyproject = root / "pyproject.toml"
    target = pyproject if pyproject.is_file() else root / ".pmlint.toml"
    return Proposal(root, tuple(found), _include(root, list(found)), template, target)


def _sections(path: Path, settings: Settings) -> set[str]:
    try:
        data = read_source(path, settings.max_file_size)  # a pipe named x.md must not block
    except (OSError, UnreadableError):
        return set()
    parsed = parse(data, path.name, settings)
    doc = parsed.document
    return {s.key for s in doc.sections} if doc is not None else set()


def _layout(documents: list[set[str]]) -> str:
    """The largest preset whose own sections the documents cover, on average, by half."""
    for name in sorted(TEMPLATES, key=lambda t: -len(load_template(t).order)):
        own = set(load_template(name).order)
        if documents and sum(len(own & d) / len(own) for d in documents) / len(documents) >= 0.5:
            return name
    return "atlassian"


def _include(root: Path, paths: list[Path]) -> tuple[str, ...]:
    directories = Counter(p.parent.relative_to(root).as_posix() for p in paths)
    patterns = [
        "**/*.md" if directory == "." else f"{directory}/**/*.md" for directory in directories
    ]
    return tuple(sorted(set(patterns)))


def _existing_config(root: Path) -> Path | None:
    dotfile = root / ".pmlint.toml"
    if dotfile.is_file():
        return dotfile
    pyproject = root / "pyproject.toml"
    try:
        data = tomllib.loads(pyproject.read_text("utf-8")) if pyproject.is_file() else {}
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
        return None
    tool = data.get("tool", {})
    return pyproject if isinstance(tool, dict) and "pmlint" in tool else None


def _section(proposal: Proposal) -> str:
    if proposal.target.name == "pyproject.toml":
        return "[tool.pmlint]\n" + proposal.toml()
    return proposal.toml()


def _write(proposal: Proposal, existing: Path | None) -> None:
    if existing is not None:  # --force: replace it
        if existing.name == ".pmlint.toml":
            existing.unlink()
        else:
            text = existing.read_text("utf-8")
            text = re.sub(r"(?ms)^\[tool\.pmlint\]\n.*?(?=^\[|\Z)", "", text)
            existing.write_text(text, "utf-8")
    if proposal.target.name == "pyproject.toml":
        text = proposal.target.read_text("utf-8").rstrip("\n")
        proposal.target.write_text(text + "\n\n" + _section(proposal), "utf-8")
    else:
        proposal.target.write_text(_section(proposal), "utf-8")


def _baseline(proposal: Proposal) -> int:
    from pmlint.baseline import FILENAME, write
    from pmlint.session import Linter

    try:
        read_config_file(proposal.target, explicit=True)
        linter = Linter(proposal.root, None, Overrides())
        findings = [f for p in linter.collect([]) for f in linter.lint_file(p)]
    except ConfigError as exc:
        return fail(str(exc))
    recorded = write(proposal.root / FILENAME, findings)
    click.echo(f"Recorded {count(recorded, 'finding')} in {FILENAME}; 'pmlint check' passes now.")
    by_rule = Counter((f.rule, f.name) for f in findings)
    for (code, name), n in sorted(by_rule.items()):
        click.echo(f"{n:6d}  {code}  {name}")
    return 0
