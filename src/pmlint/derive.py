"""A team's own template: everything a preset has, derived from the team's Markdown file.

``template = "docs/postmortems/TEMPLATE.md"`` in the configuration names it. From the file:

- the sections, from its headings in order (the level under the title), each required unless
  ``<!-- pmlint: optional -->`` stands under it; a heading maps to a known section where it
  means one ("What happened" is the summary, "Timeline of events" the timeline: the timeline,
  five-whys and action rules then apply), ``<!-- pmlint: section=timeline -->`` names the key
  outright, and the rest are custom sections keyed by a slug of the heading;
- the prompts (italic guidance paragraphs, blockquotes) and the example text, for PM102 and
  PM202, and the fill-in sentences (a sentence with blanks) for PM203;
- the blanks it uses (``___``, ``＿＿``, ``<…>``, ``[…]``, ``{{…}}``, ``YYYY-MM-DD``), for PM201;
- the header of its tables, so that "Task | DRI | ETA | Jira" gives the columns their roles
  (``<!-- pmlint: columns Bis=due Wer=owner -->`` names roles pmlint does not know).

:func:`template_for` returns a preset or a derived template by the ``template`` setting.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from pmlint.blankfind import BLANKS, is_placeholder
from pmlint.extract.columns import ROLES, kind
from pmlint.headings import EXACT, FALLBACK, QUALIFIED, TYPO, HeadingMatcher
from pmlint.model import Block
from pmlint.schema import default_schema_bytes
from pmlint.source import SourceText
from pmlint.template import TEMPLATES, SectionSpec, Template, load_template
from pmlint.templatetext import normalize_prose

_DIRECTIVE = re.compile(r"<!--\s*pmlint:\s*(.*?)\s*-->", re.S)
_GUIDANCE = re.compile(r"^\s*(?:_[^_].*_|\*[^*].*\*)\s*$", re.S)


class TemplateError(Exception):
    """The template file cannot be read; the message names it."""


def template_for(name: str) -> Template:
    """The preset of that name, or the template derived from the Markdown file at that path."""
    if name in TEMPLATES:
        return load_template(name)
    return derive(name)


def derive(path: str) -> Template:
    """The template of a Markdown file (derived again whenever the file changes)."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"template {path}: cannot read ({exc})") from None
    return _derived(text, path)


@cache
def _derived(text: str, path: str) -> Template:
    return _Deriver(text, path).template()


class _Section:
    """A section while the template file is read."""

    def __init__(self, heading: Block) -> None:
        self.heading = heading.text
        self.line = heading.line
        self.key = ""
        self.required = True
        self.prompts: list[str] = []
        self.examples: list[str] = []
        self.sentences: list[str] = []


