"""The section tree: which heading opens which section, and the blocks each one holds.

A recognised heading opens a section that runs to the next heading of the same or a higher
level; deeper headings (a ``### 14:02`` timeline entry, a ``### What went well`` subsection)
belong to it. Adjacent headings that map to the same section merge. A recognised heading nested
in another section opens its own section, unless that section was already seen. An unrecognised
top-level heading is an extra section.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pmlint.dates import parse_stamp
from pmlint.headings import HeadingMatcher
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


def _is_stamp(text: str) -> bool:
    stamp = parse_stamp(text, 2000)
    return stamp is not None and not text[stamp.end :].strip(" :-–—*_")[:1].isalpha()


def outline(blocks: tuple[Block, ...], matcher: HeadingMatcher, title: str | None) -> Outline:
    """The sections of ``blocks``; ``title`` is the front matter title, if any."""
    walk = _Walk(matcher, title)
    for index, b in enumerate(blocks):
        walk.add(index, b)
    return walk.finish()


class _Walk:
    def __init__(self, matcher: HeadingMatcher, title: str | None) -> None:
        self.matcher = matcher
        self.headings: list[Heading] = []
        self.opened: list[_Open] = []
        self.extra: list[Heading] = []
        # Open headings, innermost last: (level, its section, or None for an unrecognised one).
        self.stack: list[tuple[int, _Open | None]] = []
        self.seen: set[str] = set()
        self.previous: _Open | None = None  # the section the previous heading belonged to
        self.first_section_index: int | None = None
        self.title = title
        self.title_line: int | None = None
        self.title_taken = title is not None

    def add(self, index: int, b: Block) -> None:
        if b.kind != "heading":
            if self.stack and self.stack[-1][1] is not None:
                self.stack[-1][1].blocks.append(b)
            return
        key, typo = self.matcher.match(b.text)
        self.headings.append(Heading(b.text, b.line, b.level, key, typo))
        is_title = not self.title_taken and b.level == 1
        if is_title:
            self.title, self.title_line, self.title_taken = b.text, b.line, True
        while self.stack and self.stack[-1][0] >= b.level:
            self.stack.pop()
        if not self.belongs_to_open(b, key):
            self.open(index, b, key, typo, is_title)

    def belongs_to_open(self, b: Block, key: str | None) -> bool:
        """A heading that continues the section before it rather than opening one."""
        previous = self.previous
        top = self.stack[-1][1] if self.stack else None
        if key is not None and previous is not None and previous.key == key:
            previous.blocks.append(b)  # adjacent headings of one section merge
            self.stack.append((b.level, previous))
            return True
        if top is not None and (key is None or key in self.seen):
            top.blocks.append(b)  # a subsection ("### 14:02", "### What went well")
            self.previous = top
            return True
        if (
            key is None
            and previous is not None
            and previous.key == "timeline"
            and _is_stamp(b.text)
        ):
            previous.blocks.append(b)  # "## July 22" after "## Timeline": a date in it
            self.stack.append((b.level, previous))
            return True
        return False

    def open(self, index: int, b: Block, key: str | None, typo: str | None, title: bool) -> None:
        if key is None:
            self.previous = None
            if not title and not self.stack:  # deeper ones belong to the open extra heading
                self.extra.append(Heading(b.text, b.line, b.level, None, None))
                self.stack.append((b.level, None))
            return
        top = self.stack[-1][1] if self.stack else None
        occ = _Open(key, b.text, b.line, b.level, typo)
        if top is not None:
            top.children.append(occ)  # "### Five whys" inside "## Root cause analysis"
        self.opened.append(occ)
        self.seen.add(key)
        self.stack.append((b.level, occ))
        self.previous = occ
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
