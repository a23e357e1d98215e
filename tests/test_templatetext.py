"""Recognising the template's prompts and example text: the normalisation it compares."""

from __future__ import annotations

import random
import re

from pmlint.derive import template_for
from pmlint.templatetext import TemplateText, normalize_prose


def _plain(text: str) -> str:
    """normalize_prose as first written, in three passes (it now finds the words in one)."""
    text = text.replace("\u2019", "'").replace("'", "")
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).replace("_", " ").split())


def test_normalize_prose_is_its_plain_form_for_every_character() -> None:
    characters = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
    for start in range(0, len(characters), 512):
        text = "".join(f"a{c}b {c}" for c in characters[start : start + 512])
        assert normalize_prose(text) == _plain(text), hex(ord(characters[start]))


def test_normalize_prose_is_its_plain_form_on_mixed_text() -> None:
    alphabet = "aZ_ '\u2019\u0130\u0131\u017f\u212a\u00df\t\n\x1c\u00a0\u2028\u3000é1٣\u0307-*Σς"
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert normalize_prose(text) == _plain(text), repr(text)


def test_an_edited_prompt_is_still_template_text_and_the_author_s_text_is_not() -> None:
    """The edited prompt passes the test on all candidates' words (TemplateText.reach)."""
    texts = TemplateText(template_for("google-sre"))
    longest = max(texts.known, key=len).split()
    edited = " ".join([*longest[:-1], "zebra"])
    assert texts.classify(edited) == texts.known[" ".join(longest)]
    assert (
        texts.classify("We rolled back the gateway configuration and restarted its pods.") is None
    )
