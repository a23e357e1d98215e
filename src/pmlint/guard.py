"""The guard before parsing: refuse (PM001) a file that would make marko slow or crash.

:func:`prescan` reads the lines of a :class:`~pmlint.source.SourceText` once, before marko
does, and raises :class:`~pmlint.source.UnreadableError` with the reason when the file's shape
would make the parser's work grow faster than the file, or nest deeper than ``max-nesting``.
"""

from __future__ import annotations

import re

from pmlint.source import UnreadableError

# marko is a backtracking parser written in Python. Below are the places where its work grows
# faster than its input (found in its source), each with the budget that keeps it to a tenth of
# a second or so. ``prescan`` estimates each one in a single linear pass over the lines, erring
# high, and refuses the file (PM001) when an estimate is over its budget. A budget is never less
# than the file's length in characters, so a larger file may do proportionally more: only work
# that grows faster than the file is refused. The real postmortems in tests/corpus stay far
# below every budget (tests/test_hostile.py checks the margins).

# Lines: marko spends about 40 µs on a line and 200 µs on a list item, more inside nested
# containers. A file may cost LINE_BUDGET lines, or one line per CHARS_PER_LINE characters when
# that is more (a large real postmortem is linted in full); a list item counts as five lines and
# every level of nesting adds an eighth of a line. pmlint's own parser (pmlint.fastparse) does
# the same work about 4.5 times faster, so with it the budget is FAST_LINE_BUDGET.
LINE_BUDGET = 20_000
FAST_LINE_BUDGET = 60_000
CHARS_PER_LINE = 16
# Block quotes: marko matches a line against one regular expression made of a " {,3}>[^\n\S]?"
# per open block quote (Source.match_prefix, CodeBlock.match). In "> > >" each space can end one
# marker or start the next, so a match that fails tries 2**k splits for k such pairs.
QUOTE_SPLITS = 2**21
# Link reference definitions: LinkRefDef.match scans from every block that starts with "[" to
# the next empty line ("[\s\S]*?(?=\n\n|\Z)"), so n definitions in a row cost n²/2 lines.
LINK_DEFINITION_SCAN = 6_000_000  # characters scanned
# Inline, per paragraph (inline_parser.find_links_or_emphs and the inline patterns):
BRACKET_WORK = 1_500_000  # each "]" copies the delimiter list and rescans back to its "["
LINK_DESTINATION_SCAN = 500_000  # each "](" reads a destination up to a space
EMPHASIS_PAIRS = 9_000_000  # process_emphasis tries every closer against every opener
BACKTICK_SCAN = 4_000_000  # each backtick run is scanned to its closing run, or to the end
EMAIL_BACKTRACKING = 20_000_000  # the GFM e-mail pattern backtracks r² over r characters after @

_MAY_OPEN = frozenset(" \t>-*+0123456789")  # how a line that opens a container starts
_BREAK = re.compile(r" {0,3}([-_*])(?:[ \t]*\1){2,}[ \t]*$")
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})(.*)$")
_FENCE_CLOSE = re.compile(r" {0,3}(~+|`+)[ \t]*$")
_CELL = re.compile(r"\s*(?<!\\)\|\s*")  # marko's TableRow.splitter
_DELIMITER_CELL = re.compile(r":?-+:?")
# r"\\[\s\S]|`+|!?\[|\]\(?|\*+|_+|@[\w.\-]*", with every alternative starting with a literal
# ("`+" as "``*", "!?\[" as "!\[|\[") so that the regular expression engine skips ahead to the
# next of those characters instead of trying each alternative at every position.
_INLINE = re.compile(r"\\[\s\S]|``*|!\[|\[|\]\(?|\*\**|__*|@[\w.\-]*")
_SPACE = re.compile(r"\s")


def prescan(lines: list[str], max_nesting: int, line_budget: int = LINE_BUDGET) -> None:
    """Refuse input that would make marko superlinear or exhaust its recursion (PM001).

    One linear pass over the lines estimates marko's work at each place listed above, and
    counts the containers (block quotes and list items, in any mix) each line is nested in,
    the way marko nests them, against ``max_nesting``.
    """
    guard = _Guard(max_nesting, sum(map(len, lines)) + len(lines), line_budget)
    for number, line in enumerate(lines, start=1):
        guard.line(number, line)
    guard.finish(len(lines))


