"""The engine adapter: the only module of the language server that calls pmlint itself.

It reaches the session (configuration per file, file selection), the engine (lint, fix), the
rule registry and its documentation, the templates and their headings, and the package data.
Everything else in :mod:`pmlint.lsp` sees :class:`Settings`, :class:`Finding` (1-based lines,
code-point columns, edits as offsets into the text without its BOM) and these functions; it
imports those types from here (``X as X``: re-exported).
Nothing here imports pygls: the worker processes run this module alone.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from pmlint.config import ConfigError as ConfigError
from pmlint.config import ConfigFile, Overrides, resolve
from pmlint.config import Settings as Settings
from pmlint.docs import page, write
from pmlint.engine import fix_bytes, lint_bytes
from pmlint.files import is_excluded, is_included, is_markdown
from pmlint.findings import ERROR as ERROR
from pmlint.findings import Finding as Finding
from pmlint.headings import HeadingMatcher
from pmlint.rules import BY_CODE
from pmlint.session import Linter
from pmlint.template import load_template

CONFIG_NAMES = (".pmlint.toml", "pyproject.toml")
NEVER_SUPPRESSED = frozenset(["PM000", "PM001", "PM901"])  # internal, unreadable, bad directive
FIX_TITLES = {"PM204": "repair the mojibake", "PM302": "convert to UTC"}
NEXT_LINE_DIRECTIVE = re.compile(r"^(\s*)<!--\s*pmlint-disable-next-line\s+([^>]*?)\s*-->\s*$")


class Project:
    """What ``pmlint check`` run in one workspace folder would lint, and with which settings."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._linter = Linter(root, None, Overrides())

    def settings(self, path: Path) -> Settings | None:
        """The settings for a file the configuration selects, else None; may raise ConfigError.

        The same selection as ``pmlint check`` with no paths, and ``per-file-ignores`` applied.
        """
        settings = self._linter.settings_for(path)
        if not is_markdown(path) or not is_included(path, settings) or is_excluded(path, settings):
            return None
        return self._linter.file_settings(path)

    def shown(self, path: Path) -> str:
        return self._linter.display(path)


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate becomes PM001, not a crash


def lint(text: str, shown: str, settings: Settings) -> list[Finding]:
    return lint_bytes(_encode(text), shown, settings)


def fix_all(text: str, shown: str, settings: Settings) -> str:
    """The text after every fix ``pmlint check --fix`` would apply."""
    data, _remaining, _count = fix_bytes(_encode(text), shown, settings)
    return data.decode("utf-8", "surrogatepass")


def internal_error(shown: str, message: str) -> Finding:
    return Finding(shown, 1, 1, "PM000", 1, 1, BY_CODE["PM000"].name, ERROR, message)


def rule_page(code: str) -> str | None:
    """A rule's documentation as Markdown (what ``pmlint explain`` says), or None."""
    rule = BY_CODE.get(code)
    return page(rule) if rule is not None else None


def write_rule_pages(directory: Path) -> None:
    write(directory)


def fix_title(code: str) -> str:
    return FIX_TITLES.get(code) or BY_CODE[code].name


def section_headings(settings: Settings) -> list[str]:
    """The headings of the template's own sections, in the template's order."""
    return [s.heading for s in load_template(settings.template).sections if s.own]


def section_of(settings: Settings, heading: str) -> str | None:
    """The template heading of the section a heading opens (through aliases and typos)."""
    template = load_template(settings.template)
    key, _alias = HeadingMatcher(template, settings.aliases).match(heading)
    return template.heading_of(key) if key is not None else None


def skeleton(settings: Settings) -> str:
    """``pmlint new``'s skeleton for the template, with ``$title_yaml``, ``$title``, ``$date``."""
    name = f"data/new-{settings.template}.md"
    return resources.files("pmlint").joinpath(name).read_text("utf-8")


def next_line_directive(codes: Iterable[str]) -> str:
    return f"<!-- pmlint-disable-next-line {' '.join(codes)} -->"


def block_directives(code: str) -> tuple[str, str]:
    return f"<!-- pmlint-disable {code} -->", f"<!-- pmlint-enable {code} -->"


def file_directive(code: str) -> str:
    return f"<!-- pmlint-disable-file {code} -->"


def referenced_files(settings: Settings) -> set[Path]:
    """Files besides the configuration whose content changes what the settings mean (a custom
    schema; a team's own template file belongs here too once ``template`` may name one)."""
    return {Path(settings.schema_path)} if settings.schema_path else set()


def config_file_of(error: ConfigError, path: Path, root: Path) -> Path | None:
    """The configuration file a ConfigError is about: the one it names, else the nearest one."""
    named = str(error).split(": ", 1)[0].removesuffix(" [tool.pmlint]")
    if named and Path(named).is_file():
        return Path(named)
    for directory in (path.parent, *path.parent.parents):
        for name in CONFIG_NAMES:
            if (directory / name).is_file():
                return directory / name
        if directory == root:
            break
    return None


def warm_up() -> None:
    """Lint ``pmlint new``'s skeleton once, so caches (templates, schema, parser) are filled."""
    with contextlib.suppress(Exception):  # a cold worker is only slower
        settings = resolve(ConfigFile(path=None, directory=Path.cwd()), Overrides())
        text = skeleton(settings).replace("$title_yaml", "T").replace("$title", "T")
        lint(text.replace("$date", "2025-01-01"), "warm-up.md", settings)
