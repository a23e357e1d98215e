"""Help while writing: the rule's documentation on hover, the template's section headings and
``pmlint new``'s skeleton as completions, and the headings as document symbols (the outline).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from lsprotocol import types

from pmlint.lsp.adapter import rule_page, section_headings, section_of, skeleton
from pmlint.lsp.convert import before, position
from pmlint.lsp.edits import skeleton_snippet
from pmlint.lsp.outline import Heading, headings
from pmlint.lsp.state import Document, State, Target
from pmlint.lsp.text import column, units

Symbols = list[types.DocumentSymbol] | list[types.SymbolInformation]


def hover(state: State, params: types.HoverParams) -> types.Hover | None:
    """The documentation of the rules of the findings under the cursor."""
    current = state.current(params.text_document.uri)
    if current is None:
        return None
    at = params.position
    hits = [d for _, d in current[1].results if before(d.range.start, at)]
    hits = [d for d in hits if before(at, d.range.end)]
    codes = list(dict.fromkeys(str(d.code) for d in hits))
    pages = [p for p in (rule_page(code) for code in codes) if p]
    if not pages:
        return None
    hover = state.ls.client_capabilities.text_document
    formats = hover.hover.content_format if hover and hover.hover else None
    kind = (
        types.MarkupKind.Markdown
        if formats is None or types.MarkupKind.Markdown in formats
        else types.MarkupKind.PlainText
    )
    return types.Hover(
        contents=types.MarkupContent(kind=kind, value="\n---\n\n".join(pages)),
        range=hits[0].range,
    )


def _opened(state: State, uri: str) -> tuple[Document, Target] | None:
    """An open document the configuration selects, and how it is linted."""
    doc = state.documents.get(uri)
    target = state.target(doc) if doc is not None else None
    return (doc, target) if doc is not None and target is not None else None


def completion(state: State, params: types.CompletionParams) -> types.CompletionList | None:
    """The template's section headings after ``## ``; the skeleton in an empty document."""
    opened = _opened(state, params.text_document.uri)
    if opened is None:
        return None
    doc, target = opened
    if not doc.text.text.strip():
        return types.CompletionList(is_incomplete=False, items=[_skeleton(state, target)])
    at = params.position
    line = doc.text.line(at.line)
    prefix = line[: column(line, at.character, state.encoding)]
    typed = re.fullmatch(r"( {0,3}##[ \t]+)(.*)", prefix)
    if typed is None:
        return None
    start = types.Position(line=at.line, character=units(typed.group(1), state.encoding))
    present = {section_of(target.settings, h.text) for h in headings(doc.text) if h.level == 2}
    items = []
    for index, heading in enumerate(section_headings(target.settings)):
        missing = heading not in present  # sections already in the document come last
        items.append(
            types.CompletionItem(
                label=heading,
                kind=types.CompletionItemKind.Module,
                detail="template section" if missing else "template section (already here)",
                sort_text=f"{0 if missing else 1}{index:03}",
                filter_text=heading,
                text_edit=types.TextEdit(range=types.Range(start=start, end=at), new_text=heading),
            )
        )
    return types.CompletionList(is_incomplete=False, items=items)


def _skeleton(state: State, target: Target) -> types.CompletionItem:
    """``pmlint new``'s skeleton: a snippet with the title and today's date to fill in."""
    raw = skeleton(target.settings)
    day = datetime.now(UTC).date().isoformat()
    document = state.ls.client_capabilities.text_document
    completion = document.completion if document else None
    item = completion.completion_item if completion else None
    if item is not None and item.snippet_support:
        text = skeleton_snippet(raw, day)
        text_format = types.InsertTextFormat.Snippet
    else:
        text = raw.replace("$title_yaml", '"Title"').replace("$title", "Title")
        text = text.replace("$date", day)
        text_format = types.InsertTextFormat.PlainText
    return types.CompletionItem(
        label="postmortem",
        kind=types.CompletionItemKind.Snippet,
        detail=f"pmlint new: the {target.settings.template} template",
        insert_text=text,
        insert_text_format=text_format,
    )


def document_symbol(state: State, params: types.DocumentSymbolParams) -> Symbols | None:
    """The headings, nested by level, with the template section each one opens."""
    opened = _opened(state, params.text_document.uri)
    if opened is None:
        return None
    doc, target = opened
    found = headings(doc.text)
    roots: list[types.DocumentSymbol] = []
    flat: list[types.DocumentSymbol] = []
    open_levels: list[tuple[int, list[types.DocumentSymbol]]] = [(0, roots)]
    for index, heading in enumerate(found):
        detail = section_of(target.settings, heading.text) or ""
        children: list[types.DocumentSymbol] = []
        symbol = _symbol(doc, heading, _last_line(doc, found, index), detail, children)
        while open_levels[-1][0] >= heading.level:
            open_levels.pop()
        open_levels[-1][1].append(symbol)
        open_levels.append((heading.level, children))
        flat.append(symbol)
    document = state.ls.client_capabilities.text_document
    support = document.document_symbol if document else None
    if support is not None and support.hierarchical_document_symbol_support:
        return roots
    return [
        types.SymbolInformation(
            name=s.name, kind=s.kind, location=types.Location(uri=doc.uri, range=s.range)
        )
        for s in flat
    ]


def _last_line(doc: Document, found: list[Heading], index: int) -> int:
    """The last line of the section heading ``index`` opens: before the next one at its level
    or above, else the document's last line."""
    level = found[index].level
    later = next((h for h in found[index + 1 :] if h.level <= level), None)
    return later.line - 1 if later is not None else doc.text.line_count - 1


def _symbol(
    doc: Document, heading: Heading, last: int, detail: str, children: list[types.DocumentSymbol]
) -> types.DocumentSymbol:
    text = doc.text
    start = types.Position(line=heading.line, character=0)
    end = text.point(last, len(text.line(last)))
    title_end = text.point(heading.line, len(text.line(heading.line)))
    return types.DocumentSymbol(
        name=heading.text or "(empty heading)",
        kind=types.SymbolKind.String,
        range=types.Range(start=start, end=position(end)),
        selection_range=types.Range(start=start, end=position(title_end)),
        detail=detail,
        children=children,
    )
