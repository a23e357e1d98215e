"""Corrective action items: extracted from lists and tables with owner, due date, ticket, status.

Action items are the list items (task-list items included) and table rows of the Corrective
actions section. A table's columns are recognised by header (see :mod:`pmlint.columns`); in
list items the owner, due date and ticket are read from the text (``@dana``, ``dana@``,
``owner: Dana``, ``due: 2025-05-01``, ``by May 1``, ``PAY-412``, ``#123``, ``org/repo#1``,
``Bug 123``, URLs). A due date without a year takes the incident's year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pmlint import columns
from pmlint.document import Block, Document

_HANDLE = re.compile(r"(?<![\w@./-])@([A-Za-z0-9](?:[\w.-]*\w)?)")
_NAME_AT = re.compile(r"(?<![\w.@-])([a-z][\w.-]*)@(?![\w-]*\.[A-Za-z])(?!\w)")
_OWNER_LABEL = re.compile(
    r"\b(?:owners?|assignees?|assigned to|dri|responsible|who)\s*[:=]\s*\**\s*"
    r"(@?[\w.-]+(?: [A-Z][\w.-]+)?)",
    re.IGNORECASE,
)
_DUE_LABEL = re.compile(
    r"\b(?:due(?: date)?|deadline|eta|target(?: date)?|by)\s*[:=]?\s*\**\s*"
    r"(\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?"
    r"(?:,? \d{4})?|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
    r"(?:,? \d{4})?)",
    re.IGNORECASE,
)
_DUE_WORD = re.compile(
    r"\b(?:due(?: date)?|deadline|eta|target date)\s*[:=]\s*([^,;)\n|]{1,40})", re.IGNORECASE
)
_TICKET = re.compile(
    r"https?://[^\s)>\]|]+"
    r"|\b[\w.-]+/[\w.-]+#\d+\b"
    r"|(?<![\w&])#\d+\b"
    r"|\b[A-Z][A-Z0-9]{1,9}-\d+\b"
    r"|\b(?:bug|b/|issue|ticket)\s*#?\s*\d{2,}\b",
    re.IGNORECASE,
)
_JIRA_LIKE_FALSE = re.compile(r"^(?:UTF|ISO|SHA|RFC|CVE|TLS|SSL|HTTP|GMT|UTC|PM)-", re.IGNORECASE)
_DONE_WORDS = re.compile(
    r"\b(?:done|closed|fixed|resolved|complete|completed|merged|shipped)\b|完了|対応済|済み",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|un\w*|in progress|partially|todo|open)\b", re.IGNORECASE)
_DONE_MARK = re.compile(r"\((?:done|completed?)\)|\*\*done\*\*|✅|✔", re.IGNORECASE)
_PLACEHOLDER = re.compile(
    r"^\W*(?:tbd|tbc|todo|n/?a|none|unknown|unassigned|-+|—|\?+)?\W*$", re.IGNORECASE
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE_SHAPE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")


@dataclass
class ActionItem:
    """One corrective action, as the rules and ``pmlint actions`` see it."""

    line: int
    text: str
    owner: str | None
    due: date | None
    due_raw: str | None
    ticket: str | None
    done: bool
    due_error: str | None = None  # why ``due_raw`` is not a date

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "text": self.text,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
            "due_raw": self.due_raw,
            "ticket": self.ticket,
            "done": self.done,
        }


def is_done_status(value: str) -> bool:
    """A Status value meaning done (SPEC §4): done, closed, fixed, resolved, complete(d)..."""
    return bool(_DONE_WORDS.search(value)) and not _NEGATION.search(value)


def parse_due(raw: str, incident: date | None) -> tuple[date | None, str | None]:
    """A due date from what the author wrote; ``(None, reason)`` when it is not a date."""
    text = raw.strip().strip("*_`").strip()
    if _PLACEHOLDER.match(text):
        return None, None
    if not _DATE_SHAPE.search(text):
        return None, f"{raw.strip()!r} is not a date"
    iso = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", text)
    if iso:
        try:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))), None
        except ValueError:
            return None, f"{raw.strip()!r} is not a valid date"
    has_year = re.search(r"\b\d{4}\b", text) is not None or re.fullmatch(
        r"\d{1,2}/\d{1,2}/\d{2}", text
    )
    if not has_year and incident is None:
        return None, f"{raw.strip()!r} has no year and the incident date is unknown"
    from dateutil import parser

    default = datetime(incident.year if incident else 2000, 1, 1)
    try:
        parsed = parser.parse(text, default=default, fuzzy=False)
    except (ValueError, OverflowError):
        return None, f"{raw.strip()!r} is not a valid date"
    return parsed.date(), None


_BRACKET_OWNER = re.compile(r"\[([A-Z][\w.-]*(?: [A-Z][\w.-]*)?)\]\s*$")


def _owner_from_text(text: str) -> str | None:
    trailing = _BRACKET_OWNER.search(text.strip())
    if (
        trailing
        and not _PLACEHOLDER.match(trailing.group(1))
        and trailing.group(1).upper() not in ("TBD", "TODO", "NAME", "OWNER")
    ):
        return trailing.group(1)  # "... [Rick]"
    for pattern in (_OWNER_LABEL, _HANDLE, _NAME_AT):
        m = pattern.search(text)
        if m:
            value = m.group(1).strip()
            if pattern is _HANDLE:
                return "@" + value
            if pattern is _NAME_AT:
                return value + "@"
            if not _PLACEHOLDER.match(value):
                return value
    return None


def _ticket_from_text(text: str) -> str | None:
    for m in _TICKET.finditer(text):
        value = m.group(0).rstrip(".,;")
        if _JIRA_LIKE_FALSE.match(value):
            continue
        return value
    return None


def _due_from_text(text: str) -> str | None:
    m = _DUE_LABEL.search(text) or _DUE_WORD.search(text)
    return m.group(1).strip() if m else None


def _make(
    line: int,
    text: str,
    incident: date | None,
    owner: str | None,
    due_raw: str | None,
    ticket: str | None,
    done: bool,
) -> ActionItem:
    if due_raw is not None and _PLACEHOLDER.match(due_raw.strip()):
        due_raw = None
    due, error = parse_due(due_raw, incident) if due_raw else (None, None)
    return ActionItem(line, " ".join(text.split()), owner, due, due_raw, ticket, done, error)


def _value(cell: str | None) -> str | None:
    """A cell's value, or None when it is empty or a placeholder (TBD, -, n/a)."""
    if cell is None or _PLACEHOLDER.match(cell):
        return None
    return cell.strip()


