"""Sections opened by a bold label instead of a heading, as in the SRE book and status pages.

``**Impact:** 40% of requests failed`` (a paragraph that starts with a bold label naming a
section) opens that section; its content is the paragraph and what follows it up to the next
bold label or heading. ``- **Review actions**:`` (a list item that starts with one) opens it
with the item's content, nested lists included. A label opens a section only when no heading of
the document names that section; several labels of one section make one section.
"""

from __future__ import annotations

import re

from pmlint.headings import HeadingMatcher
from pmlint.model import Block, Section

_LABEL = re.compile(r"^\s*(?:\*\*|__)([^*_\n]{2,40}?)\s*:?\s*(?:\*\*|__)\s*:?(?:\s|$)")


def label_of(b: Block) -> str | None:
    """The bold label a paragraph starts with ("Impact" in ``**Impact:** 40% ...``)."""
    if b.kind != "paragraph" or not b.raw:
        return None
    m = _LABEL.match(b.raw)
    return m.group(1).strip() if m else None


def label_sections(
    blocks: tuple[Block, ...], matcher: HeadingMatcher, present: set[str]
) -> list[Section]:
    """Sections opened by bold labels, for the sections in no heading (``present``)."""
    found: dict[str, tuple[str, list[Block]]] = {}  # key -> (label, blocks)
    _scan(blocks, matcher, present, found)
    sections = []
    for key, (label, content) in found.items():
        sections.append(
            Section(
                key=key,
                heading=label,
                line=content[0].line,
                level=0,
                end_line=max(b.end_line for b in content),
                blocks=tuple(content),
                origin="label",
            )
        )
    return sections


def _scan(
    blocks: tuple[Block, ...],
    matcher: HeadingMatcher,
    present: set[str],
    found: dict[str, tuple[str, list[Block]]],
) -> None:
    """Label paragraphs and label items in one container (and the containers inside it)."""
    index = 0
    while index < len(blocks):
        b = blocks[index]
        index += 1
        label = label_of(b)
        keys = [k for k in matcher.label(label) if k not in present] if label else []
        following = blocks[index] if index < len(blocks) else None
        if not keys and following is not None and following.kind == "list":
            label, keys = _plain_label(b, matcher, present)
            if keys and label is not None:
                _take(found, keys, label, [b, following])
                index += 1
                continue
        if keys and label is not None:
            content = [b]
            while index < len(blocks):
                following = blocks[index]
                if following.kind == "heading" or label_of(following) is not None:
                    break
                content.append(following)
                index += 1
            _take(found, keys, label, content)
            continue
        if b.kind == "list":
            for position, item in enumerate(b.items):
                first = item.items[0] if item.items else None
                label = label_of(first) if first is not None else None
                keys = [k for k in matcher.label(label) if k not in present] if label else []
                if keys and label is not None:
                    content = list(item.items)
                    last = position == len(b.items) - 1
                    after = following if last and len(content) == 1 else None
                    if after is not None and after.kind == "list":  # "- **Actions**:", a list
                        content.append(after)
                        index += 1
                    _take(found, keys, label, content)
                else:
                    _scan(item.items, matcher, present, found)
        elif b.kind == "quote":
            _scan(b.items, matcher, present, found)


def _plain_label(
    b: Block, matcher: HeadingMatcher, present: set[str]
) -> tuple[str | None, list[str]]:
    """A one-line paragraph that names a section, or introduces one ending with a colon."""
    text = " ".join(b.text.split())
    if b.kind != "paragraph":
        return None, []
    if text.endswith((":", "：")):
        text = re.split(r"(?<=[.!?])\s+", text)[-1]  # the sentence that introduces the list
    if len(text.split()) > 25:
        return None, []
    keys = list(matcher.label(text.rstrip(":：")))
    if not keys and text.endswith((":", "：")):
        keys = list(matcher.leadin(text)) or list(matcher.named_in(text))
    return text.rstrip(":："), [k for k in keys if k not in present]


def _take(
    found: dict[str, tuple[str, list[Block]]], keys: list[str], label: str, content: list[Block]
) -> None:
    for key in keys:
        if key in found:
            found[key][1].extend(content)
        else:
            found[key] = (label, list(content))
