"""pmlint's own marko parser: the same tree as ``marko.ext.gfm.gfm.parse``, in less time.

marko stays the parser. This module only plugs into marko's own extension points (a
:class:`~marko.parser.Parser` subclass and element subclasses registered with
``override = True``) and changes *how fast* a decision is reached, never the decision:

* :class:`FastSource` caches what marko's Source recomputes on every call: the joined prefix
  of the open containers, the line at a position, how much of it the prefix takes, patterns.
* Every block element that marko tries on each line gets a cheap pre-test that is a
  *necessary* condition of its pattern, computed once per line and prefix
  (:meth:`FastSource.probe`): the first character after at most three spaces. A heading must
  start with ``#``, a list with a digit or ``*-+``, and so on. When the pre-test fails, the
  element fails exactly as marko's would, leaving the same parser state behind (the current
  match, and the anchor for tables); when it passes, marko's own ``match`` runs.
* Paragraph continuation asks the same pre-test once instead of trying every element that can
  interrupt a paragraph.
* The inline parser leaves text in which no inline element can match as marko's one RawText,
  skips the characters that cannot start a link, emphasis or code span, and skips the search
  for an inline element whose pattern needs a character the text does not contain.

It depends on marko internals, so it is used only with the marko release it was written for
(:data:`MARKO_VERSION`); :func:`pmlint.markdown.parse_markdown` falls back to the stock parser
otherwise or when ``PMLINT_STOCK_MARKO=1``. tests/test_fastparse.py compares both trees (every
element, attribute and source span) on the corpus, the spec examples and generated Markdown.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Sequence
from functools import cache
from re import Match
from typing import Any, cast

import marko
from marko import Markdown, block, inline
from marko.ext.gfm import GFM
from marko.ext.gfm import elements as gfm
from marko.helpers import MarkoExtension
from marko.parser import Parser
from marko.source import Source

from pmlint import fastinline
from pmlint.fastsource import DIGIT, FastSource, lead_in, list_lead, starts_with

#: The marko release this module was written for and checked against.
MARKO_VERSION = "2.2.4"

#: True when the installed marko is that release.
ACTIVE = marko.__version__ == MARKO_VERSION

# --- block elements: marko's own, each with a pre-test in front of its match ---------------
# The class names are marko's, so the tree reads the same to marko's renderers.


class ThematicBreak(block.ThematicBreak):
    override = True

    @classmethod
    def match(cls, source: Source) -> bool:
        return lead_in(source, "-_*") and super().match(source)


class FencedCode(block.FencedCode):
    override = True

    @classmethod
    def match(cls, source: Source) -> Match[str] | None:
        return super().match(source) if lead_in(source, "`~") else None


class Heading(block.Heading):
    override = True

    @classmethod
    def match(cls, source: Source) -> Match[str] | None:
        return super().match(source) if lead_in(source, "#") else None


class Quote(block.Quote):
    override = True

    @classmethod
    def match(cls, source: Source) -> Match[str] | None:
        return super().match(source) if lead_in(source, ">") else None


class Alert(gfm.Alert):
    override = True

    @classmethod
    def match(cls, source: Source) -> Any:
        # marko.ext.gfm's elements are untyped
        return super().match(source) if lead_in(source, ">") else None  # type: ignore[no-untyped-call]


class List(block.List):
    override = True

    @classmethod
    def match(cls, source: Source) -> bool:
        return list_lead(source) and super().match(source)


class ListItem(block.ListItem):
    override = True

    @classmethod
    def match(cls, source: Source) -> bool:
        if list_lead(source):
            return super().match(source)
        if isinstance(source, FastSource) and source.probe()[1] == "_":
            # marko's first tries a thematic break, which leaves its match on "___"
            source.parser.block_elements["ThematicBreak"].match(source)
        return False


class HTMLBlock(block.HTMLBlock):
    override = True

    @classmethod
    def match(cls, source: Source) -> int | bool:
        if lead_in(source, "<"):
            return super().match(source)
        source.context.html_end = None
        return False


class LinkRefDef(block.LinkRefDef):
    override = True

    @classmethod
    def match(cls, source: Source) -> bool:
        return lead_in(source, "[") and super().match(source)


class Table(gfm.Table):
    override = True

    @classmethod
    def match(cls, source: Source) -> Any:
        # The header row must contain a "|"; marko anchors before it looks.
        if isinstance(source, FastSource) and "|" not in source.probe()[2]:
            source.anchor()
            length = source.probe()[0]
            source.match = source.line_match(source.pos + length) if length >= 0 else None
            return False
        return super().match(source)  # type: ignore[no-untyped-call]

    @classmethod
    def parse(cls, source: Source) -> Any:
        # gfm's, trying before each row only the elements its first character allows (see
        # FastParser._plan) instead of all of them.
        parser = source.parser
        if not isinstance(source, FastSource) or not isinstance(parser, FastParser):
            return super().parse(source)  # type: ignore[no-untyped-call]
        table = cls(**source.context.table_info)
        with source.under_state(table):
            for d, th in zip(table.delimiters, table.head.children, strict=False):
                head, d = cast(gfm.TableCell, th), d.strip()
                head.header = True
                if d[0] == ":" and d[-1] == ":":
                    head.align = "center"
                elif d[0] == ":":
                    head.align = "left"
                elif d[-1] == ":":
                    head.align = "right"
            rows = cast(list[block.BlockElement], table.children)
            while not source.exhausted:
                source.context.html_end = None  # as marko's HTMLBlock.match leaves it
                plan = parser._plan(source.probe()[1])
                if any(e.match(source) for e in plan if not issubclass(e, gfm.Table | Paragraph)):
                    break
                if not gfm.TableRow.match(source):
                    break
                rows.append(gfm.TableRow.parse(source))
        table.source_span = (source.context.table_start, source.pos)
        return table


class CodeBlock(block.CodeBlock):
    override = True

    @classmethod
    def match(cls, source: Source) -> str:
        # marko matches "<prefix> {4}" against the whole line with tabs expanded, so the line
        # holds four spaces in a row or a tab.
        if isinstance(source, FastSource):
            line = source.line_match(source.pos).group()
            if "    " not in line and "\t" not in line:
                source.match = source.line_match(source.pos)
                source.context.code_line = ""
                return ""
        return super().match(source)


_SETEXT = re.compile(r" {,3}(=+|-+)[^\n\S]*$")
_INTERRUPTS = "#`~><-_*+"  # first characters of what can interrupt a paragraph, but digits


class Paragraph(gfm.Paragraph):
    override = True

    @staticmethod
    def is_setext_heading(line: str) -> bool:
        return _SETEXT.match(line) is not None

    @classmethod
    def break_paragraph(cls, source: Source, lazy: bool = False) -> bool:
        # marko tries, in turn, a blank line, a heading, a fence, a quote, a list (item), an
        # HTML block and a thematic break. Each needs the prefix to match; all but the blank
        # line also need a first character from _INTERRUPTS or a digit.
        if isinstance(source, FastSource):
            length, lead, rest = source.probe()
            if length >= 0 and not rest.strip():
                return True
            if length < 0 or not lead or not (lead in _INTERRUPTS or lead.isdecimal()):
                source.context.html_end = None  # marko's HTMLBlock.match was the last to run
                return False
        return super().break_paragraph(source, lazy)


#: The first characters (after at most three spaces) that each element's pattern needs.
_STARTS: dict[type[block.BlockElement], str] = {
    ThematicBreak: "-_*",
    FencedCode: "`~",
    Heading: "#",
    Quote: ">",
    Alert: ">",
    List: "*-+" + DIGIT,
    HTMLBlock: "<",
    LinkRefDef: "[",
}


def _possible(element: type[block.BlockElement], lead: str) -> bool:
    """Whether ``element`` may match a line whose ``lead`` is that of FastSource.probe."""
    if issubclass(element, block.BlankLine):
        return not lead or lead.isspace()  # all whitespace (str.strip's) after the prefix
    starts = _STARTS.get(element)
    return starts is None or starts_with(lead, starts)


ELEMENTS: list[type[block.BlockElement]] = [
    ThematicBreak,
    FencedCode,
    Heading,
    Quote,
    Alert,
    List,
    ListItem,
    HTMLBlock,
    LinkRefDef,
    Table,
    CodeBlock,
    Paragraph,
]


class FastParser(Parser):
    """marko's Parser on a :class:`FastSource`, with the faster inline scan."""

    def __init__(self) -> None:
        self._block_list: list[type[block.BlockElement]] | None = None
        self._plans: dict[str, list[type[block.BlockElement]]] = {}
        self._inline_list: list[type[inline.InlineElement]] | None = None
        self._known_inlines = False  # every inline element is in fastinline.INLINE_NEEDS
        super().__init__()
        self._link_or_emph = fastinline.link_or_emph_type(self)

    def add_element(self, element: Any) -> None:
        super().add_element(element)
        self._block_list = self._inline_list = None

    def parse(self, text: str) -> block.Document:
        source = FastSource(text)
        source.parser = self
        document = cast(block.Document, self.block_elements["Document"]())
        document.source_span = (0, len(source._buffer))
        with source.under_state(document):
            document.children = self.parse_source(source)
            self.parse_inline(document, source)
        return document

    def _build_inline_element_list(self) -> list[type[inline.InlineElement]]:
        if self._inline_list is None:  # marko builds it anew for every inline body
            self._inline_list = super()._build_inline_element_list()
            self._known_inlines = all(e in fastinline.INLINE_NEEDS for e in self._inline_list)
        return self._inline_list

    def _build_block_element_list(self) -> list[type[block.BlockElement]]:
        if self._block_list is None:
            self._block_list = super()._build_block_element_list()
            self._plans = {}
        return self._block_list

    def _plan(self, lead: str) -> list[type[block.BlockElement]]:
        """The block elements worth trying on a line whose first character is ``lead``.

        Those left out are elements whose pattern needs another first character (see
        ``_STARTS``), and the blank line when the line has a character that is not
        whitespace. Trying one of them would only set ``source.match`` (and, for an HTML
        block, ``context.html_end``), and both are set again by the next element tried before
        anything reads them; the last element, the paragraph, is always tried.
        """
        elements = self._build_block_element_list()
        plan = self._plans.get(lead)
        if plan is None:
            plan = self._plans[lead] = [e for e in elements if _possible(e, lead)]
        return plan

    def parse_source(self, source: Source) -> list[block.BlockElement]:
        """marko's loop over the block elements, trying only those the line can start."""
        if not isinstance(source, FastSource):
            return super().parse_source(source)
        ast: list[block.BlockElement] = []
        while not source.exhausted:
            length, lead, _ = source.probe()
            if length < 0:  # the line does not continue the open containers: nothing matches
                source.anchor()  # as the table's match leaves it
                source.match = source.line_match(source.pos)  # as the paragraph's leaves it
                break
            start = source.pos + length  # marko's source._current_pos
            for ele_type in self._plan(lead):
                if ele_type.match(source):
                    result = ele_type.parse(source)
                    end = source.pos
                    if not hasattr(result, "priority"):  # information to build one from
                        result = cast(Any, ele_type)(result)
                    if result.source_span is None:
                        result.source_span = (start, end)
                    ast.append(result)
                    break
            else:
                break
        return ast

    def parse_inline(self, element: block.BlockElement, source: Source) -> None:
        """marko's recursion over the tree, as a loop (in the same order)."""
        stack = [element]
        while stack:
            current = stack.pop()
            if current.inline_body:
                current.children = self._parse_inline(
                    current.inline_body, source, positions=current._inline_positions
                )
                current.inline_body, current._inline_positions = "", None
            else:
                inner = [c for c in current.children if isinstance(c, block.BlockElement)]
                stack.extend(reversed(inner))

    def _parse_inline(
        self, text: str, source: Source, positions: Sequence[int] | None = None
    ) -> list[inline.InlineElement]:
        fallback, elements = self.inline_elements["RawText"], self._build_inline_element_list()
        if self._known_inlines and not fastinline.maybe_inline(text):  # most are plain text
            return fastinline.plain_text(text, fallback, positions)
        return fastinline.parse_inline_text(
            text, source, positions, elements, self._link_or_emph, fallback
        )


FAST = MarkoExtension(elements=list(ELEMENTS))


@cache
def markdown() -> Markdown:
    """The GFM Markdown object on the fast parser (built on first use)."""
    return Markdown(parser=FastParser, extensions=[GFM, FAST])


def parse(text: str) -> block.Document:
    """Parse like ``marko.ext.gfm.gfm.parse(text)``.

    The cyclic garbage collector is paused meanwhile: the tree has no reference cycles, and
    each collection would walk the whole tree built so far (superlinear on long documents).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return markdown().parse(text)
    finally:
        if collecting:
            gc.enable()
