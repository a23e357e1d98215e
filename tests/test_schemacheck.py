"""The built-in schemas are checked without jsonschema (pmlint.schemacheck): proof that this
gives exactly what jsonschema gives, on every corpus document and fixture, on generated
documents, and on generated instances that break the schema in every way it can be broken."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from conftest import FIXTURES, REPO, TESTS
from pmlint import schema, schemacheck
from pmlint.config import (
    CONFIG_SCHEMA,
    ConfigError,
    ConfigFile,
    Overrides,
    Settings,
    resolve,
    validate_values,
)
from pmlint.derive import schema_bytes, template_for
from pmlint.engine import parse
from pmlint.export import to_json
from pmlint.template import SECTION_KEYS, TEMPLATES

TEAM = TESTS / "repos" / "team-template" / "docs" / "postmortems" / "TEMPLATE.md"
TEMPLATE_FILES = [TEAM, *sorted((TESTS / "corpus" / "templates").glob("*.md"))]
DOCUMENTS = sorted(
    [
        *(TESTS / "corpus").glob("*/*.md"),
        *FIXTURES.glob("*/*.md"),
        *TEAM.parent.glob("*.md"),
        *(REPO / "examples").rglob("*.md"),
    ]
)


@cache
def settings(template: str) -> Settings:
    where = Path(template).parent if template.endswith(".md") else REPO
    values = {"template": Path(template).name if template.endswith(".md") else template}
    return resolve(ConfigFile(path=None, directory=where, values=values), Overrides())


def derived(s: Settings) -> bytes | None:
    template = template_for(s.template)
    return schema_bytes(template) if template.path is not None else None


@cache
def as_written(template: str) -> Draft202012Validator:
    """jsonschema on the built-in schema as it is written ($refs and all)."""
    s = settings(template)
    raw = schema.load_schema(None, s.template, derived(s)).schema
    return Draft202012Validator(raw, format_checker=FormatChecker())


def raw(errors: Any) -> list[tuple[tuple[str | int, ...], str, str]]:
    return sorted(
        ((tuple(e.absolute_path), str(e.validator), e.message) for e in errors),
        key=repr,
    )


def assert_same(data: bytes, template: str) -> None:
    """Both ways, the same schema errors; and jsonschema on the whole export, lists included,
    finds nothing more than the check of the export without them."""
    s = settings(template)
    parsed = parse(data, "x.md", s)
    if parsed.document is None:
        return
    exported = to_json(parsed.document)
    extra = derived(s)
    direct = schema.validate(exported, None, s.template, extra)
    stock = schema.validate(exported, None, s.template, extra, use_jsonschema=True)
    assert direct == stock
    whole = raw(as_written(template).iter_errors(exported))
    assert whole == sorted({(e.path, e.validator, e.message) for e in stock}, key=repr)
    builtin = schema._builtin(s.template, extra)
    assert builtin is not None
    assert raw(schemacheck.iter_errors(builtin, exported)) == whole


ALL_TEMPLATES = [*TEMPLATES, str(TEAM)]
SLOW = pytest.mark.slow  # the other templates than the default: the same code, more cases


@pytest.mark.parametrize("template", [*TEMPLATES, *map(str, TEMPLATE_FILES)])
def test_every_built_in_schema_needs_no_jsonschema(template: str) -> None:
    s = settings(template)
    assert schema._builtin(s.template, derived(s)) is not None


def test_a_schema_with_other_keywords_goes_to_jsonschema() -> None:
    assert schemacheck.supported({"type": "object", "required": ["a"]})
    for other in (
        {"type": "object", "minProperties": 1},
        {"properties": {"a": {"$ref": "#/$defs/a"}}},
        {"items": {"format": "email"}},
        {"enum": ["a", 1]},
        {"type": ["string", "date"]},
        {"additionalProperties": {"const": 1}},
    ):
        assert not schemacheck.supported(other), other


def test_a_run_with_a_built_in_schema_does_not_import_jsonschema(in_tmp: Path) -> None:
    shutil.copyfile(FIXTURES / "bad" / "missing-and-empty.md", in_tmp / "a.md")
    (in_tmp / ".pmlint.toml").write_text("ignore = ['PM103']\nmax-nesting = 40\n")
    code = (
        "import sys\n"
        "from pmlint.checking import CheckOptions, run_check\n"
        "status = run_check(CheckOptions(paths=('a.md',), quiet=True, no_cache=True))\n"
        "print(status, 'jsonschema' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=in_tmp, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "1 False"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name[:60])
def test_corpus_and_fixtures_give_the_same_errors_both_ways(path: Path) -> None:
    assert_same(path.read_bytes(), "atlassian")


@SLOW
@pytest.mark.parametrize("template", ALL_TEMPLATES[1:])
def test_corpus_and_fixtures_give_the_same_errors_both_ways_in_every_template(
    template: str,
) -> None:
    for path in DOCUMENTS:
        assert_same(path.read_bytes(), template)


@pytest.mark.parametrize(
    "template",
    [pytest.param(TEAM, id="team"), *(pytest.param(p, marks=SLOW) for p in TEMPLATE_FILES[1:])],
    ids=lambda p: p.name[:60],
)
def test_derived_templates_give_the_same_errors_both_ways(template: Path) -> None:
    for path in [template, *template.parent.glob("*.md"), *FIXTURES.glob("*/*.md")]:
        assert_same(path.read_bytes(), str(template))


HEADINGS = sorted(
    {s.heading for name in TEMPLATES for s in template_for(name).sections}
    | {s.heading for s in template_for(str(TEAM)).sections}
)
PIECES = [
    *(f"## {h}\n" for h in HEADINGS),
    "# 2025-03-11 Checkout outage\n",
    "---\ndate: 2025-03-11\ntitle: T\n---\n",
    "---\ntitle: 2024\ndate: 2025-13-45\nseverity: [1, 2]\n---\n",
    "---\ntitle: ''\nincident_date: 2025-02-30\n---\n",
    "---\n- a\n- b\n---\n",
    "---\ndate: 0001-01-01\ntitle: ~\n---\n",
    "**Date:** 31 February 2025\n",
    "**Owner:** @dana\n",
    "## Something else entirely\n",
    "### Timeline\n",
    "All times are UTC.\n",
    "- 14:02 — deploy\n",
    "- 2:05 PM PDT — alert\n",
    "| Time (CET) | Event |\n|---|---|\n| 10:00 | start |\n",
    "1. The database locked because of writes.\n",
    "- [ ] Fix it (@dana, due: 2025-03-20, PAY-1)\n",
    "| Task | DRI | ETA | Jira |\n|---|---|---|---|\n| Fix | @a | 2025-02-30 | OPS-1 |\n",
    "Between <start time> and ___ UTC.\n",
    "\n",
]


@given(st.lists(st.sampled_from(PIECES), max_size=30), st.sampled_from(ALL_TEMPLATES))
def test_generated_documents_give_the_same_errors_both_ways(
    pieces: list[str], template: str
) -> None:
    assert_same("".join(pieces).encode("utf-8"), template)


# --- instances that break the schema ------------------------------------------------------

ODD = [
    None,
    True,
    0,
    -1,
    2,
    1.0,
    0.5,
    float("nan"),
    "",
    "x",
    "2025-03-11",
    "2025-02-30",
    "2025-3-1",
    "2025-03-11\n",
    "2025-03-11T10:00:00Z",
    "preamble",
    [],
    ["x", 1],
    {},
    {"line": 0, "heading": 1},
    date(2025, 3, 11),
]


def places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += places(value, (*path, index))
    return found


@cache
def base_instance() -> str:
    """The example postmortem's export as JSON, cut down to one of each kind of node: a plain
    section, the three with extracted lists (two items each), one extra section."""
    path = REPO / "examples" / "postmortems" / "2025-03-11-checkout-outage.md"
    document = parse(path.read_bytes(), "x.md", settings("atlassian")).document
    assert document is not None
    exported = to_json(document)
    kept = ("impact", "timeline", "five_whys", "corrective_actions")
    exported["sections"] = {k: v for k, v in exported["sections"].items() if k in kept}
    for section in exported["sections"].values():
        section["text"] = section["text"][:10]
        for field in ("entries", "steps", "items"):
            if field in section:
                section[field] = section[field][:2]
    exported["metadata"] = {"date": "2025-03-11"}
    exported["metadata_lines"] = {"date": 3}
    exported["extra_sections"] = [{"heading": "Notes", "line": 99}]
    return json.dumps(exported)


def edited(edits: list[tuple[int, str, Any]]) -> Any:
    """The base instance with values set, keys dropped or keys added at its places."""
    instance: Any = json.loads(base_instance())
    for where, how, value in edits:
        spots = places(instance)
        path = spots[where % len(spots)]
        if not path:
            continue
        parent = instance
        for step in path[:-1]:
            parent = parent[step]
        if how == "set":
            parent[path[-1]] = value
        elif how == "drop":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[f"extra{where}"] = value
    return instance


def assert_same_instance(instance: Any, template: str) -> None:
    s = settings(template)
    builtin = schema._builtin(s.template, derived(s))
    assert builtin is not None
    found = raw(schemacheck.iter_errors(builtin, instance))
    assert found == raw(as_written(template).iter_errors(instance))


@pytest.mark.parametrize(
    "template", [pytest.param(t, marks=[] if t == "atlassian" else [SLOW]) for t in ALL_TEMPLATES]
)
def test_every_single_break_gives_the_same_errors_both_ways(template: str) -> None:
    count = len(places(json.loads(base_instance())))
    for where in range(count):
        assert_same_instance(edited([(where, "drop", None)]), template)
        for value in ODD:
            assert_same_instance(edited([(where, "set", value)]), template)
        for value in (0, "x", {}):
            assert_same_instance(edited([(where, "add", value)]), template)


SCALARS = st.one_of(st.sampled_from(ODD), st.integers(), st.floats(), st.text(max_size=5))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)


@given(
    st.lists(
        st.tuples(st.integers(0, 10_000), st.sampled_from(["set", "drop", "add"]), VALUES),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from(ALL_TEMPLATES),
)
def test_broken_instances_give_the_same_errors_both_ways(
    edits: list[tuple[int, str, Any]], template: str
) -> None:
    assert_same_instance(edited(edits), template)


# --- the configuration's schema ---------------------------------------------------------

TOML_SCALARS = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["", "x", "atlassian", "PM101", "error", "warning", "off", "bogus"]),
    st.integers(-2, 3),
    st.sampled_from([0, 1, 10_000, 10_001, 2**40]),
    st.floats(allow_nan=True),
    st.booleans(),
    st.just(date(2025, 3, 11)),
    st.just(datetime(2025, 3, 11, 10, 0, tzinfo=UTC)),
    st.just(time(10, 0)),
)
TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["severity", "min", "x", *SECTION_KEYS[:3]]), inner)
    ),
    max_leaves=6,
)
CONFIG_KEYS = [*CONFIG_SCHEMA["properties"], "unknown", "Template"]
config_values = st.dictionaries(
    st.sampled_from(CONFIG_KEYS),
    st.one_of(
        TOML_VALUES,
        st.dictionaries(
            st.sampled_from(["PM101", "missing-section", "bogus", "**/*.md", *SECTION_KEYS[:3]]),
            st.one_of(
                TOML_VALUES,
                st.dictionaries(st.sampled_from(["severity", "min", "x"]), TOML_VALUES),
            ),
        ),
    ),
    max_size=4,
)


def outcome(values: dict[str, Any], use_jsonschema: bool) -> str | None:
    config = ConfigFile(path=None, directory=REPO, values=values)
    try:
        validate_values(config, use_jsonschema=use_jsonschema)
    except ConfigError as exc:
        return str(exc)
    return None


def test_the_configuration_schema_needs_no_jsonschema() -> None:
    assert schemacheck.supported(CONFIG_SCHEMA)


def assert_same_config(values: dict[str, Any]) -> None:
    def listed(errors: Any) -> list[tuple[Any, ...]]:
        return sorted(
            (
                (tuple(e.absolute_path), str(e.validator), e.message, tuple(e.schema_path))
                for e in errors
            ),
            key=repr,
        )

    stock = Draft202012Validator(CONFIG_SCHEMA).iter_errors(values)
    assert listed(schemacheck.iter_errors(CONFIG_SCHEMA, values)) == listed(stock)
    assert outcome(values, False) == outcome(values, True)


@pytest.mark.parametrize(
    "values",
    [
        {"max-nesting": 10_001},
        {"max-nesting": 10_000.5},
        {"max-nesting": 0, "max-file-size": 0},
        {"max-nesting": 1.0, "max-file-size": True},
        {"template": "", "schema": 1},
        {"aliases": {"bogus": ["x"], "impact": "x", "nope": 1}},
        {"rules": {"PM101": {"severity": "loud"}, "x": 1}},
        {"select": "PM1", "ignore": [1, "x", None]},
        {"per-file-ignores": {"a": "PM1", "b": [2]}},
        {"unknown": 1, "other": 2, "include": [1]},
        {"today": date(2025, 3, 11), "new-directory": ["x"]},
    ],
    ids=repr,
)
def test_configurations_break_the_same_way_both_ways(values: dict[str, Any]) -> None:
    assert_same_config(values)


@hypothesis_settings(max_examples=300)
@given(config_values)
def test_generated_configurations_give_the_same_errors_both_ways(values: dict[str, Any]) -> None:
    assert_same_config(values)
