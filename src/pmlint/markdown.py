"""The one walk of marko's tree: Markdown -> blocks, the prose index and the HTML comments.

The only module that imports marko, so that reading cached results never does. Every block
knows its lines; every inline container (paragraph, heading, table cell) adds a
:class:`~pmlint.model.ProseSpan` whose text is the source with what is not prose masked out.
"""

from __future__ import annotations

import gc
import os
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from marko import block, inline
from marko.element import Element
from marko.ext.gfm import elements as gfm
from marko.ext.gfm import gfm as _markdown

from pmlint import fastparse
from pmlint.htmltags import is_real_html
from pmlint.model import Block, ProseSpan
from pmlint.source import SourceText

_CODE_BLOCKS = (block.FencedCode, block.CodeBlock)
_RAW_TEXT = inline.RawText
Classify = Callable[[str], str | None]  # text -> "prompt", "example" or None


@dataclass(frozen=True)
class Parsed:
    """What the walk produced: top-level blocks, the prose index, and HTML comments."""

    blocks: tuple[Block, ...]
    prose: tuple[ProseSpan, ...]
    comments: tuple[tuple[int, str], ...]  # (offset in the normalised text, source)


def parse(source: SourceText, body_offset: int, classify: Classify) -> Parsed:
    """Parse the body (the text from ``body_offset``) and walk it once.

    The cyclic garbage collector is paused for the walk as for the parse: neither makes
    reference cycles, and each collection would only traverse the tree again.
    """
    tree = parse_markdown(source.normalized[body_offset:])
    collecting = gc.isenabled()
    gc.disable()
    try:
        walker = _Walker(source, body_offset, classify)
        blocks = tuple(b for c in tree.children if (b := walker.convert(c)) is not None)
        return Parsed(blocks, tuple(walker.prose), tuple(walker.comments))
    finally:
        if collecting:
            gc.enable()


