"""Hostile input cannot hang the commit gate, and nothing in a file or a configuration makes
pmlint print a traceback.

Every shape here once took seconds to minutes, ran out of recursion, or blocked; now it is
linted, or refused with PM001 and the reason, at once. (Timings are printed by
bench/linearity.py, never asserted here.)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import REPO, TESTS, git, run
from pmlint import files, guard
from pmlint.config import ConfigFile, Overrides, resolve
from pmlint.engine import lint_bytes
from pmlint.guard import prescan
from pmlint.source import SourceText

SETTINGS = resolve(ConfigFile(path=None, directory=REPO), Overrides())
CLEAN = (REPO / "examples" / "postmortems" / "2025-03-11-checkout-outage.md").read_bytes()
GUARDED = "refused to protect the Markdown parser"


def only_finding(data: bytes) -> tuple[str, int, str]:
    findings = lint_bytes(data, "x.md", SETTINGS)
    assert len(findings) == 1, [(f.rule, f.message) for f in findings]
    return findings[0].rule, findings[0].line, findings[0].message


def linted(data: bytes) -> list[str]:
    """The codes found in a file that must be linted: neither refused nor crashed."""
    codes = [f.rule for f in lint_bytes(data, "x.md", SETTINGS)]
    assert "PM001" not in codes and "PM000" not in codes
    return codes


def backtick_runs(count: int) -> bytes:
    return b"".join(b"`" * k + b"a" for k in range(1, count + 1))


# --- 1. Input the Markdown parser would take seconds to minutes on, or crash on -------------

REFUSED = {
    # marko tries 2**26 ways to split the spaces of a failing "> > >" prefix match.
    "27 nested '> '": (
        b"> " * 27 + b"a\n",
        "block quotes nested with spaces between the markers ('> > >', 27 levels on line 1)",
    ),
    # Every "]" rescans the text back to its "[": 112 s before.
    "'[' then ']' runs": (
        b"[" * 5000 + b"]" * 5000,
        "too many nested or unmatched '[' and ']' in the paragraph at line 1",
    ),
    # Every definition scans to the next empty line: quadratic.
    "4,000 link reference definitions": (
        b"".join(b"[r%d]: /u%d\n" % (i, i) for i in range(4000)),
        "too many lines starting with '[' (link definitions, task items) without an empty "
        "line between them, before line 4001",
    ),
    "3,000 task items in one list": (
        b"".join(b"- [ ] task %d\n" % i for i in range(3000)),
        "too many lines starting with '[' (link definitions, task items) without an empty "
        "line between them, before line 3001",
    ),
    # The guard counted one quote and one list item here; marko nests 400 and recurses out.
    "'> - ' 200 times": (b"> - " * 200 + b"a\n", "nesting deeper than max-nesting (32) on line 1"),
    "lists indented inside a quote": (
        "".join("> " + "  " * i + "- x\n" for i in range(300)).encode(),
        "nesting deeper than max-nesting (32) on line 32",
    ),
    # Each unclosed run of backticks is scanned to the end of the paragraph.
    "backtick runs of 1 to 600": (
        backtick_runs(600),
        "too many unclosed backtick runs in the paragraph at line 1",
    ),
    # Linear, but 40 µs a line in marko: 400,000 lines took 43 s and 569 MB before.
    "'a\\r' 180,000 times": (
        b"a\r" * 180_000,
        "too many lines for a file of 360,001 characters: over 60,000 by line 60,001 (a list "
        "item counts as 5 lines, and each level of nesting adds an eighth)",
    ),
    "36,000 setext headings": (
        b"a\n=\n" * 36_000,
        "too many lines for a file of 144,001 characters: over 60,000 by line 60,001 (a list "
        "item counts as 5 lines, and each level of nesting adds an eighth)",
    ),
    # The guard's limits were per paragraph: many paragraphs just under them added up.
    "unmatched emphasis in many paragraphs": (
        (b"_a" * 2999 + b"\n\n") * 5,
        "too many unmatched emphasis markers ('*', '_') in the paragraph at line 3",
    ),
    "unclosed links in many paragraphs": (
        (b"[a](" * 499 + b"\n\n") * 5,
        "too many unclosed links '](' in the paragraph at line 3",
    ),
    # The GFM e-mail autolink pattern backtracks quadratically over the dots.
    "dots after '@'": (
        (b" a@" + b"." * 3000 + b"-\n\n") * 3,
        "a long run of letters, dots or dashes after '@' in the paragraph at line 5",
    ),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", list(REFUSED))
def test_hostile_shapes_are_refused_with_the_reason(name: str) -> None:
    data, reason = REFUSED[name]
    assert only_finding(data) == ("PM001", 1, f"{reason}: {GUARDED}")


def test_five_thousand_mojibake_pairs_make_a_thousand_findings() -> None:
    findings = lint_bytes("Ã© ".encode() * 5_000, "x.md", SETTINGS)
    mojibake = [f for f in findings if f.rule == "PM204"]
    assert len(mojibake) == 1001
    assert mojibake[-1].message == (
        "more than 1,000 findings of this rule in this file: the rest are not reported"
    )
    assert (mojibake[-1].line, mojibake[-1].column, mojibake[-1].fixable) == (1, 3001, False)
    assert mojibake[0].message == "mojibake 'Ã©' (UTF-8 read as cp1252): should be 'é'"


ORDINARY = {
    "an e-mail thread quoted six deep": b"".join(
        b"> " * (1 + i % 6) + b"On Monday, someone wrote: %d\n" % i for i in range(300)
    ),
    "twenty spaced quote levels once": b"> " * 20 + b"deep\n",
    "'>>>>' without spaces, thirty deep": b">" * 30 + b" x\n",
    "three hundred task items": b"## Corrective actions\n\n"
    + b"".join(b"- [ ] Fix the thing number %d (@dana, due 2025-04-01)\n" % i for i in range(300)),
    "two hundred link definitions": b"See [the dashboard][d0].\n\n"
    + b"".join(b"[d%d]: https://grafana.example.com/d/%d\n" % (i, i) for i in range(200)),
    "a paragraph of inline code": b"Run `kubectl get pods` and `kubectl logs x` then. " * 300,
    "a thematic break of spaced dashes": b"- " * 60 + b"\n",
    "quotes inside a fenced block": b"```\n" + b"> " * 40 + b"x\n" * 50 + b"```\n",
    "a long table": b"| Action | Owner |\n|---|---|\n"
    + b"".join(b"| **Fix** _%d_ [x](http://a/%d) | @dana |\n" % (i, i) for i in range(300)),
}


@pytest.mark.parametrize("name", list(ORDINARY))
def test_ordinary_markdown_near_the_guards_is_linted(name: str) -> None:
    linted(ORDINARY[name])


def test_fenced_code_hides_nothing_from_the_guard_when_marko_would_parse_it() -> None:
    # Four spaces make an indented code line, not a fence: marko parses what follows.
    assert only_finding(b"    ```\n\n" + b"> " * 27 + b"a\n")[0] == "PM001"
    # A backtick fence whose info string holds a backtick is no fence either.
    assert only_finding(b"``` a`b\n" + b"> - " * 40 + b"a\n")[0] == "PM001"


@pytest.mark.parametrize(
    "data",
    [
        b"x\n" + (b"2. " + b"_a" * 90 + b"\n") * 1000,  # "2." does not interrupt a paragraph
        b"a|b\n-|-|-\n" + (b"_a" * 90 + b"|x\n") * 1000,  # 2 header cells, 3 delimiters
        b"a|b\n-|-\n# h\n" + (b"_a" * 90 + b"|x\n") * 1000,  # the heading ended the table
        b"a\\|b\n-\n" + (b"_a" * 90 + b"|x\n") * 1000,  # an escaped pipe heads no table
    ],
)
def test_the_guard_splits_paragraphs_only_where_marko_does(data: bytes) -> None:
    rule, _, message = only_finding(data)
    assert rule == "PM001" and message.startswith("too many unmatched emphasis markers")


def test_every_corpus_document_stays_within_half_of_every_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in (
        "LINE_BUDGET",
        "QUOTE_SPLITS",
        "LINK_DEFINITION_SCAN",
        "BRACKET_WORK",
        "LINK_DESTINATION_SCAN",
        "EMPHASIS_PAIRS",
        "BACKTICK_SCAN",
        "EMAIL_BACKTRACKING",
    ):
        monkeypatch.setattr(guard, name, getattr(guard, name) // 2)
    monkeypatch.setattr(guard, "CHARS_PER_LINE", guard.CHARS_PER_LINE * 2)
    documents = sorted((TESTS / "corpus").rglob("*.md"))
    assert len(documents) > 100
    for path in documents:
        text = path.read_bytes().decode("utf-8", "replace")
        prescan(SourceText(text).lines, 16)  # half of max-nesting too
    everything = b"\n\n".join(p.read_bytes() for p in documents)
    prescan(SourceText(everything.decode("utf-8", "replace")).lines, 16)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_5_mb_file_of_short_lines_is_refused_like_a_small_one() -> None:
    rule, _, message = only_finding(b"a\n" * 2_600_000)
    assert rule == "PM001" and message.startswith("too many lines for a file of 5,200,001")


# --- 3. Files that are not what they seem ----------------------------------------------------


@pytest.mark.timeout(20)
def test_a_named_pipe_is_pm001_and_never_opened(in_tmp: Path) -> None:
    os.mkfifo(in_tmp / "pipe.md")  # opening it for reading would block until a writer came
    result = run("check", "pipe.md", "-q")
    assert (result.code, result.out) == (
        1,
        "pipe.md:1:1: PM001 not a regular file (a named pipe): not read [unreadable-file]\n",
    )
    result = run("check", "pipe.md", "--fix", "-q")
    assert result.code == 1 and "not a regular file (a named pipe)" in result.out
    result = run("export", "pipe.md")
    assert (result.code, result.err) == (
        2,
        "pmlint: error: pipe.md: not a regular file (a named pipe): not read\n",
    )
    result = run("actions", "pipe.md")
    assert (result.code, result.err) == (
        0,
        "pmlint: warning: pipe.md: not a regular file (a named pipe): not read\n",
    )
    result = run("check", "pipe.md", "-q", "--select", "PM104")  # not read: whatever selected
    assert result.code == 1 and "PM001 not a regular file (a named pipe)" in result.out


@pytest.mark.timeout(20)
def test_init_passes_over_a_named_pipe(in_tmp: Path) -> None:
    (in_tmp / "postmortems").mkdir()
    os.mkfifo(in_tmp / "postmortems" / "pipe.md")
    (in_tmp / "postmortems" / "2025-03-11-outage.md").write_bytes(CLEAN)
    result = run("init", "--dry-run")
    assert result.code == 0 and result.out.startswith("Found 1 postmortem;")


@pytest.mark.timeout(20)
def test_a_device_is_pm001_and_never_read(in_tmp: Path) -> None:
    (in_tmp / "zero.md").symlink_to("/dev/zero")  # reading it would never end
    result = run("check", "zero.md", "-q")
    assert (result.code, result.out) == (
        1,
        "zero.md:1:1: PM001 not a regular file (a character device): not read [unreadable-file]\n",
    )


@pytest.mark.timeout(20)
def test_a_2_gb_sparse_file_is_refused_from_its_size(in_tmp: Path) -> None:
    with open(in_tmp / "huge.md", "wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: no disk used, but reading it would take 2 GB
    result = run("check", "huge.md", "-q")
    assert (result.code, result.out) == (
        1,
        "huge.md:1:1: PM001 file is 2,147,483,648 bytes, over max-file-size (10,485,760) "
        "[unreadable-file]\n",
    )


def test_a_staged_blob_over_max_file_size_is_refused_from_its_size(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(in_tmp, "init", "-q")
    (in_tmp / ".pmlint.toml").write_text('max-file-size = 1000\ninclude = ["*.md"]\n')
    (in_tmp / "big.md").write_bytes(b"# T\n" + b"x" * 2000)
    git(in_tmp, "add", "big.md")
    read: list[str] = []
    real_read_blob = files.read_blob

    def read_blob(root: Path, blob: str) -> bytes:
        read.append(blob)
        return real_read_blob(root, blob)

    monkeypatch.setattr(files, "read_blob", read_blob)
    result = run("check", "--staged", "-q", "--select", "PM104")
    assert (result.code, result.out) == (
        1,
        "big.md:1:1: PM001 file is 2,004 bytes, over max-file-size (1,000) [unreadable-file]\n",
    )
    assert read == []


def test_symlink_loops_are_pm001_on_the_command_line_and_in_a_walk(in_tmp: Path) -> None:
    (in_tmp / "pm").mkdir()
    (in_tmp / "pm" / "a.md").symlink_to("b.md")
    (in_tmp / "pm" / "b.md").symlink_to("a.md")
    (in_tmp / "pm" / "good.md").write_bytes(CLEAN)
    loop = "PM001 cannot read file: too many levels of symbolic links [unreadable-file]"
    result = run("check", "pm/a.md", "pm/good.md", "-q")
    assert (result.code, result.out) == (1, f"pm/a.md:1:1: {loop}\n")
    result = run("check", "pm", "-q")
    assert (result.code, result.out) == (1, f"pm/a.md:1:1: {loop}\npm/b.md:1:1: {loop}\n")


# --- 4. No traceback (and no PM000) from what a file or a configuration holds ---------------


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("a: " + "[" * 500 + "]" * 500 + "\n", 2),
        ("".join("  " * i + f"k{i}:\n" for i in range(500)) + "  " * 500 + "x: 1\n", 34),
    ],
)
def test_front_matter_nested_500_deep_is_pm002(front: str, line: int) -> None:
    findings = lint_bytes(f"---\n{front}---\n# T\n".encode(), "x.md", SETTINGS)
    assert [f.rule for f in findings if f.rule in ("PM000", "PM002")] == ["PM002"]
    (pm002,) = [f for f in findings if f.rule == "PM002"]
    assert (pm002.line, pm002.message) == (
        line,
        "front matter nested deeper than 32 levels (refused)",
    )


def config_error(directory: Path, config: str, *args: str) -> str:
    """The one line a configuration error prints (exit 2, nothing on stdout)."""
    (directory / "pm.md").write_bytes(CLEAN)
    (directory / ".pmlint.toml").write_text(config)
    result = run("check", "pm.md", *args)
    assert (result.code, result.out) == (2, "")
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    return result.err.removeprefix(f"pmlint: error: {directory / '.pmlint.toml'}: ")


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"$ref": "#"}, "$ref '#' leads back to itself"),
        (
            {"$defs": {"a": {"anyOf": [{"$ref": "#/$defs/b"}]}, "b": {"$ref": "#/$defs/a"}}},
            "$ref '#/$defs/a' leads back to itself",
        ),
        ({"properties": {"title": {"$ref": "#/$defs/nope"}}}, "$ref '#/$defs/nope' points at"),
        ({"properties": {"title": {"$ref": "#nope"}}}, "$ref '#nope' points at"),
    ],
)
def test_a_schema_whose_references_loop_or_dangle_is_exit_2_naming_it(
    in_tmp: Path, schema: dict[str, object], message: str
) -> None:
    (in_tmp / "my.schema.json").write_text(json.dumps(schema))
    err = config_error(in_tmp, 'schema = "my.schema.json"\n')
    ending = (
        " without descending into the document (validation would never end)\n"
        if "leads" in message
        else " nothing in the schema\n"
    )
    assert err == f"schema {in_tmp / 'my.schema.json'}: {message}{ending}"


def test_a_schema_that_recurses_into_the_document_is_accepted(in_tmp: Path) -> None:
    tree = {"type": "object", "properties": {"metadata": {"$ref": "#/$defs/any"}}}
    tree["$defs"] = {"any": {"anyOf": [{"type": "string"}, {"items": {"$ref": "#/$defs/any"}}]}}
    (in_tmp / "my.schema.json").write_text(json.dumps(tree))
    (in_tmp / ".pmlint.toml").write_text('schema = "my.schema.json"\nselect = ["PM1"]\n')
    (in_tmp / "pm.md").write_bytes(CLEAN)
    assert run("check", "pm.md").code == 0


@pytest.mark.timeout(20)
def test_a_schema_that_is_a_named_pipe_is_exit_2_and_never_opened(in_tmp: Path) -> None:
    os.mkfifo(in_tmp / "my.schema.json")
    err = config_error(in_tmp, 'schema = "my.schema.json"\n')
    assert (
        err == f"schema {in_tmp / 'my.schema.json'}: not a regular file (a named pipe): not read\n"
    )


def test_a_schema_nested_too_deeply_is_exit_2(in_tmp: Path) -> None:
    (in_tmp / "my.schema.json").write_text('{"not": ' * 5000 + "{}" + "}" * 5000)
    err = config_error(in_tmp, 'schema = "my.schema.json"\n')
    assert err == f"schema {in_tmp / 'my.schema.json'}: nested too deeply\n"


def test_deeply_nested_toml_is_exit_2_in_one_line(in_tmp: Path) -> None:
    err = config_error(in_tmp, "blank-patterns = " + "[" * 2000 + "]" * 2000 + "\n")
    assert err == "invalid TOML (arrays or tables nested too deeply)\n"


def test_max_nesting_is_capped_where_recursion_stays_safe(in_tmp: Path) -> None:
    err = config_error(in_tmp, "max-nesting = 500\n")
    assert err == "max-nesting: 500 is greater than the maximum of 100\n"
    settings = resolve(ConfigFile(None, REPO, {"max-nesting": 100}), Overrides())
    for depth_100 in ("".join("  " * i + "- x\n" for i in range(100)), "> - " * 50 + "x\n"):
        assert "PM000" not in [f.rule for f in lint_bytes(depth_100.encode(), "x.md", settings)]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            '[per-file-ignores]\n"\\\\" = ["PM101"]\n',
            "per-file-ignores: invalid glob '\\\\' (Escape character found with no next "
            "character to escape: '\\\\')",
        ),
        (
            'exclude = ["notes/\\\\"]\n',
            "exclude: invalid glob 'notes/\\\\' (Escape character found with no next character "
            "to escape: '\\\\')",
        ),
    ],
)
def test_an_invalid_glob_is_exit_2_naming_the_key(in_tmp: Path, config: str, message: str) -> None:
    assert config_error(in_tmp, config) == message + "\n"


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "pattern", ["(a+)+$", "(\\\\w*,)+x", "(.*a){20}", "(a|ab)+c", "(?:\\\\s*-\\\\s*)+$"]
)
def test_a_blank_pattern_that_can_backtrack_catastrophically_is_exit_2(
    in_tmp: Path, pattern: str
) -> None:
    (in_tmp / "pm.md").write_bytes(CLEAN + b"\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n")
    err = config_error(in_tmp, f'blank-patterns = ["{pattern}"]\n')
    shown = repr(pattern.replace("\\\\", "\\"))
    assert err.startswith(f"blank-patterns: {shown} repeats ")
    assert err.endswith(", which can take exponential time on a line that almost matches\n")


def test_the_rule_option_for_blank_patterns_is_checked_the_same_way(in_tmp: Path) -> None:
    err = config_error(in_tmp, '[rules.PM201]\npatterns = ["x(a|ab)+c"]\n')
    assert err == (
        "rules.PM201.patterns: 'x(a|ab)+c' repeats alternatives that can match the same text, "
        "like '(a|ab)+', which can take exponential time on a line that almost matches\n"
    )


def test_a_safe_blank_pattern_is_still_used(in_tmp: Path) -> None:
    (in_tmp / ".pmlint.toml").write_text('blank-patterns = ["<<(?:TBD|TODO)+>>", "X{3,}"]\n')
    (in_tmp / "pm.md").write_bytes(CLEAN.replace(b"rated SEV-2", b"rated <<TBDTODO>> XXXX", 1))
    out = run("check", "pm.md", "-q", "--select", "PM201").out
    assert [line.split(": ", 1)[1] for line in out.splitlines()] == [
        "PM201 unfilled blank '<<TBDTODO>>' [unfilled-blank]",
        "PM201 unfilled blank 'XXXX' [unfilled-blank]",
    ]


DEEP_JSON = "[" * 100_000 + "]" * 100_000
PLANTED = {
    "path": "pm.md",
    "line": 1,
    "column": 1,
    "rule": "PM101",
    "end_line": 1,
    "end_column": 2,
    "name": "missing-section",
    "severity": "error",
    "message": "planted",
    "fixable": False,
    "context": "",
}


def test_a_deeply_nested_baseline_is_one_line_exit_2(in_tmp: Path) -> None:
    (in_tmp / "pm.md").write_bytes(CLEAN)
    (in_tmp / ".pmlint-baseline.json").write_text(DEEP_JSON)
    result = run("check", "pm.md")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"pmlint: error: {in_tmp / '.pmlint-baseline.json'}: not a pmlint baseline "
        "(run 'pmlint baseline')\n"
    )


@pytest.mark.parametrize(
    "planted",
    [
        DEEP_JSON,
        json.dumps([{**PLANTED, "path": [[["pm.md"]]]}]),
        json.dumps([{**PLANTED, "line": "1", "fixable": 0}]),
    ],
)
def test_a_damaged_or_planted_cache_entry_is_a_miss(in_tmp: Path, planted: str) -> None:
    (in_tmp / "pm.md").write_bytes(CLEAN.replace(b"## Five whys", b"## Five whies", 1))
    fresh = run("check", "pm.md", "--format", "json", "--no-cache").out
    assert run("check", "pm.md", "--format", "json").out == fresh
    entries = [p for p in (in_tmp / ".pmlint_cache").rglob("*.json") if p.parent.name != "config"]
    assert len(entries) == 1
    entries[0].write_text(planted)
    assert run("check", "pm.md", "--format", "json").out == fresh


# --- pmlint's own passes stay linear ---------------------------------------------------------


def whys(*steps: str) -> bytes:
    items = "".join(f"{n}. {text}\n" for n, text in enumerate(steps, start=1))
    return f"# T\n\n## Five whys\n\n{items}".encode()


def filler(i: int) -> str:
    word = "".join(chr(ord("a") + i // 26**k % 26) for k in range(3))
    return f"Step about {word}x {word}y {word}z"


def test_repeated_why_steps_are_looked_for_among_the_50_before_and_identical_ones_anywhere() -> (
    None
):
    locked = "The database locked because of too many writes to the orders table"
    again = "Too many writes to the orders table locked the database during checkout"
    fillers = [filler(i) for i in range(60)]

    def repeats(data: bytes) -> list[tuple[int, str]]:
        return [
            (f.line, f.message) for f in lint_bytes(data, "x.md", SETTINGS) if f.rule == "PM403"
        ]

    assert repeats(whys(locked, *fillers[:10], again)) == [
        (16, "why step repeats the step at line 5")
    ]
    assert repeats(whys(locked, *fillers, again)) == []  # 61 steps apart, and not identical
    assert repeats(whys(locked, *fillers, locked)) == [(66, "why step repeats the step at line 5")]


def test_the_line_budget_follows_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    # 8,000 timeline entries (183 KB) cost about a second with pmlint's parser: linted. With
    # marko's own, four times slower, the same file is over its budget and refused.
    entries = "".join(f"- {i // 60 % 24:02d}:{i % 60:02d} — event {i}\n" for i in range(8000))
    data = f"# T\n\n## Timeline\n\nAll times UTC.\n\n{entries}".encode()
    assert linted(data)
    monkeypatch.setenv("PMLINT_STOCK_MARKO", "1")
    rule, _, message = only_finding(data)
    assert rule == "PM001" and "over 20,000" in message
