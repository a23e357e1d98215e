"""Corrective action items: extracted from lists and tables with owner, due date, ticket, status.

Action items are the list items (task-list items included) and table rows of the Corrective
actions section (opened by a heading, or by a bold label such as "**Actions planned:**" or
"- **Review actions**:"). A table's columns are recognised by header (see
:mod:`pmlint.extract.columns`); in list items the owner, due date and ticket are read from the
text (``@dana``, ``dana@``, ``owner: Dana``, "Dana to rotate the keys", "the SRE team will",
``due: 2025-05-01``, ``by May 1``, ``PAY-412``, ``#123``, ``org/repo#1``, ``Bug 123``, links to
an issue, ticket or pull request). A due date without a year takes the incident's year.

What is not an action: a lead-in item that introduces nested items ("Longer term we will:"),
a bullet list of details right after a numbered item, a list before an action table (a legend
of types and priorities), "N/A"; an item that reports finished work is done. What groups
actions: a sub-heading or lead-in gives its items what it states ("### Immediate actions
(completed)": done; "(Tracked in #40885)": a ticket; "(Target: Q4 2025)": a due date). A
numbered sub-heading with no list under it is an action itself.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import replace
from datetime import date

from pmlint.dates import due_in_text
from pmlint.extract import columns
from pmlint.extract.fields import (
    DONE_MARK,
    is_done_status,
    is_finished,
    owner_in,
    ticket_in,
)
from pmlint.extract.groups import (
    Group,
    group_of,
    introduces_actions,
    is_group_item,
    like_siblings,
    owners_by_group,
    resolve_due,
)
from pmlint.lang import merged
from pmlint.model import ActionItem, Block, Section, walk
from pmlint.values import is_placeholder

_STRUCK = re.compile(r"^\s*~~.+~~\s*$", re.S)
_LEAD = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
_NUMBERED = re.compile(r"^\s*(?:\d{1,3}[.)]|#\d{1,3}\b)\s*")
Roles = tuple[tuple[str, str], ...]  # a team template's table headers and their roles


def _make(
    line: int,
    text: str,
    incident: date | None,
    owner: str | None,
    due_raw: str | None,
    ticket: str | None,
    done: bool,
) -> ActionItem:
    raw, due, error = resolve_due(due_raw, incident)
    return ActionItem(line, " ".join(text.split()), owner, due, raw, ticket, done, error)


def _value(cell: str | None) -> str | None:
    """A cell's value, or None when it is empty or a placeholder (TBD, -, n/a, __, [Name])."""
    if cell is None or is_placeholder(cell) or re.fullmatch(r"[\W_＿]*|\[[^\]]*\]", cell.strip()):
        return None
    return cell.strip()


def from_row(
    row: Block, header: tuple[str, ...], incident: date | None, roles: Roles = ()
) -> ActionItem | None:
    """A table row; columns found by header, the rest of the row searched when one is absent.
    A row of blanks ("| ＿＿ | | |", "| TBD | - |") is not an action."""
    if all(is_placeholder(c) for c in row.cells):
        return None
    kinds = [columns.kind(h, roles) for h in header]
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
    owner = _value(cells["owner"]) if "owner" in cells else owner_in(row.raw)
    due_raw = _value(cells["due"]) if "due" in cells else due_in_text(row.raw)
    if "ticket" in cells:
        ticket = ticket_in(raw_cells["ticket"]) or _value(cells["ticket"])
    else:
        ticket = ticket_in(row.raw)
    done = is_done_status(cells["status"]) if "status" in cells else bool(DONE_MARK.search(row.raw))
    return _make(row.line, text or row.text, incident, owner, due_raw, ticket, done)


def _from_list_item(item: Block, incident: date | None) -> ActionItem | None:
    raw = _LEAD.sub("", item.raw, count=1)
    text = item.text.split("\n")[0] if item.text else raw
    if is_placeholder(text) or re.fullmatch(r"(?i)n/?a\b.*|none\.?", text.strip()):
        return None  # "- N/A": no actions
    done = (
        bool(item.checked)
        or bool(DONE_MARK.search(raw))
        or bool(_STRUCK.match(raw))
        or is_finished(item.text or text)
    )
    return _make(
        item.line,
        text,
        incident,
        owner_in(raw),
        due_in_text(raw),
        ticket_in(raw),
        done,
    )


