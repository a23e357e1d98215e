"""Corrective actions: extraction shapes, PM506 with --today, and `pmlint actions`."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURES, run
from pmlint.dates import parse_due
from pmlint.extract.actions import is_done_status

ACTIONS = FIXTURES / "bad" / "actions.md"


def items(in_tmp: Path, body: str) -> list[dict[str, object]]:
    (in_tmp / "pm.md").write_text(
        "---\ndate: 2025-05-02\n---\n# T\n\n## Corrective actions\n\n" + body
    )
    doc = json.loads(run("export", "pm.md").out)
    return list(doc["sections"]["corrective_actions"]["items"])


@pytest.mark.parametrize(
    ("line", "owner", "due", "ticket", "done"),
    [
        ("- [ ] Fix it (@dana, due: 2025-05-20, PAY-1)", "@dana", "2025-05-20", "PAY-1", False),
        ("- [x] Fix it (owner: Lee, by 2025-05-20, #12)", "Lee", "2025-05-20", "#12", True),
        ("- Fix it dana@ due May 20 org/repo#3", "dana@", "2025-05-20", "org/repo#3", False),
        ("- Fix it (@x) (done) Bug 1234", "@x", None, "Bug 1234", True),
        (
            "- Fix it **DONE** https://bugs.example.com/1",
            None,
            None,
            "https://bugs.example.com/1",
            True,
        ),
        ("- ✅ Fix it, e-mail ops@example.com", None, None, None, True),
        ("- Fix it [Rick]", "Rick", None, None, False),
    ],
)
def test_list_item_shapes(
    in_tmp: Path, line: str, owner: str | None, due: str | None, ticket: str | None, done: bool
) -> None:
    (found,) = items(in_tmp, line + "\n")
    assert (found["owner"], found["due"], found["ticket"], found["done"]) == (
        owner,
        due,
        ticket,
        done,
    )


def test_table_columns_found_by_header(in_tmp: Path) -> None:
    table = (
        "| # | What | Assignee | Deadline | Jira | State |\n"
        "|---|---|---|---|---|---|\n"
        "| 1 | Add alerting | Kim | 2025-06-01 | [OPS-4](https://jira/OPS-4) | Resolved |\n"
        "| 2 | Write runbook | n/a | TBD | - | In progress |\n"
    )
    first, second = items(in_tmp, table)
    assert first == {
        "line": 10,
        "text": "Add alerting",
        "owner": "Kim",
        "due": "2025-06-01",
        "due_raw": "2025-06-01",
        "ticket": "OPS-4",
        "done": True,
    }
    assert (second["owner"], second["due_raw"], second["ticket"], second["done"]) == (
        None,
        None,
        None,
        False,
    )


def test_grouped_and_labelled_lists(in_tmp: Path) -> None:
    grouped = "- **Short term**\n  - Fix A (@a)\n  - Fix B (@b)\n- Fix C (@c)\n"
    assert [i["owner"] for i in items(in_tmp, grouped)] == ["@a", "@b", "@c"]
    (in_tmp / "b.md").write_text(
        "# T\n\n## Lessons learned\n\nReviews missed it.\n\n**Actions planned:**\n\n"
        "- Add a review checklist (@rev)\n"
    )
    result = run("actions", "b.md", "--format", "json")
    assert [a["owner"] for a in json.loads(result.out)["actions"]] == ["@rev"]


@pytest.mark.parametrize(
    "status",
    ["Done", "closed", "FIXED", "Resolved ✅", "complete", "Completed", "merged", "shipped"],
)
def test_done_status_words(status: str) -> None:
    assert is_done_status(status)


@pytest.mark.parametrize(
    "status", ["open", "todo", "In progress", "blocked", "planned", "not done"]
)
def test_open_status_words(status: str) -> None:
    assert not is_done_status(status)


def test_due_dates_take_the_incident_year_and_never_the_clock() -> None:
    assert parse_due("May 30", date(2019, 1, 5)) == (date(2019, 5, 30), None)
    assert parse_due("30 May 2026", date(2019, 1, 5)) == (date(2026, 5, 30), None)
    assert parse_due("May 30", None) == (
        None,
        "'May 30' has no year and the incident date is unknown",
    )
    assert parse_due("2025-02-30", None) == (None, "'2025-02-30' is not a valid date")
    assert parse_due("9999-12-31", None) == (date(9999, 12, 31), None)
    assert parse_due("TBD", None) == (None, None)


def test_today_flags_only_open_items_past_due(in_tmp: Path) -> None:
    shutil.copyfile(ACTIONS, in_tmp / "pm.md")
    result = run("check", "pm.md", "--select", "PM506", "--today", "2025-05-25", "-q")
    assert result.out == (
        "pm.md:14:1: PM506 open corrective action is overdue (due 2025-05-20, today is "
        "2025-05-25) [action-overdue]\n"
    )
    assert run("check", "pm.md", "--select", "PM506", "--today", "2025-05-01", "-q").out == ""


def test_pm506_needs_a_date(in_tmp: Path) -> None:
    shutil.copyfile(ACTIONS, in_tmp / "pm.md")
    result = run("check", "pm.md", "--select", "PM506")
    assert result.code == 2
    assert result.err == (
        "pmlint: error: PM506 (action-overdue) needs a date: --today DATE, --today today, "
        "or 'today' in the configuration\n"
    )
    bad = run("check", "pm.md", "--today", "someday")
    assert (bad.code, bad.err) == (
        2,
        "pmlint: error: --today: 'someday' is not a date (YYYY-MM-DD or 'today')\n",
    )
    (in_tmp / ".pmlint.toml").write_text("today = '2025-05-25'\n")
    assert "PM506" in run("check", "pm.md", "-q").out


def test_actions_json_sorted_by_due_undated_last(in_tmp: Path) -> None:
    shutil.copyfile(ACTIONS, in_tmp / "pm.md")
    result = run("actions", "pm.md", "--format", "json", "--today", "2025-05-25")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["version"] == 1
    assert [(a["line"], a["due"], a["overdue"]) for a in data["actions"]] == [
        (16, "2025-04-01", False),
        (14, "2025-05-20", True),
        (20, "2025-05-30", False),
        (19, "2025-06-01", False),
        (15, None, False),
        (17, None, False),
        (21, None, False),
        (22, None, False),
    ]
    assert list(data["actions"][0]) == [
        "path",
        "line",
        "text",
        "owner",
        "due",
        "due_raw",
        "ticket",
        "done",
        "overdue",
    ]
    no_today = json.loads(run("actions", "pm.md", "--format", "json").out)
    assert {a["overdue"] for a in no_today["actions"]} == {None}


def test_actions_text_csv_and_filters(in_tmp: Path) -> None:
    shutil.copyfile(ACTIONS, in_tmp / "pm.md")
    text = run("actions", "pm.md", "--open-only", "--owner", "cy", "--today", "2025-06-02").out
    assert text == (
        "DUE         STATUS   OWNER  TICKET         WHERE     ACTION\n"
        "2025-06-01  OVERDUE  @cy    acme/cache#12  pm.md:19  Rate-limit cache refills (owner: @cy, "
        "due: 2025-06-01, acme…\n"
    )
    csv_out = run("actions", "pm.md", "--format", "csv", "--owner", "@ana").out
    assert csv_out == (
        "path,line,text,owner,due,due_raw,ticket,done,overdue\n"
        "pm.md,14,Add request coalescing,@ana,2025-05-20,2025-05-20,CACHE-7,False,\n"
    )
    assert run("actions", "pm.md", "--owner", "nobody").out == "No corrective actions found.\n"
