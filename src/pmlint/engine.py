"""The engine: read -> guard -> parse -> document -> schema -> rules -> findings.

Rules yield positions and messages; the engine stamps code, name, severity and path on them,
so a rule cannot get those wrong. An unexpected exception becomes a PM000 finding on the file
(with the traceback on stderr only under ``--debug``) and the run goes on.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pmlint import actions, frontmatter, timeline, whys
from pmlint.config import ConfigError, ConfigFinder, Overrides, Settings, resolve
from pmlint.document import Document, build
from pmlint.files import (
    below,
    display_path,
    find_repo_root,
    is_excluded,
    is_included,
    is_markdown,
)
from pmlint.findings import Finding, Problem

if TYPE_CHECKING:
    from pmlint.cache import Cache
from pmlint.rules import BY_CODE, Context
from pmlint.schema import SchemaLoadError, load_schema, validate
from pmlint.source import SourceText, UnreadableError, decode, prescan
from pmlint.template import HeadingMatcher, load_template

# What fills each section's own data after the structure is built, in order.
EXTRACTORS = (actions.extract_section, whys.extract_section, timeline.extract_section)


@dataclass
class Parsed:
    """The outcome of reading one file: a document, or the findings that stopped it."""

    document: Document | None
    findings: list[Finding] = field(default_factory=list)


def _finding(
    code: str, path: str, problem: Problem, source: SourceText | None, severity: str
) -> Finding:
    rule = BY_CODE[code]
    line = max(1, problem.line)
    if source is not None:
        line = min(line, source.line_count)
    end_line = max(line, problem.end_line or line)
    if source is not None:
        end_line = min(end_line, source.line_count)
    column = max(1, problem.column)
    if problem.end_column is not None:
        end_column = problem.end_column
    elif source is not None:
        end_column = max(column, source.line_end_column(end_line))
    else:
        end_column = column
    return Finding(
        path=path,
        line=line,
        column=column,
        rule=code,
        end_line=end_line,
        end_column=max(end_column, column if end_line == line else 1),
        name=rule.name,
        severity=severity,
        message=problem.message,
        fixable=rule.fixable and bool(problem.edits),
        edits=problem.edits if rule.fixable else (),
        context=source.context(line) if source is not None else "",
    )


def parse(data: bytes, path: str, settings: Settings) -> Parsed:
    """Bytes -> document, or PM001/PM002 findings. Exceptions other than those propagate."""
    severities = settings.severities
    if len(data) > settings.max_file_size:
        return Parsed(
            None,
            _only(
                "PM001",
                path,
                severities,
                Problem(
                    1,
                    f"file is {len(data):,} bytes, over max-file-size ({settings.max_file_size:,})",
                ),
            ),
        )
    try:
        text = decode(data)
        source = SourceText(text)
        prescan(source.lines, settings.max_nesting)
    except UnreadableError as exc:
        return Parsed(None, _only("PM001", path, severities, Problem(1, str(exc))))
    findings: list[Finding] = []
    front = None
    end = frontmatter.find_block(source.lines)
    if end is not None:
        try:
            front = frontmatter.load(source.lines, end)
        except frontmatter.FrontMatterError as exc:
            front = frontmatter.FrontMatter(end_line=end + 1)
            findings += _only("PM002", path, severities, Problem(exc.line, str(exc)), source)
    template = load_template(settings.template)
    matcher = _matcher(settings.template, tuple((k, tuple(v)) for k, v in settings.aliases.items()))
    document = build(source, front, template, matcher, path)
    for extract in EXTRACTORS:
        extract(document)
    return Parsed(document, findings)


@cache
def _matcher(template: str, aliases: tuple[tuple[str, tuple[str, ...]], ...]) -> HeadingMatcher:
    return HeadingMatcher(load_template(template), {k: list(v) for k, v in aliases})


def _only(
    code: str,
    path: str,
    severities: dict[str, str],
    problem: Problem,
    source: SourceText | None = None,
) -> list[Finding]:
    if code not in severities:
        return []
    return [_finding(code, path, problem, source, severities[code])]


def lint_bytes(data: bytes, path: str, settings: Settings, debug: bool = False) -> list[Finding]:
    """All findings for one file's content; never raises for a problem in the content."""
    severities = settings.severities
    try:
        parsed = parse(data, path, settings)
    except Exception as exc:  # a bug: report it on the file, keep going
        return [_internal_error(path, exc, None, debug)]
    findings = list(parsed.findings)
    doc = parsed.document
    if doc is None:
        return sorted(findings, key=Finding.sort_key)
    try:
        errors = validate(doc.data, settings.schema_path, settings.template)
    except Exception as exc:
        return sorted(
            [*findings, _internal_error(path, exc, "schema validation", debug)],
            key=Finding.sort_key,
        )
    template = load_template(settings.template)
    for code, severity in severities.items():
        rule = BY_CODE[code]
        if rule.check is None:
            continue
        ctx = Context(
            doc=doc,
            template=template,
            schema_errors=errors,
            options=settings.options.get(code, {}),
            today=settings.today,
        )
        try:
            problems = list(rule.check(ctx))
        except Exception as exc:
            findings.append(_internal_error(path, exc, f"rule {code}", debug))
            continue
        findings.extend(_finding(code, path, p, doc.source, severity) for p in problems)
    return sorted(_suppress(doc, findings, path, severities), key=Finding.sort_key)


