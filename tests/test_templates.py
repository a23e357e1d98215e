"""Every template is self-consistent, and a team's own template works like a preset."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import TESTS, run
from pmlint.template import TEMPLATES

TEAM = TESTS / "repos" / "team-template"

SENTENCES = {
    "impact": "About 1,200 checkout requests failed over 25 minutes.",
    "customer effect": "About 1,200 checkout requests failed over 25 minutes.",
    "root cause": "The deploy pipeline allowed a pool size below peak load to ship.",
    "root causes": "The deploy pipeline allowed a pool size below peak load to ship.",
    "why it happened": "The deploy pipeline allowed a pool size below peak load to ship.",
}
WHYS = [
    "Checkout failed because the payments service ran out of database connections.",
    "The service ran out of database connections because its pool size was halved.",
    "The pool size was halved because a configuration change lowered it.",
    "The configuration change lowered it because the review had no load numbers.",
    "The review had no load numbers because the deploy pipeline allowed a pool size "
    "below peak load to ship.",
]
CELLS = {
    "action": "Alert on pool saturation",
    "task": "Alert on pool saturation",
    "action item": "Alert on pool saturation",
    "type": "mitigate",
    "owner": "@dana",
    "dri": "@dana",
    "due": "2031-01-15",
    "eta": "2031-01-15",
    "ticket": "PAY-412",
    "bug": "PAY-412",
    "jira": "PAY-412",
    "when (utc)": "10:00",
    "what": "configuration change deployed",
}


def fill(text: str) -> str:
    """Fill every blank of a new postmortem mechanically, as a careful author would."""
    out: list[str] = []
    section = ""
    header: list[str] = []
    why = 0
    for line in text.split("\n"):
        if line.startswith("## "):
            if out and _empty(out, section):
                out += [SENTENCES.get(section, f"The {section} is described here."), ""]
            section = line[3:].strip().lower()
        if line.startswith("|") and "---" not in line and not header:
            header = [c.strip().lower() for c in line.strip("|").split("|")]
        elif line.startswith("|") and "---" not in line:
            line = "| " + " | ".join(CELLS[h] for h in header) + " |"
            header = []
        elif re.match(r"\d\. ＿＿", line):
            line = f"{why + 1}. {WHYS[why]}"
            why += 1
        elif line.strip() == "- ＿＿ — ＿＿":
            line = "- 10:00 — configuration change deployed\n- 10:25 — change rolled back"
        elif line.strip() == "＿＿":
            line = SENTENCES.get(section, f"The {section} was written down by the team.")
        line = line.replace("<start time>", "10:00").replace("<end time>", "10:25")
        line = line.replace("[Service]", "the checkout API").replace("___", "12%")
        out.append(line)
    if _empty(out, section):
        out.append(SENTENCES.get(section, f"The {section} is described here."))
    return "\n".join(out)


def _empty(lines: list[str], section: str) -> bool:
    """The lines since the last heading hold nothing but comments and blank lines."""
    body = []
    for line in reversed(lines):
        if line.startswith("#"):
            break
        body.append(line)
    return bool(section) and all(not b.strip() or b.lstrip().startswith("<!--") for b in body)


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_filled_preset_skeleton_lints_clean(in_tmp: Path, template: str) -> None:
    (in_tmp / ".pmlint.toml").write_text(f'template = "{template}"\n')
    made = run("new", "Checkout outage", "--date", "2030-12-01", "--directory", "pm")
    assert made.code == 0
    path = in_tmp / made.out.strip()
    path.write_text(fill(path.read_text("utf-8")), "utf-8")
    assert run("check", str(path), "-q").out == ""


def test_a_filled_team_template_skeleton_lints_clean(in_tmp: Path) -> None:
    shutil.copytree(TEAM, in_tmp / "repo")
    made = run(
        "new",
        "Checkout outage",
        "--directory",
        "docs/postmortems",
        "--config",
        "repo/.pmlint.toml",
    )
    assert made.code == 0
    path = in_tmp / made.out.strip()
    path.write_text(fill(path.read_text("utf-8")), "utf-8")
    assert run("check", str(path), "-q", "--config", "repo/.pmlint.toml").out == ""


def test_a_team_template_works_like_a_preset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(TEAM)
    result = run("check", "--no-cache", "--format", "json")
    found = {
        (Path(f["path"]).name, f["line"], f["rule"]) for f in json.loads(result.out)["findings"]
    }
    assert not {f for f in found if f[0] == "2025-01-10-filled.md"}
    unfilled = {(line, rule) for name, line, rule in found if name == "2025-01-11-unfilled.md"}
    assert {(6, "PM202"), (8, "PM201"), (22, "PM201"), (36, "PM201")} <= unfilled

    def of(file: str) -> set[tuple[int, str]]:
        return {(line, rule) for name, line, rule in found if name == file}

    assert (3, "PM101") in of("2025-01-12-missing-section.md")
    assert (18, "PM302") in of("2025-01-13-local-times.md")
    assert of("2025-01-14-no-owner.md") == {(37, "PM501")}


def test_the_derived_schema_requires_the_templates_sections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(TEAM)
    schema = json.loads(run("schema").out)
    assert schema["properties"]["sections"]["required"] == [
        "incident_summary",
        "impact",
        "detection",
        "timeline",
        "root_cause",
        "contributing_conditions",
        "corrective_actions",
    ]  # "Vendor follow-up" is optional


def test_a_changed_template_invalidates_the_cache(in_tmp: Path) -> None:
    shutil.copytree(TEAM, in_tmp / "repo")
    config = "repo/.pmlint.toml"
    target = "repo/docs/postmortems/2025-01-10-filled.md"
    assert run("check", target, "--config", config, "--statistics").code == 0
    template = in_tmp / "repo" / "docs" / "postmortems" / "TEMPLATE.md"
    template.write_text(template.read_text("utf-8") + "\n## Customer comms\n\n_Who told whom._\n")
    again = run("check", target, "--config", config, "--statistics")
    assert "missing section 'Customer comms'" in again.out
    assert "cache: 0 of 1 file from the cache" in again.out
