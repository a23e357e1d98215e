"""A gate that cannot be fooled, hung or made to lose work: --fix never overwrites an edit,
the hook and the cache fail closed, user text never reaches git as an option, and the command
line answers every misuse with one line instead of a traceback."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, REPO, git, run
from pmlint.engine import Parsed
from pmlint.findings import Finding
from pmlint.session import Linter

DAMAGED = "# Gateway restart\n\nThe gateway was restarted â€” twice.\n".encode()
FIXED = "# Gateway restart\n\nThe gateway was restarted — twice.\n".encode()
FIX = ("check", "pm.md", "--fix", "--select", "PM204")


# --- --fix never loses work ------------------------------------------------------------------


@pytest.mark.parametrize("edit", ["longer", "same size and time"])
def test_fix_does_not_overwrite_an_edit_made_while_it_ran(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    target = in_tmp / "pm.md"
    target.write_bytes(DAMAGED)
    saved = b"# Gateway restart\n\nThe author saved this meanwhile.\n"
    if edit == "same size and time":
        saved = DAMAGED.replace(b"twice", b"TWICE")
    real_fix = Linter.fix

    def author_saves_meanwhile(
        self: Linter, path: Path | None, data: bytes, shown: str
    ) -> tuple[bytes, list[Finding], int]:
        result = real_fix(self, path, data, shown)
        before = target.stat()
        target.write_bytes(saved)
        if edit == "same size and time":
            os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
        return result

    monkeypatch.setattr(Linter, "fix", author_saves_meanwhile)
    result = run(*FIX, "-q")
    assert target.read_bytes() == saved
    assert result.code == 2
    assert result.err == "pmlint: error: pm.md: changed while pmlint was fixing it, not written\n"
    assert sorted(p.name for p in in_tmp.iterdir()) == ["pm.md"]  # no temporary file left


def test_fix_refuses_a_read_only_file(in_tmp: Path) -> None:
    target = in_tmp / "pm.md"
    target.write_bytes(DAMAGED)
    target.chmod(0o444)
    result = run(*FIX, "-q")
    assert target.read_bytes() == DAMAGED
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert (result.code, result.err) == (2, "pmlint: error: pm.md: read-only, not fixed\n")
    assert result.out.startswith("pm.md:3:27: PM204 ")  # still reported, not fixed
    assert run(*FIX, "-q", "--exit-zero").code == 2  # --exit-zero never hides an error


def test_fix_keeps_hard_links(in_tmp: Path) -> None:
    target = in_tmp / "pm.md"
    target.write_bytes(DAMAGED)
    os.link(target, in_tmp / "other-name.md")
    result = run(*FIX)
    assert (result.code, result.err) == (0, "")
    assert (in_tmp / "other-name.md").read_bytes() == FIXED
    assert target.stat().st_ino == (in_tmp / "other-name.md").stat().st_ino
    assert target.stat().st_nlink == 2


def test_fix_keeps_owner_group_and_mode(in_tmp: Path) -> None:
    target = in_tmp / "pm.md"
    target.write_bytes(DAMAGED)
    # Root can give the file to anyone; another user can only use its own groups.
    owner = (4242, 4343) if os.geteuid() == 0 else (os.getuid(), os.getgroups()[-1])
    os.chown(target, *owner)
    target.chmod(0o604)
    assert run(*FIX).code == 0
    after = target.stat()
    assert target.read_bytes() == FIXED
    assert ((after.st_uid, after.st_gid), stat.S_IMODE(after.st_mode)) == (owner, 0o604)


def test_fix_refuses_when_it_cannot_keep_owner_and_group(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = in_tmp / "pm.md"
    target.write_bytes(DAMAGED)

    def not_permitted(fd: int, uid: int, gid: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", not_permitted)
    result = run(*FIX, "-q")
    assert target.read_bytes() == DAMAGED
    assert (result.code, result.err) == (
        2,
        "pmlint: error: pm.md: cannot keep its owner and group, not fixed\n",
    )
    assert sorted(p.name for p in in_tmp.iterdir()) == ["pm.md"]


# --- user text never reaches git as an option ----------------------------------------------


def test_changed_since_is_never_read_as_a_git_option(in_tmp: Path) -> None:
    git(in_tmp, "init", "-q")
    git(in_tmp, "commit", "-q", "--allow-empty", "-m", "start")
    victim = in_tmp / "precious.txt"
    victim.write_text("keep me\n")
    ref = f"--output={victim}"
    result = run("check", f"--changed-since={ref}")
    assert victim.read_text() == "keep me\n"
    assert (result.code, result.err) == (
        2,
        f"pmlint: error: --changed-since {ref}: not a commit in this repository\n",
    )
    assert run("check", "--changed-since", "HEAD").code == 0  # a real ref still works


def test_staged_takes_no_paths_and_needs_a_repository(in_tmp: Path) -> None:
    outside = run("check", "--staged")
    assert (outside.code, outside.err) == (2, "pmlint: error: --staged needs a git repository\n")
    git(in_tmp, "init", "-q")
    with_paths = run("check", "--staged", "a.md")
    assert (with_paths.code, with_paths.err) == (
        2,
        "pmlint: error: --staged lints what is staged: no paths, --fix, --diff or --changed-since\n",
    )
    assert run("check", "--staged").code == 0  # nothing staged


# --- the result cache trusts nothing it did not write -------------------------------------

TYPO = FIXTURES / "bad" / "order-duplicate-typo.md"
RECORD = {
    "path": "a.md",
    "line": 1,
    "column": 1,
    "rule": "PM104",
    "end_line": 1,
    "end_column": 2,
    "name": "duplicate-section",
    "severity": "error",
    "message": "planted",
    "fixable": False,
    "context": "",
}


def cached_run(in_tmp: Path) -> tuple[str, list[Path]]:
    """The report of a first, cache-filling run and the entries it wrote."""
    shutil.copyfile(TYPO, in_tmp / "a.md")
    first = run("check", "a.md", "--format", "json")
    assert first.code == 1
    return first.out, sorted((in_tmp / ".pmlint_cache").glob("*/*.json"))


@pytest.mark.parametrize(
    "planted",
    [
        b"[]",  # "this file is clean", planted or committed
        b"0" * 64 + b"\n[]",  # with a made-up checksum
        b"[" * 100_000,  # nesting that json cannot parse
        json.dumps([{**RECORD, "line": "x"}, RECORD]).encode(),  # the wrong types
        b"\xff\xfe not even text",
    ],
)
def test_a_planted_or_damaged_cache_entry_is_a_miss(in_tmp: Path, planted: bytes) -> None:
    fresh, entries = cached_run(in_tmp)
    assert len(entries) == 1
    entries[0].write_bytes(planted)
    again = run("check", "a.md", "--format", "json")
    assert (again.code, again.out, again.err) == (1, fresh, "")


def test_a_cache_entry_that_is_a_fifo_is_a_miss_not_a_hang(in_tmp: Path) -> None:
    fresh, (entry,) = cached_run(in_tmp)
    entry.unlink()
    os.mkfifo(entry)
    again = run("check", "a.md", "--format", "json")
    assert (again.code, again.out) == (1, fresh)


def test_a_planted_config_marker_does_not_skip_validation(in_tmp: Path) -> None:
    cached_run(in_tmp)
    config = in_tmp / ".pmlint.toml"
    config.write_text("bogus = 1\n")
    digest = hashlib.sha256(str(config.resolve()).encode() + b"\0" + config.read_bytes())
    markers = in_tmp / ".pmlint_cache" / "config"
    markers.mkdir(exist_ok=True)
    (markers / digest.hexdigest()).write_bytes(b"")
    result = run("check", "a.md")
    assert (result.code, result.err) == (2, f"pmlint: error: {config}: unknown key 'bogus'\n")


def test_a_symlinked_cache_directory_is_not_written_through(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = in_tmp / "outside"
    outside.mkdir()
    (in_tmp / "repo").mkdir()
    os.symlink(outside, in_tmp / "repo" / ".pmlint_cache")
    shutil.copyfile(TYPO, in_tmp / "repo" / "a.md")
    monkeypatch.chdir(in_tmp / "repo")
    fresh = run("check", "a.md", "--no-cache").out
    assert run("check", "a.md").out == fresh
    assert run("check", "a.md", "--statistics").out.endswith("cache: 0 of 1 file from the cache\n")
    assert list(outside.iterdir()) == []


def test_a_planted_gitignore_symlink_in_the_cache_is_not_followed(in_tmp: Path) -> None:
    (in_tmp / ".pmlint_cache").mkdir()
    os.symlink(in_tmp / "victim.txt", in_tmp / ".pmlint_cache" / ".gitignore")
    cached_run(in_tmp)
    assert not (in_tmp / "victim.txt").exists()


# --- what is linted: nothing silently skipped -------------------------------------------------


def test_an_excluded_stdin_filename_lints_nothing(in_tmp: Path) -> None:
    (in_tmp / "postmortems").mkdir()
    shutil.copyfile(TYPO, in_tmp / "postmortems" / "a.md")  # not what was asked for
    stdin = TYPO.read_bytes()
    result = run("check", "-", "--stdin-filename", "postmortems/README.md", stdin=stdin)
    assert (result.code, result.out) == (0, "")
    assert result.err == "pmlint: no postmortems to lint (nothing matched include/exclude)\n"
    fixed = run("check", "-", "--fix", "--stdin-filename", "postmortems/README.md", stdin=stdin)
    assert (fixed.code, fixed.out_bytes) == (0, stdin)  # handed back unchanged


def test_stdin_filename_without_dash_reads_stdin(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text("# Other file\n")
    result = run(
        "check", "--stdin-filename", "pm.md", "-q", "--select", "PM104", stdin=TYPO.read_bytes()
    )
    assert result.out == (
        "pm.md:64:1: PM104 duplicate section 'Impact' (first at line 20) [duplicate-section]\n"
    )
    with_path = run(
        "check",
        "a.md",
        "--stdin-filename",
        "pm.md",
        "-q",
        "--select",
        "PM104",
        stdin=TYPO.read_bytes(),
    )
    assert with_path.out == result.out
    assert with_path.err == "pmlint: warning: ignoring a.md in favour of standard input\n"


def test_an_unreadable_directory_on_the_command_line_is_pm001(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (in_tmp / "locked").mkdir()
    shutil.copyfile(TYPO, in_tmp / "locked" / "a.md")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:  # chmod 000 does not stop root
        if Path(str(path)).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    result = run("check", "locked", "-q")
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        "locked:1:1: PM001 cannot read directory: permission denied [unreadable-file]\n"
    )


@pytest.mark.parametrize("select", ["", "PM104"])
def test_a_missing_file_is_reported_whatever_the_selection(in_tmp: Path, select: str) -> None:
    result = run("check", "nope.md", "-q", "--select", select)
    assert (result.code, result.out) == (
        1,
        "nope.md:1:1: PM001 cannot read file: no such file or directory [unreadable-file]\n",
    )


# --- no tracebacks ----------------------------------------------------------------------------


def pmlint_in_shell(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a shell line with this environment's pmlint first on PATH."""
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    return subprocess.run(
        ["sh", "-c", script], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )


