"""One invocation's session: configuration per file, which files to lint, the cache.

:class:`Linter` finds the configuration that applies to each path (and caches the resolved
settings per configuration file), expands command-line paths into the files to lint, reads
them, and calls the pure functions of :mod:`pmlint.engine`, through the result cache when it
is on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pmlint.config import ConfigError, Overrides, Settings, resolve
from pmlint.discovery import ConfigFinder
from pmlint.engine import Parsed, fix_bytes, lint_bytes, make_finding, parse
from pmlint.files import below, display_path, find_repo_root, is_excluded, is_included, is_markdown
from pmlint.findings import ERROR, Finding, Problem
from pmlint.globs import relative_to
from pmlint.schema import SchemaLoadError, load_schema
from pmlint.source import UnreadableError, read_source

if TYPE_CHECKING:
    from pmlint.cache import Cache


class Linter:
    """Settings per file, file selection, and linting, for one invocation."""

    def __init__(
        self,
        cwd: Path,
        config: Path | None,
        overrides: Overrides,
        debug: bool = False,
        use_cache: bool = False,
    ) -> None:
        repo = find_repo_root(cwd)
        self.cwd = cwd.resolve()
        self.in_repo = repo is not None
        self.root = repo if repo is not None else self.cwd
        self.cache: Cache | None = None
        if use_cache:
            from pmlint.cache import Cache

            self.cache = Cache.at(self.root)
        known = self.cache.config_known if self.cache else None
        remember = self.cache.remember_config if self.cache else None
        self.finder = ConfigFinder(self.root, config, known, remember)
        self.overrides = overrides
        self.debug = debug
        self._settings: dict[tuple[Path | None, Path], Settings] = {}
        self._by_path: dict[Path, Settings] = {}  # a path is asked for up to four times

    def settings_for(self, path: Path) -> Settings:
        known = self._by_path.get(path)
        if known is not None:
            return known
        config = self.finder.for_path(path)
        key = (config.path, config.directory)
        settings = self._settings.get(key)
        if settings is None:
            settings = resolve(config, self.overrides)
            try:
                if settings.schema_path is not None:  # the built-in ones are tested
                    load_schema(settings.schema_path, settings.template)
            except SchemaLoadError as exc:
                raise ConfigError(f"{config.label}: {exc}") from None
            self._settings[key] = settings
        self._by_path[path] = settings
        return settings

    def file_settings(self, path: Path) -> Settings:
        """The settings for one file, ``per-file-ignores`` applied."""
        settings = self.settings_for(path)
        if not settings.per_file_ignores:
            return settings
        rel = relative_to(path, settings.config.directory)
        if rel is None:
            return settings
        return replace(settings, severities=settings.severities_for(rel))

    def is_excluded(self, path: Path) -> bool:
        return is_excluded(path, self.settings_for(path))

    def display(self, path: Path) -> str:
        return display_path(path, self.root)

    def collect(self, paths: Iterable[str]) -> list[Path]:
        """The files to lint for the given command-line paths (none: the repository's)."""
        chosen: dict[Path, None] = {}
        given = list(paths)
        if not given:
            return [f for f in below(self.cwd, self.in_repo) if self.is_postmortem(f)]
        for name in given:
            p = Path(name)
            if p.is_dir() and _unlistable(p) is not None:
                chosen[p] = None  # lint_file reports it (PM001)
            elif p.is_dir():
                for f in below(p, self.in_repo):
                    if is_markdown(f) and not is_excluded(f, self.settings_for(f)):
                        chosen[f] = None
            elif not is_excluded(p, self.settings_for(p)):
                chosen[p] = None
        return list(chosen)

    def is_postmortem(self, path: Path) -> bool:
        """A Markdown file that ``include`` selects and ``exclude`` does not."""
        settings = self.settings_for(path)
        return is_markdown(path) and is_included(path, settings) and not is_excluded(path, settings)

    def lint_file(self, path: Path) -> list[Finding]:
        """The findings of one file; PM001 for one that is not read (see :func:`read_source`)."""
        try:
            data = read_source(path, self.settings_for(path).max_file_size)
        except UnreadableError as exc:  # a pipe, a device, over max-file-size
            return self.not_read(path, str(exc))
        except OSError as exc:
            reason = f"cannot read file: {(exc.strerror or type(exc).__name__).lower()}"
            if isinstance(exc, IsADirectoryError):
                unlistable = _unlistable(path)
                reason = "cannot read file: is a directory"
                if unlistable is not None:
                    reason = f"cannot read directory: {unlistable}"
            return self.not_read(path, reason)
        return self.lint_data(path, data)

    def cached(self, path: Path) -> tuple[list[Finding] | None, bytes | None]:
        """The cached findings of ``path`` and, on a miss, its content (None when the file is
        not read: :meth:`lint_file` then reports why)."""
        if self.cache is None:
            return None, None
        try:
            data = read_source(path, self.settings_for(path).max_file_size)
        except (UnreadableError, OSError):
            return None, None
        key = self.cache.key(self.file_settings(path), self.display(path), data)
        return self.cache.get(key), data

    def not_read(self, path: Path, reason: str) -> list[Finding]:
        """PM001 for a file that was not read, whatever the selection: it was not linted."""
        severity = self.settings_for(path).severities.get("PM001", ERROR)
        return [make_finding("PM001", self.display(path), Problem(1, reason), None, severity)]

    def lint_data(self, path: Path, data: bytes) -> list[Finding]:
        """The findings for ``data`` as the content of ``path`` (through the cache when on)."""
        shown = self.display(path)
        effective = self.file_settings(path)
        if self.cache is None:
            return lint_bytes(data, shown, effective, self.debug)
        key = self.cache.key(effective, shown, data)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        findings = lint_bytes(data, shown, effective, self.debug)
        if not any(f.rule == "PM000" for f in findings):
            self.cache.put(key, findings)
        return findings

    def lint_stdin(self, data: bytes, filename: str | None) -> list[Finding]:
        path = Path(filename) if filename else self.cwd / "-"
        shown = self.display(path) if filename else "-"
        return lint_bytes(data, shown, self.file_settings(path), self.debug)

    def fix(self, path: Path | None, data: bytes, shown: str) -> tuple[bytes, list[Finding], int]:
        """Fixed bytes, remaining findings and the number of fixes for one file's content."""
        target = path if path is not None else self.cwd / "-"
        return fix_bytes(data, shown, self.file_settings(target), self.debug)

    def parse(self, path: Path | None, data: bytes, shown: str) -> Parsed:
        """The document of one file's content (or the PM001/PM002 findings that stop it)."""
        return parse(data, shown, self.settings_for(path if path is not None else self.cwd / "-"))


def _unlistable(directory: Path) -> str | None:
    """Why ``directory`` cannot be listed (``permission denied``), or None if it can."""
    try:
        with os.scandir(directory):
            return None
    except OSError as exc:
        return (exc.strerror or type(exc).__name__).lower()
