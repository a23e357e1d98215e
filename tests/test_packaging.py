"""Files that must stay in step: schema copies, hook copies, README rule table, changelog."""

from __future__ import annotations

import json
import re
from importlib import resources

from jsonschema import Draft202012Validator

from conftest import REPO
from pmlint.rules import RULES
from pmlint.schema import default_schema_bytes
from pmlint.template import SECTION_KEYS


def test_packaged_schema_is_the_repository_schema() -> None:
    assert default_schema_bytes() == (REPO / "schema" / "postmortem.schema.json").read_bytes()


def test_schema_is_valid_and_requires_all_sections() -> None:
    schema = json.loads(default_schema_bytes())
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["sections"]["required"] == list(SECTION_KEYS)
    assert schema["additionalProperties"] is False


def test_packaged_hook_is_the_repository_hook() -> None:
    packaged = resources.files("pmlint").joinpath("data/pre-commit").read_bytes()
    assert packaged == (REPO / "hooks" / "pre-commit").read_bytes()


def test_readme_rule_table_lists_every_rule() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    rows = re.findall(r"^\| \[(PM\d{3})\]\([^)]*\) \| `([a-z-]+)` \| (\w+) \|", readme, re.M)
    expected = [(r.code, r.name, r.severity if r.default_on else "off") for r in RULES]
    assert rows == expected


def test_readme_opens_with_the_two_setup_commands() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    head = readme[: readme.index("\n## ", readme.index("\n## ") + 1)]
    blocks = re.findall(r"```sh\n(.*?)```", head, re.S)
    assert len(blocks) == 2
    assert "pmlint check" in blocks[0] and "examples/" in blocks[0]
    assert ".[test]" in blocks[1] and "pytest" in blocks[1]
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert "pip install -e '.[test]'" in blocks[1] and "pip install -e '.[test]'" in ci


def test_every_rule_is_documented_with_bad_and_good_examples() -> None:
    for rule in RULES:
        assert rule.summary, rule.code
        assert "Bad" in rule.doc and "Good" in rule.doc, rule.code
        assert re.fullmatch(r"PM\d{3}", rule.code) and re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)


def test_changelog_has_unreleased_section_on_top() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text("utf-8")
    assert changelog.split("\n## ")[1].startswith("Unreleased")