def test_closed_stdin_is_one_line(in_tmp: Path) -> None:
    result = pmlint_in_shell("pmlint check - <&-", in_tmp)
    assert (result.returncode, result.stderr) == (2, "pmlint: error: standard input is closed\n")
    exported = pmlint_in_shell("pmlint export - <&-", in_tmp)
    assert (exported.returncode, exported.stderr) == (
        2,
        "pmlint: error: standard input is closed\n",
    )


@pytest.mark.parametrize("command", ["pmlint check a.md --format json", "pmlint rules"])
def test_a_full_stdout_is_one_line(in_tmp: Path, command: str) -> None:
    shutil.copyfile(TYPO, in_tmp / "a.md")
    result = pmlint_in_shell(f"{command} > /dev/full", in_tmp)
    assert (result.returncode, result.stderr) == (
        2,
        "pmlint: error: cannot write the output (No space left on device)\n",
    )


def test_install_hook_when_core_hooks_path_is_a_file(in_tmp: Path) -> None:
    git(in_tmp, "init", "-q")
    (in_tmp / "hooks").write_text("not a directory\n")
    git(in_tmp, "config", "core.hooksPath", "hooks")
    result = run("install-hook")
    assert (result.code, result.err) == (
        2,
        f"pmlint: error: {in_tmp / 'hooks'} (git's hooks directory, core.hooksPath) "
        "is not a directory\n",
    )
    git(in_tmp, "config", "core.hooksPath", "hooks/below")
    below = run("install-hook")
    assert (below.code, below.err) == (
        2,
        f"pmlint: error: {in_tmp / 'hooks' / 'below' / 'pre-commit'}: cannot install the hook "
        "(not a directory)\n",
    )