def _cells(row: str) -> int:
    """How many cells marko reads in a table row."""
    parts = _CELL.split(row.strip())
    return len(parts) - (parts[0] == "") - (len(parts) > 1 and parts[-1] == "")


def _refuse(reason: str) -> UnreadableError:
    return UnreadableError(f"{reason}: refused to protect the Markdown parser")


def _indent(line: str, i: int, col: int, limit: int = 1 << 30) -> tuple[int, int]:
    """Index and column after the spaces and tabs from ``i`` (tabs stop every 4 columns)."""
    n = len(line)
    while i < n and col < limit and line[i] in " \t":
        col = col + 4 - col % 4 if line[i] == "\t" else col + 1
        i += 1
    return i, col


class _Place:
    """How far the container markers of one line have been read."""

    __slots__ = ("col", "i", "pairs", "quote_end")

    def __init__(self) -> None:
        self.i = self.col = 0  # index and column
        self.pairs = 0  # ">" markers 1 to 3 columns after the one before
        self.quote_end = -1  # the column after the last ">" when only spaces followed it

    def quote(self, line: str, j: int, c: int) -> None:
        """Step over the ">" at index ``j`` (column ``c``) and one space after it."""
        if self.quote_end >= 0 and 0 < c - self.quote_end <= 3:
            self.pairs += 1
        self.i, self.col = j + 1, c + 1
        self.quote_end = self.col
        if self.i < len(line) and line[self.i] in " \t":
            self.i, self.col = _indent(line, self.i, self.col, self.col + 1)


def _list_marker(line: str, j: int) -> int:
    """The index after the list marker at ``j`` ("-", "*", "+", "1." or "1)" and a space or the
    end of the line), or -1 when there is none there."""
    if _BREAK.match(line, j):
        return -1  # "- - -" is a thematic break, not three list items
    n = len(line)
    end = j
    if line[j] in "-*+":
        end = j + 1
    else:
        while end < n and end - j < 9 and line[end].isdigit():
            end += 1
        if end == j or end >= n or line[end] not in ".)":
            return -1
        end += 1
    if end < n and line[end] not in " \t":
        return -1
    return end