def from_row(row: Block, header: list[str], incident: date | None) -> ActionItem | None:
    """A table row; columns found by header, the rest of the row searched when one is absent."""
    if not any(c.strip() for c in row.cells):
        return None
    kinds = [columns.kind(h) for h in header]
    cells: dict[str, str] = {}
    raw_cells: dict[str, str] = {}
    text = ""
    for index, cell in enumerate(row.cells):
        kind = kinds[index] if index < len(kinds) else None
        if kind is None:
            text = cell if len(cell) > len(text) else text  # the action: the longest free cell
        else:
            cells.setdefault(kind, cell)
            raw_cells.setdefault(kind, row.raw_cells[index] if index < len(row.raw_cells) else cell)
    owner = _value(cells["owner"]) if "owner" in cells else _owner_from_text(row.raw)
    due_raw = cells["due"] if "due" in cells else _due_from_text(row.raw)
    if "ticket" in cells:
        raw_ticket = raw_cells["ticket"]
        ticket = _ticket_from_text(raw_ticket) or _value(cells["ticket"])
    else:
        ticket = _ticket_from_text(row.raw)
    done = (
        is_done_status(cells["status"]) if "status" in cells else bool(_DONE_MARK.search(row.raw))
    )
    return _make(row.line, text or row.text, incident, owner, due_raw, ticket, done)


def _from_list_item(item: Block, incident: date | None) -> ActionItem:
    raw = _LEAD.sub("", item.raw, count=1)
    text = item.text.split("\n")[0] if item.text else raw
    done = bool(item.checked) or bool(_DONE_MARK.search(raw))
    return _make(
        item.line,
        text,
        incident,
        _owner_from_text(raw),
        _due_from_text(raw),
        _ticket_from_text(raw),
        done,
    )


def _is_group_heading(item: Block) -> bool:
    """A list item that only names a group of nested items ("**Short term**:")."""
    nested = any(b.kind == "list" for b in item.items)
    first = item.items[0].text if item.items else ""
    return nested and len(first.split()) <= 4


def extract_section(doc: Document) -> None:
    """Fill ``sections.corrective_actions.items`` and ``doc.actions``.

    Without a Corrective actions section, lists under a bold label that names one
    ("**Actions planned:**", "- **Review actions**:") are the action items.
    """
    occ = doc.section("corrective_actions")
    if occ is None:
        doc.actions = extract(_labelled_lists(doc, doc.blocks), doc.incident_date)
        return
    doc.actions = extract(occ.blocks, doc.incident_date)
    doc.data["sections"]["corrective_actions"]["items"] = [a.to_json() for a in doc.actions]


_BOLD_LABEL = re.compile(r"^\s*(?:[-*+]\s+)?\*\*([^*\n]{2,40}?):?\*\*:?\s*$")


def _label_key(doc: Document, b: Block) -> str | None:
    m = _BOLD_LABEL.match(b.raw.strip().split("\n")[0]) if b.raw else None
    return doc.matcher.match(m.group(1))[0] if m else None


def _labelled_lists(doc: Document, blocks: list[Block]) -> list[Block]:
    found: list[Block] = []
    for index, b in enumerate(blocks):
        if b.kind == "paragraph" and _label_key(doc, b) == "corrective_actions":
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if following is not None and following.kind == "list":
                found.append(following)
        elif b.kind == "item" and b.items and _label_key(doc, b.items[0]) == "corrective_actions":
            found.extend(x for x in b.items[1:] if x.kind == "list")
        else:
            found.extend(_labelled_lists(doc, b.items))
    return found


def extract(blocks: list[Block], incident: date | None) -> list[ActionItem]:
    """Every action item among the blocks of a Corrective actions section."""
    items: list[ActionItem] = []
    for b in blocks:
        if b.kind == "table" and b.items:
            header = b.items[0].cells
            for row in b.items[1:]:
                found = from_row(row, header, incident)
                if found is not None:
                    items.append(found)
        elif b.kind == "list":
            for entry in b.items:
                if _is_group_heading(entry):
                    nested = [x for x in entry.items if x.kind == "list"]
                    items.extend(extract(nested, incident))
                elif entry.text.strip():
                    items.append(_from_list_item(entry, incident))
        elif b.kind == "quote":
            items.extend(extract(b.items, incident))
    return items
