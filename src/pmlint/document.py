"""Source -> the postmortem document, in one parse and one walk of the Markdown tree.

:func:`build` parses the body (after any front matter), then runs the extractors in order
(sections, metadata and incident date, corrective actions, five whys, timeline) and returns
one finished, immutable :class:`~pmlint.model.Document`. Rules never see marko.
"""

from __future__ import annotations

from functools import cache

from pmlint.extract import actions, metadata, sections, timeline, whys
from pmlint.frontmatter import FrontMatter
from pmlint.headings import HeadingMatcher
from pmlint.model import Document, Section
from pmlint.source import SourceText
from pmlint.template import Template
from pmlint.templatetext import TemplateText


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

    meta = dict(front.data) if front else {}
    meta_lines = dict(front.lines) if front else {}
    front_title = meta.get("title")
    title = front_title.strip() if isinstance(front_title, str) and front_title.strip() else None
    outline = sections.outline(parsed.blocks, matcher, title)
    title_line = meta_lines.get("title") if title is not None else outline.title_line

    first = outline.first_section_index
    preamble = parsed.blocks[:first] if first is not None else parsed.blocks
    meta, meta_lines = metadata.label_lines(
        source, preamble, meta, meta_lines, lambda label: bool(matcher.label(label))
    )
    incident, incident_line = metadata.incident_date(
        meta, meta_lines, outline.title, title_line, outline.sections
    )

    def first_of(key: str) -> Section | None:
        return next((s for s in outline.sections if s.key == key), None)

    return Document(
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
        title_line=title_line,
        metadata=meta,
        metadata_lines=meta_lines,
        incident_date=incident,
        incident_date_line=incident_line,
        actions=actions.corrective_actions(first_of("corrective_actions"), incident),
        steps=whys.steps(s.blocks) if (s := first_of("five_whys")) else (),
        timeline=timeline.timeline(
            source,
            parsed.prose,
            parsed.blocks,
            _heading_section(first_of("timeline")),
            matcher,
            incident,
        ),
    )
