"""Configuration: validated strictly, and resolved into the settings for one file.

The keys of SPEC §6 (found by :mod:`pmlint.discovery`). Any unknown key, unknown rule, unknown
rule option, or a value of the wrong type is a :class:`ConfigError` naming it (exit 2); each
rule's options are checked against the types and bounds the rule declares. The rules are read
from :mod:`pmlint.ruleinfo` (their codes, names and options), not imported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pmlint import ruleinfo
from pmlint.backtracking import risk as backtracking_risk
from pmlint.findings import OFF, SEVERITIES
from pmlint.globs import glob_error, glob_matches, real
from pmlint.ruleinfo import RuleInfo, lookup
from pmlint.template import SECTION_KEYS, TEMPLATES

DEFAULT_INCLUDE = (
    "**/postmortem*/**/*.md",
    "**/post-mortem*/**/*.md",
    "**/incident*/**/*.md",
    "**/pir/**/*.md",
    "**/postmortem*/**/*.markdown",
    "**/post-mortem*/**/*.markdown",
    "**/incident*/**/*.markdown",
    "**/pir/**/*.markdown",
)
DEFAULT_EXCLUDE = ("**/README.md", "**/index.md", "**/*template*.md")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
DEFAULT_MAX_NESTING = 32

_STRINGS = {"type": "array", "items": {"type": "string"}}
CONFIG_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "template": {"type": "string", "minLength": 1},
        "schema": {"type": "string"},
        "select": _STRINGS,
        "ignore": _STRINGS,
        "per-file-ignores": {"type": "object", "additionalProperties": _STRINGS},
        "include": _STRINGS,
        "exclude": _STRINGS,
        "aliases": {
            "type": "object",
            "propertyNames": {"enum": list(SECTION_KEYS)},
            "additionalProperties": _STRINGS,
        },
        "blank-patterns": _STRINGS,
        "today": {"type": "string"},
        "new-directory": {"type": "string"},
        "max-file-size": {"type": "integer", "minimum": 1},
        # Past a few hundred levels marko runs out of recursion: 100 keeps a wide margin.
        "max-nesting": {"type": "integer", "minimum": 1, "maximum": 100},
        "rules": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {"severity": {"enum": list(SEVERITIES)}},
            },
        },
    },
}


class ConfigError(Exception):
    """A configuration or usage error: one line naming the file, key or rule (exit 2)."""


@dataclass(frozen=True)
class ConfigFile:
    """One validated configuration file (or none: ``path`` is None and ``values`` empty)."""

    path: Path | None
    directory: Path
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        if self.path is None:
            return "defaults"
        return str(self.path) + (" [tool.pmlint]" if self.path.name == "pyproject.toml" else "")


@dataclass(frozen=True)
class Overrides:
    """What the command line says about rule selection; ``None`` means not given."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    today: str | None = None  # --today: a date or "today"


@dataclass(frozen=True)
class Settings:
    """Everything that decides the result for one file."""

    config: ConfigFile
    template: str
    schema_path: str | None
    severities: dict[str, str]  # enabled rule code -> severity
    options: dict[str, dict[str, Any]]
    aliases: dict[str, list[str]]
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    per_file_ignores: dict[str, tuple[str, ...]]
    max_file_size: int
    max_nesting: int
    today: date | None = None
    new_directory: str = "postmortems"

    def severities_for(self, relpath: str) -> dict[str, str]:
        """Severities after ``per-file-ignores`` for a path relative to the config directory."""
        if not self.per_file_ignores:
            return self.severities
        result = dict(self.severities)
        for pattern, selectors in self.per_file_ignores.items():
            if glob_matches([pattern], relpath):
                for code in _expand(selectors, f"per-file-ignores[{pattern!r}]"):
                    if code != "PM000":
                        result.pop(code, None)
        return result


