"""Every real document in tests/corpus is linted and exported, and matches the snapshot.

The snapshot (tests/corpus/snapshot.json) records each document's findings and what was
extracted from it. Any change in behaviour on real documents shows up in review as a diff of
that file; regenerate it on purpose with ``PMLINT_UPDATE_SNAPSHOT=1``.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from conftest import REPO, TESTS
from pmlint.config import ConfigFile, Overrides, resolve
from pmlint.engine import Parsed, lint_bytes, parse
from pmlint.export import to_json
from pmlint.findings import Finding
from pmlint.model import ActionItem, Timeline

CORPUS = TESTS / "corpus"
SNAPSHOT = CORPUS / "snapshot.json"
DOCUMENTS = sorted(p for p in CORPUS.glob("*/*.md"))
SETTINGS = resolve(ConfigFile(path=None, directory=CORPUS), Overrides())
SCHEMA = json.loads((REPO / "schema" / "postmortem.schema.json").read_text("utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FormatChecker())


def manifest() -> dict[str, dict[str, str]]:
    lines = (CORPUS / "MANIFEST.tsv").read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    return {
        row.split("\t")[0]: dict(zip(header, row.split("\t"), strict=False)) for row in lines[1:]
    }


@cache
def analyse(path: Path) -> tuple[list[Finding], Parsed]:
    """Lint and parse once per document for all the tests here."""
    data = path.read_bytes()
    name = path.relative_to(CORPUS).as_posix()
    return lint_bytes(data, name, SETTINGS), parse(data, name, SETTINGS)


def describe(path: Path) -> dict[str, Any]:
    findings, parsed = analyse(path)
    assert parsed.document is not None
    doc = to_json(parsed.document)
    return {
        "findings": [f"{f.line} {f.rule}" for f in findings],
        "title": doc["title"] is not None,
        "incident_date": doc["incident_date"],
        "sections": sorted(doc["sections"]),
        "extra_sections": len(doc["extra_sections"]),
        "metadata_keys": len(doc["metadata"]),
        "actions": _counts(parsed.document.actions),
        "why_steps": len(parsed.document.steps),
        "timeline": _timeline(parsed.document.timeline),
    }


def _timeline(timeline: Timeline | None) -> dict[str, object] | None:
    if timeline is None:
        return None
    return {
        "entries": len(timeline.entries),
        "utc": sum(1 for e in timeline.entries if e.moment is not None),
        "zone": timeline.declaration.zone.name if timeline.declaration else None,
    }


# Documents added with the last corpus update that pmlint does not read yet (accuracy work).
ACTION_GAPS = {
    "real/rust-lang__blog.rust-lang.org__content__inside-rust__crates-io-malware-postmortem.md",
    "real/flutter__flutter__docs__postmortems__Postmortem-flutter.dev-outage-on-August-26-2023.md",
}


_CLOCK = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])")


def test_every_timeline_with_clock_times_yields_timed_entries() -> None:
    # A timeline that visibly holds clock times but yields no timed entry is a pmlint bug
    # (the others hold only dates, or prose: "On 24 April 2023 the team ...").
    checked = 0
    for name, row in manifest().items():
        if row["has_timeline"] != "y" or row["kind"] == "template":
            continue
        if not _CLOCK.search((CORPUS / name).read_text("utf-8")):
            continue
        _, parsed = analyse(CORPUS / name)
        assert parsed.document is not None and parsed.document.timeline is not None, name
        assert parsed.document.timeline.timed, name
        checked += 1
    assert checked == 61


def _counts(items: tuple[ActionItem, ...]) -> dict[str, int]:
    return {
        "items": len(items),
        "owner": sum(1 for i in items if i.owner),
        "due": sum(1 for i in items if i.due),
        "ticket": sum(1 for i in items if i.ticket),
        "done": sum(1 for i in items if i.done),
    }


# Documents the manifest marks has_action_items=y whose actions pmlint does not read, and why.
NO_ACTION_ITEMS = {
    # the Corrective actions section is prose (pmlint reports PM505 there)
    "real/learningequality__postmortems__003-instantschools-migrations-not-included.md",
    # "**Review actions**:" followed by prose, not by a list
    "real/ministryofjustice__cloud-platform__source__incidents__2026-03-30-ingress-nginx-rollback.html.md.erb.md",
    # "Call to action" is advice to PyPI's users, not the team's corrective actions
    "real/pypi__warehouse__docs__blog__posts__2025-07-31-incident-report-phishing-attack.md",
    # "Recommendations" are advice to package maintainers and users, not the team's actions
    "real/eslint__eslint.org__src__content__blog__2018-07-12-postmortem-for-malicious-package-publishes.md",
}


def test_documents_with_action_items_yield_items() -> None:
    for name, row in manifest().items():
        if row["has_action_items"] != "y" or row["kind"] == "template" or name in ACTION_GAPS:
            continue
        _, parsed = analyse(CORPUS / name)
        assert parsed.document is not None
        found = len(parsed.document.actions) > 0
        assert found != (name in NO_ACTION_ITEMS), name


def test_corpus_is_complete_with_licenses() -> None:
    rows = manifest()
    assert len(DOCUMENTS) == len(rows) == 104
    assert {p.relative_to(CORPUS).as_posix() for p in DOCUMENTS} == set(rows)
    assert all(row["license"] for row in rows.values())


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name[:60])
def test_document_lints_and_exports_valid_json(path: Path) -> None:
    findings, parsed = analyse(path)
    assert not [f for f in findings if f.rule in ("PM000", "PM001")]
    assert parsed.document is not None
    # The only schema errors an export may have are missing required sections (PM101).
    errors = list(VALIDATOR.iter_errors(to_json(parsed.document)))
    assert [
        e.message for e in errors if (e.validator, list(e.path)) != ("required", ["sections"])
    ] == []
    line_count = parsed.document.source.line_count
    for f in findings:
        assert 1 <= f.line <= f.end_line <= line_count
    for section in to_json(parsed.document)["sections"].values():
        assert 1 <= section["line"] <= line_count


def test_snapshot_matches() -> None:
    current = {p.relative_to(CORPUS).as_posix(): describe(p) for p in DOCUMENTS}
    if os.environ.get("PMLINT_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", "utf-8")
    recorded = json.loads(SNAPSHOT.read_text("utf-8"))
    changed = sorted(
        k for k in current.keys() | recorded.keys() if current.get(k) != recorded.get(k)
    )
    assert not changed, f"corpus behaviour changed for: {changed[:5]} (see module docstring)"