def _is_action_table(b: Block, roles: Roles) -> bool:
    return (
        b.kind == "table"
        and bool(b.items)
        and any(columns.kind(h, roles) for h in b.items[0].cells)
    )


def corrective_actions(
    sections: tuple[Section, ...],
    incident: date | None,
    roles: Roles = (),
    names: Container[str] = frozenset(),
) -> tuple[ActionItem, ...]:
    """The action items of every Corrective actions section (opened by a heading or a label;
    a later one, such as "### Additional action items" in an addendum, adds to the first)."""
    return tuple(
        i for section in sections for i in _section_actions(section, incident, roles, names)
    )


def _section_actions(
    section: Section, incident: date | None, roles: Roles, names: Container[str]
) -> tuple[ActionItem, ...]:
    blocks = list(section.blocks)
    if section.origin == "label" and blocks and _is_lead_in(blocks[0], section.heading):
        blocks = blocks[1:]  # "To prevent this in future we have:" opens the list below
    if section.origin == "label" and blocks and _labelled_item(blocks[0]):
        first = _from_paragraph(blocks[0], incident)  # "**Action planned:** We will ..."
        rest = extract(blocks[1:], incident, roles, names)
        return tuple(([first] if first is not None else []) + rest)
    found = extract(blocks, incident, roles, names)
    if not found and not any(b.kind in ("list", "table") for b in blocks):
        found = _line_items(blocks, incident)
    return tuple(found)


def _is_lead_in(b: Block, heading: str) -> bool:
    """The paragraph is the whole label of its section, with nothing stated after it."""
    return b.kind == "paragraph" and b.text.strip().rstrip(":").strip() == heading.strip()


def _line_items(blocks: list[Block], incident: date | None) -> list[ActionItem]:
    """A section written as a paragraph of one action per line (three or more lines, each
    starting with a capital letter): each line is an action."""
    items: list[ActionItem] = []
    for b in blocks:
        lines = [line.strip() for line in b.raw.split("\n") if line.strip()]
        if b.kind != "paragraph" or len(lines) < 3 or not all(x[:1].isupper() for x in lines):
            continue
        for number, line in enumerate(lines):
            done = bool(DONE_MARK.search(line)) or is_finished(line)
            owner, due, ticket = owner_in(line), due_in_text(line), ticket_in(line)
            items.append(_make(b.line + number, line, incident, owner, due, ticket, done))
    return items


def labelled_paragraphs(
    blocks: tuple[Block, ...], incident: date | None, known: set[int]
) -> tuple[ActionItem, ...]:
    """Paragraphs anywhere that state an action under a label ("**Action item:** Start
    incidents earlier", "Action point: improve the forkmon"), not already read."""
    labels = tuple(w.lower() for w in merged("words", "action_labels"))
    found: list[ActionItem] = []
    for b in walk(blocks):
        if b.kind != "paragraph" or b.line in known:
            continue
        head = re.match(r"^\s*(?:\*\*|__)?([^*_:\n]{2,30}?)(?:\*\*|__)?\s*:", b.raw)
        if head and head.group(1).strip().lower() in labels and _labelled_item(b):
            item = _from_paragraph(b, incident)
            if item is not None:
                found.append(item)
    return tuple(found)


_LABEL_PREFIX = re.compile(r"^\s*(?:(?:\*\*|__)[^*_\n]+(?:\*\*|__)\s*:?|[^:\n]{2,30}:)")


def _labelled_item(b: Block) -> bool:
    """A label paragraph that states an action after its label."""
    if b.kind != "paragraph" or not _LABEL_PREFIX.match(b.raw):
        return False
    text = _LABEL_PREFIX.sub("", b.raw, count=1).strip(" :")
    return len(text.split()) >= 3


def _from_paragraph(b: Block, incident: date | None) -> ActionItem | None:
    text = _LABEL_PREFIX.sub("", b.raw, count=1).strip()
    if not text:
        return None
    return _make(
        b.line,
        b.text,
        incident,
        owner_in(text),
        due_in_text(text),
        ticket_in(text),
        bool(DONE_MARK.search(text)),
    )