class _Guard:
    """The state of :func:`prescan` between lines, and its estimates so far."""

    # The inline unit being read: the text marko parses inline in one piece (a paragraph, a
    # heading, a table cell), set by _new_unit.
    unit_line: int
    unit_length: int
    unit_text: bool  # whether a paragraph is open (an indented line continues it)
    brackets: list[int]  # offsets of the "[" still open
    runs: int  # emphasis delimiter runs
    ticks: list[tuple[int, int]]  # backtick runs: offset, length
    unit_lines: int
    header_cells: int  # cells of the unit's first line, when it could head a table

    def __init__(self, max_nesting: int, chars: int, line_budget: int = LINE_BUDGET) -> None:
        self.max_nesting = max_nesting
        self.chars = chars
        self.line_limit = max(line_budget, chars // CHARS_PER_LINE)
        self.stack: list[int] = []  # open containers: -1 a block quote, else an item's column
        self.fence = ""  # the opening of the top-level fenced code block we are in
        self.offset = 0  # where the current line starts in the text marko reads
        self.work = 0  # lines so far, in eighths (see LINE_BUDGET)
        self.quote_splits = 0
        self.link_starts = 0  # lines starting with "[" since the last empty line
        self.link_offsets = 0  # ... and the sum of their offsets
        self.link_scan = 0
        self.bracket_work = self.destinations = self.emphasis = self.backticks = self.email = 0
        self.in_table = False
        self._new_unit(1)

    def over(self, used: int, budget: int) -> bool:
        return used > budget and used > self.chars

    def line(self, number: int, line: str) -> None:
        start = self.offset
        self.offset += len(line) + 1
        self.work += 8
        if self.fence:
            m = _FENCE_CLOSE.match(line)
            if m and self.fence in m.group(1):
                self.fence = ""
            return
        if not line or line.isspace():
            if not line:  # marko's "\n\n", which ends the scan of link reference definitions
                self._settle_links(start, f"line {number}")
            self._end_unit(number + 1)
            self.in_table = False
            return
        rest, j, opened, interrupts = line, 0, 0, False
        if self.stack or line[0] in _MAY_OPEN:
            i, col, opened, pairs, interrupts = self._containers(line, self.unit_text)
            self._count(number, opened, pairs)
            rest = line[i:]
            j, c = _indent(line, i, col)
            if c - col > 3 and not self.unit_text:
                return  # indented code: not parsed inline
        else:
            self._count(number, 0, 0)
        if line.startswith("[", j):
            self.link_starts += 1
            self.link_offsets += start + j
        heading = _HEADING.match(rest) is not None
        if interrupts or heading:  # a new paragraph, or a heading: a unit of its own
            self._end_unit(number)
        if not self.stack and rest.lstrip(" ")[:3] in ("```", "~~~"):
            m = _FENCE_OPEN.match(rest)
            if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
                self.fence = m.group(1)
                self._end_unit(number + 1)
                return
        if self.in_table and not (interrupts or heading or opened):
            self._end_unit(number)  # a table row: parsed on its own
            self._inline(rest)
            self._end_unit(number + 1)
            return
        self.in_table = False
        if self._delimits_table(rest):
            self.in_table = True
            self._end_unit(number + 1)
            return
        self._inline(rest)
        if self.unit_lines == 1:
            self.header_cells = _cells(rest) if "|" in rest and _CELL.search(rest) else 0
        if heading:
            self._end_unit(number + 1)

    def _delimits_table(self, row: str) -> bool:
        """Whether ``row`` is the delimiter row under a header row that opened its unit."""
        if self.unit_lines != 1 or not self.header_cells or self.header_cells != _cells(row):
            return False
        return all(_DELIMITER_CELL.match(cell) for cell in _CELL.split(row.strip()) if cell)

    def _count(self, number: int, opened: int, pairs: int) -> None:
        """Add a line's cost: its depth, its list items, its spaced block-quote markers."""
        depth = len(self.stack)
        if depth > self.max_nesting:
            raise _refuse(f"nesting deeper than max-nesting ({self.max_nesting}) on line {number}")
        self.work += depth + 32 * opened
        if self.work > 8 * self.line_limit:
            raise _refuse(
                f"too many lines for a file of {self.chars:,} characters: over {self.line_limit:,}"
                f" by line {number:,} (a list item counts as 5 lines, and each level of nesting "
                "adds an eighth)"
            )
        if pairs:
            self.quote_splits += 1 << min(pairs, 62)
            if self.over(self.quote_splits, QUOTE_SPLITS):
                raise _refuse(
                    f"block quotes nested with spaces between the markers ('> > >', {pairs + 1} "
                    f"levels on line {number})"
                )

    def _containers(self, line: str, paragraph: bool) -> tuple[int, int, int, int, bool]:
        """Continue the open containers on ``line`` and open its new ones, as marko does.

        Returns where the content starts (index and column), how many list items the line
        opens, how many pairs of block-quote markers on it stand apart by 1 to 3 columns, and
        whether what it opens ends a paragraph (marko's Paragraph.break_paragraph: "2." does
        not, unless it continues a list). ``paragraph``: whether a paragraph is open.
        """
        at = _Place()
        matched = self._continue(line, at)
        opened, items, interrupts = self._open(line, at, matched, paragraph)
        if opened:
            self.stack[matched:] = opened
        elif matched < len(self.stack):
            rest = line[at.i :]
            if _HEADING.match(rest) or _BREAK.match(rest) or _FENCE_OPEN.match(rest):
                del self.stack[matched:]  # only paragraph text continues what it does not mark
        return at.i, at.col, items, at.pairs, interrupts

    def _continue(self, line: str, at: _Place) -> int:
        """How many of the open containers ``line`` continues; ``at`` moves past their markers."""
        n = len(line)
        matched = 0
        for kind in self.stack:
            if kind < 0:
                j, c = _indent(line, at.i, at.col)
                if c - at.col > 3 or j >= n or line[j] != ">":
                    break
                at.quote(line, j, c)
            else:
                j, c = _indent(line, at.i, at.col, kind)
                if c < kind:
                    break
                at.i, at.col, at.quote_end = j, c, -1
            matched += 1
        return matched

    def _open(
        self, line: str, at: _Place, matched: int, paragraph: bool
    ) -> tuple[list[int], int, bool]:
        """The containers ``line`` opens after the ``matched`` ones it continues (``at`` moves
        past their markers), how many of them are list items, whether they end a paragraph."""
        n = len(line)
        opened: list[int] = []
        items = 0
        interrupts: bool | None = None  # decided by the first container the line opens
        while True:
            j, c = _indent(line, at.i, at.col)
            if c - at.col > 3 or j >= n:
                break
            if line[j] == ">":
                at.quote(line, j, c)
                opened.append(-1)
                interrupts = True if interrupts is None else interrupts
                continue
            end = _list_marker(line, j)
            if end < 0:
                break
            marker = c + end - j  # the column after the marker
            k, content = _indent(line, end, marker)
            if interrupts is None:
                first = line[j] in "-*+" or line[j : end - 1] == "1"
                interrupts = (first and k < n) or matched < len(self.stack)
                if not interrupts and paragraph:
                    break  # "2. x" under a paragraph line is more of its text
            items += 1
            if k >= n or content - marker > 4:  # an empty item, or one that opens with code
                opened.append(marker + 1)
                at.i, at.col = _indent(line, end, marker, marker + 1)
                break
            opened.append(content)
            at.i, at.col, at.quote_end = k, content, -1
        return opened, items, bool(interrupts)

    def _new_unit(self, line: int) -> None:
        self.unit_line = line
        self.unit_length = 0
        self.unit_text = False
        self.brackets = []
        self.runs = 0
        self.ticks = []
        self.unit_lines = 0
        self.header_cells = 0

    def _end_unit(self, next_line: int) -> None:
        if not self.unit_text:
            self.unit_line = next_line
            return
        self.emphasis += self.runs * self.runs
        if self.over(self.emphasis, EMPHASIS_PAIRS):
            raise _refuse(
                "too many unmatched emphasis markers ('*', '_') in the paragraph at line "
                f"{self.unit_line}"
            )
        closer: dict[int, int] = {}  # backtick run length -> offset of the next such run
        for offset, length in reversed(self.ticks):
            self.backticks += closer.get(length, self.unit_length) - offset
            closer[length] = offset
        if self.over(self.backticks, BACKTICK_SCAN):
            raise _refuse(
                f"too many unclosed backtick runs in the paragraph at line {self.unit_line}"
            )
        self._new_unit(next_line)

    def _inline(self, text: str) -> None:
        base = self.unit_length
        self.unit_length += len(text) + 1
        self.unit_text = True
        self.unit_lines += 1
        space_end = -1  # the end of the run without spaces that the last "](" was in
        m: re.Match[str] | None = None
        for m in _INLINE.finditer(text):
            token = m.group()
            first = token[0]
            if first == "\\":
                continue
            if first == "`":
                self.ticks.append((base + m.start(), len(token)))
            elif first in "*_":
                self.runs += 1
            elif first == "@":
                self.email += (len(token) - 1) ** 2
            elif first != "]":
                self.brackets.append(base + m.start())
            else:
                self.bracket_work += len(self.brackets) + self.runs
                if self.brackets:
                    self.bracket_work += base + m.start() - self.brackets.pop()
                if len(token) == 2:  # "](": an inline link's destination follows
                    if m.end() >= space_end:
                        found = _SPACE.search(text, m.end())
                        space_end = found.start() if found else len(text)
                    self.destinations += space_end - m.end()
        if m is not None:  # without markup the estimates stay as they were, within budget
            self._check_inline()

    def _check_inline(self) -> None:
        where = f"in the paragraph at line {self.unit_line}"
        if self.over(self.bracket_work, BRACKET_WORK):
            raise _refuse(f"too many nested or unmatched '[' and ']' {where}")
        if self.over(self.destinations, LINK_DESTINATION_SCAN):
            raise _refuse(f"too many unclosed links '](' {where}")
        if self.over(self.email, EMAIL_BACKTRACKING):
            raise _refuse(f"a long run of letters, dots or dashes after '@' {where}")

    def _settle_links(self, end: int, where: str) -> None:
        self.link_scan += self.link_starts * end - self.link_offsets
        self.link_starts = self.link_offsets = 0
        if self.over(self.link_scan, LINK_DEFINITION_SCAN):
            raise _refuse(
                "too many lines starting with '[' (link definitions, task items) without an "
                f"empty line between them, before {where}"
            )

    def finish(self, lines: int) -> None:
        self._end_unit(lines + 1)
        self._settle_links(self.chars, "the end of the file")
