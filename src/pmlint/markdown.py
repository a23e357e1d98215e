"""The one walk of marko's tree: Markdown blocks -> :class:`pmlint.document.Block`.

Kept apart from :mod:`pmlint.document` so that reading cached results never imports marko.
"""

from __future__ import annotations

import os
from functools import cache

from marko import block, inline
from marko.element import Element
from marko.ext.gfm import elements as gfm
from marko.ext.gfm import gfm as _markdown

from pmlint import fastparse
from pmlint.document import Block, ProseSpan, is_real_html
from pmlint.source import SourceText
from pmlint.template import Template, TemplateText

_CODE_BLOCKS = (block.FencedCode, block.CodeBlock)


@cache
def _texts(template: Template) -> TemplateText:
    return TemplateText(template)


_NO_BLOCK = Block("", 0, 0)  # replaced by the owning block in add_prose


class Builder:
    def __init__(self, source: SourceText, body_offset: int, template: Template) -> None:
        self.source = source
        self.offset = body_offset
        self.prose: list[ProseSpan] = []
        self.texts = _texts(template)
        self._mask: list[tuple[int, int]] = []
        self.comments: list[tuple[int, str]] = []  # (offset, source) of HTML comments

    def line_of(self, pos: int) -> int:
        return self.source.position(pos + self.offset).line

    def span_lines(self, element: Element) -> tuple[int, int]:
        span = element.source_span
        if span is None:
            return 1, 1
        start, end = span
        end_line = self.line_of(max(start, end - 1))
        return self.line_of(start), end_line

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
        return "".join(self.inline_text(child) for child in children)

    def prose_of(
        self, element: Element, owner: Block | None = None
    ) -> tuple[str, ProseSpan | None]:
        """Plain text of an inline container and its masked source for the prose index."""
        self._mask = []
        text = "".join(self.inline_text(c) for c in getattr(element, "children", ()))
        span = element.source_span
        if span is None:
            return text.strip(), None
        start, end = span
        chars = list(self.source.normalized[start + self.offset : end + self.offset])
        for m_start, m_end in self._mask:
            for i in range(max(m_start, start) - start, min(m_end, end) - start):
                chars[i] = " "
        if getattr(element, "checked", None) is not None:
            box = "".join(chars[:4])
            if box.lstrip().startswith(("[ ]", "[x]", "[X]")):
                i = len(box) - len(box.lstrip())
                chars[i : i + 3] = "   "
        prose = ProseSpan(start + self.offset, "".join(chars), _NO_BLOCK)
        return text.strip(), prose

    def raw(self, element: Element) -> str:
        span = element.source_span
        if span is None:
            return ""
        return self.source.normalized[span[0] + self.offset : span[1] + self.offset]

    def add_prose(self, prose: ProseSpan | None, owner: Block, column: str | None = None) -> None:
        if prose is not None:
            prose.block = owner
            prose.column = column
            self.prose.append(prose)

    def convert(self, element: Element) -> Block | None:
        line, end_line = self.span_lines(element)
        if isinstance(element, block.BlankLine | block.LinkRefDef):
            return None
        if isinstance(element, block.Heading | block.SetextHeading):
            text, prose = self.prose_of(element)
            heading = Block("heading", line, end_line, text=text, level=element.level)
            self.add_prose(prose, heading)
            return heading
        if isinstance(element, block.Paragraph):
            text, prose = self.prose_of(element)
            checked = getattr(element, "checked", None)
            paragraph = Block(
                "paragraph",
                line,
                end_line,
                text=text,
                template=self.texts.classify(text),
                checked=checked,
                raw=self.raw(element),
            )
            self.add_prose(prose, paragraph)
            return paragraph
        if isinstance(element, _CODE_BLOCKS):
            return Block("code", line, end_line)
        if isinstance(element, block.HTMLBlock):
            if element.source_span is not None and "<!--" in element.body:
                self.comments.append((element.source_span[0] + self.offset, self.raw(element)))
            body = element.body.strip()
            is_comment = body.startswith("<!--") and body.endswith("-->")
            return Block("html" if is_comment else "rawhtml", line, end_line)
        if isinstance(element, block.ThematicBreak):
            return Block("break", line, end_line)
        if isinstance(element, block.List):
            items = [b for c in element.children if (b := self.convert_item(c)) is not None]
            return Block(
                "list",
                line,
                end_line,
                items=items,
                text="\n".join(i.text for i in items),
            )
        if isinstance(element, gfm.Table):
            rows: list[Block] = []
            header: list[str] = []
            for row in element.children:
                r_line, r_end = self.span_lines(row)
                row_block = Block("row", r_line, r_end, raw=self.raw(row))
                cells = []
                for index, cell in enumerate(getattr(row, "children", ())):
                    text, prose = self.prose_of(cell)
                    column = header[index] if index < len(header) else None
                    self.add_prose(prose, row_block, column)
                    cells.append(text)
                    row_block.raw_cells.append(self.raw(cell))
                row_block.cells = cells
                row_block.text = " | ".join(cells)
                header = header or cells
                rows.append(row_block)
            return Block("table", line, end_line, items=rows, text="\n".join(r.text for r in rows))
        if isinstance(element, block.Quote):
            inner = [b for c in element.children if (b := self.convert(c)) is not None]
            return Block(
                "quote",
                line,
                end_line,
                items=inner,
                text="\n".join(b.text for b in inner if b.text),
            )
        return Block("other", line, end_line)

    def convert_item(self, element: Element) -> Block | None:
        if not isinstance(element, block.ListItem):
            return None
        line, end_line = self.span_lines(element)
        inner = [b for c in element.children if (b := self.convert(c)) is not None]
        text = "\n".join(b.text for b in inner if b.text)
        first = inner[0] if inner else None
        checked = first.checked if first is not None and first.kind == "paragraph" else None
        kind = first.template if first is not None and len(inner) == 1 else None
        return Block(
            "item",
            line,
            end_line,
            text=text,
            items=inner,
            template=kind,
            checked=checked,
            raw=self.raw(element),
        )


def parse_markdown(text: str) -> block.Document:
    """marko's GFM tree of ``text``, from pmlint's faster parser (:mod:`pmlint.fastparse`) when
    the installed marko is the release it was written for; ``PMLINT_STOCK_MARKO=1`` selects
    marko's own parser (the tree is the same)."""
    if fastparse.ACTIVE and os.environ.get("PMLINT_STOCK_MARKO", "0") in ("", "0"):
        return fastparse.parse(text)
    return _markdown.parse(text)