EXTREME = """# Outage

## Timeline

- 9999-12-31 23:30 PST — started
- 0001-01-01 00:10 CET — ended
"""
ACTIONS = """# Outage

## Corrective actions

- [ ] Rotate the keys (owner: @a, due: 2025-01-10, ticket: SEC-1)
"""


def test_actions_survive_extreme_dates(in_tmp: Path) -> None:
    (in_tmp / "extreme.md").write_text(EXTREME)
    (in_tmp / "fine.md").write_text(ACTIONS)
    result = run("actions", "extreme.md", "fine.md", "--format", "csv")  # no traceback
    assert result.out.splitlines()[1:] == [
        "fine.md,5,"
        '"Rotate the keys (owner: @a, due: 2025-01-10, ticket: SEC-1)",@a,2025-01-10,'
        "2025-01-10,SEC-1,False,"
    ]
    assert "Traceback" not in result.err


def test_actions_report_a_file_pmlint_fails_on_in_one_line(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (in_tmp / "broken.md").write_text(ACTIONS)
    (in_tmp / "fine.md").write_text(ACTIONS)
    real_parse = Linter.parse

    def parse(self: Linter, path: Path | None, data: bytes, shown: str) -> Parsed:
        if shown == "broken.md":
            raise OverflowError("date value out of range")
        return real_parse(self, path, data, shown)

    monkeypatch.setattr(Linter, "parse", parse)
    result = run("actions", "broken.md", "fine.md", "--format", "csv")
    assert [line.split(",")[0] for line in result.out.splitlines()] == ["path", "fine.md"]
    assert (result.code, result.err) == (
        1,
        "pmlint: error: broken.md: internal error: OverflowError: date value out of range "
        "(a bug in pmlint)\n",
    )


def test_actions_take_today_from_the_configuration(in_tmp: Path) -> None:
    (in_tmp / "pm.md").write_text(ACTIONS)
    (in_tmp / ".pmlint.toml").write_text('today = "2025-02-01"\n')
    result = run("actions", "pm.md", "--format", "json")
    assert [row["overdue"] for row in json.loads(result.out)["actions"]] == [True]
    earlier = run("actions", "pm.md", "--format", "json", "--today", "2025-01-01")
    assert [row["overdue"] for row in json.loads(earlier.out)["actions"]] == [False]


# --- smaller contract gaps -------------------------------------------------------------------


def test_max_warnings_says_why_it_fails(in_tmp: Path) -> None:
    shutil.copyfile(TYPO, in_tmp / "pm.md")
    result = run("check", "pm.md", "--ignore", "PM104", "--max-warnings", "1", "-q")
    assert result.code == 1
    assert result.err == "pmlint: 2 warnings, more than --max-warnings 1 allows (exit 1)\n"
    assert run("check", "pm.md", "--ignore", "PM104", "--max-warnings", "2").err == ""


def test_statistics_in_the_json_summary(in_tmp: Path) -> None:
    shutil.copyfile(TYPO, in_tmp / "pm.md")
    result = run("check", "pm.md", "--format", "json", "--statistics", "--no-cache")
    assert json.loads(result.out)["summary"] == {
        "files": 1,
        "errors": 1,
        "warnings": 2,
        "statistics": [
            {"rule": "PM103", "name": "section-order", "count": 1},
            {"rule": "PM104", "name": "duplicate-section", "count": 1},
            {"rule": "PM106", "name": "heading-typo", "count": 1},
        ],
    }
    assert "statistics" not in json.loads(run("check", "pm.md", "--format", "json").out)["summary"]
    sarif = run("check", "pm.md", "--format", "sarif", "--statistics", "--no-cache")
    json.loads(sarif.out)  # still one document; the counts went to stderr
    assert sarif.err == (
        "    1  PM103  section-order\n    1  PM104  duplicate-section\n    1  PM106  heading-typo\n"
    )


def test_new_inside_the_postmortems_folder(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    git(in_tmp, "init", "-q")
    (in_tmp / "postmortems").mkdir()
    monkeypatch.chdir(in_tmp / "postmortems")
    result = run("new", "Disk full", "--date", "2025-03-11")
    assert (result.code, result.out) == (0, "postmortems/2025-03-11-disk-full.md\n")
    assert (in_tmp / "postmortems" / "2025-03-11-disk-full.md").is_file()
    outside = tmp_path_factory.mktemp("no-repository") / "postmortems"  # nor configuration
    outside.mkdir()
    monkeypatch.chdir(outside)
    alone = run("new", "Disk full", "--date", "2025-03-11")
    assert (alone.code, alone.out) == (0, "2025-03-11-disk-full.md\n")
    assert sorted(p.name for p in outside.iterdir()) == ["2025-03-11-disk-full.md"]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Ausfall der Übertragung", "ausfall-der-ubertragung"),
        ("Straße gesperrt", "strasse-gesperrt"),
        ("Panne de l'équipe", "panne-de-l-equipe"),
        ("Сбой оплаты", "сбой-оплаты"),
        ("決済障害", "決済障害"),
        ("データベースがダウン", "データベースがダウン"),
    ],
)
def test_new_keeps_the_letters_of_any_title(in_tmp: Path, title: str, slug: str) -> None:
    result = run("new", title, "--date", "2025-03-11")
    assert (result.code, result.out) == (0, f"postmortems/2025-03-11-{slug}.md\n")


