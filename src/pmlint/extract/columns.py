"""Table column headers that name an action item's owner, due date, ticket and status.

The header names of every supported language are package data (``data/words/<language>.json``,
``columns``). Headers are compared after :func:`pmlint.headings.normalize_heading` (case,
punctuation, emphasis and a trailing parenthesised part do not matter).
"""

from __future__ import annotations

from functools import cache

from pmlint.headings import normalize_heading
from pmlint.lang import LANGUAGES, table

ROLES = ("owner", "due", "status", "ticket")


@cache
def _names() -> dict[str, str]:
    """Normalised header -> role, every language."""
    found: dict[str, str] = {}
    for language in LANGUAGES:
        for role, names in table("words", language).get("columns", {}).items():
            for name in names:
                found.setdefault(normalize_heading(name), role)
    return found


def kind(header: str | None, extra: tuple[tuple[str, str], ...] = ()) -> str | None:
    """``"owner"``, ``"due"``, ``"status"``, ``"ticket"`` or None for a column header;
    ``extra`` holds a team template's own headers (lower case) and their roles."""
    if header is None:
        return None
    for name, role in extra:
        if header.strip().lower() == name:
            return role
    return _names().get(normalize_heading(header))
