"""The inline scan for :mod:`pmlint.fastparse`: marko's link/emphasis scan jumping between the
only characters at which it does anything, and the characters each inline element's pattern
needs (an element is not searched for in text that lacks them)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from marko import inline, inline_parser
from marko.element import _translate_span
from marko.ext.gfm import elements as gfm
from marko.parser import Parser
from marko.source import Source

# --- inline parsing ---------------------------------------------------------------------

# Characters at which marko's link/emphasis scan does anything: an escape, a code span, a
# closing bracket, or a delimiter ("[", "![", runs of "*" or "_"). At any other character it
# only steps on.
_SCAN_STOPS = re.compile(r"[\\`\]!\[*_]")
_DELIMITER = re.compile(r"(?:!?\[|\*+|_+)")
_CODE = re.compile(r"(?<!`)(`+)(?!`)([\s\S]+?)(?<!`)\1(?!`)")


def find_links_or_emphs(
    text: str, link_ref_defs: dict[str, tuple[str, str]]
) -> list[inline_parser.MatchObj]:
    """:func:`marko.inline_parser.find_links_or_emphs`, jumping between the stop characters."""
    delimiters: list[inline_parser.Delimiter] = []
    matches: list[inline_parser.MatchObj] = []
    i = 0
    end = len(text)
    while i < end:
        stop = _SCAN_STOPS.search(text, i)
        if stop is None:
            break
        i = stop.start()
        char = text[i]
        if char == "\\":
            i += 2  # the backslash and the character it escapes
            continue
        if char == "`":
            code = _CODE.match(text, i)
            if code is not None:
                i = code.end()
                continue
        elif char == "]":
            node = inline_parser.look_for_image_or_link(text, delimiters, i, link_ref_defs, matches)
            if node:
                i = node.end()
                matches.append(node)
            else:
                i += 1
            continue
        delimiter = _DELIMITER.match(text, i)
        if delimiter is not None:
            delimiters.append(inline_parser.Delimiter(delimiter, text))
            i = delimiter.end()
        else:
            i += 1
    inline_parser.process_emphasis(text, delimiters, None, matches)
    return matches


# GFM's e-mail autolink needs a name character, "@", then domain characters and a "." (a
# handle such as "@d.mensah" has no name before its "@"). Searched from the "@": a pattern
# that starts with a class of word characters is tried at every position, ten times slower.
_EMAIL_DOMAIN = re.compile(r"@[\w.\-]*\.")
_EMAIL_NAME = re.compile(r"[\w.+\-]")


def _email_possible(text: str) -> bool:
    # The domain part holds no "@", so no "@" is skipped between non-overlapping matches.
    for found in _EMAIL_DOMAIN.finditer(text):
        if found.start() > 0 and _EMAIL_NAME.match(text, found.start() - 1):
            return True
    return False


def parse_inline_text(
    text: str,
    source: Source,
    positions: Sequence[int] | None,
    elements: list[type[inline.InlineElement]],
    link_or_emph: type[inline.InlineElement],
    fallback: type[inline.InlineElement],
) -> list[inline.InlineElement]:
    """:func:`marko.inline_parser.parse` with the faster link/emphasis scan, not searching for
    an element whose pattern needs what the text lacks (INLINE_NEEDS)."""
    Token = inline_parser.Token
    tokens = [
        Token(link_or_emph, m, text, fallback, positions)
        for m in find_links_or_emphs(text, source.root.link_ref_defs)
    ]
    for etype in elements:
        needs = INLINE_NEEDS.get(etype)
        if needs is not None and not (needs in text if isinstance(needs, str) else needs(text)):
            continue
        found: Iterator[Any] = etype.find(text, source=source)
        tokens.extend(Token(etype, m, text, fallback, positions) for m in found)
    tokens.sort()
    tokens = inline_parser._resolve_overlap(tokens)
    return inline_parser.make_elements(tokens, text, fallback=fallback, positions=positions)


def link_or_emph_type(parser: Parser) -> type[inline.InlineElement]:
    """The token type of links, images and emphasis (made per call by marko)."""

    class LinkOrEmph(inline.InlineElement):
        parse_children = True

        def __new__(cls, match: inline_parser.MatchObj) -> inline.InlineElement:  # type: ignore[misc]
            return parser.inline_elements[match.etype](match)

    return LinkOrEmph


def _url_possible(text: str) -> bool:
    return "www." in text or "://" in text or ("@" in text and _email_possible(text))


# A character that a link, image or emphasis ("[", "*", "_") or one of INLINE_NEEDS needs.
_SPECIAL = re.compile(r"[\\`\[*_<\n~]")


def maybe_inline(text: str) -> bool:
    """Whether any inline element may match in ``text``; most paragraphs and table cells are
    plain text, one RawText."""
    return _SPECIAL.search(text) is not None or _url_possible(text)


def plain_text(
    text: str, fallback: type[inline.InlineElement], positions: Sequence[int] | None
) -> list[inline.InlineElement]:
    """marko's inline parse of text that is not :func:`maybe_inline`: the one RawText it makes
    of the whole text, without the token machinery."""
    if not text:
        return []
    plain = fallback(text)  # type: ignore[arg-type]  # RawText takes the text
    plain.source_span = _translate_span(positions, 0, len(text))
    return [plain]


# A character (or test) without which an inline element's pattern cannot match the text.
INLINE_NEEDS: dict[type[inline.InlineElement], Any] = {
    inline.AutoLink: "<",
    inline.InlineHTML: "<",
    inline.CodeSpan: "`",
    inline.Literal: "\\",
    inline.LineBreak: "\n",
    gfm.Strikethrough: "~",
    gfm.Url: _url_possible,
}
