"""The section tree: which heading opens which section, and the blocks each one holds.

A recognised heading opens a section that runs to the next heading of the same or a higher
level; deeper headings (a ``### 14:02`` timeline entry, a ``### What went well`` subsection)
belong to it. Adjacent headings that map to the same section merge. A recognised heading nested
in another section opens its own section, unless that section was already seen. A heading that
names two sections ("Detection and response") opens both. An unrecognised top-level heading is
an extra section.

Which heading opens a section is decided for the whole document first (see
:mod:`pmlint.headings`): every heading that is an alias of it, else the first heading that
qualifies one ("Incident impact"), else the first fallback ("What happened"). Then, where no
heading names a section: untitled paragraphs before the first heading stand for the summary,
and a bold label that names a section (``**Impact:** 40% of requests``, ``- **Review
actions**:``) opens it (see :mod:`pmlint.extract.labelled`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pmlint.dates import parse_stamp
from pmlint.extract.labelled import label_sections
from pmlint.headings import EXACT, TYPO, HeadingMatch, HeadingMatcher
from pmlint.model import Block, Heading, Section


@dataclass(frozen=True)
class Outline:
    headings: tuple[Heading, ...]
    sections: tuple[Section, ...]
    extra: tuple[Heading, ...]
    title: str | None
    title_line: int | None
    first_section_index: int | None  # index in the blocks of the first section's heading


@dataclass(eq=False)
class _Open:
    """A section while its blocks are being collected."""

    key: str
    heading: str
    line: int
    level: int
    typo_of: str | None
    blocks: list[Block] = field(default_factory=list)
    children: list[_Open] = field(default_factory=list)


Group = list[_Open]
# Sections whose sub-headings group their content and never open other sections: action
# types ("### Detect", "### Mitigate") under Corrective actions.
GROUPING = frozenset(
    ["corrective_actions"]
)  # the sections one heading opened (two for "Detection and response")


def _is_stamp(text: str) -> bool:
    stamp = parse_stamp(text, 2000)
    return stamp is not None and not text[stamp.end :].strip(" :-–—*_")[:1].isalpha()


def _opens_with_time(text: str) -> bool:
    """The heading starts with a clock time: a moment of the timeline, whatever it says."""
    return re.match(r"\W*\d{1,2}[:.h]\d{2}\b", text) is not None


def owners(blocks: tuple[Block, ...], matcher: HeadingMatcher) -> dict[int, tuple[str, ...]]:
    """For each heading block (by id), the sections it opens.

    Every heading that is an alias (or a misspelt one) opens its sections, and so does a deeper
    heading that qualifies one ("### Additional action items" in an addendum); for a section no
    such heading names, the first heading that qualifies one ("Incident impact") does, else
    the first fallback for it ("What happened") that does not stand inside a section an alias
    opened (there it is a subsection: "### Details" under "## Recovery"). A leading H1 is
    the document's title: it opens a section only by naming it ("# Summary"), not by words
    that suggest one ("# Total node failure", "# Node IPC incident response")."""
    matches: list[tuple[Block, HeadingMatch, bool]] = []
    open_levels: list[tuple[int, bool]] = []  # (level, opened by an alias)
    for b in blocks:
        if b.kind != "heading":
            continue
        while open_levels and open_levels[-1][0] >= b.level:
            open_levels.pop()
        match = matcher.classify(b.text)
        if _opens_with_time(b.text):  # "### 00:00-03:00 UTC: recovery" in a timeline
            match = HeadingMatch(tuple((k, s) for k, s in match.keys if s in (EXACT, TYPO)))
        if not matches and b.level == 1:  # the title opens only what it names exactly
            match = HeadingMatch(tuple((k, s) for k, s in match.keys if s in (EXACT, TYPO)))
        nested = any(strong for _, strong in open_levels)
        matches.append((b, match, nested))
        strong = any(s in (EXACT, TYPO) for _, s in match.keys)
        open_levels.append((b.level, strong))
    chosen: dict[int, list[str]] = {id(b): [] for b, _, _ in matches}
    keys = {k for _, m, _ in matches for k, _ in m.keys}
    for key in sorted(keys):
        strong_ones = [b for b, m, _ in matches if (key, EXACT) in m.keys or (key, TYPO) in m.keys]
        if strong_ones:
            for b in strong_ones:
                chosen[id(b)].append(key)
            level = min(b.level for b in strong_ones)
            for b, m, _ in matches:  # "### Additional action items" in an addendum
                if (key, "qualified") in m.keys and b.level > level and key not in chosen[id(b)]:
                    chosen[id(b)].append(key)
            continue
        for wanted in ("qualified", "fallback"):
            first = next(
                (
                    b
                    for b, m, nested in matches
                    if (key, wanted) in m.keys and not (nested and wanted == "fallback")
                ),
                None,
            )
            if first is not None:
                chosen[id(first)].append(key)
                break
    order = {id(b): [k for k, _ in m.keys] for b, m, _ in matches}
    return {i: tuple(sorted(ks, key=order[i].index)) for i, ks in chosen.items()}


def outline(blocks: tuple[Block, ...], matcher: HeadingMatcher, title: str | None) -> Outline:
    """The sections of ``blocks``; ``title`` is the front matter title, if any."""
    opened_by = owners(blocks, matcher)
    walk = _Walk(matcher, opened_by, title)
    walk.take_h2_title(blocks)
    for index, b in enumerate(blocks):
        walk.add(index, b)
    found = walk.finish()
    present = {s.key for s in found.sections}
    extra: list[Section] = []
    if "incident_summary" not in present:
        summary = _preamble_summary(blocks, found.title_line, opened_by)
        if summary is not None:
            extra.append(summary)
    extra += label_sections(blocks, matcher, present | {s.key for s in extra})
    if not extra:
        return found
    sections = sorted((*found.sections, *extra), key=lambda s: s.line)
    return Outline(
        found.headings,
        tuple(sections),
        found.extra,
        found.title,
        found.title_line,
        found.first_section_index,
    )


_FIELD = re.compile(r"^\w[\w ]{0,24}:\s*\S")  # "Owner: Morty Smith", "Date: 2025-03-11"


def _preamble_summary(
    blocks: tuple[Block, ...], title_line: int | None, opened_by: dict[int, tuple[str, ...]]
) -> Section | None:
    """Untitled paragraphs before the first section heading stand for the summary: after the
    title (or a leading H1 when the title is in front matter), past field headings such as
    "## Owner: Morty Smith"."""
    found: list[Block] = []
    for b in blocks:
        if b.kind == "heading":
            leading_title = b.line == title_line or (b.level == 1 and not found)
            field = _FIELD.match(b.text) is not None and not opened_by.get(id(b))
            if (leading_title and not found) or field:
                continue
            break
        if b.kind == "paragraph" and b.has_content and not _only_labels(b):
            found.append(b)
    if not found:
        return None
    return Section(
        key="incident_summary",
        heading="",
        line=found[0].line,
        level=0,
        end_line=found[-1].end_line,
        blocks=tuple(found),
        origin="preamble",
    )


def _only_labels(b: Block) -> bool:
    """A paragraph of bold-label metadata lines ("**Date**: 2015-10-21")."""
    lines = [line.strip() for line in b.raw.split("\n") if line.strip()]
    return bool(lines) and all(line.startswith(("**", "__")) for line in lines)


class _Walk:
    def __init__(
        self, matcher: HeadingMatcher, opened_by: dict[int, tuple[str, ...]], title: str | None
    ) -> None:
        self.matcher = matcher
        self.opened_by = opened_by
        self.headings: list[Heading] = []
        self.opened: list[_Open] = []
        self.extra: list[Heading] = []
        # Open headings, innermost last: (level, its sections; empty for an unrecognised one).
        self.stack: list[tuple[int, Group]] = []
        self.seen: set[str] = set()
        self.previous: Group = []  # the sections the previous heading belonged to
        self.first_section_index: int | None = None
        self.title = title
        self.title_line: int | None = None
        self.title_taken = title is not None
        self.title_block: Block | None = None

    def take_h2_title(self, blocks: tuple[Block, ...]) -> None:
        """Without an H1, a first-line H2 that names no section is the title."""
        if (
            self.title_taken
            or not blocks
            or any(b.kind == "heading" and b.level == 1 for b in blocks)
        ):
            return
        first = blocks[0]
        if first.kind == "heading" and first.level == 2 and not self.opened_by.get(id(first)):
            self.title_block = first

    def add(self, index: int, b: Block) -> None:
        if b.kind != "heading":
            if self.stack:
                for occ in self.stack[-1][1]:
                    occ.blocks.append(b)
            return
        keys = self.opened_by.get(id(b), ())
        match = self.matcher.classify(b.text)
        typo = match.typo_of if keys else None
        self.headings.append(Heading(b.text, b.line, b.level, keys[0] if keys else None, typo))
        is_title = not self.title_taken and (b.level == 1 or b is self.title_block)
        if is_title:
            self.title, self.title_line, self.title_taken = b.text, b.line, True
            if b is self.title_block:
                return
        while self.stack and self.stack[-1][0] >= b.level:
            self.stack.pop()
        if not self.belongs_to_open(b, keys):
            self.open(index, b, keys, typo, is_title)

    def belongs_to_open(self, b: Block, keys: tuple[str, ...]) -> bool:
        """A heading that continues the section before it rather than opening one."""
        previous = self.previous
        top = self.stack[-1][1] if self.stack else []
        if keys and previous and set(keys) <= {o.key for o in previous}:
            for occ in previous:
                occ.blocks.append(b)  # adjacent headings of one section merge
            self.stack.append((b.level, previous))
            return True
        grouping = any(o.key in GROUPING for o in top)
        if top and (grouping or all(k in self.seen for k in keys)):
            for occ in top:
                occ.blocks.append(b)  # a subsection ("### 14:02", "### What went well")
            self.previous = top
            return True
        if not keys and previous and previous[0].key == "timeline" and _is_stamp(b.text):
            for occ in previous:
                occ.blocks.append(b)  # "## July 22" after "## Timeline": a date in it
            self.stack.append((b.level, previous))
            return True
        return False

    def open(
        self, index: int, b: Block, keys: tuple[str, ...], typo: str | None, title: bool
    ) -> None:
        if not keys:
            self.previous = []
            if not title and not self.stack:  # deeper ones belong to the open extra heading
                self.extra.append(Heading(b.text, b.line, b.level, None, None))
                self.stack.append((b.level, []))
            return
        top = self.stack[-1][1] if self.stack else []
        if top:
            keys = tuple(k for k in keys if k not in self.seen)
        group = [_Open(key, b.text, b.line, b.level, typo) for key in keys]
        for occ in group:
            for parent in top:
                parent.children.append(occ)  # "### Five whys" inside "## Root cause analysis"
            self.opened.append(occ)
            self.seen.add(occ.key)
        self.stack.append((b.level, group))
        self.previous = group
        if self.first_section_index is None:
            self.first_section_index = index

    def finish(self) -> Outline:
        frozen: dict[int, Section] = {}
        for occ in reversed(self.opened):  # children before their parents
            children = tuple(frozen[id(c)] for c in occ.children)
            end_line = max(
                [occ.line, *(b.end_line for b in occ.blocks), *(c.end_line for c in children)]
            )
            frozen[id(occ)] = Section(
                key=occ.key,
                heading=occ.heading,
                line=occ.line,
                level=occ.level,
                end_line=end_line,
                blocks=tuple(occ.blocks),
                typo_of=occ.typo_of,
                children=children,
            )
        return Outline(
            headings=tuple(self.headings),
            sections=tuple(frozen[id(o)] for o in self.opened),
            extra=tuple(self.extra),
            title=self.title,
            title_line=self.title_line,
            first_section_index=self.first_section_index,
        )
