"""The source map, the guards, front matter and heading matching."""

from __future__ import annotations

import pytest

from pmlint.frontmatter import FrontMatterError, find_block, load
from pmlint.guard import prescan
from pmlint.headings import HeadingMatcher, normalize_heading
from pmlint.source import SourceText, UnreadableError, decode
from pmlint.template import load_template


def test_lines_end_only_at_lf_crlf_and_cr() -> None:
    src = SourceText("a\r\nb\rc\x0cd\u2028e\n\nf")
    assert src.lines == ["a", "b", "c\x0cd\u2028e", "", "f"]
    assert src.normalized == "a\nb\nc d\u2028e\n\nf"
    assert src.position(src.normalized.index("e")).line == 3
    assert src.line_count == 5


def test_bom_is_not_a_column_and_positions_are_code_points() -> None:
    src = SourceText("\ufeff# Café ＿＿\n## X\n")
    assert src.has_bom
    assert src.position(0) == (src.position(0).__class__)(1, 1)
    assert src.position(src.normalized.index("＿")).column == 8
    assert src.position(src.normalized.index("## X")).line == 2
    assert src.line_count == 2


def test_empty_file_has_line_1() -> None:
    assert SourceText("").line_count == 1
    assert SourceText("").position(0).line == 1


def test_decode_reports_reason() -> None:
    with pytest.raises(UnreadableError, match="binary"):
        decode(b"a\x00b")
    with pytest.raises(UnreadableError, match=r"not valid UTF-8 \(byte 0xff on line 2\)"):
        decode(b"ok\n\xff")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (">" * 33 + " x", "nesting deeper than max-nesting"),
        ("> " * 33 + "x", "nesting deeper than max-nesting"),
        ("\n".join("  " * i + "- x" for i in range(34)), "nesting deeper than max-nesting"),
        ("[a](" * 600, "unclosed links"),
        ("_a" * 3100, "emphasis markers"),
    ],
)
def test_guards_refuse_superlinear_input(text: str, reason: str) -> None:
    with pytest.raises(UnreadableError, match=reason):
        prescan(SourceText(text).lines, 32)


@pytest.mark.parametrize(
    "text",
    [
        "\n".join("  " * i + "- x" for i in range(30)),
        "```\n" + "\n".join(" " * 200 + "deeply indented code" for _ in range(5)) + "\n```",
        " " * 300 + "indented paragraph text",
        "[link](http://x) " * 1000,
        "snake_case_name " * 1000,
        "| a | b |\n|---|---|\n" + "| *x* | _y_ |\n" * 2000,
    ],
)
def test_guards_accept_ordinary_markdown(text: str) -> None:
    prescan(SourceText(text).lines, 32)


def front(text: str) -> dict[str, object]:
    lines = text.split("\n")
    end = find_block(lines)
    assert end is not None
    return load(lines, end).data


def test_front_matter_keeps_dates_times_and_yes_as_written() -> None:
    data = front("---\ndate: 2025-03-11\nstart: 13:58\nall_clear: yes\nsev: 2\nok: true\n---")
    assert data == {
        "date": "2025-03-11",
        "start": "13:58",
        "all_clear": "yes",
        "sev": 2,
        "ok": True,
    }


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("---\na: &x [1]\nb: *x\n---", "alias", 3),
        ("---\na: !!python/object/apply:os.system ['ls']\n---", "tag", 2),
        ("---\n- a\n---", "not a mapping", 2),
        ("---\na: [1\n---", "not valid YAML", 2),
    ],
)
def test_front_matter_refusals(text: str, message: str, line: int) -> None:
    with pytest.raises(FrontMatterError, match=message) as info:
        front(text)
    assert info.value.line == line


def test_unclosed_front_matter_is_not_front_matter() -> None:
    assert find_block(["---", "a: 1"]) is None


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("Incident summary", "incident_summary"),
        ("TL;DR", "incident_summary"),
        ("2. Executive Summary", "incident_summary"),
        ("II. Lead-up", "leadup"),
        ("Timeline (UTC)", "timeline"),
        ("Root cause(s)", "root_cause"),
        ("Root cause identification: The Five Whys", "five_whys"),
        ("5 Whys", "five_whys"),
        ("What went well", "lessons_learned"),
        ("Lessons learnt", "lessons_learned"),
        ("Follow-up actions", "corrective_actions"),
        ("Next steps", "corrective_actions"),
        ("Appendix", None),
        ("14:02", None),
    ],
)
def test_heading_aliases(heading: str, key: str | None) -> None:
    matcher = HeadingMatcher(load_template("atlassian"), {})
    assert matcher.match(heading) == (key, None)


@pytest.mark.parametrize(
    ("heading", "key", "alias"),
    [
        ("Incident summery", "incident_summary", "Incident summary"),
        ("Timline", "timeline", "Timeline"),
        ("Corective actions", "corrective_actions", "Corrective actions"),
        ("Root casue", "root_cause", "Root cause"),
    ],
)
def test_heading_typos_map_with_a_hint(heading: str, key: str, alias: str) -> None:
    matcher = HeadingMatcher(load_template("atlassian"), {})
    assert matcher.match(heading) == (key, alias)


def test_normalize_heading() -> None:
    assert normalize_heading("  3.  Timeline (all times UTC)  ") == "timeline"
    assert normalize_heading("What didn’t go well?") == "what didnt go well"
