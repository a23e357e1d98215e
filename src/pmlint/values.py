"""Values that stand for "not filled in" in a field or cell: TBD, n/a, none, -, ?."""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(
    r"^[\W_＿]*(?:tbd|tbc|todo|n/?a|none|unknown|unassigned|-+|—|\?+)?[\W_＿]*$", re.IGNORECASE
)


def is_placeholder(value: str) -> bool:
    """True for an empty value or one that only stands in for a value (``TBD``, ``-``,
    ``__``, ``＿＿``)."""
    return _PLACEHOLDER.match(value) is not None
