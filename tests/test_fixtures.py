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


def lint_at(data: bytes) -> list[tuple[str, str, str]]:
    return [(f"{f.line}:{f.column}", f.rule, f.message) for f in lint_bytes(data, "x.md", SETTINGS)]


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_fixture_is_clean(path: Path) -> None:
    assert lint(path.read_bytes()) == []


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_fixture_gives_exactly_its_expectations(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} declares no expectations"
    assert lint_at(path.read_bytes()) == expected


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


COMPLETE = FIXTURES / "good" / "complete-front-matter.md"


def _sections(text: str) -> list[tuple[int, int]]:
    """(start, end) line indexes of each "## " section of the complete fixture."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("## ")]
    return [(s, e) for s, e in zip(starts, [*starts[1:], len(lines)], strict=True)]


def test_removing_each_section_gives_pm101_after_its_predecessor() -> None:
    text = COMPLETE.read_text("utf-8")
    lines = text.split("\n")
    spans = _sections(text)
    for index, (start, end) in enumerate(spans):
        mutated = "\n".join(lines[:start] + lines[end:])
        heading = lines[start][3:]
        anchor = spans[index - 1][0] + 1 if index else 2  # previous heading, else the title
        found = lint(mutated.encode())
        assert [(f[0], f[1]) for f in found] == [(anchor, "PM101")], heading
        assert heading in found[0][2]


def test_emptying_each_section_gives_pm102_on_its_heading() -> None:
    text = COMPLETE.read_text("utf-8")
    lines = text.split("\n")
    for start, end in _sections(text):
        body = ["", "<!-- TODO -->", ""] + [""] * (end - start - 4)
        mutated = "\n".join(lines[: start + 1] + body + lines[end:])
        assert [(f[0], f[1]) for f in lint(mutated.encode())] == [(start + 1, "PM102")]


def test_duplicating_moving_and_misspelling_a_section() -> None:
    text = COMPLETE.read_text("utf-8")
    lines = text.split("\n")
    spans = _sections(text)
    fault_start, fault_end = spans[2]
    duplicated = lines + lines[fault_start:fault_end]
    assert [(f[0], f[1]) for f in lint("\n".join(duplicated).encode())] == [
        (len(lines) + 1, "PM104")
    ]
    moved = lines[:fault_start] + lines[fault_end:] + lines[fault_start:fault_end]
    assert [(f[0], f[1]) for f in lint("\n".join(moved).encode())] == [
        (len(lines) - (fault_end - fault_start) + 1, "PM103")
    ]
    misspelt = text.replace("## Recurrence", "## Recurence")
    assert [(f[0], f[1]) for f in lint(misspelt.encode())] == [(spans[11][0] + 1, "PM106")]
