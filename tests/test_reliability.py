"""Hostile input and property-based tests: every input gets a defined answer, never a crash,
and --fix never changes a byte it was not meant to change."""

from __future__ import annotations

import contextlib
import json
import os
import random
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from conftest import REPO, TESTS, run
from pmlint.config import ConfigFile, Overrides, resolve
from pmlint.engine import fix_bytes, lint_bytes, parse
from pmlint.export import to_json
from pmlint.findings import Finding
from pmlint.fix import apply, split_bom
from pmlint.guard import prescan
from pmlint.source import SourceText

SETTINGS = resolve(ConfigFile(path=None, directory=REPO), Overrides())
CLEAN = (REPO / "examples" / "postmortems" / "2025-03-11-checkout-outage.md").read_text("utf-8")


@cache
def validator() -> Draft202012Validator:
    schema = json.loads((REPO / "schema" / "postmortem.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def check_answer(data: bytes) -> list[str]:
    """Lint and export; assert the invariants every input must keep. Returns the codes."""
    return [f.rule for f in _answer(data)]


def _answer(data: bytes) -> list[Finding]:
    findings = lint_bytes(data, "x.md", SETTINGS)
    assert not [f for f in findings if f.rule == "PM000"], [f.message for f in findings]
    lines = 1
    with contextlib.suppress(UnicodeDecodeError):
        lines = SourceText(data.decode("utf-8")).line_count
    for f in findings:
        assert 1 <= f.line <= f.end_line <= max(lines, 1), f
        assert f.column >= 1 and (f.end_line > f.line or f.end_column >= f.column), f
    parsed = parse(data, "x.md", SETTINGS)
    if parsed.document is not None:
        errors = list(validator().iter_errors(to_json(parsed.document)))
        assert [
            e.message for e in errors if (e.validator, list(e.path)) != ("required", ["sections"])
        ] == []
    return findings


def check_fix(data: bytes, findings: list[Finding] | None = None) -> None:
    """--fix leaves nothing fixable, is idempotent, and changes only the bytes of its edits."""
    if findings is not None and not any(f.fixable for f in findings):
        return
    fixed, remaining, _ = fix_bytes(data, "x.md", SETTINGS)
    assert not [f for f in remaining if f.fixable]
    again, _, count = fix_bytes(fixed, "x.md", SETTINGS)
    assert again == fixed and count == 0
    if fixed == data:
        return
    findings = lint_bytes(data, "x.md", SETTINGS)
    _, body = split_bom(data)
    text = body.decode("utf-8")
    once, _ = apply(text, findings)
    # Walk the first pass's edits: everything between them must be the original, unchanged.
    edits = sorted((e for f in findings if f.fixable for e in f.edits), key=lambda e: e.start)
    cursor = position = 0
    for edit in edits:
        if edit.start < position:
            continue  # overlapping fix, left for the next pass
        kept = text[position : edit.start]
        assert once[cursor : cursor + len(kept)] == kept
        cursor += len(kept)
        if once[cursor : cursor + len(edit.replacement)] == edit.replacement:
            cursor += len(edit.replacement)
            position = edit.end
        else:  # this fix's group was not applied in the first pass
            kept = text[edit.start : edit.end]
            assert once[cursor : cursor + len(kept)] == kept
            cursor += len(kept)
            position = edit.end
        assert "\n" not in text[edit.start : edit.end]  # fixes never touch line endings
    assert once[cursor:] == text[position:]


# --- hostile inputs -----------------------------------------------------------------------

HOSTILE: dict[str, bytes] = {
    "1 MB of _ on one line": b"_" * 1_000_000 + b"\n",
    "300k full-width blanks": "＿".encode() * 300_000,
    "200k <": b"<" * 200_000,
    "100k [": b"[" * 100_000,
    "20k nested quotes": b">" * 20_000 + b" x\n",
    "3k nested list levels": "".join("  " * i + "- x\n" for i in range(3000)).encode(),
    "20k-column table": b"|"
    + b"a|" * 20_000
    + b"\n|"
    + b"-|" * 20_000
    + b"\n|"
    + b"b|" * 20_000
    + b"\n",
    "random binary": random.Random(1).randbytes(50_000),
    "invalid UTF-8": b"# T\n\xff\xfe\n",
    "NUL bytes": b"# T\x00\n",
    "empty file": b"",
    "YAML alias bomb": b"---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\n# T\n",
    "Python-object tag": b"---\na: !!python/object/apply:os.system ['echo hi']\n---\n# T\n",
    "impossible dates": b"---\ndate: 2025-02-30\n---\n# T\n\n## Timeline\n\nAll times UTC.\n\n"
    b"- 9999-12-31 23:59 end\n- 2025-02-30 10:00 bad\n\n## Corrective actions\n\n"
    b"- Fix (@a, due: 9999-12-31, X-1)\n- Fix (@a, due: 2025-02-30, X-2)\n",
    "CR-only line endings": CLEAN.replace("\n", "\r").encode(),
    "unclosed links": b"[a](" * 10_000,
    "emphasis runs": b"_a" * 20_000,
}
EXPECTED_PM001 = {
    "20k nested quotes": "nesting deeper than max-nesting (32)",
    "3k nested list levels": "nesting deeper than max-nesting (32)",
    "random binary": "binary file",
    "invalid UTF-8": "not valid UTF-8",
    "NUL bytes": "binary file",
    "unclosed links": "unclosed links",
    "emphasis runs": "emphasis markers",
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_gets_a_defined_answer(name: str) -> None:
    codes = check_answer(HOSTILE[name])
    if name in EXPECTED_PM001:
        (finding,) = lint_bytes(HOSTILE[name], "x.md", SETTINGS)
        assert finding.rule == "PM001" and EXPECTED_PM001[name] in finding.message
    else:
        assert "PM001" not in codes
    if name in ("YAML alias bomb", "Python-object tag"):
        assert "PM002" in codes
    if name == "CR-only line endings":
        assert codes == []


def test_100k_entry_timeline_is_refused_with_the_reason() -> None:
    # 2.4 MB of one-line list items: the guard's line budget (a list item counts as five
    # lines) refuses it at once; marko took over a minute on it.
    entries = "".join(f"- {i // 60 % 24:02d}:{i % 60:02d} — event {i}\n" for i in range(100_000))
    data = f"# T\n\n## Timeline\n\nAll times UTC.\n\n{entries}".encode()
    assert check_answer(data) == ["PM001"]
    (finding,) = lint_bytes(data, "x.md", SETTINGS)
    assert finding.message.startswith("too many lines for a file of 2,188,925 characters: ")
    assert finding.message.endswith(": refused to protect the Markdown parser")


def test_a_5_mb_postmortem_passes_the_guard() -> None:
    # The guard's budgets grow with the file, so a large real postmortem is parsed in full,
    # not refused. (bench/bench.py times linting a generated 5 MB postmortem end to end.)
    data = (CLEAN + "\n") * (5_000_000 // len(CLEAN) + 1)
    assert len(data.encode()) >= 5_000_000
    prescan(SourceText(data).lines, SETTINGS.max_nesting)


def test_size_limit_is_pm001_with_the_reason(in_tmp: Path) -> None:
    (in_tmp / ".pmlint.toml").write_text("max-file-size = 1000\nmax-nesting = 4\n")
    (in_tmp / "big.md").write_bytes(b"x" * 1001)
    (in_tmp / "deep.md").write_text("> > > > > x\n")
    out = run("check", "big.md", "deep.md", "-q").out
    assert "big.md:1:1: PM001 file is 1,001 bytes, over max-file-size (1,000)" in out
    assert "deep.md:1:1: PM001 nesting deeper than max-nesting (4) on line 1" in out


# --- files ----------------------------------------------------------------------------------


def test_unreadable_paths_are_reported_and_the_rest_linted(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (in_tmp / "good.md").write_text(CLEAN)
    (in_tmp / "broken.md").symlink_to(in_tmp / "missing.md")
    (in_tmp / "locked.md").write_text(CLEAN)
    real = os.open  # the tests run as root, whom file modes do not stop

    def os_open(path: str, flags: int, *args: int) -> int:
        if os.path.basename(path) == "locked.md":
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *args)

    monkeypatch.setattr(os, "open", os_open)
    result = run("check", "good.md", "broken.md", "locked.md", "-q")
    assert result.code == 1
    assert result.out == (
        "broken.md:1:1: PM001 cannot read file: no such file or directory [unreadable-file]\n"
        "locked.md:1:1: PM001 cannot read file: permission denied [unreadable-file]\n"
    )


def test_directory_without_markdown(in_tmp: Path) -> None:
    (in_tmp / "notes").mkdir()
    (in_tmp / "notes" / "a.txt").write_text("x")
    result = run("check", "notes")
    assert (result.code, result.out) == (0, "")
    assert "no postmortems to lint" in result.err


# --- properties -----------------------------------------------------------------------------

PIECES = [
    "# 2025-03-11 Checkout outage\n",
    "---\ndate: 2025-03-11\ntitle: T\n---\n",
    "## Incident summary\n",
    "## Timeline\n",
    "## Timeline (PDT)\n",
    "## Five whys\n",
    "## Corrective actions\n",
    "## Root cause\n",
    "## Impact\n",
    "### 14:02\n",
    "All times are UTC.\n",
    "All times are PDT.\n",
    "Most recent first.\n",
    "- 14:02 — deploy\n",
    "- 2:05 PM PDT — alert\n",
    "- 2025-03-11T23:59:00Z late\n",
    "- 00:10 — early\n",
    "- --:-- unknown\n",
    "1. The database locked because of writes.\n",
    "- [ ] Fix it (@dana, due: 2025-03-20, PAY-1)\n",
    "- [x] Done item (owner: Lee)\n",
    "| Time (CET) | Event |\n|---|---|\n| 10:00 | start |\n",
    "| Action | Owner | Due |\n|---|---|---|\n| Fix | TBD | next week |\n",
    "The gateway â€” restarted; CafÃ© ï¼¿ï¼¿.\n",
    "Between ＿＿ and <16:00>, XX% of users.\n",
    "Human error by Bob, who forgot to check.\n",
    "```\n## Timeline\n- 14:02 code\n```\n",
    "<!-- pmlint-disable PM201 -->\n",
    "<!-- pmlint-enable -->\n",
    "<!-- pmlint-bogus -->\n",
    "__bold__ and snake_case__name and `code`\n",
    "> quoted 14:02 line\n",
    "\n",
    "\r\n",
    "Setext\n======\n",
    "***\n",
    "[link](https://example.com/a__b)\n",
]


@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    check_answer(text.encode("utf-8"))


@given(st.binary(max_size=400))
def test_any_bytes(data: bytes) -> None:
    check_answer(data)


@given(st.lists(st.sampled_from(PIECES), max_size=40), st.sampled_from(["\n", "\r\n", "\r"]))
def test_postmortem_shaped_markdown(pieces: list[str], ending: str) -> None:
    data = "".join(pieces).replace("\r\n", "\n").replace("\n", ending).encode("utf-8")
    check_answer(data)
    check_fix(data)


CORPUS = sorted(p for p in (TESTS / "corpus" / "real").glob("*.md") if p.stat().st_size < 12_000)


@given(
    st.sampled_from(CORPUS),
    st.lists(
        st.tuples(st.integers(0, 10_000), st.sampled_from(["drop", "dup", "swap", "cut"])),
        max_size=6,
    ),
)
def test_mutated_corpus_documents(path: Path, mutations: list[tuple[int, str]]) -> None:
    lines = path.read_bytes().split(b"\n")
    for where, how in mutations:
        i = where % max(1, len(lines))
        if how == "drop" and lines:
            del lines[i]
        elif how == "dup" and lines:
            lines.insert(i, lines[i])
        elif how == "swap" and len(lines) > 1:
            j = (i + 1) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif how == "cut" and lines:
            lines[i] = lines[i][: len(lines[i]) // 2]
    data = b"\n".join(lines)
    check_fix(data, _answer(data))


@given(st.text(max_size=200))
def test_cli_exit_codes(text: str) -> None:
    result = run("check", "-", "--stdin-filename", "pm.md", stdin=text.encode("utf-8"))
    assert result.code in (0, 1, 2)
    assert "Traceback" not in result.err
