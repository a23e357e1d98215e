"""Configuration: discovery (closest wins), strict validation, custom schemas."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run

TYPO = FIXTURES / "bad" / "order-duplicate-typo.md"
GOOD = FIXTURES / "good" / "complete-front-matter.md"


def codes(out: str) -> list[str]:
    return [line.split()[1] for line in out.splitlines()]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("colour = 1\n", ".pmlint.toml: unknown key 'colour'"),
        ("select = 'PM1'\n", ".pmlint.toml: select: 'PM1' is not of type 'array'"),
        ("select = ['PM999']\n", ".pmlint.toml: select: unknown rule 'PM999'"),
        ("[rules.PM999]\nseverity = 'error'\n", ".pmlint.toml: rules.PM999: unknown rule 'PM999'"),
        (
            "[rules.PM101]\nlevel = 'error'\n",
            ".pmlint.toml: rules.PM101: unknown option 'level' for rule PM101",
        ),
        (
            "[rules.missing-section]\nseverity = 'fatal'\n",
            ".pmlint.toml: rules.missing-section.severity: 'fatal' is not one of error, warning, off",
        ),
        (
            "template = 'nasa'\n",
            ".pmlint.toml: template: 'nasa' is neither a preset (atlassian, google-sre, minimal) nor a Markdown file that exists",
        ),
        ("max-nesting = 'deep'\n", ".pmlint.toml: max-nesting: 'deep' is not of type 'integer'"),
        (
            "[aliases]\nsummary = ['TL;DR']\n",
            ".pmlint.toml: aliases: unknown section 'summary' (known: incident_summary, leadup, "
            "fault, impact, detection, response, recovery, timeline, five_whys, root_cause, "
            "backlog_check, recurrence, lessons_learned, corrective_actions)",
        ),
        ("select = [", ".pmlint.toml: invalid TOML (Invalid value (at end of document))"),
    ],
)
def test_invalid_config_is_one_line_and_exit_2(in_tmp: Path, config: str, message: str) -> None:
    shutil.copyfile(GOOD, in_tmp / "pm.md")
    (in_tmp / ".pmlint.toml").write_text(config)
    result = run("check", "pm.md")
    assert (result.code, result.out) == (2, "")
    assert result.err == f"pmlint: error: {in_tmp / message}\n"


def test_pyproject_table_and_closest_config_wins(in_tmp: Path) -> None:
    (in_tmp / "pyproject.toml").write_text("[tool.pmlint]\nignore = ['PM103']\n")
    sub = in_tmp / "team"
    sub.mkdir()
    (sub / ".pmlint.toml").write_text("ignore = ['PM106']\n")
    shutil.copyfile(TYPO, in_tmp / "a.md")
    shutil.copyfile(TYPO, sub / "b.md")
    out = run("check", "a.md", "team/b.md", "-q").out.splitlines()
    assert [(line.split(":")[0], line.split()[1]) for line in out] == [
        ("a.md", "PM106"),
        ("a.md", "PM104"),
        ("team/b.md", "PM103"),
        ("team/b.md", "PM104"),
    ]


def test_pyproject_without_table_is_skipped(in_tmp: Path) -> None:
    (in_tmp / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    shutil.copyfile(TYPO, in_tmp / "a.md")
    assert codes(run("check", "a.md", "-q").out) == ["PM106", "PM103", "PM104"]


def test_explicit_config_overrides_discovery(in_tmp: Path) -> None:
    (in_tmp / ".pmlint.toml").write_text("ignore = ['PM103']\n")
    (in_tmp / "strict.toml").write_text("select = ['PM104']\n")
    shutil.copyfile(TYPO, in_tmp / "a.md")
    assert codes(run("check", "a.md", "-q", "--config", "strict.toml").out) == ["PM104"]
    missing = run("check", "a.md", "--config", "nope.toml")
    assert (missing.code, missing.err) == (
        2,
        "pmlint: error: nope.toml: configuration file not found\n",
    )


def test_cli_select_replaces_config_select(in_tmp: Path) -> None:
    (in_tmp / ".pmlint.toml").write_text("select = ['PM104']\n")
    shutil.copyfile(TYPO, in_tmp / "a.md")
    assert codes(run("check", "a.md", "-q").out) == ["PM104"]
    assert codes(run("check", "a.md", "-q", "--select", "PM106").out) == ["PM106"]
    assert codes(run("check", "a.md", "-q", "--extend-select", "PM106").out) == ["PM106", "PM104"]


def test_rule_severity_override_and_off(in_tmp: Path) -> None:
    (in_tmp / ".pmlint.toml").write_text(
        "[rules.PM104]\nseverity = 'warning'\n[rules.heading-typo]\nseverity = 'off'\n"
    )
    shutil.copyfile(TYPO, in_tmp / "a.md")
    result = run("check", "a.md", "--format", "json")
    found = {(f["rule"], f["severity"]) for f in json.loads(result.out)["findings"]}
    assert found == {("PM103", "warning"), ("PM104", "warning")}
    assert result.code == 0


def test_per_file_ignores(in_tmp: Path) -> None:
    (in_tmp / ".pmlint.toml").write_text("[per-file-ignores]\n'legacy/**' = ['PM1']\n")
    (in_tmp / "legacy").mkdir()
    shutil.copyfile(TYPO, in_tmp / "legacy" / "a.md")
    shutil.copyfile(TYPO, in_tmp / "b.md")
    out = run("check", "legacy/a.md", "b.md", "-q").out
    assert [line.split(":")[0] for line in out.splitlines()] == ["b.md"] * 3


def test_aliases_extend_the_heading_table(in_tmp: Path) -> None:
    text = GOOD.read_text().replace("## Corrective actions", "## Things we will do")
    (in_tmp / "a.md").write_text(text)
    assert "PM101" in run("check", "a.md", "-q").out
    (in_tmp / ".pmlint.toml").write_text("[aliases]\ncorrective_actions = ['Things we will do']\n")
    assert run("check", "a.md").out == "All 1 file passed.\n"


def test_include_and_exclude_are_relative_to_the_config(in_tmp: Path) -> None:
    (in_tmp / "docs").mkdir()
    (in_tmp / "docs" / ".pmlint.toml").write_text(
        "include = ['reviews/*.md']\nexclude = ['reviews/draft-*.md']\n"
    )
    (in_tmp / "docs" / "reviews").mkdir()
    for name in ("a.md", "draft-b.md"):
        shutil.copyfile(GOOD, in_tmp / "docs" / "reviews" / name)
    assert run("check", "--show-files").out == "docs/reviews/a.md\n"


def test_custom_schema_is_obeyed(in_tmp: Path) -> None:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {
            "metadata": {
                "type": "object",
                "required": ["severity"],
                "properties": {"severity": {"enum": ["SEV-1", "SEV-2", "SEV-3"]}},
            },
            "sections": {"type": "object", "required": ["incident_summary", "impact"]},
        },
    }
    (in_tmp / "strict.schema.json").write_text(json.dumps(schema))
    (in_tmp / ".pmlint.toml").write_text("schema = 'strict.schema.json'\n")
    (in_tmp / "a.md").write_text(
        "---\ntitle: T\nseverity: critical\n---\n\n## Incident summary\n\nIt broke.\n"
    )
    (in_tmp / "b.md").write_text(
        "# T\n\n## Incident summary\n\nIt broke.\n\n## Impact\n\n3 users.\n"
    )
    result = run("check", "a.md", "b.md", "-q")
    assert result.out == (
        "a.md:3:1: PM105 metadata.severity: 'critical' is not one of ['SEV-1', 'SEV-2', 'SEV-3'] "
        "[schema-violation]\n"
        "a.md:6:1: PM101 missing section 'Impact' (expected after 'Incident summary') "
        "[missing-section]\n"
        "b.md:1:1: PM105 metadata: required property 'severity' is missing [schema-violation]\n"
    )
    assert json.loads(run("schema").out) == schema


def test_schema_with_remote_reference_is_refused(in_tmp: Path) -> None:
    schema = {"$ref": "https://example.com/postmortem.json"}
    (in_tmp / "remote.json").write_text(json.dumps(schema))
    (in_tmp / ".pmlint.toml").write_text("schema = 'remote.json'\n")
    shutil.copyfile(GOOD, in_tmp / "a.md")
    result = run("check", "a.md")
    assert result.code == 2
    assert result.err == (
        f"pmlint: error: {in_tmp / '.pmlint.toml'}: schema {in_tmp / 'remote.json'}: refers to "
        "'https://example.com/postmortem.json'; only references within the schema ('#/...') are "
        "allowed, pmlint never fetches\n"
    )


def test_missing_schema_file_is_config_error(in_tmp: Path) -> None:
    (in_tmp / ".pmlint.toml").write_text("schema = 'nope.json'\n")
    shutil.copyfile(GOOD, in_tmp / "a.md")
    result = run("check", "a.md")
    assert result.code == 2
    assert "nope.json: cannot read (No such file or directory)" in result.err
