"""CI formats, inline suppression, git integration, `pmlint new`, config, docs, the Action."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft4Validator

from conftest import FIXTURES, REPO, TESTS, git, run
from pmlint.docs import index, page
from pmlint.rules import RULES

BAD = FIXTURES / "bad" / "blanks.md"
TYPO = FIXTURES / "bad" / "order-duplicate-typo.md"


def sarif_validator() -> Draft4Validator:
    schema = json.loads((TESTS / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    return Draft4Validator(schema)


def test_sarif_is_valid_and_matches_json_findings(in_tmp: Path) -> None:
    shutil.copyfile(BAD, in_tmp / "a.md")
    shutil.copyfile(TYPO, in_tmp / "b.md")
    sarif = json.loads(run("check", "a.md", "b.md", "--format", "sarif").out)
    sarif_validator().validate(sarif)
    findings = json.loads(run("check", "a.md", "b.md", "--format", "json").out)["findings"]
    (result_run,) = sarif["runs"]
    assert result_run["columnKind"] == "unicodeCodePoints"
    driver = result_run["tool"]["driver"]
    assert driver["name"] == "pmlint"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert rule_ids == [r.code for r in RULES]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["defaultConfiguration"]["level"]
    results = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        )
        for r in result_run["results"]
    ]
    assert results == [
        (f["rule"], f["severity"], f["path"], f["line"], f["column"]) for f in findings
    ]
    assert all(driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"] for r in result_run["results"])


def test_sarif_for_clean_files_is_valid(in_tmp: Path) -> None:
    shutil.copyfile(FIXTURES / "good" / "complete-front-matter.md", in_tmp / "a.md")
    sarif = json.loads(run("check", "a.md", "--format", "sarif").out)
    sarif_validator().validate(sarif)
    assert sarif["runs"][0]["results"] == []


def test_github_annotations_field_by_field(in_tmp: Path) -> None:
    shutil.copyfile(TYPO, in_tmp / "b.md")
    lines = run("check", "b.md", "--format", "github").out.splitlines()
    assert lines == [
        "::warning file=b.md,line=3,col=1,endLine=3,endColumn=20,title=PM106 heading-typo::"
        "PM106 heading 'Incident summery' looks like a misspelling of 'Incident summary'",
        "::warning file=b.md,line=15,col=1,endLine=15,endColumn=12,title=PM103 section-order::"
        "PM103 section 'Timeline' is out of the template's order; it belongs after 'Recovery'",
        "::error file=b.md,line=64,col=1,endLine=64,endColumn=10,title=PM104 duplicate-section::"
        "PM104 duplicate section 'Impact' (first at line 20)",
    ]


def test_gitlab_code_quality_and_stable_fingerprints(in_tmp: Path) -> None:
    shutil.copyfile(TYPO, in_tmp / "b.md")
    issues = json.loads(run("check", "b.md", "--format", "gitlab").out)
    assert [
        (i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"])
        for i in issues
    ] == [
        ("PM106 heading-typo", "minor", "b.md", 3),
        ("PM103 section-order", "minor", "b.md", 15),
        ("PM104 duplicate-section", "major", "b.md", 64),
    ]
    assert issues[2]["description"] == "PM104 duplicate section 'Impact' (first at line 20)"
    assert all(re.fullmatch(r"[0-9a-f]{64}", i["fingerprint"]) for i in issues)
    before = [i["fingerprint"] for i in issues]
    text = (in_tmp / "b.md").read_text()
    (in_tmp / "b.md").write_text(
        text.replace("A cron schedule was edited.", "A cron\nschedule\nwas edited.")
    )
    moved = json.loads(run("check", "b.md", "--format", "gitlab").out)
    assert [i["location"]["lines"]["begin"] for i in moved] == [3, 17, 66]
    assert [i["fingerprint"] for i in moved] == before


def test_statistics(in_tmp: Path) -> None:
    shutil.copyfile(TYPO, in_tmp / "b.md")
    out = run("check", "b.md", "--statistics", "-q").out.splitlines()
    assert out[-4:] == [
        "    1  PM103  section-order",
        "    1  PM104  duplicate-section",
        "    1  PM106  heading-typo",
        "cache: 0 of 1 file from the cache",
    ]
    assert run("check", "b.md", "--statistics", "-q").out.splitlines()[-1] == (
        "cache: 1 of 1 file from the cache"
    )
    assert run("check", "b.md", "--statistics", "-q", "--no-cache").out.splitlines()[-1] == (
        "    1  PM106  heading-typo"
    )


SUPPRESSED = """# 2025-01-01 T

