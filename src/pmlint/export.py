"""The postmortem document as JSON (SPEC §3): what ``pmlint export`` prints and the schema
validates. Only the first occurrence of a section is exported (PM104 reports the others)."""

from __future__ import annotations

from typing import Any

from pmlint.dates import iso_z
from pmlint.model import ActionItem, Document, Timeline


def to_json(doc: Document) -> dict[str, Any]:
    sections: dict[str, Any] = {}
    for occ in doc.sections:
        if occ.key in sections:
            continue  # a later occurrence is PM104's, not exported
        sections[occ.key] = {
            "heading": occ.heading,
            "line": occ.line,
            "end_line": occ.end_line,
            "text": occ.text,
        }
    if "corrective_actions" in sections:
        sections["corrective_actions"]["items"] = [action_json(a) for a in doc.actions]
    if "five_whys" in sections:
        sections["five_whys"]["steps"] = [{"line": s.line, "text": s.text} for s in doc.steps]
    if "timeline" in sections and doc.timeline is not None:
        sections["timeline"].update(_timeline_json(doc.timeline))
    return {
        "path": doc.path,
        "title": doc.title,
        "title_line": doc.title_line,
        "metadata": doc.metadata,
        "metadata_lines": doc.metadata_lines,
        "incident_date": doc.incident_date.isoformat() if doc.incident_date else None,
        "incident_date_line": doc.incident_date_line,
        "sections": sections,
        "extra_sections": [{"heading": h.text, "line": h.line} for h in doc.extra_sections],
    }


def action_json(item: ActionItem) -> dict[str, Any]:
    return {
        "line": item.line,
        "text": item.text,
        "owner": item.owner,
        "due": item.due.isoformat() if item.due else None,
        "due_raw": item.due_raw,
        "ticket": item.ticket,
        "done": item.done,
    }


def _timeline_json(timeline: Timeline) -> dict[str, Any]:
    found: dict[str, Any] = {}
    declaration = timeline.declaration
    if declaration is not None:
        found["timezone"] = declaration.zone.name
        found["timezone_source"] = declaration.source
    else:
        zones = {e.zone.name for e in timeline.timed if e.own_zone and e.zone is not None}
        found["timezone"] = zones.pop() if len(zones) == 1 else None
        found["timezone_source"] = "entry" if zones or found["timezone"] else "none"
    found["entries"] = [
        {
            "line": e.line,
            "raw": e.raw,
            "time": iso_z(e.moment) if e.moment is not None else None,
            "zone": e.zone.name if e.zone is not None else None,
            "text": e.text,
        }
        for e in timeline.entries
    ]
    return found
