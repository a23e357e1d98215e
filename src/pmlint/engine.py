"""The engine: bytes -> guard -> parse -> document -> schema -> rules -> findings.

Rules yield positions and messages; the engine stamps code, name, severity and path on them,
so a rule cannot get those wrong. Where two rules describe the same defect, the engine keeps
the more specific one (:data:`PRECEDENCE`), then applies inline suppressions. An unexpected
exception becomes a PM000 finding on the file (with the traceback on stderr only under
``--debug``) and the run goes on. Nothing here reads files or configuration: see
:mod:`pmlint.session`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from pmlint import ruleinfo
from pmlint.config import Settings
from pmlint.findings import ERROR, Finding, Problem
from pmlint.source import SourceText, UnreadableError, decode

if TYPE_CHECKING:
    from pmlint.headings import HeadingMatcher
    from pmlint.model import Document
    from pmlint.schema import SchemaError

# The parser, the document model and the rules are imported when a file is linted, not with
# this module: a run whose results all come from the cache never needs them (~60 ms).

# A finding of the rule on the left drops the findings of the rules on the right on the lines it
# speaks for (its scope): one finding per span and concern (SPEC §4).
PRECEDENCE: dict[str, tuple[str, ...]] = {
    "PM102": ("PM201", "PM202", "PM203"),  # an empty section, not the guidance left in it
    "PM202": ("PM201", "PM203"),  # a whole block of template text, not the blanks in it
    "PM405": ("PM601",),  # a root cause that blames a person, not blaming language there
    "PM201": ("PM304",),  # a blank where a time should be, not an unparseable time
}


@dataclass
class Parsed:
    """The outcome of reading one file: a document, or the findings that stopped it."""

    document: Document | None
    findings: list[Finding] = field(default_factory=list)


def make_finding(
    code: str, path: str, problem: Problem, source: SourceText | None, severity: str
) -> Finding:
    """A rule's problem as a finding: positions clamped to the file, code, name and severity."""
    rule = ruleinfo.BY_CODE[code]
    line = max(1, problem.line)
    end_line = max(line, problem.end_line or line)
    if source is not None:
        line = min(line, source.line_count)
        end_line = min(end_line, source.line_count)
    column = max(1, problem.column)
    if problem.end_column is not None:
        end_column = problem.end_column
    elif source is not None:
        end_column = max(column, source.line_end_column(end_line))
    else:
        end_column = column
    return Finding(
        path=path,
        line=line,
        column=column,
        rule=code,
        end_line=end_line,
        end_column=max(end_column, column if end_line == line else 1),
        name=rule.name,
        severity=severity,
        message=problem.message,
        fixable=rule.fixable and bool(problem.edits),
        edits=problem.edits if rule.fixable else (),
        context=source.context(line) if source is not None else "",
    )


def only(
    code: str,
    path: str,
    severities: dict[str, str],
    problem: Problem,
    source: SourceText | None = None,
) -> list[Finding]:
    """A finding of ``code`` when that rule is enabled."""
    if code not in severities:
        return []
    return [make_finding(code, path, problem, source, severities[code])]


def _prescan(source: SourceText, max_nesting: int) -> None:
    """The guard, with the line budget of the parser that will run (PM001 when over)."""
    from pmlint import guard, markdown  # marko: only when a file is about to be parsed

    fast = markdown.fast_parser_in_use()
    budget = guard.FAST_LINE_BUDGET if fast else guard.LINE_BUDGET
    guard.prescan(source.lines, max_nesting, budget)


def parse(data: bytes, path: str, settings: Settings) -> Parsed:
    """Bytes -> document, or PM001/PM002 findings. Exceptions other than those propagate."""
    from pmlint import frontmatter
    from pmlint.derive import template_for
    from pmlint.document import build

    severities = settings.severities
    if len(data) > settings.max_file_size:
        limit = f"{len(data):,} bytes, over max-file-size ({settings.max_file_size:,})"
        return Parsed(None, only("PM001", path, severities, Problem(1, f"file is {limit}")))
    try:
        source = SourceText(decode(data))
        _prescan(source, settings.max_nesting)
    except UnreadableError as exc:
        return Parsed(None, only("PM001", path, severities, Problem(1, str(exc))))
    findings: list[Finding] = []
    front = None
    end = frontmatter.find_block(source.lines)
    if end is not None:
        try:
            front = frontmatter.load(source.lines, end)
        except frontmatter.FrontMatterError as exc:
            front = frontmatter.FrontMatter(end_line=end + 1)
            findings += only("PM002", path, severities, Problem(exc.line, str(exc)), source)
    template = template_for(settings.template)
    aliases = tuple((k, tuple(v)) for k, v in settings.aliases.items())
    document = build(source, front, template, _matcher(settings.template, aliases), path)
    return Parsed(document, findings)


@cache
def _matcher(template: str, aliases: tuple[tuple[str, tuple[str, ...]], ...]) -> HeadingMatcher:
    from pmlint.derive import template_for
    from pmlint.headings import HeadingMatcher

    return HeadingMatcher(template_for(template), {k: list(v) for k, v in aliases})


