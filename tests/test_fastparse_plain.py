"""The inline parse's plain-text shortcut (pmlint.fastinline.maybe_inline) gives marko's tree on
texts at the edge of what it lets through: handles and e-mail addresses, URLs, and each
character an inline element needs."""

from __future__ import annotations

import pytest

from pmlint.fastinline import maybe_inline
from test_fastparse import differences

EDGES = [
    "The on-call engineer, @d.mensah, escalated.",
    "@tom.becker",
    "Mail ops@example.com now.",
    "Mail ops@example now.",
    "a@b.c and x@y.",
    "a@@b.c",
    "@a@b.c",
    "+@x.y",
    "see www.example.com",
    "see example.com/x",
    "see https://example.com",
    "ftp://x",
    "a ~b~ c",
    "a *b* c",
    "a _b_ c",
    "a [b] c",
    "a `b` c",
    "a <b> c",
    "a \\* c",
    "a\nb",
    "|a|b|\n|-|-|\n|x@y.z|@u.v|",
    "- [ ] a@b.c\n- [x] plain",
    "# Heading @who.is",
]


@pytest.mark.parametrize("text", EDGES)
def test_the_plain_text_shortcut_gives_markos_tree(text: str) -> None:
    assert differences(text + "\n") == []


def test_what_is_plain() -> None:
    assert not maybe_inline("The on-call engineer, @d.mensah, escalated.")
    assert not maybe_inline("Rolled back at 14:02 UTC; error rate fell to 0.1%.")
    assert maybe_inline("ops@example.com")
    assert maybe_inline("see www.example.com")
    assert maybe_inline("line\nbreak")
