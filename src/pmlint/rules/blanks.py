"""Unfilled blanks and template residue (PM201-PM204).

All four read the prose index: the source text of every paragraph, heading and table cell with
code, HTML comments, real HTML tags, link destinations and URLs blanked out, so a match's offset
is its place in the file. Where they overlap the more specific rule wins (the engine's precedence
table): PM102 (an empty section) over all three, PM202 (the whole block is template text) over
PM203 (a template sentence with its blanks deleted) and PM201.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from pmlint.extract import columns
from pmlint.findings import ERROR, WARNING, Problem
from pmlint.htmltags import HTML_TAGS
from pmlint.model import Block
from pmlint.rules.base import Context, regexes, rule
from pmlint.template import Template

_PLACEHOLDER_WORDS = (
    r"\.\.\.|…|tbd|tbc|todo|name|owner|date|time|team|service|link|url|title|description"
    r"|ticket|person|email|role|number|component|duration|severity|insert [^\]\n]{1,40}"
    r"|(?:your|team|service|owner|person|incident|customer|product) name"
)
BLANKS = re.compile(
    "|".join(
        (
            r"(?<![\w\\])(?:\\?_){2,}(?!\w)",  # __ or ____ standing alone (not __bold__)
            r"＿+",  # full-width low lines
            r"<\d{1,2}:\d{2}(?::\d{2})?>",  # <16:00>
            r"<\s*[A-Za-z][^<>\n]{0,100}>",  # <ALL CAPS ...>, <TEAM>, <service-name>: checked below
            r"\b(?:XX:XX|HH:MM(?::SS)?|YYYY-MM-DD|MM/DD/YY(?:YY)?|DD/MM/YY(?:YY)?)(?!\w)",
            r"\bXX%|(?<!\w)_%",
            r"\{\{[^{}\n]{0,100}\}\}",  # {{var}}
            r"\b_?REPLACE_WITH_\w*",
            # TBD, TODO, FIXME standing as a value ("Owner: TBD", "(TODO)"), not as a noun
            r"(?<![\w-])(?:TBD|TODO|FIXME)(?=\s*(?:[:.,;)\]]|$))|(?<=[(\[])(?:TBD|TODO|FIXME)\b",
            r"\[(?:" + _PLACEHOLDER_WORDS + r")\](?![(\[:])",
        )
    ),
    re.IGNORECASE,
)
# Every built-in pattern needs one of these: a cheap test before the regular expression.
_TRIGGERS = ("_", "＿", "<", "XX", "HH:MM", "YYYY", "MM/", "DD/", "{{", "TBD", "TODO", "FIXME", "[")
_CASE_SENSITIVE = re.compile(r"XX|HH|YYYY|MM|DD|TBD|TODO|FIXME|REPLACE_WITH")


def _is_placeholder(match: str) -> bool:
    """Filters the broad patterns: case-sensitive markers, angle brackets that are not HTML."""
    if match.startswith("<") and not match[1:2].isdigit():
        inner = match[1:-1]
        letters = [c for c in inner if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            return True  # <TEAM>, < THE CHANGES THAT LED TO THE INCIDENT>
        name = re.match(r"[A-Za-z][\w-]*", inner)
        simple = name is not None and name.group(0) == inner
        return simple and inner.lower() not in HTML_TAGS  # <service-name>, not <b> or a < b
    m = _CASE_SENSITIVE.search(match)
    if m is not None and match.lstrip("[_\\").upper().startswith(m.group(0)):
        return m.group(0) in match  # TBD, XX:XX, YYYY-MM-DD only in capitals
    return True


@rule(
    "PM201",
    "unfilled-blank",
    ERROR,
    options={"patterns": regexes("extra regular expressions (also the blank-patterns key)")},
)
def unfilled_blank(ctx: Context) -> Iterator[Problem]:
    """A blank of the template that was never filled in.

    Why: a postmortem with ``＿＿`` or ``<16:00>`` in it was not finished, and readers cannot
    tell a missing fact from a forgotten one. Found in prose only (paragraphs, headings, list
    items, table cells, link text), never in code, HTML comments or URLs: runs of ``_`` standing
    alone (not ``__bold__`` or ``snake_case__names``), full-width ``＿``, ``<16:00>`` and
    ``<ALL CAPS>`` placeholders, ``XX:XX``, ``XX%``, ``_%``, ``YYYY-MM-DD``, ``MM/DD/YY``,
    ``HH:MM``, ``[Name]``, ``[TBD]``, ``[...]``, ``{{var}}``, ``_REPLACE_WITH_``, TBD, TODO and
    FIXME. Owner, Due and Status table cells are left to the PM5xx rules. Add patterns with the
    ``blank-patterns`` configuration key (regular expressions).

    Bad:
        The event was triggered by a ＿＿ at <16:00>.

    Good:
        The event was triggered by a configuration change at 13:52 UTC.
    """
    extra = [re.compile(p) for p in ctx.options.get("patterns", [])]
    for prose in ctx.doc.prose:
        if columns.kind(prose.column) in ("owner", "due", "status"):
            continue  # PM5xx judges these values
        text = prose.text
        upper = text.upper()
        found: list[tuple[int, int]] = []
        if any(t in upper for t in _TRIGGERS):
            found = [m.span() for m in BLANKS.finditer(text) if _is_placeholder(m.group(0))]
        for pattern in extra:
            found.extend(m.span() for m in pattern.finditer(prose.text) if m.end() > m.start())
        last_end = -1
        for start, end in sorted(found):
            if start < last_end:
                continue  # one finding per span
            last_end = end
            text = prose.text[start:end]
            shown = text if len(text) <= 24 else text[:20] + "…"
            yield ctx.problem(prose.start + start, prose.start + end, f"unfilled blank {shown!r}")


@rule("PM202", "template-text-left", ERROR)
def template_text_left(ctx: Context) -> Iterator[Problem]:
    """A template prompt or the template's example text left in the postmortem.

    Why: the italic prompts ("Write a summary of the incident in a few sentences…") and the
    template's worked example (the KITT Disturbed timeline, the database-lock five whys, the
    rate-limiting corrective actions) describe somebody else's incident. Matched after
    normalising case, emphasis and punctuation, and tolerant of small edits. A section that
    holds nothing but prompts is reported as empty (PM102) instead.

    Bad:
        ## Recovery

        We used a three-pronged approach to the recovery of the system:

    Good:
        ## Recovery

        We rolled back the gateway configuration and restarted its pods.
    """
    for b in _template_blocks(ctx.doc.blocks):
        what = "prompt" if b.guidance else "example text"
        shown = b.text if len(b.text) <= 50 else b.text[:47].rstrip() + "…"
        yield Problem(b.line, f"template {what} left in: {shown!r}", scope=((b.line, b.end_line),))


def _template_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Blocks that are template text as a whole (a list item rather than its paragraph)."""
    for b in blocks:
        if b.template_text is not None:
            yield b
        else:
            yield from _template_blocks(b.items)