class _Walker:
    def __init__(self, source: SourceText, body_offset: int, classify: Classify) -> None:
        self.source = source
        self.offset = body_offset
        self.classify = classify
        self.prose: list[ProseSpan] = []
        self.comments: list[tuple[int, str]] = []
        self._mask: list[tuple[int, int]] = []
        self._starts = source.norm_starts
        self._line_count = source.line_count

    # -- positions ------------------------------------------------------------------------
    def line_of(self, pos: int) -> int:
        return self.source.line_of(pos + self.offset)

    def span_lines(self, element: Element) -> tuple[int, int]:
        span = element.source_span
        if span is None:
            return 1, 1
        start, end = span
        # SourceText.line_of at both ends, inlined: the walk asks this of every element.
        starts, count, offset = self._starts, self._line_count, self.offset
        return (
            min(bisect_right(starts, max(0, start + offset)), count),
            min(bisect_right(starts, max(0, max(start, end - 1) + offset)), count),
        )

    def raw(self, element: Element) -> str:
        span = element.source_span
        if span is None:
            return ""
        return self.source.normalized[span[0] + self.offset : span[1] + self.offset]

    # -- inline text and the prose index ---------------------------------------------------
    def inline_text(self, element: Element) -> str:
        """Plain text of an inline subtree, noting the source ranges that are not prose."""
        span = element.source_span
        if isinstance(element, inline.CodeSpan | inline.Image | inline.AutoLink):
            if span is not None:
                self._mask.append(span)  # in the text, never judged as prose
            if isinstance(element, inline.CodeSpan):
                return str(element.children)
            return "" if isinstance(element, inline.Image) else str(element.dest)
        if isinstance(element, inline.InlineHTML):
            body = str(element.children)
            if span is not None and body.startswith("<!--"):
                self.comments.append((span[0] + self.offset, body))
            if span is not None and is_real_html(body):
                self._mask.append(span)
                return ""
            return body
        if isinstance(element, inline.LineBreak):
            return "\n"
        if isinstance(element, inline.StrongEmphasis):
            self._mask.extend(element.syntax_spans or ())  # "__bold__" is not a blank
        if isinstance(element, inline.Link):
            self._mask.extend(element.syntax_spans or ())
            for extra in (element.dest_span, element.title_span):
                if extra is not None:
                    self._mask.append(extra)
        children = getattr(element, "children", "")
        if isinstance(children, str):
            return children
        return self.join_text(children)

    def join_text(self, children: Sequence[Element]) -> str:
        # Most children are RawText, whose text is its children: read without the call.
        return "".join(
            [c.children if type(c) is _RAW_TEXT else self.inline_text(c) for c in children]
        )

    def inline(self, element: Element) -> tuple[str, int, str] | tuple[str, None, None]:
        """Plain text of an inline container, and (when it has a position) its start offset and
        masked source for the prose index."""
        self._mask = []
        text = self.join_text(getattr(element, "children", ()))
        span = element.source_span
        if span is None:
            return text.strip(), None, None
        start, end = span
        # Masked by slicing the string (most spans have no mask at all), not char by char.
        chars = self.source.normalized[start + self.offset : end + self.offset]
        for m_start, m_end in self._mask:
            a, b = max(m_start, start) - start, min(m_end, end) - start
            if a < b:
                chars = chars[:a] + " " * (b - a) + chars[b:]
        if getattr(element, "checked", None) is not None:
            box = chars[:4]
            if box.lstrip().startswith(("[ ]", "[x]", "[X]")):
                i = len(box) - len(box.lstrip())
                chars = chars[:i] + "   " + chars[i + 3 :]
        return text.strip(), start + self.offset, chars

    def add_prose(
        self, found: tuple[str, int, str] | tuple[str, None, None], owner: Block, column: str | None
    ) -> None:
        _, start, masked = found
        if start is not None and masked is not None:
            self.prose.append(ProseSpan(start, masked, owner, column))

    # -- blocks ----------------------------------------------------------------------------
    def convert(self, element: Element) -> Block | None:
        if isinstance(element, block.BlankLine | block.LinkRefDef):
            return None
        line, end_line = self.span_lines(element)
        if isinstance(element, block.Heading | block.SetextHeading):
            found = self.inline(element)
            heading = Block(
                "heading", line, end_line, text=found[0], level=element.level, raw=self.raw(element)
            )
            self.add_prose(found, heading, None)
            return heading
        if isinstance(element, block.Paragraph):
            return self.paragraph(element, line, end_line)
        if isinstance(element, _CODE_BLOCKS):
            return Block("code", line, end_line)
        if isinstance(element, block.HTMLBlock):
            return self.html(element, line, end_line)
        if isinstance(element, block.ThematicBreak):
            return Block("break", line, end_line)
        if isinstance(element, block.List):
            items = tuple(b for c in element.children if (b := self.item(c)) is not None)
            text = "\n".join(i.text for i in items)
            return Block("list", line, end_line, items=items, text=text, ordered=element.ordered)
        if isinstance(element, gfm.Table):
            return self.table(element, line, end_line)
        if isinstance(element, block.Quote):
            inner = tuple(b for c in element.children if (b := self.convert(c)) is not None)
            text = "\n".join(b.text for b in inner if b.text)
            return Block("quote", line, end_line, items=inner, text=text)
        return Block("other", line, end_line)

    def paragraph(self, element: block.Paragraph, line: int, end_line: int) -> Block:
        found = self.inline(element)
        paragraph = Block(
            "paragraph",
            line,
            end_line,
            text=found[0],
            template_text=self.classify(found[0]),
            checked=getattr(element, "checked", None),
            raw=self.raw(element),
        )
        self.add_prose(found, paragraph, None)
        return paragraph

    def html(self, element: block.HTMLBlock, line: int, end_line: int) -> Block:
        if element.source_span is not None and "<!--" in element.body:
            self.comments.append((element.source_span[0] + self.offset, self.raw(element)))
        body = element.body.strip()
        is_comment = body.startswith("<!--") and body.endswith("-->")
        return Block("html" if is_comment else "rawhtml", line, end_line)

    def table(self, element: gfm.Table, line: int, end_line: int) -> Block:
        rows: list[Block] = []
        header: tuple[str, ...] = ()
        for row in element.children:
            found = [self.inline(cell) for cell in getattr(row, "children", ())]
            cells = tuple(f[0] for f in found)
            r_line, r_end = self.span_lines(row)
            row_block = Block(
                "row",
                r_line,
                r_end,
                text=" | ".join(cells),
                raw=self.raw(row),
                cells=cells,
                raw_cells=tuple(self.raw(cell) for cell in getattr(row, "children", ())),
            )
            for index, f in enumerate(found):
                self.add_prose(f, row_block, header[index] if index < len(header) else None)
            header = header or cells
            rows.append(row_block)
        text = "\n".join(r.text for r in rows)
        return Block("table", line, end_line, items=tuple(rows), text=text)

    def item(self, element: Element) -> Block | None:
        if not isinstance(element, block.ListItem):
            return None
        line, end_line = self.span_lines(element)
        inner = tuple(b for c in element.children if (b := self.convert(c)) is not None)
        first = inner[0] if inner else None
        return Block(
            "item",
            line,
            end_line,
            text="\n".join(b.text for b in inner if b.text),
            items=inner,
            template_text=first.template_text if first is not None and len(inner) == 1 else None,
            checked=first.checked if first is not None and first.kind == "paragraph" else None,
            raw=self.raw(element),
        )


# A tab in a line's indentation, after nothing but container markers, followed by spaces and
# a ">": marko 2.2.4 never returns on it ("- a\n\t  > b", ">\t  >"). It is read as one space
# (same length, so every offset stays), which changes at most how deep that quote is nested.
_STUCK_TAB = re.compile(r"(?m)^([ >]*(?:(?:[-*+]|\d{1,9}[.)])[ >]*)*)\t(?= +>)")


def fast_parser_in_use() -> bool:
    """pmlint's own parser parses (the installed marko is its release, not switched off)."""
    return fastparse.ACTIVE and os.environ.get("PMLINT_STOCK_MARKO", "0") in ("", "0")


def parse_markdown(text: str) -> block.Document:
    """marko's GFM tree of ``text``, from pmlint's faster parser (:mod:`pmlint.fastparse`) when
    the installed marko is the release it was written for; ``PMLINT_STOCK_MARKO=1`` selects
    marko's own parser (the tree is the same)."""
    if "\t" in text:  # the substitution scans every line start, though few texts hold a tab
        text = _STUCK_TAB.sub(r"\1 ", text)
    if fast_parser_in_use():
        return fastparse.parse(text)
    return _markdown.parse(text)