def lint_bytes(data: bytes, path: str, settings: Settings, debug: bool = False) -> list[Finding]:
    """All findings for one file's content; never raises for a problem in the content."""
    from pmlint.export import to_json
    from pmlint.schema import validate

    try:
        parsed = parse(data, path, settings)
    except Exception as exc:  # a bug: report it on the file, keep going
        return [internal_error(path, exc, None, debug)]
    findings = list(parsed.findings)
    doc = parsed.document
    if doc is None:
        return sorted(findings, key=Finding.sort_key)
    try:
        errors = validate(to_json(doc), settings.schema_path, settings.template, _derived(settings))
    except Exception as exc:
        findings.append(internal_error(path, exc, "schema validation", debug))
        return sorted(findings, key=Finding.sort_key)
    problems = _run_rules(doc, settings, errors, findings, debug)
    for code, found in problems.items():
        severity = settings.severities[code]
        findings.extend(make_finding(code, path, p, doc.source, severity) for p in found)
    return sorted(_suppress(doc, findings, settings.severities), key=Finding.sort_key)


def _run_rules(
    doc: Document,
    settings: Settings,
    errors: list[SchemaError],
    findings: list[Finding],
    debug: bool,
) -> dict[str, list[Problem]]:
    """Every enabled rule's problems, after precedence; a crashing rule becomes PM000."""
    from pmlint import rules as registry
    from pmlint.derive import template_for
    from pmlint.lang import table
    from pmlint.rules import Context

    template = template_for(settings.template)
    problems: dict[str, list[Problem]] = {}
    for code in settings.severities:
        rule = registry.BY_CODE[code]
        if rule.check is None:
            continue
        if rule.words is not None and not table("words", doc.language).get(rule.words):
            if debug:
                print(
                    f"pmlint: {doc.path}: {code} skipped: its word lists do not cover the "
                    f"document's language ({doc.language})",
                    file=sys.stderr,
                )
            continue
        options = settings.options.get(code, {})
        ctx = Context(doc, template, errors, options, settings.today)
        try:
            problems[code] = list(rule.check(ctx))
        except Exception as exc:
            findings.append(internal_error(doc.path, exc, f"rule {code}", debug))
    return apply_precedence(problems)


def _derived(settings: Settings) -> bytes | None:
    """The schema of a team's own template (None for a preset, which ships its own)."""
    from pmlint.derive import schema_bytes, template_for

    template = template_for(settings.template)
    return schema_bytes(template) if template.path is not None else None


def apply_precedence(problems: dict[str, list[Problem]]) -> dict[str, list[Problem]]:
    """Drop the problems that a more specific rule's problems speak for (:data:`PRECEDENCE`)."""
    kept = dict(problems)
    for winner, losers in PRECEDENCE.items():
        scopes = [
            span for p in problems.get(winner, ()) for span in (p.scope or ((p.line, p.line),))
        ]
        if not scopes:
            continue
        for loser in losers:
            if loser in kept:
                kept[loser] = [
                    p for p in kept[loser] if not any(a <= p.line <= b for a, b in scopes)
                ]
    return kept


def _suppress(doc: Document, findings: list[Finding], severities: dict[str, str]) -> list[Finding]:
    """Apply inline suppressions; add PM901 for malformed ones and PM902 for idle ones."""
    from pmlint import suppress

    if not doc.comments:
        return findings
    directives, malformed = suppress.parse(doc)
    kept = suppress.apply(findings, directives)
    for code, problems in (("PM901", malformed), ("PM902", suppress.unused(directives))):
        if code in severities:
            severity = severities[code]
            kept.extend(make_finding(code, doc.path, p, doc.source, severity) for p in problems)
    return kept


def fix_bytes(
    data: bytes, path: str, settings: Settings, debug: bool = False
) -> tuple[bytes, list[Finding], int]:
    """Apply every available fix, pass after pass; the new bytes, what remains, fixes applied."""
    from pmlint.fix import MAX_PASSES, apply, split_bom

    total = 0
    findings = lint_bytes(data, path, settings, debug)
    for _ in range(MAX_PASSES):
        if not any(f.fixable for f in findings):
            break
        bom, body = split_bom(data)
        text = body.decode("utf-8")
        new_text, applied = apply(text, findings)
        if applied == 0 or new_text == text:
            break
        data = bom + new_text.encode("utf-8")
        total += applied
        findings = lint_bytes(data, path, settings, debug)
    return data, findings, total


def internal_error(path: str, exc: Exception, where: str | None, debug: bool) -> Finding:
    if debug:
        import traceback  # only for --debug (~2.5 ms of start-up otherwise)

        traceback.print_exception(exc, file=sys.stderr)
    place = f" in {where}" if where else ""
    message = (
        f"internal error{place}: {type(exc).__name__}: {exc} "
        "(a bug in pmlint; run with --debug for the traceback)"
    )
    return make_finding("PM000", path, Problem(1, message), None, ERROR)
