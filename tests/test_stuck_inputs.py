"""Tiny inputs on which marko 2.2.4 never returns: a tab after container markers, then spaces
and ">". pmlint reads that tab as a space and lints them at once (the check runs in a child
process so that a regression fails the test instead of hanging the suite)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from pmlint.config import ConfigFile, Overrides, resolve
from pmlint.engine import lint_bytes


def _lint(data: bytes) -> None:
    settings = resolve(ConfigFile(path=None, directory=Path.cwd()), Overrides())
    lint_bytes(data, "pm.md", settings)


@pytest.mark.parametrize(
    "text", [">\t  >", "-\t  >", "*\t  >", ">\t   >", "- a\n\t  > b\n", "> - a\n>\t  > b\n"]
)
def test_inputs_marko_never_returns_on_are_linted(text: str) -> None:
    child = multiprocessing.get_context("fork").Process(target=_lint, args=(text.encode(),))
    child.start()
    child.join(30)
    stuck = child.is_alive()
    if stuck:
        child.kill()
    assert not stuck and child.exitcode == 0
