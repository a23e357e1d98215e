"""Metadata and the incident date: front matter, bold-label lines, the title, the summary.

Bold-label lines before the first section (``**Date**: 2015-10-21``, ``- **Status**: final``)
are read into the metadata as if they were front matter keys (front matter wins). The incident
date is resolved once per document: from a date-like metadata key, then the title, then the
summary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from pmlint.dates import find_date
from pmlint.extract.labels import label_with_value
from pmlint.model import Block, Section
from pmlint.source import SourceText

_DATE_KEYS = ("date", "incident_date", "incident-date", "started", "start_date", "start")


def label_lines(
    source: SourceText,
    preamble: tuple[Block, ...],
    metadata: dict[str, Any],
    lines: dict[str, int],
    names_section: Callable[[str], bool],
) -> tuple[dict[str, Any], dict[str, int]]:
    """``metadata`` and its ``lines`` with the bold-label lines of ``preamble`` added (not the
    labels that name a section: ``**Impact**: ...`` is content)."""
    metadata, lines = dict(metadata), dict(lines)
    for b in preamble:
        if b.kind not in ("paragraph", "list"):
            continue
        for number in range(b.line, b.end_line + 1):
            found = label_with_value(source.line_text(number))
            if found is None:
                continue
            label = "_".join(re.findall(r"\w+", found[0].lower()))
            if label and label not in metadata and not names_section(found[0]):
                metadata[label] = found[1]
                lines[label] = number
    return metadata, lines


def incident_date(
    metadata: dict[str, Any],
    lines: dict[str, int],
    title: str | None,
    title_line: int | None,
    sections: tuple[Section, ...],
) -> tuple[date | None, int | None]:
    """The incident date and the line it was read from."""
    for key in _DATE_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and (d := find_date(value)):
            return d, lines.get(key)
    if title and (d := find_date(title)):
        return d, title_line
    for occ in sections:
        if occ.key == "incident_summary":
            for b in occ.blocks:
                if b.text and (d := find_date(b.text)):
                    return d, b.line
    return None, None
