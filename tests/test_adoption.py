"""Template presets and the findings baseline: adopting pmlint in an existing repository."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, TESTS, git, run
from pmlint.headings import normalize_heading
from pmlint.schema import default_schema_bytes, schema_name
from pmlint.template import TEMPLATES, load_template

CORPUS = TESTS / "corpus"
SRE_NAMES = {
    "summary": "Summary",
    "issue summary": "Summary",
    "impact": "Impact",
    "root cause": "Root Causes",
    "root causes": "Root Causes",
    "trigger": "Trigger",
    "resolution": "Resolution",
    "resolution and recovery": "Resolution",
    "detection": "Detection",
    "action items": "Action Items",
    "lessons learned": "Lessons Learned",
    "timeline": "Timeline",
}


def sre_documents() -> list[str]:
    rows = (CORPUS / "MANIFEST.tsv").read_text("utf-8").splitlines()
    header = rows[0].split("\t")
    found = [dict(zip(header, r.split("\t"), strict=False)) for r in rows[1:]]
    return [
        r["file"] for r in found if r["template_family"] == "google-sre" and r["kind"] != "template"
    ]


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_preset_ships_a_schema_identical_to_the_repository_copy(template: str) -> None:
    assert default_schema_bytes(template) == (REPO / "schema" / schema_name(template)).read_bytes()


def test_google_sre_documents_get_no_pm101_for_sections_they_have(in_tmp: Path) -> None:
    (in_tmp / "sre.toml").write_text('template = "google-sre"\n')
    names = sre_documents()
    assert len(names) == 24
    checked = 0
    for name in names:
        path = CORPUS / name
        text = path.read_text("utf-8", errors="replace")
        present = {
            SRE_NAMES[normalize_heading(line.lstrip("#"))]
            for line in text.splitlines()
            if line.startswith("#") and normalize_heading(line.lstrip("#")) in SRE_NAMES
        }
        out = run("check", str(path), "--config", "sre.toml", "--select", "PM101", "-q").out
        for heading in present:
            assert f"missing section '{heading}'" not in out, (name, heading)
            checked += 1
    assert checked > 60


def test_sre_action_item_table_is_read(in_tmp: Path) -> None:
    (in_tmp / "sre.toml").write_text('template = "google-sre"\n')
    path = CORPUS / "real" / "etcd-io__etcd__Documentation__postmortems__v3.5-data-inconsistency.md"
    actions = json.loads(run("actions", str(path), "--config", "sre.toml", "--format", "json").out)[
        "actions"
    ]
    row = next(a for a in actions if a["line"] == 120)
    assert row["text"] == "etcd testing can reproduce historical data inconsistency issues"
    assert (row["ticket"], row["done"]) == ("https://github.com/etcd-io/etcd/issues/14045", True)


def test_presets_order_and_require_their_own_sections(in_tmp: Path) -> None:
    sre = load_template("google-sre")
    assert list(sre.order) == [
        "incident_summary",
        "impact",
        "root_cause",
        "leadup",
        "recovery",
        "detection",
        "corrective_actions",
        "lessons_learned",
        "timeline",
    ]
    assert sre.heading_of("leadup") == "Trigger"
    (in_tmp / ".pmlint.toml").write_text('template = "minimal"\n')
    (in_tmp / "pm.md").write_text(
        "# T\n\n## Summary\n\nDown for 3 minutes.\n\n## Five whys\n\n1. x\n"
    )
    out = run("check", "pm.md", "-q", "--select", "PM101,PM103").out
    assert [line.split("PM101 ")[1].split(" (")[0] for line in out.splitlines()] == [
        "missing section 'Impact'",
        "missing section 'Timeline'",
        "missing section 'Root cause'",
        "missing section 'Corrective actions'",
    ]
    assert json.loads(run("schema").out)["properties"]["sections"]["required"] == [
        "incident_summary",
        "impact",
        "timeline",
        "root_cause",
        "corrective_actions",
    ]


@pytest.mark.parametrize("template", TEMPLATES)
def test_new_uses_the_preset_skeleton(in_tmp: Path, template: str) -> None:
    out = run("new", "Disk full", "--date", "2025-01-02", "--template", template).out.strip()
    text = (in_tmp / out).read_text()
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == [s.heading for s in load_template(template).sections if s.own]
    (in_tmp / ".pmlint.toml").write_text(f'template = "{template}"\n')
    result = run("check", out, "-q", "--select", "PM101,PM103,PM104,PM106")
    assert result.out == ""


def git_repo(tmp: Path) -> None:
    git(tmp, "init", "-q")


def test_baseline_then_only_new_findings(in_tmp: Path) -> None:
    git_repo(in_tmp)
    (in_tmp / "postmortems").mkdir()
    names = sorted((CORPUS / "real").glob("dfds__*.md"))[:4]
    for path in names:
        shutil.copyfile(path, in_tmp / "postmortems" / path.name)
    assert run("check").code == 1
    recorded = run("baseline")
    assert recorded.code == 0 and recorded.out.startswith("Recorded ")
    clean = run("check")
    assert (clean.code, clean.out) == (0, "All 4 files passed.\n")
    assert "in .pmlint-baseline.json not shown" in clean.err
    target = in_tmp / "postmortems" / names[0].name
    lines = target.read_text().split("\n")
    lines.insert(2, "Blank left: ＿＿.")
    target.write_text("\n".join(lines))
    new = run("check", "-q")
    assert new.code == 1
    assert (
        new.out
        == f"postmortems/{names[0].name}:3:13: PM201 unfilled blank '＿＿' [unfilled-blank]\n"
    )
    assert "PM101" in run("check", "-q", "--no-baseline").out


def test_unrelated_edits_keep_the_baseline_and_fixed_findings_are_stale(in_tmp: Path) -> None:
    git_repo(in_tmp)
    (in_tmp / "postmortems").mkdir()
    target = in_tmp / "postmortems" / "a.md"
    shutil.copyfile(FIXTURES / "bad" / "order-duplicate-typo.md", target)
    run("baseline")
    target.write_text("New first paragraph.\n\n" + target.read_text())
    assert run("check").code == 0
    target.write_text(target.read_text().replace("## Incident summery", "## Incident summary"))
    result = run("check")
    assert result.code == 0
    assert "1 entry in .pmlint-baseline.json no longer found (fixed)" in result.err


def test_broken_baseline_is_a_clear_error(in_tmp: Path) -> None:
    git_repo(in_tmp)
    (in_tmp / ".pmlint-baseline.json").write_text("{not json")
    (in_tmp / "postmortems").mkdir()
    shutil.copyfile(FIXTURES / "good" / "complete-front-matter.md", in_tmp / "postmortems" / "a.md")
    result = run("check")
    assert result.code == 2
    assert "not a pmlint baseline (run 'pmlint baseline')" in result.err


# --- pmlint init --------------------------------------------------------------------------

NGINX = "jupyterhub__mybinder.org-deploy__docs__source__incident-reports__2018-02-22-nginx-down.md"


def _sre_repo(root: Path) -> Path:
    git(root, "init", "-q")
    folder = root / "incidents"
    folder.mkdir()
    for name in sre_documents():
        shutil.copyfile(CORPUS / name, folder / Path(name).name)
    return folder


def test_init_then_check_passes_and_a_new_defect_is_exactly_one_finding(in_tmp: Path) -> None:
    folder = _sre_repo(in_tmp)
    dry = run("init", "--dry-run")
    assert dry.code == 0
    assert 'template = "google-sre"' in dry.out and not (in_tmp / ".pmlint.toml").exists()
    made = run("init")
    assert made.code == 0
    assert "Found 24 postmortems; layout: google-sre." in made.out
    assert (in_tmp / ".pmlint.toml").read_text() == (
        'template = "google-sre"\ninclude = ["incidents/**/*.md"]\n'
    )
    assert run("check", "-q").code == 0
    with (folder / NGINX).open("a", encoding="utf-8") as handle:
        handle.write("2. Add a health check for the ingress (due: 2031-01-10, #530)\n")
    result = run("check", "-q")
    assert (result.code, result.out) == (
        1,
        f"incidents/{NGINX}:56:1: PM501 corrective action has no owner (@handle, "
        "'owner: name' or an Owner column) [action-missing-owner]\n",
    )


def test_init_never_replaces_a_configuration_without_force(in_tmp: Path) -> None:
    _sre_repo(in_tmp)
    (in_tmp / "pyproject.toml").write_text(
        '[project]\nname = "docs"\n\n[tool.pmlint]\nselect = ["PM5"]\n'
    )
    before = (in_tmp / "pyproject.toml").read_text()
    again = run("init")
    assert again.code == 0 and "already set up in pyproject.toml" in again.out
    assert (in_tmp / "pyproject.toml").read_text() == before
    assert run("init", "--force").code == 0
    text = (in_tmp / "pyproject.toml").read_text()
    assert text.count("[tool.pmlint]") == 1 and 'template = "google-sre"' in text
    assert '[project]\nname = "docs"' in text