def extract(
    blocks: tuple[Block, ...] | list[Block],
    incident: date | None,
    roles: Roles = (),
    names: Container[str] = frozenset(),
) -> list[ActionItem]:
    """Every action item among the blocks of a Corrective actions section."""
    items: list[ActionItem] = []
    group = Group()
    tables = [i for i, b in enumerate(blocks) if _is_action_table(b, roles)]
    last_table = tables[-1] if tables else -1
    previous: Block | None = None
    for index, b in enumerate(blocks):
        if b.kind == "heading":
            group = group_of(b.raw or b.text)
            if _NUMBERED.match(b.text) and not _list_follows(blocks, index):
                after = blocks[index + 1] if index + 1 < len(blocks) else None
                body = after if after is not None and after.kind == "paragraph" else None
                items.append(_heading_item(b, body, incident))  # "### 2) Better alerting"
        elif b.kind == "paragraph" and b.text.rstrip("*_ ").endswith((":", "：")):
            group = Group(group.done, ticket_in(b.raw) or group.ticket, group.due_raw)
        elif b.kind == "table" and b.items:
            header = b.items[0].cells
            rows = [from_row(row, header, incident, roles) for row in b.items[1:]]
            items += [group.apply(i, incident) for i in rows if i is not None]
        elif b.kind == "list" and index > last_table and not _details(previous, b):
            found = [group.apply(i, incident) for i in _from_list(b, incident, roles, names)]
            after = blocks[index + 1] if index + 1 < len(blocks) else None
            shared = _trailing_ticket(after)
            items += [replace(i, ticket=i.ticket or shared) for i in found]
        elif b.kind == "quote":
            items += extract(b.items, incident, roles, names)
        previous = b
    return items


def _from_list(
    b: Block, incident: date | None, roles: Roles, names: Container[str]
) -> list[ActionItem]:
    items: list[ActionItem] = []
    owners = owners_by_group(b, names)
    for entry in b.items:
        if is_group_item(entry):
            if not introduces_actions(entry):
                continue  # an explanation with options under it: neither is an action
            group = group_of(entry.items[0].text if entry.items else "")
            nested = [x for x in entry.items if x.kind == "list"]
            found = [group.apply(i, incident) for i in extract(nested, incident, roles, names)]
            owner = owners.get(entry.line)
            items += [replace(i, owner=i.owner or owner) for i in found]
        elif entry.text.strip():
            item = _from_list_item(entry, incident)
            if item is not None:
                items.append(item)
    return like_siblings(items)


def _trailing_ticket(b: Block | None) -> str | None:
    """A ticket in a paragraph right after a list that speaks of its items ("Add these to the
    documentation ([issue](https://…/issues/200))")."""
    if b is None or b.kind != "paragraph":
        return None
    if not re.search(r"\b(?:these|those|above|all of them|this list|the items)\b", b.text, re.I):
        return None
    return ticket_in(b.raw)


def _details(previous: Block | None, b: Block) -> bool:
    """A bullet list right after a numbered list: details of its last item, not actions."""
    return previous is not None and previous.kind == "list" and previous.ordered and not b.ordered


def _list_follows(blocks: tuple[Block, ...] | list[Block], index: int) -> bool:
    for b in blocks[index + 1 :]:
        if b.kind == "heading":
            return False
        if b.kind in ("list", "table"):
            return True
    return False


def _heading_item(b: Block, body: Block | None, incident: date | None) -> ActionItem:
    """A numbered sub-heading is an action; the paragraph under it may say who does it
    ("`@nova` and `@hazel` planning ...") or that it is done ("Reduced the number of ...")."""
    text = _NUMBERED.sub("", b.text)
    raw = b.raw or b.text
    said = body.text if body is not None else ""
    done = bool(DONE_MARK.search(raw)) or is_finished(text) or (bool(said) and is_finished(said))
    owner = owner_in(text) or (owner_in(body.raw) if body is not None else None)
    return _make(b.line, text, incident, owner, due_in_text(raw), ticket_in(raw), done)