def test_sarif_uri_is_percent_encoded(in_tmp: Path) -> None:
    name = "my incident #1 100%: café.md"
    shutil.copyfile(TYPO, in_tmp / name)
    sarif = json.loads(run("check", name, "--format", "sarif").out)
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for loc in result["locations"]
    }
    assert uris == {"my%20incident%20%231%20100%25%3A%20caf%C3%A9.md"}


def action_steps() -> list[dict[str, object]]:
    action = yaml.safe_load((REPO / "action.yml").read_text("utf-8"))
    return [step for step in action["runs"]["steps"] if "run" in step]


def test_action_inputs_never_reach_the_shell_as_code(in_tmp: Path) -> None:
    for step in action_steps():
        assert "${{" not in str(step["run"]), step["name"]  # inputs come through env
    bin_dir = in_tmp / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "pmlint"  # records the arguments it was given
    fake.write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        "open('argv.json', 'w').write(json.dumps(sys.argv[1:]))\n"
    )
    fake.chmod(0o755)
    path = os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent), os.environ["PATH"]])
    lint = next(s for s in action_steps() if s["name"] == "Lint postmortems")
    env = {
        **os.environ,
        "PATH": path,
        "PMLINT_ARGS": "--select 'PM1 PM2' $(touch pwned); touch pwned2",
        "PMLINT_PATHS": '"post mortems/a.md" --fix',
    }
    subprocess.run(["bash", "-c", str(lint["run"])], cwd=in_tmp, env=env, check=True)
    assert json.loads((in_tmp / "argv.json").read_text()) == [
        "check",
        "--format",
        "github",
        "--select",
        "PM1 PM2",
        "$(touch",
        "pwned);",
        "touch",
        "pwned2",
        "--",
        "post mortems/a.md",
        "--fix",
    ]
    assert not (in_tmp / "pwned").exists() and not (in_tmp / "pwned2").exists()


def test_readme_action_example_grants_what_sarif_upload_needs() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("## GitHub Actions", 1)[1].split("\n## ", 1)[0]
    example = yaml.safe_load(section.split("```yaml", 1)[1].split("```", 1)[0])
    (job,) = example["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    assert any("upload-sarif" in str(step.get("uses", "")) for step in job["steps"])
