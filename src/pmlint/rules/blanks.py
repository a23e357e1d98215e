"""Unfilled blanks and template residue (PM201-PM204).

All four read the prose index: the source text of every paragraph, heading and table cell with
code, HTML comments, real HTML tags, link destinations and URLs blanked out, so a match's offset
is its place in the file. Where they overlap the more specific rule wins (the engine's precedence
table): PM102 (an empty section) over all three, PM202 (the whole block is template text) over
PM203 (a template sentence with its blanks deleted) and PM201.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache
from itertools import accumulate

from pmlint.blankfind import BLANKS, MARKERS, TRIGGERS, is_placeholder, marker_is_blank
from pmlint.extract import columns
from pmlint.findings import ERROR, WARNING, Problem
from pmlint.lang import merged
from pmlint.model import Block
from pmlint.needles import CASE_VARIANTS
from pmlint.rules.base import Context, regexes, rule
from pmlint.template import Template

_UNSURE = re.compile(
    r"\s*[(,–—-]?\s*(?:not sure|unsure|unknown|approx|exact time unknown)", re.IGNORECASE
)


# Whether one of TRIGGERS is in a span's upper case: one scan that skips ahead to the first
# character of one, rather than a substring search per trigger.
_TRIGGER = re.compile("|".join(re.escape(t) for t in TRIGGERS))


def _unsure(text: str, end: int) -> bool:
    """The author says right after it that the value is not known ("2X:XX (not sure exact
    time)"): a deliberate approximation, not a blank left by accident."""
    return _UNSURE.match(text, end) is not None


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
    ``<ALL CAPS>`` and ``<Link to the recording>`` placeholders, ``XX:XX``, ``22:XX``, ``XX%``,
    ``$XXX``, ``_%``, ``YYYY-MM-DD``, ``MM/DD/YY``, ``HH:MM``, ``?????``, bracketed
    placeholders in the supported languages (``[Name]``, ``[Nom du service]``, ``[...]``),
    ``{{var}}``, ``_REPLACE_WITH_``, and TBD, TBC, TODO, FIXME and XXX standing in for content.
    Not blanks: a status ("Status: TODO", a Status, State, Ticket or Bug cell), a noun ("a
    TODO comment"), a "TODO:" line that introduces a list, Due cells (PM502/PM503 judge them),
    anything under a heading that names a template (a "## Template" kept for the next
    postmortem), and a value the author marks as unknown right after it ("2X:XX (not sure of
    the exact time)"). A blank in an Owner cell is reported here and by PM501. Add patterns with the
    ``blank-patterns`` configuration key (regular expressions).

    Bad:
        The event was triggered by a ＿＿ at <16:00>.

    Good:
        The event was triggered by a configuration change at 13:52 UTC.
    """
    extra = [re.compile(p) for p in ctx.options.get("patterns", [])]
    extra += [re.compile(re.escape(blank)) for blank in ctx.template.blanks]  # a team's own
    skip = _template_lines(ctx)
    lists = _list_labels(ctx)
    actions = _action_lines(ctx)
    roles: dict[str | None, str | None] = {}  # column header -> role, for this document
    for prose in ctx.doc.prose:
        role = None
        if actions or skip:  # most documents have neither: no need for the line
            line = ctx.doc.source.line_of(prose.start)
            if line in actions:
                if prose.column not in roles:
                    roles[prose.column] = columns.kind(prose.column, ctx.template.columns)
                role = roles[prose.column]
            if role == "due" or line in skip:
                continue  # PM502/PM503 judge due dates; a template kept on purpose
        markers = role not in ("status", "ticket") and id(prose.block) not in lists
        found = _found(prose.text, markers, prose.block.kind == "heading")
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


def _found(text: str, markers: bool, heading: bool) -> list[tuple[int, int]]:
    """Where the built-in blanks are in ``text``, and the markers (TBD, TODO, ...) if asked."""
    found: list[tuple[int, int]] = []
    if _TRIGGER.search(text.upper()):
        found = [
            m.span()
            for m in BLANKS.finditer(text)
            if is_placeholder(m.group(0)) and not _unsure(text, m.end())
        ]
    if markers:
        found += [
            m.span()
            for m in MARKERS.finditer(text)
            if marker_is_blank(text, m.start(), m.end(), heading)
        ]
    return found


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


def _template_lines(ctx: Context) -> set[int]:
    """Lines under a heading that names a template ("## Template"): kept on purpose."""
    names = tuple(w.lower() for w in merged("words", "template_headings"))
    lines: set[int] = set()
    headings = ctx.doc.headings
    for index, heading in enumerate(headings):
        lowered = heading.text.lower()
        # (A name that is one of the heading's words is also in its text: one test suffices.)
        if not any(name in lowered for name in names):
            continue
        end = ctx.doc.source.line_count
        for later in headings[index + 1 :]:
            if later.level <= heading.level:
                end = later.line - 1
                break
        lines.update(range(heading.line, end + 1))
    return lines


def _action_lines(ctx: Context) -> set[int]:
    """Lines of the Corrective actions sections, where table columns have roles."""
    return {
        line
        for occ in ctx.doc.sections
        if occ.key == "corrective_actions"
        for line in range(occ.line, occ.end_line + 1)
    }


def _list_labels(ctx: Context) -> set[int]:
    """Paragraphs that are only a "TODO:" label introducing the list after them."""
    found: set[int] = set()
    blocks = list(ctx.doc.walk())
    for index, b in enumerate(blocks[:-1]):
        if b.kind != "paragraph" or blocks[index + 1].kind != "list":
            continue  # tested first: cheaper than the label
        label = b.text.strip().strip("*_ ")
        if label.endswith(":") and MARKERS.fullmatch(label.rstrip(":")):
            found.add(id(b))
    return found


def _template_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Blocks that are template text as a whole (a list item rather than its paragraph)."""
    for b in blocks:
        if b.template_text is not None:
            yield b
        else:
            yield from _template_blocks(b.items)


_TOKEN = re.compile(r"\w+(?:'\w+)?|[^\w\s{}]")


Junction = tuple[str, tuple[str, ...], str]  # anchor, tokens, tail (see _seam)


@cache
def _junctions(template: Template) -> tuple[Junction, ...]:
    """Every place where a template sentence's blank, once deleted, leaves a seam, with the
    longest word of each seam as a cheap test before its regular expression (which is
    compiled only for a document holding the anchor: a template has ~30 of them).

    "a change was introduced to {} in order to {}" gives the seam "introduced to in order to".
    """
    found: list[Junction] = []
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
                tail = r"(?!\w)" if after[-1][0].isalnum() else ""
                anchor = max(words, key=len).lower()
                found.append((anchor, (*before, *after), tail))
    return tuple(found)


_JOINER = r"(?:[\s*]|(?<!_)_(?!_))*"  # spaces, emphasis; not a blank left in


@cache
def _seam(tokens: tuple[str, ...], tail: str) -> re.Pattern[str]:
    r"""``tokens`` joined by spaces or emphasis, any case, where no word goes on before them.

    The plain form is ``(?<!\w)`` and the tokens under IGNORECASE. Here the first character is
    a class of its cases, outside IGNORECASE, and ``(?<!\w)`` is checked after it, so that the
    engine skips ahead to that character instead of trying the pattern at every position.
    """
    first = tokens[0][0]
    if not first.isascii():
        seam = _JOINER.join(re.escape(t) for t in tokens)
        return re.compile(rf"(?<!\w)(?i:{seam}{tail})")
    cases = {first, first.lower(), first.upper(), *CASE_VARIANTS.get(first.lower(), "")}
    head = "[" + "".join(re.escape(c) for c in sorted(cases)) + "]"
    rest = _JOINER.join(re.escape(t) for t in [tokens[0][1:], *tokens[1:]])
    return re.compile(rf"{head}(?<!\w.)(?i:{rest}{tail})")


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
    spans = ctx.doc.prose
    for index, seams in sorted(_seams_by_span(ctx).items()):
        prose = spans[index]
        matches = sorted(
            (m for seam in seams for m in seam.finditer(prose.text)), key=lambda m: m.start()
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


def _seams_by_span(ctx: Context) -> dict[int, list[re.Pattern[str]]]:
    """The seams worth trying on each span of prose (by index): those whose anchor is in the
    span's lower case, in the order of :func:`_junctions`.

    Each anchor is looked for in all the spans at once (their lower case joined by newlines,
    which no anchor holds), and a hit skips to the next span: a few searches per document
    rather than one per seam and span."""
    lowered = [prose.text.lower() for prose in ctx.doc.prose]
    joined = "\n".join(lowered)
    starts = list(accumulate((len(text) + 1 for text in lowered), initial=0))
    found: dict[int, list[re.Pattern[str]]] = {}
    for anchor, tokens, tail in _junctions(ctx.template):
        at = joined.find(anchor)
        if at < 0:
            continue
        seam = _seam(tokens, tail)  # compiled for the first document holding the anchor
        while at >= 0:
            index = bisect_right(starts, at) - 1
            found.setdefault(index, []).append(seam)
            at = joined.find(anchor, starts[index + 1])
    return found


MOJIBAKE = re.compile(
    "(?:[\u00c2-\u00f4]"
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "{1,3})+"
)


# What is left of a non-breaking space (C2 A0) read as cp1252 once the space was dropped:
# a lone "Â" after a word or sign, before a space or the end of the line.
_STRAY_A = re.compile(r"(?<=[^\sÂ])Â(?=[ \t\n]|$)")
_SUSPECT = re.compile("[\u00c2-\u00f4]")  # what both patterns above start with


@rule("PM204", "mojibake", WARNING, fixable=True)
def mojibake(ctx: Context) -> Iterator[Problem]:
    """Text that was UTF-8 but was read as Latin-1 or cp1252 somewhere (``â€”``, ``Ã©``).

    Why: copying from a wiki export or an email often garbles dashes, quotes and accents
    (``â€™`` for ``’``, ``ï¼¿`` for ``＿``, a stray ``Â`` where a non-breaking space was).
    ``--fix`` restores the intended characters in the damaged span only (with ftfy), leaving
    every other byte as it was.

    Bad:
        The gateway was restarted â€” twice.

    Good:
        The gateway was restarted — twice.
    """
    if _SUSPECT.search(ctx.doc.source.normalized) is None:
        return  # both patterns need one of these characters; prose is the source, masked
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
        for m in _STRAY_A.finditer(prose.text):
            start, end = prose.start + m.start(), prose.start + m.end()
            yield ctx.problem(
                start,
                end,
                "mojibake 'Â' (a non-breaking space read as cp1252, the space lost): remove it",
                (ctx.edit(start, end, ""),),
            )