def _suppress(
    doc: Document, findings: list[Finding], path: str, severities: dict[str, str]
) -> list[Finding]:
    """Apply inline suppressions; add PM901 for malformed ones and PM902 for idle ones."""
    from pmlint import suppress

    if not doc.comments:
        return findings
    directives, malformed = suppress.parse(doc)
    kept = suppress.apply(findings, directives)
    for code, problems in (("PM901", malformed), ("PM902", suppress.unused(directives))):
        if code in severities:
            kept.extend(_finding(code, path, p, doc.source, severities[code]) for p in problems)
    return kept


def fix_bytes(
    data: bytes, path: str, settings: Settings, debug: bool = False
) -> tuple[bytes, list[Finding], int]:
    """Apply every available fix, pass after pass; the new bytes, what remains, fixes applied."""
    from pmlint.fix import MAX_PASSES, apply, split_bom

    total = 0
    findings = lint_bytes(data, path, settings, debug)
    for _ in range(MAX_PASSES):
        if not any(f.fixable for f in findings):
            break
        bom, body = split_bom(data)
        text = body.decode("utf-8")
        new_text, applied = apply(text, findings)
        if applied == 0 or new_text == text:
            break
        data = bom + new_text.encode("utf-8")
        total += applied
        findings = lint_bytes(data, path, settings, debug)
    return data, findings, total


def _internal_error(path: str, exc: Exception, where: str | None, debug: bool) -> Finding:
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    place = f" in {where}" if where else ""
    message = (
        f"internal error{place}: {type(exc).__name__}: {exc} "
        "(a bug in pmlint; run with --debug for the traceback)"
    )
    return _finding("PM000", path, Problem(1, message), None, "error")


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

    def settings_for(self, path: Path) -> Settings:
        config = self.finder.for_path(path)
        key = (config.path, config.directory)
        settings = self._settings.get(key)
        if settings is None:
            settings = resolve(config, self.overrides)
            try:
                load_template(settings.template)
                if settings.schema_path is not None:  # the built-in ones are tested
                    load_schema(settings.schema_path, settings.template)
            except SchemaLoadError as exc:
                raise ConfigError(f"{config.label}: {exc}") from None
            self._settings[key] = settings
        return settings

    def display(self, path: Path) -> str:
        return display_path(path, self.root)

    def collect(self, paths: Iterable[str]) -> list[Path]:
        """The files to lint for the given command-line paths (none: the repository's)."""
        chosen: dict[Path, None] = {}
        given = list(paths)
        if not given:
            for f in below(self.cwd, self.in_repo):
                settings = self.settings_for(f)
                if is_markdown(f) and is_included(f, settings) and not is_excluded(f, settings):
                    chosen[f] = None
            return list(chosen)
        for name in given:
            p = Path(name)
            if p.is_dir():
                for f in below(p, self.in_repo):
                    if is_markdown(f) and not is_excluded(f, self.settings_for(f)):
                        chosen[f] = None
            elif not is_excluded(p, self.settings_for(p)):
                chosen[p] = None
        return list(chosen)

    def lint_file(self, path: Path) -> list[Finding]:
        settings = self.settings_for(path)
        shown = self.display(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            if isinstance(exc, IsADirectoryError):
                reason = "is a directory"
            return _only(
                "PM001",
                shown,
                settings.severities,
                Problem(1, f"cannot read file: {reason.lower()}"),
            )
        effective = self._per_file(settings, path)
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
        settings = self.settings_for(path)
        shown = self.display(path) if filename else "-"
        return lint_bytes(data, shown, self._per_file(settings, path), self.debug)

    def fix(self, path: Path | None, data: bytes, shown: str) -> tuple[bytes, list[Finding], int]:
        """Fixed bytes, remaining findings and the number of fixes for one file's content."""
        target = path if path is not None else self.cwd / "-"
        settings = self._per_file(self.settings_for(target), target)
        return fix_bytes(data, shown, settings, self.debug)

    def _per_file(self, settings: Settings, path: Path) -> Settings:
        if not settings.per_file_ignores:
            return settings
        from dataclasses import replace

        from pmlint.files import relative_to

        rel = relative_to(path, settings.config.directory)
        if rel is None:
            return settings
        return replace(settings, severities=settings.for_path(rel))

    def export(
        self, path: Path | None, data: bytes, shown: str
    ) -> tuple[Document | None, list[Finding]]:
        settings = self.settings_for(path if path is not None else self.cwd / "-")
        parsed = parse(data, shown, settings)
        return parsed.document, parsed.findings
