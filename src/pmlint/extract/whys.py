"""The five whys: the steps of the chain.

Steps are list items (numbered or bulleted; an item's nested answer belongs to it), or, when
the section has no list, its paragraphs: a "Why ...?" question paragraph takes the paragraph
that answers it. Template prompts are never steps.
"""

from __future__ import annotations

import re

from pmlint.model import Block, Step

_QUESTION = re.compile(r"^\W*(?:\d+[.)]\s*)?(?:why|なぜ|q\s*:)", re.IGNORECASE)


def _deepest(lists: list[Block], question: str = "") -> tuple[Step, ...]:
    """The longest chain down a tree of whys: each item's first paragraph answers the question
    asked above it ("**Why was the code structured that way?**"), which goes with the answer."""
    best: tuple[Step, ...] = ()
    for lst in lists:
        for item in lst.items:
            paragraphs = [b for b in item.items if b.kind == "paragraph" and b.text]
            first = paragraphs[0] if paragraphs else None
            if first is None or first.guidance or first.italic:
                continue
            asked = " ".join(b.text for b in paragraphs[1:] if _QUESTION.match(b.text.strip("*_")))
            below = _deepest([b for b in item.items if b.kind == "list"], asked)
            chain = (Step(item.line, f"{question}\n{first.text}".strip()), *below)
            best = chain if len(chain) > len(best) else best
    return best


def _is_tree(lists: list[Block]) -> bool:
    """Answers with their own whys under them: an item states an answer, then asks the next
    question ("**Why was the code structured that way?**") above a nested list."""
    for lst in lists:
        for item in lst.items:
            paragraphs = [b.text.strip("*_ ") for b in item.items if b.kind == "paragraph"]
            nested = any(b.kind == "list" for b in item.items)
            if nested and len(paragraphs) >= 2 and paragraphs[-1].endswith(("?", "？")):
                return True
    return False


def ends(blocks: tuple[Block, ...]) -> tuple[Step, ...]:
    """The answers each branch of a tree of whys ends on; for a chain, its last step."""
    lists = [b for b in blocks if b.kind == "list"]
    if not _is_tree(lists):
        found = steps(blocks)
        return found[-1:]
    return tuple(_leaves(lists))


def _leaves(lists: list[Block]) -> list[Step]:
    found: list[Step] = []
    for lst in lists:
        for item in lst.items:
            nested = [b for b in item.items if b.kind == "list"]
            first = next((b for b in item.items if b.kind == "paragraph" and b.text), None)
            if nested:
                found += _leaves(nested)
            elif first is not None and not first.guidance and not first.italic:
                found.append(Step(item.line, first.text))
    return found


def steps(blocks: tuple[Block, ...]) -> tuple[Step, ...]:
    found: list[Step] = []
    lists = [b for b in blocks if b.kind == "list"]
    if _is_tree(lists):
        return _deepest(lists)  # a tree of whys: each answer's own whys nested under it
    if lists:
        for b in lists:
            found.extend(
                Step(i.line, i.text) for i in b.items if not i.guidance and i.text and not i.italic
            )
        return tuple(found)
    paragraphs = [
        b for b in blocks if b.kind == "paragraph" and not b.guidance and b.text and not b.italic
    ]
    index = 0
    while index < len(paragraphs):
        b = paragraphs[index]
        text = b.text
        answer = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        is_question = _QUESTION.match(text) and text.rstrip("*_ ").endswith(("?", "？"))
        if is_question and answer is not None and not _QUESTION.match(answer.text):
            text = text + "\n" + answer.text  # the paragraph that answers it
            index += 1
        found.append(Step(b.line, text))
        index += 1
    return tuple(found)
