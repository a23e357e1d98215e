"""Fixture postmortems carry their expected findings; good ones must be clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, expectations
from pmlint.config import ConfigFile, Overrides, resolve
from pmlint.engine import lint_bytes

GOOD = sorted((FIXTURES / "good").glob("*.md"))
BAD = sorted((FIXTURES / "bad").glob("*.md"))
SETTINGS = resolve(ConfigFile(path=None, directory=FIXTURES), Overrides())


def lint(data: bytes) -> list[tuple[int, str, str]]:
    return [(f.line, f.rule, f.message) for f in lint_bytes(data, "x.md", SETTINGS)]


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_fixture_is_clean(path: Path) -> None:
    assert lint(path.read_bytes()) == []


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_fixture_gives_exactly_its_expectations(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} declares no expectations"
    assert lint(path.read_bytes()) == expected


@pytest.mark.parametrize("path", GOOD + BAD, ids=lambda p: p.name)
def test_crlf_bom_and_cr_give_the_same_findings(path: Path) -> None:
    data = path.read_bytes()
    lf = lint(data)
    assert lint(data.replace(b"\n", b"\r\n")) == lf
    assert lint(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")) == lf
    assert lint(data.replace(b"\n", b"\r")) == lf


def test_every_fixture_directory_is_used() -> None:
    assert GOOD and BAD
    assert {p.parent.name for p in FIXTURES.glob("*/*.md")} == {"good", "bad"}
