"""Corrective action items: extracted from lists and tables with owner, due date, ticket, status.

Action items are the list items (task-list items included) and table rows of the Corrective
actions section (opened by a heading, or by a bold label such as "**Actions planned:**" or
"- **Review actions**:"). A table's columns are recognised by header (see
:mod:`pmlint.extract.columns`); in list items the owner, due date and ticket are read from the
text (``@dana``, ``dana@``, ``owner: Dana``, ``due: 2025-05-01``, ``by May 1``, ``PAY-412``,
``#123``, ``org/repo#1``, ``Bug 123``, URLs). A due date without a year takes the incident's
year.
"""

from __future__ import annotations

import re
from datetime import date

from pmlint.dates import due_in_text, parse_due
from pmlint.extract import columns
from pmlint.model import ActionItem, Block, Section
from pmlint.values import is_placeholder

_HANDLE = re.compile(r"(?<![\w@./-])@([A-Za-z0-9](?:[\w.-]*\w)?)")
_NAME_AT = re.compile(r"(?<![\w.@-])([a-z][\w.-]*)@(?![\w-]*\.[A-Za-z])(?!\w)")
_OWNER_LABEL = re.compile(
    r"\b(?:owners?|assignees?|assigned to|dri|responsible|who)\s*[:=]\s*\**\s*"
    r"(@?[\w.-]+(?: [A-Z][\w.-]+)?)",
    re.IGNORECASE,
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
_LEAD = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")


def is_done_status(value: str) -> bool:
    """A Status value meaning done (SPEC §4): done, closed, fixed, resolved, complete(d)..."""
    return bool(_DONE_WORDS.search(value)) and not _NEGATION.search(value)


_BRACKET_OWNER = re.compile(r"\[([A-Z][\w.-]*(?: [A-Z][\w.-]*)?)\]\s*$")


def _owner_from_text(text: str) -> str | None:
    trailing = _BRACKET_OWNER.search(text.strip())
    if (
        trailing
        and not is_placeholder(trailing.group(1))
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
            if not is_placeholder(value):
                return value
    return None


def _ticket_from_text(text: str) -> str | None:
    for m in _TICKET.finditer(text):
        value = m.group(0).rstrip(".,;")
        if _JIRA_LIKE_FALSE.match(value):
            continue
        return value
    return None


def _make(
    line: int,
    text: str,
    incident: date | None,
    owner: str | None,
    due_raw: str | None,
    ticket: str | None,
    done: bool,
) -> ActionItem:
    if due_raw is not None and is_placeholder(due_raw.strip()):
        due_raw = None
    due, error = parse_due(due_raw, incident) if due_raw else (None, None)
    return ActionItem(line, " ".join(text.split()), owner, due, due_raw, ticket, done, error)


def _value(cell: str | None) -> str | None:
    """A cell's value, or None when it is empty or a placeholder (TBD, -, n/a)."""
    if cell is None or is_placeholder(cell):
        return None
    return cell.strip()


def from_row(row: Block, header: tuple[str, ...], incident: date | None) -> ActionItem | None:
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
    due_raw = cells["due"] if "due" in cells else due_in_text(row.raw)
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
        due_in_text(raw),
        _ticket_from_text(raw),
        done,
    )


def _is_group_heading(item: Block) -> bool:
    """A list item that only names a group of nested items ("**Short term**:")."""
    nested = any(b.kind == "list" for b in item.items)
    first = item.items[0].text if item.items else ""
    return nested and len(first.split()) <= 4


def extract(blocks: tuple[Block, ...] | list[Block], incident: date | None) -> list[ActionItem]:
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


def corrective_actions(section: Section | None, incident: date | None) -> tuple[ActionItem, ...]:
    """The action items of the Corrective actions section (opened by a heading or a label)."""
    if section is None:
        return ()
    return tuple(extract(section.blocks, incident))
