"""The command line as a user runs it: exact output and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, run
from pmlint import __version__
from pmlint.rules import RULES

GOOD = FIXTURES / "good" / "complete-front-matter.md"
TYPO = FIXTURES / "bad" / "order-duplicate-typo.md"


def copy(src: Path, dest_dir: Path, name: str | None = None) -> Path:
    dest = dest_dir / (name or src.name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    return dest


def test_version() -> None:
    result = run("--version")
    assert (result.code, result.out) == (0, f"pmlint {__version__}\n")


def test_clean_file_text_output(in_tmp: Path) -> None:
    copy(GOOD, in_tmp, "pm.md")
    result = run("check", "pm.md")
    assert (result.code, result.out, result.err) == (0, "All 1 file passed.\n", "")


def test_bare_paths_mean_check(in_tmp: Path) -> None:
    copy(GOOD, in_tmp, "pm.md")
    assert run("pm.md").out == "All 1 file passed.\n"


def test_findings_text_output_and_exit_1(in_tmp: Path) -> None:
    copy(TYPO, in_tmp, "pm.md")
    result = run("check", "pm.md")
    assert result.code == 1
    assert result.out == (
        "pm.md:3:1: PM106 heading 'Incident summery' looks like a misspelling of "
        "'Incident summary' [heading-typo]\n"
        "pm.md:15:1: PM103 section 'Timeline' is out of the template's order; it belongs "
        "after 'Recovery' [section-order]\n"
        "pm.md:64:1: PM104 duplicate section 'Impact' (first at line 20) [duplicate-section]\n"
        "Found 1 error and 2 warnings in 1 file.\n"
    )


def test_warnings_only_exit_0_unless_max_warnings(in_tmp: Path) -> None:
    copy(TYPO, in_tmp, "pm.md")
    assert run("check", "pm.md", "--ignore", "PM104").code == 0
    assert run("check", "pm.md", "--ignore", "PM104", "--max-warnings", "2").code == 0
    assert run("check", "pm.md", "--ignore", "PM104", "--max-warnings", "1").code == 1


def test_exit_zero_and_quiet(in_tmp: Path) -> None:
    copy(TYPO, in_tmp, "pm.md")
    result = run("check", "pm.md", "--exit-zero", "--quiet", "--select", "PM104")
    assert result.code == 0
    assert result.out == (
        "pm.md:64:1: PM104 duplicate section 'Impact' (first at line 20) [duplicate-section]\n"
    )


def test_select_by_name_prefix_and_ignore(in_tmp: Path) -> None:
    copy(TYPO, in_tmp, "pm.md")
    out = run("check", "pm.md", "-q", "--select", "heading-typo,PM104").out
    assert [line.split()[1] for line in out.splitlines()] == ["PM106", "PM104"]
    out = run("check", "pm.md", "-q", "--select", "PM1", "--ignore", "section-order").out
    assert [line.split()[1] for line in out.splitlines()] == ["PM106", "PM104"]
    out = run("check", "pm.md", "-q", "--extend-ignore", "PM106,PM103").out
    assert [line.split()[1] for line in out.splitlines()] == ["PM104"]


def test_unknown_selector_is_usage_error(in_tmp: Path) -> None:
    copy(GOOD, in_tmp, "pm.md")
    result = run("check", "pm.md", "--select", "PM999")
    assert (result.code, result.out) == (2, "")
    assert result.err == "pmlint: error: --select: unknown rule 'PM999'\n"


def test_json_output(in_tmp: Path) -> None:
    copy(TYPO, in_tmp, "pm.md")
    result = run("check", "pm.md", "--format", "json", "--select", "PM104")
    assert result.code == 1
    assert json.loads(result.out) == {
        "version": 1,
        "findings": [
            {
                "path": "pm.md",
                "line": 64,
                "column": 1,
                "end_line": 64,
                "end_column": 10,
                "rule": "PM104",
                "name": "duplicate-section",
                "severity": "error",
                "message": "duplicate section 'Impact' (first at line 20)",
                "fixable": False,
            }
        ],
        "summary": {"files": 1, "errors": 1, "warnings": 0},
    }


def test_format_auto_is_github_under_actions(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy(TYPO, in_tmp, "pm.md")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run("check", "pm.md", "--select", "PM104")
    assert result.out == (
        "::error file=pm.md,line=64,col=1,endLine=64,endColumn=10,"
        "title=PM104 duplicate-section::PM104 duplicate section 'Impact' (first at line 20)\n"
    )


def test_output_file(in_tmp: Path) -> None:
    copy(GOOD, in_tmp, "pm.md")
    result = run("check", "pm.md", "--output-file", "report.json", "--format", "json")
    assert (result.code, result.out) == (0, "")
    assert json.loads((in_tmp / "report.json").read_text())["summary"]["files"] == 1


def test_color_always_and_never(in_tmp: Path) -> None:
    copy(TYPO, in_tmp, "pm.md")
    assert "\x1b[" in run("check", "pm.md", "--color", "always").out
    assert "\x1b[" not in run("check", "pm.md", "--color", "never").out


def test_stdin_with_filename(in_tmp: Path) -> None:
    result = run("check", "-", "--stdin-filename", "postmortems/x.md", stdin=TYPO.read_bytes())
    assert result.code == 1
    assert result.out.splitlines()[0].startswith("postmortems/x.md:3:1: PM106 ")
    result = run("check", "-", "--select", "PM104", "-q", stdin=TYPO.read_bytes())
    assert result.out.startswith("-:64:1: PM104 ")


def test_missing_file_is_pm001_not_usage_error(in_tmp: Path) -> None:
    result = run("check", "nope.md", "-q")
    assert result.code == 1
    assert result.out == (
        "nope.md:1:1: PM001 cannot read file: no such file or directory [unreadable-file]\n"
    )


def test_binary_and_non_utf8_files(in_tmp: Path) -> None:
    (in_tmp / "bin.md").write_bytes(b"\x00\x01\x02")
    (in_tmp / "latin.md").write_bytes(b"# Caf\xe9\n")
    result = run("check", "bin.md", "latin.md", "-q")
    assert result.out == (
        "bin.md:1:1: PM001 binary file (contains NUL bytes) [unreadable-file]\n"
        "latin.md:1:1: PM001 not valid UTF-8 (byte 0xe9 on line 1) [unreadable-file]\n"
    )


def test_guards_refuse_deep_nesting_and_large_files(in_tmp: Path) -> None:
    (in_tmp / "deep.md").write_text(">" * 40 + " x\n")
    (in_tmp / ".pmlint.toml").write_text("max-file-size = 100\n")
    (in_tmp / "big.md").write_text("# T\n" + "x" * 200 + "\n")
    result = run("check", "deep.md", "big.md", "-q")
    assert result.out == (
        "big.md:1:1: PM001 file is 205 bytes, over max-file-size (100) [unreadable-file]\n"
        "deep.md:1:1: PM001 nesting deeper than max-nesting (32) on line 1: refused to "
        "protect the Markdown parser [unreadable-file]\n"
    )


def test_internal_error_becomes_pm000_and_run_goes_on(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmlint import document

    def boom(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")

    copy(GOOD, in_tmp, "a.md")
    (in_tmp / "b.md").write_text("# x\n")
    monkeypatch.setattr(document, "build", boom)  # engine imports it when it lints
    result = run("check", "a.md", "b.md", "-q", "--ignore", "PM000")
    assert result.code == 1
    assert result.out == (
        "a.md:1:1: PM000 internal error: RuntimeError: boom (a bug in pmlint; run with --debug "
        "for the traceback) [internal-error]\n"
        "b.md:1:1: PM000 internal error: RuntimeError: boom (a bug in pmlint; run with --debug "
        "for the traceback) [internal-error]\n"
    )
    assert "Traceback" not in result.err
    assert "Traceback" in run("check", "a.md", "--debug").err


def test_directory_argument_expands_markdown_and_applies_exclude(in_tmp: Path) -> None:
    copy(GOOD, in_tmp / "docs", "a.md")
    copy(GOOD, in_tmp / "docs" / "sub", "b.markdown")
    copy(GOOD, in_tmp / "docs", "README.md")
    copy(GOOD, in_tmp / "docs", "my-template.md")
    (in_tmp / "docs" / "notes.txt").write_text("x")
    result = run("check", "docs", "--show-files")
    assert (result.code, result.out) == (0, "docs/a.md\ndocs/sub/b.markdown\n")
    assert run("check", "docs/README.md", "--show-files").out == ""


def test_no_arguments_lints_postmortem_folders(in_tmp: Path) -> None:
    copy(GOOD, in_tmp / "postmortems" / "2025", "a.md")
    copy(GOOD, in_tmp / "docs" / "incidents", "b.md")
    copy(GOOD, in_tmp / "docs", "guide.md")
    copy(GOOD, in_tmp / "postmortems", "index.md")
    assert run("check", "--show-files").out == "docs/incidents/b.md\npostmortems/2025/a.md\n"
    assert run("check").out == "All 2 files passed.\n"


def test_nothing_to_lint_says_so_and_exits_0(in_tmp: Path) -> None:
    result = run("check")
    assert (result.code, result.out) == (0, "")
    assert result.err == "pmlint: no postmortems to lint (nothing matched include/exclude)\n"
    result = run("check", "--format", "json")
    assert json.loads(result.out)["summary"] == {"files": 0, "errors": 0, "warnings": 0}


def test_export_prints_document_with_lines(in_tmp: Path) -> None:
    copy(GOOD, in_tmp, "pm.md")
    result = run("export", "pm.md")
    assert result.code == 0
    doc = json.loads(result.out)
    assert doc["path"] == "pm.md"
    assert (doc["title"], doc["title_line"]) == ("2025-03-11 Checkout outage", 2)
    assert doc["metadata"]["date"] == "2025-03-11"
    assert doc["metadata_lines"]["severity"] == 4
    assert doc["incident_date"] == "2025-03-11"
    assert {k: v["line"] for k, v in doc["sections"].items()} == {
        "incident_summary": 11,
        "leadup": 18,
        "fault": 24,
        "impact": 29,
        "detection": 34,
        "response": 39,
        "recovery": 45,
        "timeline": 50,
        "five_whys": 62,
        "root_cause": 70,
        "backlog_check": 75,
        "recurrence": 80,
        "lessons_learned": 84,
        "corrective_actions": 89,
    }


def test_export_unreadable_is_usage_error(in_tmp: Path) -> None:
    result = run("export", "nope.md")
    assert result.code == 2
    assert result.err == "pmlint: error: nope.md: cannot read file (no such file or directory)\n"


def test_schema_prints_packaged_schema() -> None:
    result = run("schema")
    assert result.code == 0
    assert result.out == (REPO / "schema" / "postmortem.schema.json").read_text("utf-8")


def test_rules_lists_every_rule() -> None:
    lines = run("rules").out.splitlines()
    assert [line.split()[0] for line in lines] == [r.code for r in RULES]
    assert lines[3].split()[:3] == ["PM101", "missing-section", "error"]


def test_explain_by_code_and_name() -> None:
    by_code = run("explain", "PM104")
    assert by_code.code == 0
    assert by_code.out.startswith("PM104 duplicate-section\nDefault severity: error.")
    assert "Bad:" in by_code.out and "Good:" in by_code.out
    assert run("explain", "duplicate-section").out == by_code.out
    unknown = run("explain", "PM999")
    assert (unknown.code, unknown.err) == (
        2,
        "pmlint: error: unknown rule 'PM999' (see 'pmlint rules')\n",
    )
