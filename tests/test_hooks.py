"""The published pre-commit hook and the plain git hook, as users run them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, REPO, git
from pmlint.config import DEFAULT_EXCLUDE, DEFAULT_INCLUDE
from pmlint.globs import glob_matches

GOOD = FIXTURES / "good" / "complete-front-matter.md"
BAD = FIXTURES / "bad" / "order-duplicate-typo.md"

SAMPLE_PATHS = [
    "postmortems/2025-03-11-checkout.md",
    "docs/postmortems/2025/a.md",
    "post-mortems/a.markdown",
    "incidents/2024/outage.md",
    "docs/incident-reports/x.md",
    "pir/a.md",
    "team/pir/q1/a.md",
    "postmortems/README.md",
    "postmortems/index.md",
    "postmortems/postmortem-template.md",
    "postmortems/notes.txt",
    "docs/guide.md",
    "README.md",
    "postmortem.md",
    "src/incident.py",
    "pirate/a.md",
    "docs/postmortems-archive/2019/old.md",
]


def hook() -> dict[str, object]:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert [h["id"] for h in hooks] == ["pmlint"]
    return dict(hooks[0])


def test_hook_manifest_fields() -> None:
    h = hook()
    assert h["language"] == "python"
    assert h["types"] == ["markdown"]
    assert str(h["entry"]).split()[0] == "pmlint"


@pytest.mark.parametrize("path", SAMPLE_PATHS)
def test_hook_files_pattern_agrees_with_default_include_exclude(path: str) -> None:
    h = hook()
    is_markdown = path.endswith((".md", ".markdown"))
    by_hook = (
        is_markdown
        and re.search(str(h["files"]), path) is not None
        and re.search(str(h["exclude"]), path) is None
    )
    by_pmlint = glob_matches(DEFAULT_INCLUDE, path) and not glob_matches(DEFAULT_EXCLUDE, path)
    assert by_hook == by_pmlint


def with_pmlint_on_path() -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    (tmp_path / "postmortems").mkdir()
    return tmp_path


def run_hook(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(REPO / "hooks" / "pre-commit")],
        cwd=repo,
        capture_output=True,
        text=True,
        env=with_pmlint_on_path(),
        check=False,
    )


def test_plain_hook_judges_staged_content_not_working_tree(repo: Path) -> None:
    target = repo / "postmortems" / "a.md"
    shutil.copyfile(BAD, target)
    git(repo, "add", ".")
    shutil.copyfile(GOOD, target)  # fixed in the working tree, not staged
    result = run_hook(repo)
    assert result.returncode == 1
    assert "postmortems/a.md:64:1: PM104 duplicate section 'Impact'" in result.stdout

    git(repo, "add", ".")
    shutil.copyfile(BAD, target)  # broken in the working tree, good version staged
    result = run_hook(repo)
    assert (result.returncode, result.stdout) == (0, "")


def test_plain_hook_ignores_files_that_are_not_postmortems(repo: Path) -> None:
    shutil.copyfile(BAD, repo / "guide.md")
    shutil.copyfile(BAD, repo / "postmortems" / "README.md")
    git(repo, "add", ".")
    assert run_hook(repo).returncode == 0


def test_plain_hook_judges_every_staged_postmortem_whatever_its_name(repo: Path) -> None:
    names = ["café.md", "new\nline.md", "-dash.md", "sp ace*?.md", "deleted.md"]
    for name in names:
        shutil.copyfile(BAD, repo / "postmortems" / name)
    git(repo, "add", ".")
    (repo / "postmortems" / "deleted.md").unlink()  # staged, then deleted from the working tree
    result = run_hook(repo)
    assert result.returncode == 1
    for name in names:
        assert f"postmortems/{name}:64:1: PM104 duplicate section 'Impact'" in result.stdout


def test_plain_hook_blocks_the_commit_on_an_invalid_configuration(repo: Path) -> None:
    shutil.copyfile(BAD, repo / "postmortems" / "a.md")
    (repo / ".pmlint.toml").write_text("bogus = 1\n")
    git(repo, "add", ".")
    result = run_hook(repo)
    assert result.returncode == 2
    assert f"pmlint: error: {repo / '.pmlint.toml'}: unknown key 'bogus'" in result.stderr
    assert "pmlint hook: commit blocked (pmlint exited 2;" in result.stderr


def commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**with_pmlint_on_path(), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(
        ["git", "commit", "-qm", "pm", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.mark.slow  # two real commits through the installed hook (a few seconds)
def test_installed_hook_blocks_a_real_commit_of_what_would_be_committed(repo: Path) -> None:
    assert install_hook(repo).returncode == 0
    target = repo / "postmortems" / "a.md"
    shutil.copyfile(GOOD, target)
    git(repo, "add", ".")
    assert commit(repo).returncode == 0
    shutil.copyfile(BAD, target)  # not staged: a partial commit of the path takes it anyway
    blocked = commit(repo, "--", "postmortems/a.md")
    assert blocked.returncode == 1
    assert "postmortems/a.md:64:1: PM104" in blocked.stderr  # git shows hook output there
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "1"


def install_hook(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["pmlint", "install-hook"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=with_pmlint_on_path(),
        check=False,
    )


def test_install_hook(repo: Path) -> None:
    result = install_hook(repo)
    installed = repo / ".git" / "hooks" / "pre-commit"
    assert result.returncode == 0
    assert installed.read_bytes() == (REPO / "hooks" / "pre-commit").read_bytes()
    assert os.access(installed, os.X_OK)
    again = install_hook(repo)
    assert again.returncode == 2
    assert "already exists (use --force to replace it)" in again.stderr


@pytest.mark.slow
def test_real_pre_commit_client_passes_good_and_fails_bad(repo: Path, tmp_path: Path) -> None:
    """pre-commit try-repo installs the hook from this repository (needs the package index)."""
    shutil.copyfile(GOOD, repo / "postmortems" / "good.md")
    shutil.copyfile(BAD, repo / "postmortems" / "bad.md")
    git(repo, "add", ".")
    env = {**with_pmlint_on_path(), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    # try-repo takes the repository's HEAD plus uncommitted changes, as a user's clone would be.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(REPO),
            "pmlint",
            "--files",
            "postmortems/good.md",
            "postmortems/bad.md",
            "--verbose",
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "postmortems/bad.md:64:1: PM104" in output
    # Both files were linted (2 files) and only bad.md had findings.
    assert "Found 1 error and 2 warnings in 2 files." in output
    assert "postmortems/good.md:" not in output