<!-- pmlint-disable-file missing-section -->

## Incident summary

Between XX:XX and 10:00 UTC. TODO.

<!-- pmlint-disable PM201 -->
Fill in ＿＿ later.
Also ＿＿.
<!-- pmlint-enable PM201 -->

After the range: ＿＿.

<!-- pmlint-disable-next-line PM201 -->
Next line only: ＿＿.
Not this one: ＿＿.

<!-- pmlint-disable-next-line PM999 -->
<!-- pmlint-disabel PM201 -->
<!-- pmlint-disable-next-line PM302 -->
Nothing to suppress here.
"""


def test_suppressions_cover_exactly_what_they_name(in_tmp: Path) -> None:
    (in_tmp / "pm.md").write_text(SUPPRESSED)
    out = run("check", "pm.md", "-q", "--extend-select", "PM902").out
    assert [f"{line.split(':')[1]} {line.split()[1]}" for line in out.splitlines()] == [
        "7 PM201",
        "7 PM201",
        "14 PM201",
        "18 PM201",
        "20 PM901",
        "21 PM901",
        "22 PM902",
    ]
    assert "'pmlint-disable-next-line' names an unknown rule 'PM999'" in out
    assert "unknown directive 'pmlint-disabel'" in out
    assert "'pmlint-disable-next-line' of PM302 suppressed nothing" in out
    # PM902 is off by default
    assert "PM902" not in run("check", "pm.md", "-q").out


def test_suppression_in_code_is_not_a_directive(in_tmp: Path) -> None:
    (in_tmp / "pm.md").write_text("# T\n\n```\n<!-- pmlint-disable-file -->\n```\n\nTODO.\n")
    out = run("check", "pm.md", "-q", "--select", "PM201").out
    assert out == "pm.md:7:1: PM201 unfilled blank 'TODO' [unfilled-blank]\n"


def test_changed_since_and_repository_default(in_tmp: Path) -> None:
    git(in_tmp, "init", "-q")
    (in_tmp / "postmortems").mkdir()
    for name in ("a.md", "b.md"):
        shutil.copyfile(
            FIXTURES / "good" / "complete-front-matter.md", in_tmp / "postmortems" / name
        )
    (in_tmp / ".gitignore").write_text("postmortems/ignored.md\n")
    shutil.copyfile(BAD, in_tmp / "postmortems" / "ignored.md")
    git(in_tmp, "add", ".")
    git(in_tmp, "commit", "-qm", "start")
    assert run("check", "--show-files").out == "postmortems/a.md\npostmortems/b.md\n"
    (in_tmp / "postmortems" / "b.md").write_text("# changed\n")
    shutil.copyfile(BAD, in_tmp / "postmortems" / "c.md")
    assert (
        run("check", "--show-files", "--changed-since", "HEAD").out
        == "postmortems/b.md\npostmortems/c.md\n"
    )
    bad = run("check", "--changed-since", "no-such-ref")
    assert bad.code == 2 and bad.err.startswith("pmlint: error: --changed-since no-such-ref: ")


def test_new_writes_a_skeleton_that_fails_until_filled(in_tmp: Path) -> None:
    result = run("new", "Checkout outage: payments 503s", "--date", "2025-03-11")
    assert (result.code, result.out) == (
        0,
        "postmortems/2025-03-11-checkout-outage-payments-503s.md\n",
    )
    target = in_tmp / "postmortems" / "2025-03-11-checkout-outage-payments-503s.md"
    text = target.read_text()
    assert text.startswith('---\ntitle: "Checkout outage: payments 503s"\ndate: 2025-03-11\n')
    assert text.count("\n## ") == 14
    assert "Write a summary of the incident" in text and "three-pronged" not in text
    assert "PM201" in run("check", str(target.relative_to(in_tmp)), "-q").out
    again = run("new", "Checkout outage: payments 503s", "--date", "2025-03-11")
    assert again.code == 2 and "already exists" in again.err
    filled = fill(text)
    target.write_text(filled)
    assert run("check", str(target.relative_to(in_tmp))).out == "All 1 file passed.\n"


def fill(text: str) -> str:
    """Fill the blanks the way an author would."""
    text = text.replace(
        "- ＿＿ — ＿＿", "- 13:58 — first checkout failures\n- 15:40 — error rate back to baseline"
    )
    whys = [
        "Checkout failed because the payments gateway timed out.",
        "The gateway timed out because its database connection pool was exhausted.",
        "The pool was exhausted because its connection limit was lowered to 50.",
        "The limit was lowered because a staging value was rolled out to production.",
        "The staging value reached production because the rollout has no per-environment check.",
    ]
    for number, why in enumerate(whys, 1):
        text = text.replace(f"{number}. ＿＿", f"{number}. {why}")
    text = text.replace(
        "| ＿＿ | ＿＿ | ＿＿ | ＿＿ |",
        "| Validate values per environment | @dana | 2025-03-25 | PAY-380 |",
    )
    sections = {
        "## Incident summary": "Between 13:58 and 15:40 UTC, 38% of checkouts failed.",
        "## Impact": "For 1 hour 42 minutes, 38% of checkout attempts failed.",
        "## Root cause": "The rollout has no per-environment check, so a staging pool limit reached production.",
    }
    parts = text.split("\n## ")
    out = [parts[0]]
    for part in parts[1:]:
        heading = "## " + part.split("\n", 1)[0]
        body = sections.get(heading, f"Written by the team for {heading[3:].lower()}.")
        out.append(part.replace("＿＿", body, 1))
    return "\n## ".join(out)


def test_config_shows_values_and_sources(in_tmp: Path) -> None:
    (in_tmp / ".pmlint.toml").write_text("ignore = ['PM103']\nmax-nesting = 20\n")
    out = run("config", "a.md").out.splitlines()
    assert out[0] == "# configuration for a.md"
    assert out[1] == f"# file: {in_tmp / '.pmlint.toml'}"
    assert "max-nesting = 20  # " + str(in_tmp / ".pmlint.toml") in out
    assert 'template = "atlassian"  # default' in out
    assert 'PM101 = "error"' in out and not any(line.startswith("PM103 =") for line in out)


def test_docs_pages_match_the_rule_docstrings() -> None:
    docs = REPO / "docs" / "rules"
    assert (docs / "README.md").read_text("utf-8") == index()
    for rule in RULES:
        assert (docs / f"{rule.code}.md").read_text("utf-8") == page(rule), rule.code
    assert len(list(docs.glob("PM*.md"))) == len(RULES)


def test_action_runs_pmlint_with_github_annotations() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text("utf-8"))
    assert action["runs"]["using"] == "composite"
    runs = [step.get("run", "") for step in action["runs"]["steps"]]
    assert any("pip install" in r and "GITHUB_ACTION_PATH" in r for r in runs)
    assert any("python - --format github" in r and '"pmlint", "check"' in r for r in runs)
    assert any("python - --format sarif" in r for r in runs)
    assert set(action["inputs"]) == {"paths", "args", "sarif-file", "python-version"}


@pytest.mark.parametrize("code", [r.code for r in RULES])
def test_explain_every_rule(code: str) -> None:
    result = run("explain", code)
    assert result.code == 0 and "Bad" in result.out and "Good" in result.out