class _Deriver:
    def __init__(self, text: str, path: str) -> None:
        from pmlint import frontmatter, markdown

        self.path = path
        self.source = SourceText(text)
        end = frontmatter.find_block(self.source.lines)
        body_line = end + 1 if end is not None else 0
        starts = self.source.norm_starts
        offset = starts[body_line] if body_line < len(starts) else len(self.source.normalized)
        self.parsed = markdown.parse(self.source, offset, lambda _text: None)
        self.matcher = HeadingMatcher(load_template("atlassian"), {})
        self.blanks: set[str] = set()
        self.columns: dict[str, str] = {}

    def template(self) -> Template:
        sections = self._sections()
        self._directives(sections)
        used: set[str] = set()
        specs = []
        for section in sections:
            key = section.key or self._key(section.heading, used)
            used.add(key)
            specs.append(
                SectionSpec(
                    key=key,
                    heading=section.heading,
                    aliases=(section.heading,),
                    prompts=tuple(section.prompts),
                    examples=tuple(section.examples),
                    sentences=tuple(section.sentences),
                    required=section.required,
                )
            )
        base = load_template("atlassian")
        known = [s for s in base.sections if s.key not in used]
        recognised = tuple(
            SectionSpec(s.key, s.heading, s.aliases, (), (), (), own=False) for s in known
        )
        return Template(
            name=self.path,
            sections=(*specs, *recognised),
            columns=tuple(sorted(self.columns.items())),
            blanks=tuple(sorted(self.blanks)),
            path=self.path,
        )

    def _sections(self) -> list[_Section]:
        headings = [b for b in self.parsed.blocks if b.kind == "heading"]
        title = headings[0] if headings and headings[0].level == 1 else None
        levels = [b.level for b in headings if b is not title]
        level = min(levels, default=2)
        sections: list[_Section] = []
        for b in self.parsed.blocks:
            if b.kind == "heading" and b.level == level:
                sections.append(_Section(b))
            elif sections and b is not title:
                self._content(sections[-1], b)
        return sections

    def _content(self, section: _Section, b: Block) -> None:
        """Prompts, examples, sentences, blanks and table headers under a section heading."""
        if b.kind == "quote" and b.text:
            section.prompts.append(b.text)
        elif b.kind == "paragraph" and b.text:
            self._text(section, b)
        elif b.kind == "list":
            for item in b.items:
                for inner in item.items:
                    self._content(section, inner)
        elif b.kind == "table" and b.items:
            for header in b.items[0].cells:
                self._column(header)
            for row in b.items[1:]:
                for cell in row.cells:
                    self._blanks(cell)

    def _text(self, section: _Section, b: Block) -> None:
        if _GUIDANCE.match(b.raw):
            section.prompts.append(b.text)
            return
        found = self._blanks(b.text)
        if not found:
            section.examples.append(b.text)
            return
        sentence = b.text
        for blank in sorted(found, key=len, reverse=True):
            sentence = sentence.replace(blank, "{}")
        if normalize_prose(sentence.replace("{}", " ")).split():
            section.sentences.append(" ".join(sentence.split()))

    def _blanks(self, text: str) -> set[str]:
        found = {m.group(0) for m in BLANKS.finditer(text) if is_placeholder(m.group(0))}
        self.blanks.update(b for b in found if not re.fullmatch(r"[_＿]+", b))
        return found

    def _column(self, header: str) -> None:
        if kind(header) is not None or not header.strip():
            return
        lowered = header.lower()
        for role, words in _GUESSES.items():
            if any(w in lowered for w in words):
                self.columns[header.strip().lower()] = role
                return

    def _key(self, heading: str, used: set[str]) -> str:
        match = self.matcher.classify(heading)
        for key, strength in match.keys:
            if strength in (EXACT, QUALIFIED, TYPO, FALLBACK) and key not in used:
                return key
        slug = "_".join(re.findall(r"\w+", heading.lower())) or "section"
        return slug if slug not in used else f"{slug}_{len(used)}"

    def _directives(self, sections: list[_Section]) -> None:
        """``<!-- pmlint: optional -->``, ``section=KEY`` and ``columns A=role`` comments."""
        for offset, comment in self.parsed.comments:
            line = self.source.line_of(offset)
            owner = None
            for section in sections:
                if section.line <= line:
                    owner = section
            for m in _DIRECTIVE.finditer(comment):
                words = m.group(1).split()
                if words[:1] == ["columns"]:
                    for pair in words[1:]:
                        name, _, role = pair.partition("=")
                        if role in ROLES:
                            self.columns[name.lower()] = role
                elif owner is not None:
                    for word in words:
                        if word == "optional":
                            owner.required = False
                        elif word.startswith("section="):
                            owner.key = word.split("=", 1)[1]


_GUESSES = {
    "owner": ("owner", "who", "assignee", "responsible", "lead"),
    "due": ("due", "date", "deadline", "when", "eta", "target"),
    "ticket": ("ticket", "issue", "jira", "link", "bug", "tracker"),
    "status": ("status", "state", "done", "progress"),
}


def schema_bytes(template: Template) -> bytes:
    """The document schema of a derived template: the Atlassian schema with its sections."""
    schema = json.loads(default_schema_bytes("atlassian"))
    sections = schema["properties"]["sections"]
    own = [s for s in template.sections if s.own]
    sections["required"] = [s.key for s in own if s.required]
    for spec in own:
        sections["properties"].setdefault(spec.key, {"$ref": "#/$defs/section"})
    schema["title"] = f"Postmortem document ({Path(template.path or template.name).name})"
    return (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
