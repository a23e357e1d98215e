"""How corrective actions are grouped: what a sub-heading or lead-in says of the items under
it (done, a ticket, a due date), who a per-team breakdown names, and how siblings read.

"### Immediate actions (completed)" makes its items done; "(Tracked in #40885)" gives them a
ticket; "(Target: Q4 2025)" a due date (a quarter stands for its last day). A list item that
only introduces nested items ("Longer term we will:") is a group, not an action; a list broken
down by team ("- Lighthouse" / "- Prysm") gives each group's items that owner.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, replace
from datetime import date

from pmlint.dates import parse_due
from pmlint.extract.fields import opens_with_past_form, ticket_in
from pmlint.model import ActionItem, Block
from pmlint.values import is_placeholder

_QUARTER = re.compile(r"\bQ([1-4])\s*(?:FY)?\s*'?(\d{4}|\d{2})\b", re.I)
_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
_GROUP_DUE = re.compile(r"\b(?:target|due|by|deadline|eta)\s*:?\s*([^)]+)", re.I)


def resolve_due(
    raw: str | None, incident: date | None
) -> tuple[str | None, date | None, str | None]:
    """``(due_raw, due, error)``: quarters ("Q4 2025") stand for their last day; a blank left
    in ("YYYY-MM-DD", "___") is no due date."""
    if raw is None or is_placeholder(raw.strip()) or _is_blank(raw):
        return None, None, None
    quarters = list(_QUARTER.finditer(raw))
    if quarters:
        m = quarters[-1]
        year = int(m.group(2)) + (2000 if len(m.group(2)) == 2 else 0)
        month, day = _QUARTER_END[int(m.group(1))]
        return raw, date(year, month, day), None
    due, error = parse_due(raw, incident)
    return raw, due, error


def _is_blank(raw: str) -> bool:
    from pmlint.blankfind import BLANKS
    from pmlint.blankfind import is_placeholder as is_blank_form

    m = BLANKS.fullmatch(raw.strip())
    return m is not None and is_blank_form(m.group(0))


@dataclass(frozen=True)
class Group:
    """What a sub-heading or lead-in says of the actions under it."""

    done: bool = False
    ticket: str | None = None
    due_raw: str | None = None

    def apply(self, item: ActionItem, incident: date | None) -> ActionItem:
        if self.due_raw is not None and item.due_raw is None:
            raw, due, error = resolve_due(self.due_raw, incident)
            item = replace(item, due_raw=raw, due=due, due_error=error)
        return replace(item, done=item.done or self.done, ticket=item.ticket or self.ticket)


def group_of(text: str) -> Group:
    """A heading or lead-in: "Immediate actions (completed)", "Short-term ([tracked in #12])"."""
    parens = " ".join(re.findall(r"\(([^()]*)\)", text))
    done = bool(re.search(r"\b(?:completed?|done|finished)\b", text, re.I)) and not re.search(
        r"\b(?:planned|in[- ]progress|not|to be)\b", text, re.I
    )
    due = _GROUP_DUE.search(parens) if parens else None
    due_raw = due.group(1).strip() if due else None
    if due_raw is None and _QUARTER.search(parens):
        due_raw = parens.strip()  # "(Q4 2025 - Q1 2026)"
    return Group(done=done, ticket=ticket_in(text), due_raw=due_raw)


def is_group_item(item: Block) -> bool:
    """A list item that only introduces nested items ("**Short term**:", "Longer term we will:")."""
    nested = any(b.kind == "list" for b in item.items)
    first = item.items[0].text if item.items else ""
    return nested and (len(first.split()) <= 4 or first.rstrip("*_ ").endswith((":", "：")))


_GROUP_WORDS = re.compile(
    r"\b(?:will|we'll|we are going to|we plan|plan|planned|going forward|longer term|"
    r"long[- ]term|short[- ]term|next|follow[- ]?ups?|actions?|improvements?|ensure|to do)\b",
    re.I,
)


def introduces_actions(item: Block) -> bool:
    """A lead-in whose nested items are actions ("Longer term we will:"), not an explanation
    whose nested items are options or details ("There are two ways to pull the image:")."""
    first = item.items[0].text if item.items else ""
    return len(first.split()) <= 4 or bool(_GROUP_WORDS.search(first))


def like_siblings(items: list[ActionItem]) -> list[ActionItem]:
    """In a list that mostly reports finished work ("Added ...", "Fixed ..."), an item that
    opens with a past form is finished too ("Improved cache management", "Addded an
    endpoint"); in a list of things to do, "Improved alerting" is still to do."""
    unsure = [not i.done and opens_with_past_form(i.text) for i in items]
    others = [i for i, u in zip(items, unsure, strict=True) if not u]
    finished = sum(1 for i in others if i.done)
    if len(others) < 3 or finished * 3 < len(others) * 2:
        return items
    return [replace(i, done=True) if u else i for i, u in zip(items, unsure, strict=True)]


def _label(entry: Block) -> str:
    return (entry.items[0].text if entry.items else "").strip().rstrip(":：").strip()


def owners_by_group(b: Block, names: Container[str]) -> dict[int, str]:
    """A list broken down by who does the work ("- Lighthouse" / "- Prysm", each with its
    items nested): two or more group labels, each one or two proper names of the document
    (words it never writes in lower case), own the items under them. A breakdown by topic
    ("- Monitoring" / "- Alerting") names no one, so its items keep asking for an owner."""
    groups = [e for e in b.items if is_group_item(e)]
    labels = {e.line: _label(e) for e in groups}
    named = {
        line: label
        for line, label in labels.items()
        if 1 <= len(label.split()) <= 2 and all(w in names for w in label.split())
    }
    return named if len(named) >= 2 and len(named) == len(labels) else {}
