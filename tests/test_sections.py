"""Sections by meaning, bold labels, languages, and what an action item's words say."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run
from pmlint.extract.fields import is_done_status, is_finished, owner_in, ticket_in
from pmlint.headings import HeadingMatcher
from pmlint.lang import LANGUAGES, detect, table
from pmlint.template import TEMPLATES, load_template

MATCHER = HeadingMatcher(load_template("atlassian"), {})


@pytest.mark.parametrize(
    ("heading", "keys"),
    [
        ("4. Timeline", ["timeline"]),
        ("IV. Impact", ["impact"]),
        ("Step 3: Detection", ["detection"]),
        (":warning: Leadup", ["leadup"]),
        ("📝 Summary", ["incident_summary"]),
        ("The Five Whys", ["five_whys"]),
        ("Five Why's", ["five_whys"]),
        ("5 Whys:", ["five_whys"]),
        ("RCA", ["root_cause"]),
        ("Follow-up", ["corrective_actions"]),
        ("Next steps", ["corrective_actions"]),
        ("Corrective and preventive measures", ["corrective_actions"]),
        ("Remediation", ["corrective_actions"]),
        ("Incident timeline", ["timeline"]),
        ("Detailed timeline", ["timeline"]),
        ("Root cause analysis", ["root_cause"]),
        ("Initial response", ["response"]),
        ("Incident Impact", ["impact"]),
        ("Impact assessment", ["impact"]),
        ("Detection and response", ["detection", "response"]),
        ("Lessons learned and next steps", ["lessons_learned", "corrective_actions"]),
        ("Root cause (5 whys)", ["root_cause", "five_whys"]),
        ("Working theory (root cause)", ["root_cause"]),
        ("Ursache (Root cause)", ["root_cause"]),
        ("Zeitleiste", ["timeline"]),
        ("Chronologie", ["timeline"]),
        ("Causa raíz", ["root_cause"]),
        ("再発防止策", ["corrective_actions"]),
        ("타임라인", ["timeline"]),
        ("Timeline (all times PST), approximate", ["timeline"]),
        ("Time line", ["timeline"]),
        ("Back-log check", ["backlog_check"]),
        ("Call to action", []),
        ("Appendix: dashboards", []),
        ("Questions and answers", []),
    ],
)
def test_headings_are_matched_by_meaning(heading: str, keys: list[str]) -> None:
    assert [k for k, _ in MATCHER.classify(heading).keys] == keys
    assert MATCHER.classify(heading).typo_of is None


@pytest.mark.parametrize(
    ("heading", "alias"),
    [("Incident summery", "Incident summary"), ("Recurence", "Recurrence")],
)
def test_only_real_misspellings_are_typos(heading: str, alias: str) -> None:
    assert MATCHER.classify(heading).typo_of == alias


@pytest.mark.parametrize("heading", ["Moving forward", "Follow-up", "Zusammenfassung"])
def test_aliases_and_translations_are_never_typos(heading: str) -> None:
    assert MATCHER.classify(heading).typo_of is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_preset_section_has_aliases_in_every_language(language: str) -> None:
    aliases = table("aliases", language)["aliases"]
    for preset in TEMPLATES:
        for section in load_template(preset).sections:
            assert aliases.get(section.key), (language, preset, section.key)


def test_fallback_headings_open_a_section_only_where_none_is_named(in_tmp: Path) -> None:
    base = "# T\n\n## Summary\n\nShort.\n\n## {heading}\n\nThe details.\n"
    (in_tmp / "a.md").write_text(base.format(heading="What happened"))
    doc = run("export", "a.md").out
    assert '"fault"' in doc and '"leadup"' in doc  # nothing else names them
    assert doc.count('"incident_summary"') == 1  # the Summary heading does, no duplicate


def test_sre_book_labels_open_sections_under_google_sre(in_tmp: Path) -> None:
    (in_tmp / ".pmlint.toml").write_text('template = "google-sre"\nselect = ["PM101"]\n')
    (in_tmp / "sre.md").write_text(
        "# Shakespeare search outage\n\n"
        "**Summary:** Search was down for 66 minutes.\n\n"
        "**Impact:** 1.21 billion queries were lost.\n\n"
        "**Root Causes:** A new ranking file triggered a latent bug.\n\n"
        "**Trigger:** A new sonnet was discovered.\n\n"
        "**Resolution:** We rolled back the ranking file.\n\n"
        "**Detection:** Borgmon detected a high level of HTTP 500s.\n\n"
        "**Action Items:**\n\n- Update the playbook (@jennifer, due: 2015-11-01, Bug 5554823)\n\n"
        "**Lessons Learned:** The playbook worked.\n"
    )
    result = run("check", "sre.md", "-q")
    assert result.out == (
        "sre.md:19:1: PM101 missing section 'Timeline' (expected after 'Lessons Learned') "
        "[missing-section]\n"
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The database was down and the team restored it from the backup.", "en"),
        (
            "Die Datenbank war nicht erreichbar und wir haben sie mit dem Backup wiederhergestellt.",
            "de",
        ),
        (
            "La base de données était indisponible et nous l'avons restaurée avec la sauvegarde.",
            "fr",
        ),
        ("La base de datos no estaba disponible y la restauramos con la copia.", "es"),
        ("データベースが停止したため、バックアップから復旧しました。", "ja"),
        ("数据库停止了，我们从备份中恢复了它。", "zh"),
        ("데이터베이스가 중단되어 백업에서 복구했습니다.", "ko"),
    ],
)
def test_the_language_of_a_document_is_detected(text: str, language: str) -> None:
    assert detect(text) == language


@pytest.mark.parametrize(
    ("text", "finished"),
    [
        ("Enabled branch protection on every repository", True),
        ("We reverted the change and replayed the jobs", True),
        ("Timeout values increased to accommodate peak load", True),
        ("Team discussed performing planned restarts", True),
        ("We have for several years enabled 2FA", True),
        ("Write an incident report", True),
        ("Add alerting on queue age", False),
        ("We will add alerting on queue age", False),
        ("Avoid sending requests for stopped pods", False),
        ("Development of specialized tooling for pod termination", False),
        ("Created a ticket to add an alert for expiring certificates", False),
        ("Disable the pipeline until the issue is fixed", False),
        ("Cron cleanup scheduled @malte_j", True),
        ("To deal with the load, team created a bigger node", True),
        ("Debug why we didn't receive the alerts", False),
        ("Improved monitoring", False),
    ],
)
def test_items_that_report_finished_work(text: str, finished: bool) -> None:
    assert is_finished(text) is finished


@pytest.mark.parametrize(
    ("text", "ticket"),
    [
        ("fix it (PAY-412)", "PAY-412"),
        (
            "see https://github.com/acme/web/issues/88 for details",
            "https://github.com/acme/web/issues/88",
        ),
        ("upgrade to fix CVE-2024-1234 and RFC-9110 handling", None),
        ("revisit AI #6 next quarter", None),
        ("acme/web#12", "acme/web#12"),
        ("read https://example.com/blog/post first", None),
    ],
)
def test_tickets_are_tracker_references(text: str, ticket: str | None) -> None:
    assert ticket_in(text) == ticket


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Dana to rotate the keys", "Dana"),
        ("Rotate the keys (assigned to Dana)", "Dana"),
        ("The SRE team will rotate the keys", "SRE team"),
        ("Update to the new client library", None),
    ],
)
def test_owners_named_in_the_item(text: str, owner: str | None) -> None:
    assert owner_in(text) == owner


@pytest.mark.parametrize(
    ("status", "done"),
    [
        ("Done", True),
        ("✅", True),
        ("erledigt", True),
        ("完了", True),
        ("not done", False),
        ("To do", False),
        ("in progress", False),
        ("offen", False),
    ],
)
def test_done_status_in_every_language(status: str, done: bool) -> None:
    assert is_done_status(status) is done


def test_finished_items_need_no_owner_unless_asked(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text("# T\n\n## Corrective actions\n\n- [x] Rolled back the release\n")
    assert "PM501" not in run("check", "a.md", "--select", "PM5").out
    (in_tmp / ".pmlint.toml").write_text("[rules.PM501]\ndone = true\n")
    assert "a.md:5:1: PM501" in run("check", "a.md", "--select", "PM5").out


def test_symbols_are_stripped_from_ascii_as_from_any_text() -> None:
    """headings._strip_symbols takes a shortcut for ASCII text: the same answer as the
    per-character category test, for every ASCII character and a few mixed texts."""
    import unicodedata

    from pmlint.headings import _strip_symbols

    def plain(text: str) -> str:
        symbols = ("So", "Sk", "Cs", "Co")
        return "".join(" " if unicodedata.category(c) in symbols else c for c in text)

    every = "".join(map(chr, range(128)))
    assert _strip_symbols(every) == plain(every)
    for text in ("Root cause ^", "`Timeline`", "Impact :fire:", "Lessons 🔥 learned", "x:y:z"):
        assert _strip_symbols(text) == _strip_symbols(text + "é")[:-1]
