"""Bold labels: ``**Impact:** 40% of requests`` and ``- **Action items**:`` on a line of its own."""

from __future__ import annotations

import re

# "**Date**: 2015-10-21", "- **Status**: final": a label and its value on one line.
_LABEL_WITH_VALUE = re.compile(r"^\s*(?:[-*+]\s+)?\*\*([^*\n]{1,40}?)\s*:?\s*\*\*\s*:?\s*(\S.*)")
# "**Review actions:**", "- **Key events**:": a label alone, introducing what follows.
_LABEL_ALONE = re.compile(r"^\s*(?:[-*+]\s+)?\*\*([^*\n]{2,40}?):?\*\*:?\s*$")


def label_with_value(line: str) -> tuple[str, str] | None:
    """The label and the value of a bold-label line, or None."""
    m = _LABEL_WITH_VALUE.match(line)
    return (m.group(1), m.group(2).rstrip()) if m else None


def label_alone(text: str) -> str | None:
    """The label of a line that holds only a bold label, or None."""
    m = _LABEL_ALONE.match(text)
    return m.group(1) if m else None
