"""Timeline extraction, zones, order, and the fix to UTC (PM301-PM307)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURES, REPO, run
from pmlint.config import ConfigFile, Overrides, resolve
from pmlint.dates import find_date, iso_z, parse_due
from pmlint.engine import lint_bytes, parse
from pmlint.fix import apply


def doc(
    in_tmp: Path,
    timeline: str,
    *,
    date: str = "2025-03-11",
    summary: str = "x",
    heading: str = "Timeline",
) -> None:
    front = f"---\ndate: {date}\n---\n" if date else ""
    (in_tmp / "pm.md").write_text(
        f"{front}# T\n\n## Incident summary\n\n{summary}\n\n## {heading}\n\n{timeline}"
    )


def entries(in_tmp: Path) -> list[tuple[int, str | None, str | None]]:
    section = json.loads(run("export", "pm.md").out)["sections"]["timeline"]
    return [(e["line"], e["time"], e["zone"]) for e in section["entries"]]


def section(in_tmp: Path) -> dict[str, object]:
    return dict(json.loads(run("export", "pm.md").out)["sections"]["timeline"])


def found(in_tmp: Path, select: str = "PM3") -> list[str]:
    out = run("check", "pm.md", "-q", "--select", select).out
    return [f"{line.split(':')[1]} {line.split()[1]}" for line in out.splitlines()]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- 14:02 — deploy", "2025-03-11T14:02:00Z"),
        ("- 14:02 – deploy", "2025-03-11T14:02:00Z"),
        ("- 14:02 - deploy", "2025-03-11T14:02:00Z"),
        ("- 14:02: deploy", "2025-03-11T14:02:00Z"),
        ("- **14:02** deploy", "2025-03-11T14:02:00Z"),
        ("- [14:02] deploy", "2025-03-11T14:02:00Z"),
        ("- 2025-03-12 14:02 deploy", "2025-03-12T14:02:00Z"),
        ("- 2025-03-12T14:02:00Z deploy", "2025-03-12T14:02:00Z"),
        ("- 2:05 PM deploy", "2025-03-11T14:05:00Z"),
        ("- Mar 12 14:02 deploy", "2025-03-12T14:02:00Z"),
        ("- 09:02 EDT (13:02 UTC) deploy", "2025-03-11T13:02:00Z"),
        ("14:02 — deploy as a paragraph", "2025-03-11T14:02:00Z"),
        ("### 14:02\n\nDeploy as a heading", "2025-03-11T14:02:00Z"),
    ],
)
def test_entry_shapes_resolve_to_utc(in_tmp: Path, line: str, expected: str) -> None:
    doc(in_tmp, f"All times are UTC.\n\n{line}\n")
    assert [time for _, time, _ in entries(in_tmp)] == [expected]


def test_table_time_column_and_zone_in_header(in_tmp: Path) -> None:
    doc(in_tmp, "| Time (CET) | Event |\n|---|---|\n| 10:00 | start |\n| 11:30 | end |\n")
    assert section(in_tmp)["timezone"] == "CET"
    assert section(in_tmp)["timezone_source"] == "column"
    assert [t for _, t, _ in entries(in_tmp)] == ["2025-03-11T09:00:00Z", "2025-03-11T10:30:00Z"]


def test_zone_in_heading_and_preamble(in_tmp: Path) -> None:
    doc(in_tmp, "- 14:02 deploy\n", heading="Timeline (UTC)")
    assert (section(in_tmp)["timezone"], section(in_tmp)["timezone_source"]) == ("UTC", "heading")
    doc(in_tmp, "(all times in PST)\n\n- 14:02 deploy\n")
    assert (section(in_tmp)["timezone"], section(in_tmp)["timezone_source"]) == ("PST", "preamble")
    assert entries(in_tmp) == [(14, "2025-03-11T22:02:00Z", "PST")]


def test_date_lines_and_headings_give_their_date(in_tmp: Path) -> None:
    doc(in_tmp, "All times UTC.\n\n### 2025-03-12\n\n- 09:00 a\n\n**2025-03-13**\n\n- 10:00 b\n")
    assert [t for _, t, _ in entries(in_tmp)] == ["2025-03-12T09:00:00Z", "2025-03-13T10:00:00Z"]


def test_dst_boundary_uses_the_date(in_tmp: Path) -> None:
    # US daylight saving started 2025-03-09 at 02:00 local time.
    doc(
        in_tmp,
        "All times are America/New_York.\n\n- 2025-03-08 12:00 before\n- 2025-03-09 12:00 after\n",
    )
    assert [t for _, t, _ in entries(in_tmp)] == ["2025-03-08T17:00:00Z", "2025-03-09T16:00:00Z"]


def test_midnight_without_date_lines_is_the_next_day_when_plausible(in_tmp: Path) -> None:
    doc(in_tmp, "All times UTC.\n\n- 23:40 a\n- 00:10 b\n")
    assert [t for _, t, _ in entries(in_tmp)] == ["2025-03-11T23:40:00Z", "2025-03-12T00:10:00Z"]
    assert found(in_tmp) == []
    doc(in_tmp, "All times UTC.\n\n- 14:00 a\n- 09:10 b\n")
    assert found(in_tmp) == ["15 PM303"]
    assert "too big a step back to be the next day" in run("check", "pm.md", "-q").out


def test_midnight_with_a_date_line(in_tmp: Path) -> None:
    doc(in_tmp, "All times UTC.\n\n2025-03-11\n\n- 23:40 a\n\n2025-03-12\n\n- 00:10 b\n")
    assert [t for _, t, _ in entries(in_tmp)] == ["2025-03-11T23:40:00Z", "2025-03-12T00:10:00Z"]
    assert found(in_tmp) == []


def test_order_after_zones_and_most_recent_first(in_tmp: Path) -> None:
    doc(in_tmp, "- 14:00 UTC a\n- 08:00 PDT b\n")  # 08:00 PDT is 15:00 UTC: in order
    assert found(in_tmp, "PM303") == []
    doc(in_tmp, "Most recent first, all times UTC.\n\n- 15:00 b\n- 14:00 a\n- 14:30 c\n")
    assert found(in_tmp, "PM303") == ["16 PM303"]


def test_no_zone_anywhere_is_pm301_per_entry(in_tmp: Path) -> None:
    doc(in_tmp, "- 14:00 a\n- 14:05 b\n")
    assert found(in_tmp) == ["12 PM301", "13 PM301"]


def test_non_utc_and_ambiguous_zones(in_tmp: Path) -> None:
    doc(
        in_tmp,
        "- 14:00 PDT a\n- 14:05 IST b\n- 14:10 +02:00 c\n- 14:15 UTC+1 d\n- 14:20 Europe/Berlin e\n",
    )
    assert found(in_tmp, "PM302,PM305") == [
        "12 PM302",
        "13 PM305",
        "14 PM302",
        "15 PM302",
        "16 PM302",
    ]
    out = run("check", "pm.md", "-q", "--select", "PM302").out
    assert "time '14:00 PDT' is not UTC (21:00 UTC)" in out
    assert "time '14:20 Europe/Berlin' is not UTC (13:20 UTC)" in out
    doc(in_tmp, "All times in CST.\n\n- 14:00 a\n")
    assert found(in_tmp) == ["12 PM305"]
    assert entries(in_tmp) == [(14, None, "CST")]


def test_unparseable_entries_and_outliers(in_tmp: Path) -> None:
    doc(
        in_tmp,
        "All times UTC.\n\n- 2015-10-21 14:00 a\n- --:-- b\n- around noon c\n- 2016-10-21 14:05 d\n- 2015-10-21 14:10 e\n",
    )
    assert found(in_tmp) == ["15 PM304", "16 PM304", "17 PM306"]


def test_summary_window_and_duration(in_tmp: Path) -> None:
    timeline = "All times UTC.\n\n- 14:05 start\n- 15:40 end\n"
    doc(
        in_tmp,
        timeline,
        summary="Between 14:05 and 15:40 UTC, for 1 hour 35 minutes, checkout failed.",
    )
    assert found(in_tmp, "PM307") == []
    doc(in_tmp, timeline, summary="Between 14:05 and 17:52 UTC checkout failed.")
    assert found(in_tmp, "PM307") == ["8 PM307"]
    doc(in_tmp, timeline, summary="Checkout failed for 3 hours.")
    assert found(in_tmp, "PM307") == ["8 PM307"]


def test_fix_rewrites_a_pdt_entry_to_the_same_instant_in_utc(in_tmp: Path) -> None:
    doc(in_tmp, "- 2:05 PM PDT — deploy\r\n- 14:30 UTC — alert\r\n")
    before = (in_tmp / "pm.md").read_bytes()
    result = run("check", "pm.md", "--fix", "--select", "PM302")
    assert result.out == "All 1 file passed.\nFixed 1 finding.\n"
    after = (in_tmp / "pm.md").read_bytes()
    assert after == before.replace(b"2:05 PM PDT", b"9:05 PM UTC")
    assert run("check", "pm.md", "--fix", "--select", "PM302").out == "All 1 file passed.\n"
    assert (in_tmp / "pm.md").read_bytes() == after


def test_fix_rewrites_a_declaration_with_every_entry(in_tmp: Path) -> None:
    doc(in_tmp, "All times are PDT.\n\n- 09:00 — deploy\n- 10:30 — alert\n")
    run("check", "pm.md", "--fix", "--select", "PM302")
    text = (in_tmp / "pm.md").read_text()
    assert text.endswith("All times are UTC.\n\n- 16:00 — deploy\n- 17:30 — alert\n")


def test_no_fix_when_a_converted_entry_changes_its_date(in_tmp: Path) -> None:
    doc(in_tmp, "All times are PDT.\n\n- 09:00 — deploy\n- 18:30 — alert\n")
    result = run("check", "pm.md", "--select", "PM302", "--format", "json")
    assert [f["fixable"] for f in json.loads(result.out)["findings"]] == [False]


def test_year_comes_from_the_incident_never_the_clock(in_tmp: Path) -> None:
    for year in ("2019", "2031"):
        doc(in_tmp, "All times UTC.\n\n- Mar 12 14:02 deploy\n", date=f"{year}-03-11")
        assert [t for _, t, _ in entries(in_tmp)] == [f"{year}-03-12T14:02:00Z"]
    # Only `pmlint new` (its default date, also in the server's skeleton snippet) and
    # `--today today` may read the clock.
    readers = [
        str(p.relative_to(REPO))
        for p in (REPO / "src" / "pmlint").rglob("*.py")
        if re.search(r"\b(?:now|today|utcnow)\(", p.read_text("utf-8"))
    ]
    assert sorted(readers) == [
        "src/pmlint/config.py",
        "src/pmlint/lsp/features.py",
        "src/pmlint/scaffold.py",
    ]


def test_corpus_timelines_extract_entries() -> None:
    # (the per-document check is in test_corpus.py); the PyPI report uses dual stamps
    path = (
        REPO
        / "tests"
        / "corpus"
        / "real"
        / "pypi__warehouse__docs__blog__posts__2025-07-31-incident-report-phishing-attack.md"
    )
    section = json.loads(run("export", str(path)).out)["sections"]["timeline"]
    assert section["timezone"] == "Eastern Daylight Time"
    assert all(e["time"] for e in section["entries"])


def test_a_time_range_is_not_an_offset(in_tmp: Path) -> None:
    doc(in_tmp, "All times in CET.\n\n### 17:00-18:00\n\nLaunches fail.\n")
    assert entries(in_tmp) == [(14, "2025-03-11T16:00:00Z", "CET")]
    assert found(in_tmp, "PM305") == []


# --- the timeline rework (issue 14): helpers that lint in-process --------------------------

SETTINGS = resolve(ConfigFile(path=None, directory=FIXTURES), Overrides(select=("PM3",)))


def pm(timeline: str, *, date: str = "2025-03-11", summary: str = "x", before: str = "") -> bytes:
    """A postmortem with ``timeline`` under "## Timeline" (line 12 is its first line)."""
    front = f"---\ndate: {date}\n---\n" if date else ""
    return (
        f"{front}# T\n{before}\n## Incident summary\n\n{summary}\n\n## Timeline\n\n{timeline}"
    ).encode()


def codes(data: bytes) -> list[str]:
    return [f"{f.line} {f.rule}" for f in lint_bytes(data, "pm.md", SETTINGS)]


def messages(data: bytes) -> list[str]:
    return [f"{f.line} {f.rule} {f.message}" for f in lint_bytes(data, "pm.md", SETTINGS)]


def times(data: bytes) -> list[str | None]:
    parsed = parse(data, "pm.md", SETTINGS)
    assert parsed.document is not None and parsed.document.timeline is not None
    return [iso_z(e.moment) if e.moment else None for e in parsed.document.timeline.entries]


def fixed(in_tmp: Path, data: bytes) -> str:
    (in_tmp / "pm.md").write_bytes(data)
    run("check", "pm.md", "--fix", "--select", "PM302")
    return (in_tmp / "pm.md").read_text()


# 1. Zone declarations wherever authors put them -------------------------------------------


def test_a_zone_after_a_date_line_governs_the_entries_under_it() -> None:
    data = pm("2019-06-04 (all times UTC)\n\n- 10:00 deploy\n- 10:05 alert\n")
    assert codes(data) == []
    assert times(data) == ["2019-06-04T10:00:00Z", "2019-06-04T10:05:00Z"]


def test_a_zone_in_a_date_heading_is_reported_once_and_fixed_with_its_entries(
    in_tmp: Path,
) -> None:
    data = pm("### 12.05.2021 (times in CEST)\n\n- 10:00 deploy\n- 10:30 alert\n")
    assert messages(data) == ["12 PM302 timeline is in CEST, not UTC"]
    assert times(data) == ["2021-05-12T08:00:00Z", "2021-05-12T08:30:00Z"]
    assert fixed(in_tmp, data).endswith(
        "### 12.05.2021 (times in UTC)\n\n- 08:00 deploy\n- 08:30 alert\n"
    )


@pytest.mark.parametrize(
    "note",
    [
        "> Times below: Europe/Berlin",
        "_All times in Europe/Berlin_",
        "**All times are Europe/Berlin.**",
        "Times below are UTC+1",
    ],
)
def test_a_zone_in_a_note_quote_or_caption_governs_what_follows(note: str) -> None:
    data = pm(f"{note}\n\n| Time | Event |\n|---|---|\n| 10:00 | deploy |\n")
    assert codes(data) == ["12 PM302"]
    assert times(data) == ["2025-03-11T09:00:00Z"]


def test_a_zone_anywhere_in_the_section_heading() -> None:
    data = pm("- 10:00 deploy\n").replace(
        b"## Timeline\n", b"## Timeline (all times PST), approximate\n"
    )
    assert messages(data) == ["10 PM302 timeline is in PST, not UTC"]


def test_a_zone_declared_under_the_title_governs_the_timeline(in_tmp: Path) -> None:
    data = pm("- 10:00 deploy\n- 10:30 alert\n", before="\nAll times in PDT (UTC-7).\n")
    assert messages(data) == ["6 PM302 timeline is in PDT, not UTC"]
    text = fixed(in_tmp, data)
    assert "All times in UTC.\n" in text and text.endswith("- 17:00 deploy\n- 17:30 alert\n")


def test_a_conventions_note_anywhere_declares_the_zone_but_a_passing_mention_does_not() -> None:
    note = "\n## Conventions\n\nTimestamps: please use YYYY-MM-DD HH:MM, for the London timezone\n"
    data = pm("- 2025-07-01 10:00 deploy\n") + note.encode()
    assert codes(data) == ["16 PM302"]
    assert times(data) == ["2025-07-01T09:00:00Z"]
    passing = pm(
        "- 2025-07-01 10:00 deploy\n", summary="Our EU customers (CET timezone) saw errors."
    )
    assert codes(passing) == ["12 PM301"]


def test_a_list_item_declares_a_zone_only_when_it_reads_like_a_declaration() -> None:
    assert codes(pm("- All times are UTC.\n- 10:00 deploy\n- 10:05 alert\n")) == []
    mention = pm("- Customers on Pacific time saw errors\n- 10:00 deploy\n- 10:05 alert\n")
    assert codes(mention) == ["12 PM304", "13 PM301", "14 PM301"]


def test_a_time_range_subheading_declares_the_zone_of_its_entries() -> None:
    data = pm(
        "### 22:04-23:00 UTC: split found\n\n- 22:05 reports\n\n"
        "### 23:00-23:59 PDT: fix\n\n- 23:10 PR\n- 23:20 merged\n\n### Later\n\n- 23:40 note\n"
    )
    assert codes(data) == ["16 PM302", "23 PM301"]
    assert times(data)[:2] == ["2025-03-11T22:04:00Z", "2025-03-11T22:05:00Z"]


def test_each_declaration_governs_until_the_next_and_repeats_are_covered(in_tmp: Path) -> None:
    data = pm(
        "All times are PST.\n\n- 9:54 AM PST: merged\n- 10:00 deploy\n\n"
        "Times below are UTC.\n\n- 18:30 alert\n"
    )
    assert messages(data) == ["12 PM302 timeline is in PST, not UTC"]
    assert fixed(in_tmp, data).endswith(
        "All times are UTC.\n\n- 5:54 PM UTC: merged\n- 18:00 deploy\n\n"
        "Times below are UTC.\n\n- 18:30 alert\n"
    )


# 2. Zones the document defines; aliases of UTC and of the Pacific zone -------------------


def test_a_zone_defined_in_the_document_resolves_an_ambiguous_abbreviation() -> None:
    data = pm("- 14:00 IST deploy\n", summary="Our team is in IST (India Standard Time).")
    assert messages(data) == ["12 PM302 time '14:00 IST' is not UTC (08:30 UTC)"]
    assert codes(pm("- 14:00 IST deploy\n")) == ["12 PM305"]
    declared = pm("- 14:00 deploy\n", summary="All times are IST (India Standard Time).")
    assert messages(declared) == ["8 PM302 timeline is in IST, not UTC"]


@pytest.mark.parametrize("name", ["UTC", "GMT", "Z", "Zulu", "UTC±0", "UTC+0", "(UTC)"])
def test_names_of_utc(name: str) -> None:
    data = pm(f"- 14:00 {name} deploy\n")
    assert codes(data) == []
    assert times(data) == ["2025-03-11T14:00:00Z"]


@pytest.mark.parametrize("name", ["PST/PDT", "Pacific", "Pacific Time", "America/Los_Angeles"])
def test_the_pacific_zone_follows_daylight_saving(name: str) -> None:
    data = pm(f"All times in {name}.\n\n- 2025-03-08 10:00 a\n- 2025-03-10 10:00 b\n")
    assert codes(data) == ["12 PM302"]
    assert times(data) == ["2025-03-08T18:00:00Z", "2025-03-10T17:00:00Z"]


# 3. Dates in every common order and language -----------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "- 27-02-2024 09:05 deploy",
        "- 27.02.2024 09:05 deploy",
        "- 27/02/2024 09:05 deploy",
        "- 2024-02-27 09:05 deploy",
        "- 02/27/2024 09:05 deploy",
        "- 27 February 2024, 09:05 deploy",
        "- Feb 27th, 2024 09:05 deploy",
        "- Dienstag, 27. Februar 2024 09:05 deploy",
        "- 27 février 2024 09:05 deploy",
        "- 27 de febrero de 2024 09:05 deploy",
        "- 27 de fevereiro de 2024 09:05 deploy",
        "- 27 febbraio 2024 09:05 deploy",
        "- 27 februari 2024 09:05 deploy",
        "- 2024年2月27日 09:05 deploy",
        "- 2024년 2월 27일 09:05 deploy",
    ],
)
def test_dates_in_every_order_and_language(line: str) -> None:
    data = pm(f"All times UTC.\n\n{line}\n")
    assert codes(data) == []
    assert times(data) == ["2024-02-27T09:05:00Z"]


def test_ambiguous_numeric_dates_follow_the_document() -> None:
    day_first = pm("All times UTC.\n\n- 27/02/2024 09:05 a\n- 03/03/2024 10:00 b\n")
    assert times(day_first) == ["2024-02-27T09:05:00Z", "2024-03-03T10:00:00Z"]
    dots = pm("All times UTC.\n\n- 04.03.2024 10:00 b\n")
    assert times(dots) == ["2024-03-04T10:00:00Z"]
    month_first = pm("All times UTC.\n\n- 02/27/2024 09:05 a\n- 03/04/2024 10:00 b\n")
    assert times(month_first) == ["2024-02-27T09:05:00Z", "2024-03-04T10:00:00Z"]


def test_a_valid_day_first_date_is_never_impossible() -> None:
    assert codes(pm("All times UTC.\n\n- 31.12.2024 23:00 a\n- 13/01/2025 10:00 b\n")) == []
    assert messages(pm("All times UTC.\n\n- 2024-02-30 10:00 a\n")) == [
        "14 PM304 timeline entry '2024-02-30 10:00' has an impossible date or time"
    ]


def test_a_year_less_date_takes_the_year_nearest_the_incident() -> None:
    data = pm(
        "All times UTC.\n\n- Dec 5 16:21 bug merged\n- Mar 20 10:00 alert\n", date="2019-03-26"
    )
    assert times(data) == ["2018-12-05T16:21:00Z", "2019-03-20T10:00:00Z"]
    assert codes(data) == []


def test_incident_and_due_dates_read_the_same_forms() -> None:
    assert find_date("Vorfall vom 14. März 2024") == dt.date(2024, 3, 14)
    assert find_date("Incident du 27/02/2024") == dt.date(2024, 2, 27)
    assert find_date("2024年3月14日の障害") == dt.date(2024, 3, 14)
    assert find_date("on 03/04/2024") is None  # the order is not known
    assert find_date("January 14-19, 2026") == dt.date(2026, 1, 14)
    assert parse_due("14 de marzo de 2026", None) == (dt.date(2026, 3, 14), None)
    assert parse_due("27.02.2026", None) == (dt.date(2026, 2, 27), None)
    assert parse_due("3月14日", dt.date(2026, 1, 5)) == (dt.date(2026, 3, 14), None)
    assert parse_due("31.02.2026", None) == (None, "'31.02.2026' is not a valid date")


# 4. Day rollover --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "next_day"),
    [
        ("23:55", "07:00", True),  # late evening, then the next morning
        ("18:00", "09:59", True),
        ("23:40", "00:10", True),
        ("17:59", "07:00", False),  # not from the evening: out of order
        ("22:00", "10:00", False),  # not to the morning: out of order
        ("14:00", "09:10", False),
    ],
)
def test_rollover_to_the_next_day_both_sides(before: str, after: str, next_day: bool) -> None:
    data = pm(f"All times UTC.\n\n- {before} a\n- {after} b\n")
    day = "2025-03-12" if next_day else "2025-03-11"
    assert times(data)[1] == f"{day}T{after}:00Z"
    if next_day:
        assert codes(data) == []
    else:
        assert messages(data) == [
            f"15 PM303 entry '{after}' is earlier than the entry before it at line 14 "
            "(no date given; too big a step back to be the next day)"
        ]


def test_a_real_out_of_order_entry_is_still_caught_and_the_misplaced_one_named() -> None:
    assert codes(pm("All times UTC.\n\n- 10:20 a\n- 10:05 b\n- 10:30 c\n")) == ["15 PM303"]
    misplaced = pm(
        "All times UTC.\n\n- 2025-03-20 19:30 typo\n- 2025-03-11 20:21 b\n- 2025-03-11 21:50 c\n"
    )
    assert messages(misplaced) == [
        "14 PM303 entry '2025-03-20 19:30' is later than the entries after it (line 15)"
    ]


def test_labelled_milestones_are_fields_not_a_chronology() -> None:
    data = (
        b"# Incident on 2022-01-22\n\n- **Key events**\n  - First detected 2022-01-22 11:57 UTC\n"
        b"  - Incident declared 2022-01-22 14:41 UTC\n  - Repaired 2022-01-22 13:59 UTC\n"
    )
    assert codes(data) == []
    assert len(times(data)) == 3


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["2023-01-11 14:34", "2022-01-11 14:40", "2023-01-11 14:51"], ["12 PM306"]),
        (["2023-01-04", "2022-01-05 08:56", "2023-02-01 10:30", "2022-02-01 10:30"], []),
        (["2022-01-11 09:00", "2023-01-11 14:00", "2023-01-11 15:00"], []),  # an old event first
        (["2023-01-11 14:00", "2023-01-11 15:00", "2022-01-11 16:00"], ["13 PM306"]),
    ],
)
def test_outliers_are_year_typos_not_old_events(lines: list[str], expected: list[str]) -> None:
    body = "".join(f"- {line} event\n" for line in lines)
    data = pm(f"All times UTC.\n\n{body}", date="")
    assert [c for c in codes(data) if c.endswith("PM306")] == expected


def test_outliers_in_an_incident_log_are_found_against_the_incident_heading() -> None:
    data = (
        b"# Incident log\n\nAll timestamps are UTC.\n\n### Incident on 2023-01-05 - CI\n\n"
        b"- **Key events**\n  - First detected 2023-01-04\n  - Incident declared: 2022-01-05 08:56\n"
        b"  - Repaired 2023-02-01 10:30\n  - Resolved 2022-02-01 10:30\n"
    )
    assert codes(data) == ["9 PM306", "11 PM306"]


# 5. Entry forms seen in real timelines ------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- **• 09:05 PDT:** deploy", "2025-03-11T16:05:00Z"),
        ("- **🔴 09:05 PDT** – deploy", "2025-03-11T16:05:00Z"),
        ("- **09:05** -- deploy", "2025-03-11T09:05:00Z"),
        ("- 9:05 a.m. deploy", "2025-03-11T09:05:00Z"),
        ("- 9:05 p.m. deploy", "2025-03-11T21:05:00Z"),
        ("- 11pm deploy", "2025-03-11T23:00:00Z"),
        ("- 9.05pm: deploy", "2025-03-11T21:05:00Z"),
        ("- Around 14:00 - deploy", "2025-03-11T14:00:00Z"),
        ("- 午後3時15分 デプロイ", "2025-03-11T15:15:00Z"),
        ("- 오후 3시 배포", "2025-03-11T15:00:00Z"),
        ("- 14h30 déploiement", "2025-03-11T14:30:00Z"),
        ("- 17:00–18:00 deploys fail", "2025-03-11T17:00:00Z"),
        ("- 10:07-10:29 PM deploys fail", "2025-03-11T22:07:00Z"),
        ("- 12:45 PM PST Saturday Mar 8th: deploy", "2025-03-08T20:45:00Z"),
        ("- **22:30 UTC (Mar 10)** - deploy", "2025-03-10T22:30:00Z"),
        ("- 13:14 EDT (17:14 UTC): deploy", "2025-03-11T17:14:00Z"),
        ("- 2025-03-11: At 12:50:07 UTC, deploy", "2025-03-11T12:50:07Z"),
    ],
)
def test_entry_forms_seen_in_real_timelines(line: str, expected: str) -> None:
    data = pm(f"All times are UTC.\n\n{line}\n")
    assert times(data) == [expected]
    assert not [c for c in codes(data) if c.endswith(("PM301", "PM304", "PM305"))]


def test_a_range_end_is_never_an_offset() -> None:
    data = pm("### 00:00-03:00 UTC: recovery\n\n- 00:26 first sync\n")
    assert codes(data) == []
    assert times(data) == ["2025-03-11T00:00:00Z", "2025-03-11T00:26:00Z"]


def test_entries_under_an_am_or_pm_heading_take_its_half_of_the_day() -> None:
    data = pm("All times UTC.\n\n### AM\n\n- 11:50 alert\n\n### PM\n\n- 1:05 fix\n- 2:10 done\n")
    assert times(data) == ["2025-03-11T11:50:00Z", "2025-03-11T13:05:00Z", "2025-03-11T14:10:00Z"]
    assert codes(data) == []


def test_entries_joined_by_br_in_one_paragraph() -> None:
    data = pm(
        "All times UTC.\n\n10:00 - deploy starts,<br> and\nruns 10:05 - alert<br>10:09 - rollback\n"
    )
    assert times(data) == ["2025-03-11T10:00:00Z", "2025-03-11T10:09:00Z"]


def test_relative_stamps_count_from_the_time_above_them() -> None:
    data = pm(
        "| Time (UTC) | Event |\n|---|---|\n| 2025-03-11 11:30 UTC | upgrade |\n"
        "| \\[+1 hrs] | failure confirmed |\n| [+90 min] | fixed |\n| T+2h | verified |\n"
        "| \\[+2 Business Days Later] | released |\n"
    )
    assert times(data) == [
        "2025-03-11T11:30:00Z",
        "2025-03-11T12:30:00Z",
        "2025-03-11T13:00:00Z",
        "2025-03-11T13:30:00Z",
        None,
    ]
    assert codes(data) == []
    alone = pm("- T+0 deploy\n- T+5 alert\n- [+1 h] alert\n- [+2 h] fix\n")
    assert codes(alone) == []  # nothing to place them on: left alone, never a zone error


def test_lines_that_are_not_entries_are_not_reported() -> None:
    data = pm(
        "All times UTC.\n\n- 10:00 deploy\n  - a detail of the deploy\n"
        "- ![graph](graph.png)\n- [dashboard](https://example.com/d)\n"
        "- **Note:** the status page was not updated\n- 10:30 alert\n\n{: .timeline }\n"
    )
    assert codes(data) == []
    assert len(times(data)) == 2
    assert codes(pm("All times UTC.\n\n- 10:00 deploy\n- --:-- alert\n- 10:30 fix\n")) == [
        "15 PM304"
    ]


@pytest.mark.parametrize(
    ("table", "findings"),
    [
        ("| Time (JST) | UTC | Event |\n|---|---|---|\n| 10:00 | 01:00 | deploy |\n", []),
        ("| **Date/Time (UTC)** | Event |\n|---|---|\n| 2025-03-11 10:00 | deploy |\n", []),
        (
            "| Date | Time (CET) | Event |\n|---|---|---|\n| 2025-03-11 | 10:00 | deploy |\n",
            ["12 PM302"],
        ),
    ],
)
def test_zone_columns(table: str, findings: list[str]) -> None:
    assert codes(pm(table)) == findings


def test_an_empty_row_is_not_an_entry_and_a_row_without_time_shows_its_text() -> None:
    data = pm(
        "| Time (UTC) | Who | What |\n|---|---|---|\n| 10:00 | a | deploy |\n| | | |\n| | b | verify |\n"
    )
    assert messages(data) == ["16 PM304 timeline entry 'b | verify' has no recognisable time"]


def test_utc_given_beside_the_local_time_is_not_pm302() -> None:
    data = pm(
        "Times are in both EDT and UTC.\n\n- 13:14 EDT (17:14 UTC): email\n- 20:07 EDT (00:07 UTC): reply\n"
    )
    assert codes(data) == []
    assert times(data) == ["2025-03-11T17:14:00Z", "2025-03-12T00:07:00Z"]
    local_only = pm("Times are in both EDT and UTC.\n\n- 13:14 EDT: email\n")
    assert codes(local_only) == ["12 PM302"]


# 6. Timeline tables with headers in other languages ----------------------------------------


@pytest.mark.parametrize(
    "header", ["Time", "Zeit", "Uhrzeit", "Heure", "Hora", "Ora", "Tijd", "時刻", "时间", "시각"]
)
def test_time_columns_in_other_languages(header: str) -> None:
    data = pm(f"| {header} (UTC) | Event |\n|---|---|\n| 10:00 | a |\n| 10:05 | b |\n")
    assert times(data) == ["2025-03-11T10:00:00Z", "2025-03-11T10:05:00Z"]
    assert codes(data) == []


# 7. PM307 in one zone, and a summary that disagrees with itself ----------------------------


@pytest.mark.parametrize(
    ("summary", "findings"),
    [
        ("Between 14:05 and 15:40 PDT checkout failed.", []),
        ("Between 21:05 and 22:40 UTC checkout failed.", []),
        ("Between 14:05 and 15:40 UTC checkout failed.", ["8 PM307"]),
        ("Checkout failed between 14:05 and 15:40 (for 1 hour 35 minutes).", []),
        ("Checkout failed between 14:05 and 15:10 PDT, for 1 hour 35 minutes.", ["8 PM307"]),
        ("Date/time: 2025-03-12 14:05 PDT. Duration: 1 hour.", ["8 PM307"]),
        ("Started: 2025-03-11 14:05 PDT. Duration: 1 hour.", []),
    ],
)
def test_the_summary_is_compared_in_one_zone(summary: str, findings: list[str]) -> None:
    data = pm("All times PDT.\n\n- 14:05 start\n- 15:40 end\n", summary=summary)
    assert [c for c in codes(data) if c.endswith("PM307")] == findings


def test_a_summary_window_and_duration_that_disagree() -> None:
    data = pm(
        "All times UTC.\n\n- 13:00 deploy\n- 17:00 closed\n",
        summary="Between 14:05 and 15:40 UTC checkout failed, for 3 hours.",
    )
    assert messages(data) == [
        "8 PM307 summary duration 'for 3 hours' disagrees with its window "
        "'Between 14:05 and 15:40 UTC' (1 h 35 min)"
    ]


# 8. PM302 fixes stay correct ----------------------------------------------------------------


def test_a_time_the_clocks_skipped_is_reported_and_never_converted(in_tmp: Path) -> None:
    data = pm(
        "All times are America/New_York.\n\n- 2025-03-09 01:50 deploy\n- 2025-03-09 02:30 alert\n"
    )
    assert messages(data) == [
        "12 PM302 timeline is in America/New_York, not UTC",
        "15 PM302 time '2025-03-09 02:30' does not exist in America/New_York on 2025-03-09 "
        "(the clocks went forward); not converted",
    ]
    assert fixed(in_tmp, data) == data.decode()


def test_a_fix_converts_ranges_and_never_introduces_a_finding(in_tmp: Path) -> None:
    data = pm("All times are PDT.\n\n- 09:00–09:30 deploy\n- 9:45 AM PDT alert\n- 10:00 fix\n")
    text = fixed(in_tmp, data)
    assert text.endswith(
        "All times are UTC.\n\n- 16:00–16:30 deploy\n- 4:45 PM UTC alert\n- 17:00 fix\n"
    )
    assert codes(text.encode()) == []
    assert times(text.encode()) == times(data)


def test_no_fix_when_an_entry_would_move_to_another_date(in_tmp: Path) -> None:
    data = pm("### 2025-03-11 (times in PDT)\n\n- 16:00 deploy\n- 17:30 alert\n")
    assert codes(data) == ["12 PM302"]
    assert fixed(in_tmp, data) == data.decode()


# Stamps at the edges of the calendar and of the parser ---------------------------------------

_FRAGMENTS = [
    "2025-03-11",
    "9999-12-31",
    "0001-01-01",
    "31.12.2024",
    "24/07/25",
    "Dec 5",
    "14 mars",
    "2024年3月14日",
    "14:02",
    "23:59:59",
    "24:00",
    "0:00",
    "2:05 PM",
    "午後3時",
    "–18:00",
    "-07:00",
    "+14:00",
    "UTC",
    "PDT",
    "IST",
    "PST/PDT",
    "Europe/Berlin",
    "(17:14 UTC)",
    "[+1 h]",
    "T+99999999999h",
    "翌日",
    "--:--",
    "14.43",
    "**",
    " — x",
    " ",
    "\\[",
    "<br>",
]


@given(st.lists(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=6), max_size=6))
def test_any_stamp_gets_a_defined_answer(lines: list[list[str]]) -> None:
    body = "".join("- " + "".join(parts) + "\n" for parts in lines)
    for declared in ("All times are PDT.\n\n", "### 2025-03-09 (times in America/New_York)\n\n"):
        data = pm(declared + body)
        found = lint_bytes(data, "pm.md", SETTINGS)
        assert not [f for f in found if f.rule == "PM000"], [f.message for f in found]


_CLOCKS = [
    "00:10",
    "01:30",
    "02:30",
    "09:05",
    "9:05 AM",
    "11:59 PM",
    "16:00",
    "17:00–17:30",
    "23:50",
]


@given(
    st.sampled_from(["PDT", "CET", "America/New_York", "UTC+5:30"]),
    st.sampled_from(["2025-03-09", "2025-03-30", "2025-11-02", "2025-07-01"]),
    st.lists(st.sampled_from(_CLOCKS), min_size=1, max_size=5),
)
def test_a_fix_keeps_every_instant_and_introduces_no_finding(
    zone: str, day: str, clocks: list[str]
) -> None:
    data = pm(f"### {day} (times in {zone})\n\n" + "".join(f"- {c} event\n" for c in clocks))
    found = lint_bytes(data, "pm.md", SETTINGS)
    text, count = apply(data.decode(), found)
    if not count:
        return  # not fixable: a date would change, or a time the clocks skipped
    after = text.encode()
    assert times(after) == times(data)
    assert {f.rule for f in lint_bytes(after, "pm.md", SETTINGS)} <= {
        f.rule for f in found if f.rule != "PM302"
    }