_TOKEN = re.compile(r"\w+(?:'\w+)?|[^\w\s{}]")


@cache
def _junctions(template: Template) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Every place where a template sentence's blank, once deleted, leaves a seam, with the
    longest word of each seam as a cheap test before its regular expression.

    "a change was introduced to {} in order to {}" gives the seam "introduced to in order to".
    """
    found: list[tuple[str, re.Pattern[str]]] = []
    for section in template.sections:
        for sentence in section.sentences:
            literals = sentence.split("{}")
            for i in range(1, len(literals)):
                before = _TOKEN.findall(literals[i - 1])[-3:]
                after = _TOKEN.findall(literals[i])[:3]
                words = [t for t in before + after if t[0].isalnum()]
                if not before or not any(t[0].isalnum() for t in before) or len(words) < 2:
                    continue
                if not after or (not after[0][0].isalnum() and after[0] not in ".,"):
                    continue
                if len(words) < 3 and after[0] != ".":
                    continue
                seam = r"[\s*_]*".join(re.escape(t) for t in before + after)
                tail = r"(?!\w)" if after[-1][0].isalnum() else ""
                anchor = max(words, key=len).lower()
                found.append((anchor, re.compile(r"(?<!\w)" + seam + tail, re.IGNORECASE)))
    return tuple(found)


@rule("PM203", "skeleton-sentence", WARNING)
def skeleton_sentence(ctx: Context) -> Iterator[Problem]:
    """A template sentence whose blanks were deleted instead of filled in.

    Why: "The event was triggered by a at ." reads as finished in a quick review, but says
    nothing. Found by matching the template's fill-in sentences with their blanks removed.

    Bad:
        This incident was detected when the was triggered and were paged.

    Good:
        This incident was detected when the checkout error-rate alert was triggered and the
        payments on-call engineers were paged.
    """
    seams = _junctions(ctx.template)
    if not seams:
        return
    for prose in ctx.doc.prose:
        lowered = prose.text.lower()
        matches = sorted(
            (m for anchor, seam in seams if anchor in lowered for m in seam.finditer(prose.text)),
            key=lambda m: m.start(),
        )
        seen_lines: set[int] = set()
        for m in matches:
            problem = ctx.problem(
                prose.start + m.start(),
                prose.start + m.end(),
                f"template sentence with its blank deleted: {' '.join(m.group(0).split())!r}",
            )
            if problem.line not in seen_lines:  # one finding per sentence line
                seen_lines.add(problem.line)
                yield problem


MOJIBAKE = re.compile(
    "(?:[\u00c2-\u00f4]"
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "{1,3})+"
)


@rule("PM204", "mojibake", WARNING, fixable=True)
def mojibake(ctx: Context) -> Iterator[Problem]:
    """Text that was UTF-8 but was read as Latin-1 or cp1252 somewhere (``â€”``, ``Ã©``).

    Why: copying from a wiki export or an email often garbles dashes, quotes and accents
    (``â€™`` for ``’``, ``ï¼¿`` for ``＿``). ``--fix`` restores the intended characters in
    the damaged span only (with ftfy), leaving every other byte as it was.

    Bad:
        The gateway was restarted â€” twice.

    Good:
        The gateway was restarted — twice.
    """
    for prose in ctx.doc.prose:
        for m in MOJIBAKE.finditer(prose.text):
            from ftfy import fix_encoding

            damaged = m.group(0)
            fixed = fix_encoding(damaged)
            if fixed == damaged:
                continue
            start, end = prose.start + m.start(), prose.start + m.end()
            yield ctx.problem(
                start,
                end,
                f"mojibake {damaged!r} (UTF-8 read as cp1252): should be {fixed!r}",
                (ctx.edit(start, end, fixed),),
            )