def validate_values(config: ConfigFile, use_jsonschema: bool = False) -> None:
    """Check a configuration file's values; the first problem is a :class:`ConfigError`."""
    where = config.label
    errors = sorted(
        _schema_errors(config.values, use_jsonschema),
        key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))),
    )
    for error in errors:
        key = ".".join(str(p) for p in error.absolute_path)
        if error.validator == "additionalProperties" and not error.absolute_path:
            extra = sorted(set(config.values) - set(CONFIG_SCHEMA["properties"]))
            raise ConfigError(f"{where}: unknown key {extra[0]!r}")
        if "propertyNames" in error.schema_path:
            raise ConfigError(
                f"{where}: aliases: unknown section {error.instance!r} "
                f"(known: {', '.join(SECTION_KEYS)})"
            )
        if error.validator == "enum" and key.endswith(".severity"):
            raise ConfigError(
                f"{where}: {key}: {error.instance!r} is not one of error, warning, off"
            )
        raise ConfigError(f"{where}: {key or 'configuration'}: {error.message}")
    for name, table in config.values.get("rules", {}).items():
        found = lookup(name)
        if found is None:
            raise ConfigError(f"{where}: rules.{name}: unknown rule {name!r}")
        for option, value in table.items():
            if option == "severity":
                continue
            if option not in found.options:
                raise ConfigError(
                    f"{where}: rules.{name}: unknown option {option!r} for rule {found.code}"
                )
            problem = found.options[option].invalid(value)
            if problem is not None:
                raise ConfigError(f"{where}: rules.{name}.{option}: {problem}")
    for key in ("select", "ignore"):
        _expand(config.values.get(key, ()), f"{where}: {key}")
    for pattern in config.values.get("blank-patterns", ()):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(
                f"{where}: blank-patterns: invalid regular expression {pattern!r} ({exc})"
            ) from None
        problem = backtracking_risk(pattern)
        if problem is not None:
            raise ConfigError(
                f"{where}: blank-patterns: {pattern!r} {problem}, which can take exponential "
                "time on a line that almost matches"
            )
    for pattern, selectors in config.values.get("per-file-ignores", {}).items():
        _expand(selectors, f"{where}: per-file-ignores[{pattern!r}]")
    _check_globs(config)


def _check_globs(config: ConfigFile) -> None:
    """Every glob must compile, or matching a path would fail halfway through a run."""
    for key in ("include", "exclude", "per-file-ignores"):
        for pattern in config.values.get(key, ()):
            problem = glob_error(pattern)
            if problem is not None:
                raise ConfigError(f"{config.label}: {key}: invalid glob {pattern!r} ({problem})")


def _schema_errors(values: dict[str, Any], use_jsonschema: bool) -> Iterable[Any]:
    """:data:`CONFIG_SCHEMA`'s errors, from :mod:`pmlint.schemacheck` (jsonschema's errors
    without importing it); ``use_jsonschema`` asks jsonschema itself (the tests compare)."""
    if use_jsonschema:
        from jsonschema import Draft202012Validator

        return Draft202012Validator(CONFIG_SCHEMA).iter_errors(values)
    from pmlint.schemacheck import iter_errors

    return iter_errors(CONFIG_SCHEMA, values)


def _expand(selectors: Any, where: str) -> list[str]:
    """Codes named by selectors: a code, a name, or a code prefix such as ``PM1``."""
    codes: list[str] = []
    for selector in selectors:
        codes.extend(r.code for r in _match(selector, where))
    return codes


def _match(selector: str, where: str) -> list[RuleInfo]:
    found = lookup(selector)
    if found is not None:
        return [found]
    prefix = selector.upper()
    matched = (
        [r for r in ruleinfo.RULES if r.code.startswith(prefix)] if prefix.startswith("PM") else []
    )
    if not matched:
        raise ConfigError(f"{where}: unknown rule {selector!r}")
    return matched


def _select(selectors: tuple[str, ...] | list[str], where: str) -> set[str]:
    """Selected codes; a prefix selects only rules that are on by default."""
    codes: set[str] = set()
    for selector in selectors:
        rules = _match(selector, where)
        if len(rules) == 1 and lookup(selector) is not None:
            codes.add(rules[0].code)
        else:
            codes.update(r.code for r in rules if r.default_on)
    return codes


