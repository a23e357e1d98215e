"""The five whys: the steps of the chain.

Steps are list items (numbered or bulleted; an item's nested answer belongs to it), or, when
the section has no list, its paragraphs: a "Why ...?" question paragraph takes the paragraph
that answers it. Template prompts are never steps.
"""

from __future__ import annotations

import re

from pmlint.model import Block, Step

_QUESTION = re.compile(r"^\W*(?:\d+[.)]\s*)?(?:why|なぜ|q\s*:)", re.IGNORECASE)


def steps(blocks: tuple[Block, ...]) -> tuple[Step, ...]:
    found: list[Step] = []
    lists = [b for b in blocks if b.kind == "list"]
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
