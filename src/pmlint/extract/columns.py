"""Table column headers that name an action item's owner, due date, ticket and status.

Headers are compared after :func:`pmlint.headings.normalize_heading` (case, punctuation and a
trailing parenthesised part do not matter).
"""

from __future__ import annotations

from pmlint.headings import normalize_heading

OWNER = frozenset(
    ["owner", "owners", "assignee", "assigned to", "who", "dri", "responsible", "担当", "担当者"]
)
DUE = frozenset(
    ["due", "due date", "deadline", "target", "target date", "eta", "by", "when", "期限"]
)
STATUS = frozenset(["status", "state", "done", "ステータス", "状態"])
TICKET = frozenset(["ticket", "tickets", "issue", "issues", "bug", "jira", "link", "tracking"])


def kind(header: str | None) -> str | None:
    """``"owner"``, ``"due"``, ``"status"``, ``"ticket"`` or None for a column header."""
    if header is None:
        return None
    norm = normalize_heading(header)
    for name, names in (("owner", OWNER), ("due", DUE), ("status", STATUS), ("ticket", TICKET)):
        if norm in names:
            return name
    return None
