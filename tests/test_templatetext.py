"""Template text left in: prompts and example text (PM202), skeleton sentences (PM203)."""

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


def test_skeleton_seams_match_as_their_plain_form() -> None:
    """PM203's seams start with a class of their first character's cases (to skip ahead):
    they match what ``(?<!\\w)`` and the tokens under IGNORECASE match."""
    from pmlint.derive import TEMPLATES
    from pmlint.rules.blanks import _JOINER, _seam

    rng = random.Random(5)
    alphabet = "aThe tHE_*\n\u0130\u0131\u017f\u212asSkK,.ı"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(3000)]
    cases = [["the", "hour"], [",", "users"], ["it", "s"], ["ski", "k"], ["été", "x"]]
    for name in TEMPLATES:
        for section in template_for(name).sections:
            for sentence in section.sentences:
                cases.append(re.findall(r"\w+|[^\w\s{}]", sentence.split("{}")[0])[-3:] or ["x"])
    for tokens in cases:
        for tail in ("", r"(?!\w)"):
            fast = _seam(tuple(tokens), tail)
            plain = re.compile(
                r"(?<!\w)" + _JOINER.join(map(re.escape, tokens)) + tail, re.IGNORECASE
            )
            samples = [*texts, " ".join(tokens), "x" + " ".join(tokens).upper()]
            for text in samples:
                got = [m.span() for m in fast.finditer(text)]
                assert got == [m.span() for m in plain.finditer(text)], (tokens, text)