def _selection(
    values: dict[str, Any], overrides: Overrides, label: str
) -> tuple[set[str], set[str]]:
    """The selected and the ignored rule codes."""
    if overrides.select is not None:
        selected = _select(overrides.select, "--select")
    elif "select" in values:
        selected = _select(values["select"], f"{label}: select")
    else:
        selected = {r.code for r in ruleinfo.RULES if r.default_on}
        # A rule that is off by default is turned on by giving it a severity.
        selected |= {
            r.code for r in ruleinfo.RULES if _rule_table(values, r).get("severity", OFF) != OFF
        }
    selected |= _select(overrides.extend_select, "--extend-select")
    if overrides.ignore is not None:
        ignored = set(_expand(overrides.ignore, "--ignore"))
    else:
        ignored = set(_expand(values.get("ignore", ()), f"{label}: ignore"))
    ignored |= set(_expand(overrides.extend_ignore, "--extend-ignore"))
    return selected, ignored


def resolve(config: ConfigFile, overrides: Overrides) -> Settings:
    """Combine one configuration file with the command line into settings."""
    values = config.values
    label = config.label
    selected, ignored = _selection(values, overrides, label)
    today_value = overrides.today if overrides.today is not None else values.get("today")
    today = parse_today(
        today_value, "--today" if overrides.today is not None else f"{label}: today"
    )
    overdue = "PM506"
    if today is not None:
        selected.add(overdue)  # runs whenever a date is given
    elif overdue in selected and overdue not in ignored:
        raise ConfigError(
            "PM506 (action-overdue) needs a date: --today DATE, --today today, "
            "or 'today' in the configuration"
        )

    severities: dict[str, str] = {}
    options: dict[str, dict[str, Any]] = {}
    for r in ruleinfo.RULES:
        table = _rule_table(values, r)
        severity = table.get("severity", r.severity)
        if r.code == "PM000":
            severities[r.code] = r.severity  # cannot be ignored
        elif r.code in selected and r.code not in ignored and severity != OFF:
            severities[r.code] = severity
        options[r.code] = {**r.defaults, **{k: v for k, v in table.items() if k != "severity"}}
    if "blank-patterns" in values:
        options["PM201"]["patterns"] = list(values["blank-patterns"])

    schema_path: str | None = None
    if "schema" in values:
        schema_path = str(real(config.directory / values["schema"]))
    per_file = {k: tuple(v) for k, v in values.get("per-file-ignores", {}).items()}
    return Settings(
        config=config,
        template=_template(config),
        schema_path=schema_path,
        severities=severities,
        options=options,
        aliases={k: list(v) for k, v in values.get("aliases", {}).items()},
        include=tuple(values.get("include", DEFAULT_INCLUDE)),
        exclude=tuple(values.get("exclude", DEFAULT_EXCLUDE)),
        per_file_ignores=per_file,
        max_file_size=int(values.get("max-file-size", DEFAULT_MAX_FILE_SIZE)),
        max_nesting=int(values.get("max-nesting", DEFAULT_MAX_NESTING)),
        today=today,
        new_directory=str(values.get("new-directory", "postmortems")),
    )


def _template(config: ConfigFile) -> str:
    """A preset's name, or the absolute path of the team's own template (relative to the
    configuration file)."""
    value = str(config.values.get("template", "atlassian"))
    if value in TEMPLATES:
        return value
    path = real(config.directory / value)
    if path.suffix.lower() not in (".md", ".markdown") or not path.is_file():
        raise ConfigError(
            f"{config.label}: template: {value!r} is neither a preset ({', '.join(TEMPLATES)}) "
            "nor a Markdown file that exists"
        )
    return str(path)


def parse_today(value: str | None, where: str) -> date | None:
    """``"today"`` is the current UTC date; otherwise an ISO date (YYYY-MM-DD)."""
    if value is None:
        return None
    if value.strip().lower() == "today":
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(f"{where}: {value!r} is not a date (YYYY-MM-DD or 'today')") from None


def _rule_table(values: dict[str, Any], r: RuleInfo) -> dict[str, Any]:
    for name, table in values.get("rules", {}).items():
        if lookup(name) is r:
            return dict(table)
    return {}
