"""Shared test helpers. Output must not depend on where the tests run."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from pmlint.cli import main

# Hypothesis: a fixed, derandomised budget in CI (SPEC §9); `HYPOTHESIS_PROFILE=long` for a
# longer local search (see the README's development section).
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    deadline=None,
    max_examples=5000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
REPO = TESTS.parent


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "PMLINT_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    # The result cache's per-user secret: made here, not in the home of whoever runs the tests.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


@dataclass
class Result:
    code: int
    out: str
    err: str
    out_bytes: bytes = b""


def run(*args: str, stdin: bytes | None = None) -> Result:
    """Run the pmlint command line in-process, as a user would type it."""
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` with a fixed identity (tests never depend on the user's setup)."""
    import subprocess

    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=True
    )
    return result.stdout


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temporary working directory (not inside any git repository)."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path


_EXPECT_BLOCK = re.compile(r"<!--\s*expect\s*\n(.*?)-->", re.S)


def expectations(path: Path) -> list[tuple[str, str, str]]:
    """``(line:column, code, message)`` declared in a fixture's ``<!-- expect ... -->`` block.

    One finding per line of the block: ``LINE:COLUMN CODE message``.
    """
    text = path.read_text(encoding="utf-8")
    match = _EXPECT_BLOCK.search(text)
    if match is None:
        return []
    found = []
    for raw in match.group(1).strip().splitlines():
        where, code, message = raw.strip().split(" ", 2)
        found.append((where, code, message))
    return found
