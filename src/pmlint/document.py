"""Source -> the postmortem document, in one parse and one walk of the Markdown tree.

:func:`build` parses the body (after any front matter), then runs the extractors in order
(sections, metadata and incident date, corrective actions, five whys, timeline) and returns
one finished, immutable :class:`~pmlint.model.Document`. Rules never see marko.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from pmlint import lang
from pmlint.extract import actions, metadata, sections, timeline, whys
from pmlint.extract.fields import ProperNames, states_not_acts
from pmlint.frontmatter import FrontMatter
from pmlint.headings import HeadingMatcher
from pmlint.model import ActionItem, Block, Document, Section
from pmlint.source import SourceText
from pmlint.template import Template
from pmlint.templatetext import TemplateText


def _actions(
    blocks: tuple[Block, ...],
    outline: sections.Outline,
    incident: date | None,
    template: Template,
    text: str,
) -> tuple[ActionItem, ...]:
    """The items of every Corrective actions section, then labelled action paragraphs."""
    corrective = tuple(s for s in outline.sections if s.key == "corrective_actions")
    names = ProperNames(text)  # counted only if a list is broken down by owner
    found = actions.corrective_actions(corrective, incident, template.columns, names)
    mixed = {s.line for s in outline.sections if s.key == "lessons_learned"}
    if mixed & {s.line for s in corrective}:  # "## Conclusion": lessons and actions in one
        spans = [(s.line, s.end_line) for s in corrective if s.line in mixed]
        found = tuple(
            a
            for a in found
            if not states_not_acts(a.text) or not any(lo <= a.line <= hi for lo, hi in spans)
        )
    extra = actions.labelled_paragraphs(blocks, incident, {a.line for a in found})
    return tuple(sorted((*found, *extra), key=lambda a: a.line))


def _heading_section(section: Section | None) -> Section | None:
    """A section opened by a heading (the timeline reads a bold-label list on its own)."""
    return section if section is not None and section.origin == "heading" else None


@cache
def _texts(template: Template) -> TemplateText:
    return TemplateText(template)


def build(
    source: SourceText,
    front: FrontMatter | None,
    template: Template,
    matcher: HeadingMatcher,
    path: str,
) -> Document:
    from pmlint import markdown  # marko, only when a file is parsed

    body_line = front.end_line if front else 0  # lines before the body
    starts = source.norm_starts
    body_offset = starts[body_line] if body_line < len(starts) else len(source.normalized)
    parsed = markdown.parse(source, body_offset, _texts(template).classify)

    front_title = front.data.get("title") if front else None
    title = front_title.strip() if isinstance(front_title, str) and front_title.strip() else None
    outline = sections.outline(parsed.blocks, matcher, title)
    meta = _Meta.read(source, front, parsed.blocks, outline, matcher)

    def first_of(key: str) -> Section | None:
        return next((s for s in outline.sections if s.key == key), None)

    return Document(
        language=lang.detect(" ".join(p.text for p in parsed.prose)),
        path=path,
        source=source,
        body_offset=body_offset,
        blocks=parsed.blocks,
        prose=parsed.prose,
        comments=parsed.comments,
        headings=outline.headings,
        sections=outline.sections,
        extra_sections=outline.extra,
        title=outline.title,
        title_line=meta.title_line,
        metadata=meta.values,
        metadata_lines=meta.lines,
        incident_date=meta.incident,
        incident_date_line=meta.incident_line,
        actions=_actions(
            parsed.blocks, outline, meta.incident, template, source.normalized[body_offset:]
        ),
        steps=whys.steps(s.blocks) if (s := first_of("five_whys")) else (),
        why_ends=whys.ends(s.blocks) if (s := first_of("five_whys")) else (),
        timeline=timeline.timeline(
            source,
            parsed.prose,
            parsed.blocks,
            _heading_section(first_of("timeline")),
            matcher,
            meta.incident,
        ),
    )


@dataclass(frozen=True)
class _Meta:
    """Front matter and bold-label metadata, the title's line and the incident date."""

    values: dict[str, Any]
    lines: dict[str, int]
    title_line: int | None
    incident: date | None
    incident_line: int | None

    @classmethod
    def read(
        cls,
        source: SourceText,
        front: FrontMatter | None,
        blocks: tuple[Block, ...],
        outline: sections.Outline,
        matcher: HeadingMatcher,
    ) -> _Meta:
        values = dict(front.data) if front else {}
        lines = dict(front.lines) if front else {}
        from_front = outline.title is not None and outline.title_line is None
        title_line = lines.get("title") if from_front else outline.title_line
        first = outline.first_section_index
        preamble = blocks[:first] if first is not None else blocks
        values, lines = metadata.label_lines(
            source, preamble, values, lines, lambda label: bool(matcher.label(label))
        )
        incident, incident_line = metadata.incident_date(
            values, lines, outline.title, title_line, outline.sections
        )
        return cls(values, lines, title_line, incident, incident_line)
