"""The template presets: section keys in order, heading aliases, prompts and example text.

The data lives in ``data/<preset>.json`` (package data), never in code. A preset may extend
another: its own sections come first (required and ordered), then the sections of the base that
it only recognises.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache

from pmlint.packagedata import read_text

SECTION_KEYS = (
    "incident_summary",
    "leadup",
    "fault",
    "impact",
    "detection",
    "response",
    "recovery",
    "timeline",
    "five_whys",
    "root_cause",
    "backlog_check",
    "recurrence",
    "lessons_learned",
    "corrective_actions",
)


@dataclass(frozen=True)
class SectionSpec:
    key: str
    heading: str
    aliases: tuple[str, ...]
    prompts: tuple[str, ...]  # the italic guidance under the heading
    examples: tuple[str, ...] = ()  # the template's example content (paragraphs, list items)
    sentences: tuple[str, ...] = ()  # fill-in sentences, "{}" where the author writes
    own: bool = True  # False: recognised (from the base template) but not part of this one
    required: bool = True  # a team's template may mark a section optional


@dataclass(frozen=True)
class Template:
    name: str
    sections: tuple[SectionSpec, ...]
    columns: tuple[tuple[str, str], ...] = ()  # a team template's table headers -> roles
    blanks: tuple[str, ...] = ()  # the blanks a team template uses ("[Service]", "<owner>")
    path: str | None = None  # the Markdown file of a team's own template

    @property
    def order(self) -> dict[str, int]:
        """The template's own sections in order (sections it only recognises are left out)."""
        return {s.key: i for i, s in enumerate(s for s in self.sections if s.own)}

    def heading_of(self, key: str) -> str:
        for section in self.sections:
            if section.key == key:
                return section.heading
        return key.replace("_", " ").capitalize()

    def prompts(self) -> frozenset[str]:
        return frozenset(p for s in self.sections for p in s.prompts)

    def examples(self) -> frozenset[str]:
        return frozenset(e for s in self.sections for e in s.examples)


TEMPLATES = ("atlassian", "google-sre", "minimal")


@cache
def load_template(name: str) -> Template:
    """A preset: its own sections in order, then the sections of the template it extends
    (recognised and exported, but not required or ordered by this one)."""
    raw = json.loads(read_text(f"{name}.json"))
    sections = [
        SectionSpec(
            key=s["key"],
            heading=s["heading"],
            aliases=tuple(s["aliases"]),
            prompts=tuple(s["prompts"]),
            examples=tuple(s.get("examples", ())),
            sentences=tuple(s.get("sentences", ())),
        )
        for s in raw["sections"]
    ]
    if "extends" in raw:
        base = load_template(raw["extends"])
        mine = {s.key for s in sections}
        for s in base.sections:
            if s.key in mine:
                continue
            sections.append(replace(s, own=False))
        # the base template's headings stay recognised for the shared sections too
        merged = []
        for s in sections:
            inherited = next((b for b in base.sections if b.key == s.key), None)
            if s.own and inherited is not None:
                extra = tuple(
                    a
                    for a in (inherited.heading, *inherited.aliases)
                    if a not in s.aliases and a != s.heading
                )
                s = SectionSpec(
                    s.key,
                    s.heading,
                    s.aliases + extra,
                    s.prompts or inherited.prompts,
                    s.examples or inherited.examples,
                    s.sentences or inherited.sentences,
                )
            merged.append(s)
        sections = merged
    return Template(name=raw["name"], sections=tuple(sections))
