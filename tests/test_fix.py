"""--fix and --diff: byte-exact, idempotent, atomic."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from conftest import run

DAMAGED = (
    "\ufeff# Gateway restart\r\n\r\n"
    "The gateway was restarted â€” twice.  \r\n"
    "CafÃ© menu and ï¼¿ï¼¿ and `â€” in code` stay.\r\n"
    "No final newline here"
).encode()
FIXED = (
    "\ufeff# Gateway restart\r\n\r\n"
    "The gateway was restarted — twice.  \r\n"
    "Café menu and ＿＿ and `â€” in code` stay.\r\n"
    "No final newline here"
).encode()


def test_json_marks_mojibake_fixable(in_tmp: Path) -> None:
    (in_tmp / "pm.md").write_bytes(DAMAGED)
    result = run("check", "pm.md", "--select", "PM204", "--format", "json")
    findings = json.loads(result.out)["findings"]
    assert [(f["line"], f["column"], f["end_column"], f["fixable"]) for f in findings] == [
        (3, 27, 30, True),
        (4, 4, 6, True),
        (4, 16, 22, True),
    ]


def test_fix_repairs_only_the_damaged_bytes_and_is_idempotent(in_tmp: Path) -> None:
    target = in_tmp / "pm.md"
    target.write_bytes(DAMAGED)
    target.chmod(0o640)
    result = run("check", "pm.md", "--fix", "--select", "PM204")
    assert (result.code, result.out) == (0, "All 1 file passed.\nFixed 3 findings.\n")
    assert target.read_bytes() == FIXED
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    again = run("check", "pm.md", "--fix", "--select", "PM204")
    assert (again.code, again.out) == (0, "All 1 file passed.\n")
    assert target.read_bytes() == FIXED
    assert [p.name for p in in_tmp.iterdir()] == ["pm.md"]  # no temporary file left


def test_fix_reports_what_remains(in_tmp: Path) -> None:
    (in_tmp / "pm.md").write_bytes(DAMAGED)
    result = run("check", "pm.md", "--fix", "--select", "PM2", "-q")
    assert result.code == 1
    assert result.out == "pm.md:4:15: PM201 unfilled blank '＿＿' [unfilled-blank]\n"


def test_diff_prints_the_same_change_and_writes_nothing(in_tmp: Path) -> None:
    target = in_tmp / "pm.md"
    target.write_bytes(DAMAGED)
    result = run("check", "pm.md", "--diff", "--select", "PM204")
    assert result.code == 1
    assert target.read_bytes() == DAMAGED
    assert result.out_bytes.decode().split("\n")[:-1] == [
        "--- a/pm.md",
        "+++ b/pm.md",
        "@@ -1,5 +1,5 @@",
        " \ufeff# Gateway restart\r",
        " \r",
        "-The gateway was restarted â€” twice.  \r",
        "-CafÃ© menu and ï¼¿ï¼¿ and `â€” in code` stay.\r",
        "+The gateway was restarted — twice.  \r",
        "+Café menu and ＿＿ and `â€” in code` stay.\r",
        " No final newline here",
        "\\ No newline at end of file",
    ]
    assert result.err == "Would fix 3 findings.\n"
    target.write_bytes(FIXED)
    clean = run("check", "pm.md", "--diff", "--select", "PM204")
    assert (clean.code, clean.out) == (0, "")


def test_fix_through_a_symlink_rewrites_the_target(in_tmp: Path) -> None:
    (in_tmp / "real.md").write_bytes(DAMAGED)
    os.symlink("real.md", in_tmp / "link.md")
    run("check", "link.md", "--fix", "--select", "PM204")
    assert (in_tmp / "link.md").is_symlink()
    assert (in_tmp / "real.md").read_bytes() == FIXED


def test_fix_from_stdin_prints_the_fixed_content(in_tmp: Path) -> None:
    result = run("check", "-", "--fix", "--select", "PM204", stdin=DAMAGED)
    assert result.code == 0
    assert result.out_bytes == FIXED


def test_files_without_fixes_are_not_touched(in_tmp: Path) -> None:
    target = in_tmp / "pm.md"
    target.write_bytes(b"# T\n\nNothing to fix here.\n")
    before = target.stat().st_mtime_ns
    os.utime(target, ns=(before - 10**9, before - 10**9))
    run("check", "pm.md", "--fix")
    assert target.stat().st_mtime_ns == before - 10**9
