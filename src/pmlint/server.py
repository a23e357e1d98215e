"""``pmlint server``: a language server over stdio (pygls; ``pip install 'pmlint[lsp]'``).

Diagnostics on open, change (debounced) and save for the Markdown files the workspace's
configuration selects, exactly as ``pmlint check`` lints them; code actions (the fixes
``--fix`` makes, fix-all, suppress a finding); the rule's documentation on hover; the
template's section headings after ``## `` and ``pmlint new``'s skeleton as completions; the
headings as document symbols.

Linting never runs on the event loop. A worker process lints one document at a time and a
newer version of that document kills it, which cancels the run; workers fork from a fork
server that has pmlint loaded and warmed up (:mod:`pmlint.lsp_warm`), so a fresh one is
ready in milliseconds. A worker that dies is reported as PM000 on its document, and the next
change gets a new worker. The server keeps open documents itself (:mod:`pmlint.lsp_text`), so
its lines are pmlint's and its positions are in the encoding the client agreed to.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import difflib
import functools
import logging
import multiprocessing
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from pmlint import __version__
from pmlint.config import ConfigError, Overrides, Settings  # types the adapter hands over
from pmlint.findings import ERROR, Finding
from pmlint.lsp_text import UTF16, Text, column, units

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext, SpawnContext

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------
# The engine adapter: the only code in this module that calls pmlint's engine, file selection,
# configuration, rules, templates and package data. Below it, the server sees Settings,
# Findings (1-based lines, code-point columns, edits as offsets into the text without its
# BOM) and these functions.
# ---------------------------------------------------------------------------------------------

CONFIG_NAMES = (".pmlint.toml", "pyproject.toml")
NEVER_SUPPRESSED = frozenset(["PM000", "PM001", "PM901"])  # internal, unreadable, bad directive
FIX_TITLES = {"PM204": "repair the mojibake", "PM302": "convert to UTC"}
NEXT_LINE_DIRECTIVE = re.compile(r"^(\s*)<!--\s*pmlint-disable-next-line\s+([^>]*?)\s*-->\s*$")


class Project:
    """What ``pmlint check`` run in one workspace folder would lint, and with which settings."""

    def __init__(self, root: Path) -> None:
        from pmlint.session import Linter

        self.root = root
        self._linter = Linter(root, None, Overrides())

    def settings(self, path: Path) -> Settings | None:
        """The settings for a file the configuration selects, else None; may raise ConfigError."""
        from pmlint.files import is_excluded, is_included, is_markdown

        settings = self._linter.settings_for(path)
        if not is_markdown(path) or not is_included(path, settings) or is_excluded(path, settings):
            return None
        return self._linter.file_settings(path)

    def shown(self, path: Path) -> str:
        return self._linter.display(path)


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate becomes PM001, not a crash


def lint(text: str, shown: str, settings: Settings) -> list[Finding]:
    from pmlint.engine import lint_bytes

    return lint_bytes(_encode(text), shown, settings)


def fix_all(text: str, shown: str, settings: Settings) -> str:
    """The text after every fix ``pmlint check --fix`` would apply."""
    from pmlint.engine import fix_bytes

    data, _remaining, _count = fix_bytes(_encode(text), shown, settings)
    return data.decode("utf-8", "surrogatepass")


def internal_error(shown: str, message: str) -> Finding:
    from pmlint.rules import BY_CODE

    return Finding(shown, 1, 1, "PM000", 1, 1, BY_CODE["PM000"].name, ERROR, message)


def rule_page(code: str) -> str | None:
    """A rule's documentation as Markdown (what ``pmlint explain`` says), or None."""
    from pmlint.docs import page
    from pmlint.rules import BY_CODE

    rule = BY_CODE.get(code)
    return page(rule) if rule is not None else None


def write_rule_pages(directory: Path) -> None:
    from pmlint.docs import write

    write(directory)


def fix_title(code: str) -> str:
    from pmlint.rules import BY_CODE

    return FIX_TITLES.get(code) or BY_CODE[code].name


def section_headings(settings: Settings) -> list[str]:
    """The headings of the template's own sections, in the template's order."""
    from pmlint.template import load_template

    return [s.heading for s in load_template(settings.template).sections if s.own]


def section_of(settings: Settings, heading: str) -> str | None:
    """The template heading of the section a heading opens (through aliases and typos)."""
    from pmlint.headings import HeadingMatcher
    from pmlint.template import load_template

    template = load_template(settings.template)
    key, _alias = HeadingMatcher(template, settings.aliases).match(heading)
    return template.heading_of(key) if key is not None else None


def skeleton(settings: Settings) -> str:
    """``pmlint new``'s skeleton for the template, with ``$title_yaml``, ``$title``, ``$date``."""
    from importlib import resources

    name = f"data/new-{settings.template}.md"
    return resources.files("pmlint").joinpath(name).read_text("utf-8")


def next_line_directive(codes: Iterable[str]) -> str:
    return f"<!-- pmlint-disable-next-line {' '.join(codes)} -->"


def block_directives(code: str) -> tuple[str, str]:
    return f"<!-- pmlint-disable {code} -->", f"<!-- pmlint-enable {code} -->"


def file_directive(code: str) -> str:
    return f"<!-- pmlint-disable-file {code} -->"


def referenced_files(settings: Settings) -> set[Path]:
    """Files besides the configuration whose content changes what the settings mean (a custom
    schema; a team's own template file belongs here too once ``template`` may name one)."""
    return {Path(settings.schema_path)} if settings.schema_path else set()


def config_file_of(error: ConfigError, path: Path, root: Path) -> Path | None:
    """The configuration file a ConfigError is about: the one it names, else the nearest one."""
    named = str(error).split(": ", 1)[0].removesuffix(" [tool.pmlint]")
    if named and Path(named).is_file():
        return Path(named)
    for directory in (path.parent, *path.parent.parents):
        for name in CONFIG_NAMES:
            if (directory / name).is_file():
                return directory / name
        if directory == root:
            break
    return None


def warm_up() -> None:
    """Lint ``pmlint new``'s skeleton once, so caches (templates, schema, parser) are filled."""
    from pmlint.config import ConfigFile, resolve

    with contextlib.suppress(Exception):  # a cold worker is only slower
        settings = resolve(ConfigFile(path=None, directory=Path.cwd()), Overrides())
        text = skeleton(settings).replace("$title_yaml", "T").replace("$title", "T")
        lint(text.replace("$date", "2025-01-01"), "warm-up.md", settings)


# ---------------------------------------------------------------------------------------------
# The worker process
# ---------------------------------------------------------------------------------------------

Job = tuple[str, str, str, Settings]  # ("lint" or "fix", text, shown path, settings)


@dataclass(frozen=True)
class Cancelled:
    """The run was killed because a newer version (or a new configuration) superseded it."""


@dataclass(frozen=True)
class Failed:
    """The worker raised or died; ``reason`` says how."""

    reason: str


Outcome = list[Finding] | str | Cancelled | Failed  # findings of a lint, text of a fix


def _run_job(kind: str, text: str, shown: str, settings: Settings) -> list[Finding] | str:
    return lint(text, shown, settings) if kind == "lint" else fix_all(text, shown, settings)


def _worker_main(conn: Connection) -> None:
    """A lint worker: jobs in, results out, until the server closes the pipe."""
    os.dup2(2, 1)  # stdout is the LSP channel: nothing the worker prints may reach it
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result: Outcome = _run_job(*job)
        except Exception as exc:
            result = Failed(f"{type(exc).__name__}: {exc}")
        conn.send(result)


def _context() -> ForkServerContext | SpawnContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pmlint.lsp_warm"])
        return context
    return multiprocessing.get_context("spawn")


class Worker:
    """Runs jobs one at a time in a child process; :meth:`kill` cancels the job running."""

    def __init__(self) -> None:
        self._context = _context()
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._lock = asyncio.Lock()
        self._tag: object = None  # what the job running is for
        self._killed = False

    def _start(self) -> None:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(child,), name="pmlint-lint-worker", daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent

    def _stop(self) -> int | None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(5)
        if conn is not None:
            conn.close()
        return process.exitcode if process is not None else None

    @staticmethod
    def _roundtrip(conn: Connection, job: Job) -> Outcome:
        conn.send(job)
        outcome: Outcome = conn.recv()
        return outcome

    async def start(self) -> None:
        """Start a worker ahead of the first job (the fork server takes a moment)."""
        async with self._lock:
            if self._process is None:
                try:
                    await asyncio.to_thread(self._start)
                except Exception as exc:  # the first job says so, on its document
                    logger.warning("cannot start a lint worker: %s", exc)

    async def run(self, job: Job, tag: object) -> Outcome:
        """The job's result, :class:`Cancelled` or :class:`Failed`."""
        async with self._lock:
            self._tag, self._killed = tag, False
            try:
                if self._process is None:
                    try:
                        await asyncio.to_thread(self._start)
                    except Exception as exc:
                        return Failed(f"cannot start a lint worker ({type(exc).__name__}: {exc})")
                if self._killed:  # cancelled while the worker started
                    await asyncio.to_thread(self._stop)
                    return Cancelled()
                assert self._conn is not None
                try:
                    result = await asyncio.to_thread(self._roundtrip, self._conn, job)
                except (EOFError, OSError):
                    killed = self._killed
                    code = await asyncio.to_thread(self._stop)
                    if killed:
                        return Cancelled()
                    return Failed(f"the lint worker died (exit code {code})")
                if self._killed:  # killed just after it answered: start afresh next time
                    await asyncio.to_thread(self._stop)
                return result
            finally:
                self._tag = None

    def kill(self, tag: object) -> None:
        """Cancel the job running (or about to run) for ``tag``, if there is one."""
        if self._tag == tag:
            self._killed = True
            if self._process is not None:
                self._process.kill()

    def close(self) -> None:
        self._killed = True
        self._stop()


# ---------------------------------------------------------------------------------------------
# Markdown outline and edits (no engine calls)
# ---------------------------------------------------------------------------------------------

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BLOCK_START = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|[-*+][ \t]|\d{1,9}[.)][ \t]|>|<|`{3}|~{3})")
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Heading:
    line: int  # 0-based
    level: int
    text: str


def front_matter_end(text: Text) -> int | None:
    """The line of the front matter's closing ``---`` (or ``...``), if there is front matter."""
    if text.line(0).lstrip("\ufeff") != "---":
        return None
    for index in range(1, text.line_count):
        if text.line(index) in ("---", "..."):
            return index
    return None


def headings(text: Text) -> list[Heading]:
    """ATX and setext headings outside front matter and fenced code."""
    found: list[Heading] = []
    end = front_matter_end(text)
    fence = ""
    previous = ""
    for index in range((end + 1) if end is not None else 0, text.line_count):
        line = text.line(index)
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            previous = ""
            continue
        if opening:
            fence = opening.group(1)
            previous = ""
            continue
        atx = _ATX.match(line)
        if atx:
            found.append(Heading(index, len(atx.group(1)), (atx.group(2) or "").strip()))
            previous = ""
            continue
        setext = _SETEXT.match(line)
        if setext and previous.strip() and not _BLOCK_START.match(previous):
            level = 1 if setext.group(1)[0] == "=" else 2
            found.append(Heading(index - 1, level, previous.strip()))
            previous = ""
            continue
        previous = line
    return found


OffsetEdit = tuple[int, int, str]  # replace text[start:end] (code points) with the string


def _ending(text: Text, line: int) -> str:
    content_end = text.starts[line] + len(text.line(line))
    next_start = text.starts[line + 1] if line + 1 < text.line_count else len(text.text)
    return text.text[content_end:next_start] or "\n"


def _after_line(text: Text, line: int) -> tuple[int, str]:
    """Where to insert a new line after ``line``, and what must precede it (a line ending)."""
    if line + 1 < text.line_count:
        return text.starts[line + 1], ""
    return len(text.text), _ending(text, line)


def _table_around(text: Text, line: int) -> tuple[int, int] | None:
    first = last = line
    while first > 0 and "|" in text.line(first - 1) and text.line(first - 1).strip():
        first -= 1
    while last + 1 < text.line_count and "|" in text.line(last + 1) and text.line(last + 1).strip():
        last += 1
    if "|" not in text.line(line):
        return None
    rows = range(first, last + 1)
    return (first, last) if any(_TABLE_DELIMITER.match(text.line(i)) for i in rows) else None


def _inline_safe(line: str) -> bool:
    """Whether an HTML comment can be appended to this line without changing what it is."""
    stripped = line.strip()
    return bool(stripped) and not (
        _ATX.match(line)
        or _SETEXT.match(line)
        or _FENCE.match(line)
        or stripped.startswith(("<", "|"))
        or re.fullmatch(r"(?:[-*_][ \t]*){3,}", stripped)
    )


def suppression(text: Text, finding: Finding) -> tuple[str, list[OffsetEdit]] | None:
    """A title and the edits that suppress ``finding`` where it stands, without changing the
    Markdown's structure: a disable-next-line comment above its line (or at the end of the line
    before, inside a paragraph or list), disable/enable around a table, or disable-file for
    front matter."""
    code = finding.rule
    if code in NEVER_SUPPRESSED:
        return None
    line = min(max(finding.line - 1, 0), text.line_count - 1)
    bom = 1 if text.text.startswith("\ufeff") else 0
    end = front_matter_end(text)
    if end is not None and line <= end:
        at, before = _after_line(text, end)
        return f"Suppress {code} in this file", [
            (at, at, f"{before}{file_directive(code)}{_ending(text, end)}")
        ]
    table = _table_around(text, line)
    if table is not None:
        first, last = table
        row = text.line(first)
        indent = row[: len(row) - len(row.lstrip())]
        disable, enable = block_directives(code)
        start = text.starts[first] + (bom if first == 0 else 0)
        at, before = _after_line(text, last)
        ending = _ending(text, last)
        return f"Suppress {code} in this table", [
            (start, start, f"{indent}{disable}{_ending(text, first)}"),
            (at, at, f"{before}{indent}{enable}{ending}"),
        ]
    title = f"Suppress {code} on this line"
    previous = text.line(line - 1) if line > 0 else ""
    directive = NEXT_LINE_DIRECTIVE.match(previous)
    if directive:
        codes = [c for c in re.split(r"[\s,]+", directive.group(2)) if c]
        start = text.starts[line - 1]
        replaced = directive.group(1) + next_line_directive([*codes, code])
        return title, [(start, start + len(previous), replaced)]
    if _inline_safe(previous):
        # At the end of the line before (a paragraph's or a list item's), the comment splits
        # nothing; its line is the one before, so it covers this one.
        content = previous.rstrip()
        if content.endswith("\\"):  # keep a backslash hard break at the end of the line
            content = content[:-1]
        at = text.starts[line - 1] + len(content)
        return title, [(at, at, f" {next_line_directive([code])}")]
    current = text.line(line)
    indent = current[: len(current) - len(current.lstrip())]
    start = text.starts[line] + (bom if line == 0 else 0)
    return title, [(start, start, f"{indent}{next_line_directive([code])}{_ending(text, line)}")]


def diff_edits(old: str, new: str) -> list[OffsetEdit]:
    """Line-wise edits that turn ``old`` into ``new`` (offsets into ``old``)."""
    a, b = _lines(old), _lines(new)
    starts = [0]
    for line in a:
        starts.append(starts[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, a, b)
    return [
        (starts[i1], starts[i2], "".join(b[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _lines(text: str) -> list[str]:
    return [m.group(0) for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)]


def skeleton_snippet(raw: str, day: str) -> str:
    """``pmlint new``'s skeleton as an LSP snippet: the title and the date are placeholders."""
    escaped = raw.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")
    return (
        escaped.replace("\\$title_yaml", '"${1:Title}"')
        .replace("\\$title", "${1}")
        .replace("\\$date", "${2:" + day + "}")
    )


# ---------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------

DEBOUNCE = 0.25  # seconds of quiet after a change before linting it
CONFIG_RELOAD_DELAY = 0.05  # several events for one save make one reload
WATCHED = ("**/pyproject.toml", "**/.pmlint.toml", "**/*.json", "**/*.md")
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.pmlint"
FIX_ALL_TITLE = "Fix all pmlint problems in file"


@dataclass
class Linted:
    """The findings for one version of a document, with the diagnostics published for them."""

    version: int
    text: Text
    results: list[tuple[Finding, types.Diagnostic]]


@dataclass
class Document:
    uri: str
    path: Path | None
    text: Text
    version: int
    linted: Linted | None = None
    published: bool = False  # diagnostics were published and not cleared since


@dataclass
class Target:
    project: Project
    settings: Settings
    shown: str


def _position(point: tuple[int, int]) -> types.Position:
    return types.Position(line=point[0], character=point[1])


def _range(text: Text, start: int, end: int) -> types.Range:
    return types.Range(start=_position(text.position(start)), end=_position(text.position(end)))


def _before(a: types.Position, b: types.Position) -> bool:
    return (a.line, a.character) <= (b.line, b.character)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return _before(a.start, b.end) and _before(b.start, a.end)


class Server:
    """The language server's state and its LSP features (registered on a pygls server)."""

    def __init__(self) -> None:
        self.ls = LanguageServer("pmlint", __version__, types.TextDocumentSyncKind.Incremental)
        # The server keeps open documents itself (see pmlint.lsp_text): pygls must not.
        for method in (
            types.TEXT_DOCUMENT_DID_OPEN,
            types.TEXT_DOCUMENT_DID_CHANGE,
            types.TEXT_DOCUMENT_DID_CLOSE,
        ):
            self.ls.protocol.fm.builtin_features.pop(method, None)
        self.documents: dict[str, Document] = {}
        self.encoding = UTF16
        self.roots: list[Path] = []
        self.projects: dict[Path, Project] = {}
        self.referenced: set[Path] = set()
        self.config_errors: dict[str, types.Diagnostic] = {}  # config file URI -> its one
        self.worker = Worker()
        self.pending: dict[str, None] = {}  # URIs ready to lint, in order
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.wake = asyncio.Event()
        self.reload_timer: asyncio.TimerHandle | None = None
        self.tasks: set[asyncio.Task[None]] = set()
        self.pages: Path | None = None  # the rule documentation pages, for codeDescription
        self._register()

    # -- registration --------------------------------------------------------------------------

    def _register(self) -> None:
        features: list[tuple[str, Any, Callable[..., Any]]] = [
            (types.INITIALIZE, None, self.initialize),
            (types.INITIALIZED, None, self.initialized),
            (types.SHUTDOWN, None, self.shutdown),
            (types.TEXT_DOCUMENT_DID_OPEN, None, self.did_open),
            (types.TEXT_DOCUMENT_DID_CHANGE, None, self.did_change),
            (types.TEXT_DOCUMENT_DID_SAVE, None, self.did_save),
            (types.TEXT_DOCUMENT_DID_CLOSE, None, self.did_close),
            (types.WORKSPACE_DID_CHANGE_WATCHED_FILES, None, self.did_change_watched_files),
            (types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS, None, self.did_change_folders),
            (types.TEXT_DOCUMENT_HOVER, None, self.hover),
            (
                types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(
                    code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND],
                    resolve_provider=True,
                ),
                self.code_action,
            ),
            (types.CODE_ACTION_RESOLVE, None, self.resolve_code_action),
            (
                types.TEXT_DOCUMENT_COMPLETION,
                types.CompletionOptions(trigger_characters=[" "]),
                self.completion,
            ),
            (types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, None, self.document_symbol),
        ]
        for method, options, handler in features:
            # pygls marks what it registers, and a bound method takes no attributes.
            self.ls.feature(method, options)(functools.partial(handler))

    # -- lifecycle -----------------------------------------------------------------------------

    def initialize(self, params: types.InitializeParams) -> None:
        encoding = self.ls.workspace.position_encoding
        self.encoding = str(getattr(encoding, "value", encoding) or UTF16)
        folders = [f.uri for f in params.workspace_folders or []]
        if not folders and params.root_uri:
            folders = [params.root_uri]
        if not folders and params.root_path:
            folders = [from_fs_path(params.root_path) or ""]
        self.roots = [p for p in (_path(uri) for uri in folders) if p is not None]
        self.pages = Path(tempfile.mkdtemp(prefix="pmlint-rules-"))
        atexit.register(shutil.rmtree, self.pages, True)  # also when there is no shutdown
        write_rule_pages(self.pages)

    async def initialized(self, params: types.InitializedParams) -> None:
        self._spawn(self._consume())
        self._spawn(self.worker.start())
        capability = self.ls.client_capabilities.workspace
        watched = capability.did_change_watched_files if capability else None
        if watched is not None and watched.dynamic_registration:
            options = types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=g) for g in WATCHED]
            )
            registration = types.Registration(
                id="pmlint-configuration",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=options,
            )
            try:
                await self.ls.client_register_capability_async(
                    types.RegistrationParams(registrations=[registration])
                )
            except Exception as exc:  # the client said no: saves still reload
                logger.warning("cannot watch configuration files: %s", exc)

    def shutdown(self, params: None) -> None:
        for timer in self.timers.values():
            timer.cancel()
        self.timers.clear()
        self.pending.clear()
        for task in self.tasks:
            task.cancel()
        self.worker.close()
        if self.pages is not None:
            shutil.rmtree(self.pages, ignore_errors=True)

    def _spawn(self, coroutine: Any) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    # -- documents -----------------------------------------------------------------------------

    def did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        self.documents[item.uri] = Document(
            item.uri, _path(item.uri), Text(item.text, self.encoding), item.version
        )
        self._schedule(item.uri, 0)

    def did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        doc = self.documents.get(params.text_document.uri)
        if doc is None:
            return
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                start, end = change.range.start, change.range.end
                doc.text = doc.text.replace(
                    (start.line, start.character), (end.line, end.character), change.text
                )
            else:
                doc.text = Text(change.text, self.encoding)
        doc.version = params.text_document.version
        self._schedule(doc.uri, DEBOUNCE)

    def did_save(self, params: types.DidSaveTextDocumentParams) -> None:
        doc = self.documents.get(params.text_document.uri)
        path = _path(params.text_document.uri)
        if path is not None and self._is_configuration(path):
            self._reload_soon()
        if doc is not None and (doc.linted is None or doc.linted.version != doc.version):
            self._schedule(doc.uri, 0)

    def did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        doc = self.documents.pop(params.text_document.uri, None)
        if doc is None:
            return
        self._unschedule(doc.uri)
        if doc.published:
            self._send(doc.uri, [], None)

    def did_change_watched_files(self, params: types.DidChangeWatchedFilesParams) -> None:
        for event in params.changes:
            path = _path(event.uri)
            if path is not None and self._is_configuration(path):
                self._reload_soon()
                return

    def did_change_folders(self, params: types.DidChangeWorkspaceFoldersParams) -> None:
        removed = {_path(f.uri) for f in params.event.removed}
        self.roots = [r for r in self.roots if r not in removed]
        self.roots += [p for p in (_path(f.uri) for f in params.event.added) if p is not None]
        self._reload_soon()

    # -- linting -------------------------------------------------------------------------------

    def _schedule(self, uri: str, delay: float) -> None:
        """Lint ``uri`` after ``delay`` seconds, superseding any run for an older version."""
        self._unschedule(uri)
        if delay > 0:
            self.timers[uri] = asyncio.get_running_loop().call_later(delay, self._ready, uri)
        else:
            self._ready(uri)

    def _unschedule(self, uri: str) -> None:
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self.pending.pop(uri, None)
        self.worker.kill(("lint", uri))

    def _ready(self, uri: str) -> None:
        self.timers.pop(uri, None)
        self.pending[uri] = None
        self.wake.set()

    async def _consume(self) -> None:
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self.pending:
                uri = next(iter(self.pending))
                del self.pending[uri]
                try:
                    await self._lint(uri)
                except Exception:  # a bug in the server must not stop linting
                    logger.exception("linting %s failed", uri)

    async def _lint(self, uri: str) -> None:
        doc = self.documents.get(uri)
        if doc is None:
            return
        target = self._target(doc)
        if target is None:
            doc.linted = None
            if doc.published:
                self._send(uri, [], doc.version)
                doc.published = False
            return
        version, text = doc.version, doc.text
        job: Job = ("lint", text.text, target.shown, target.settings)
        result = await self.worker.run(job, ("lint", uri))
        if isinstance(result, Cancelled) or self.documents.get(uri) is not doc:
            return
        if doc.version != version:
            return  # a newer version is scheduled
        if isinstance(result, list):
            findings = result
        else:
            reason = result.reason if isinstance(result, Failed) else "a fix where a lint was due"
            message = f"internal error: {reason} (a bug in pmlint; the server goes on)"
            findings = [internal_error(target.shown, message)]
        results = [(f, self._diagnostic(text, f)) for f in findings]
        doc.linted = Linted(version, text, results)
        self._send(uri, [d for _, d in results], version)
        doc.published = True

    def _target(self, doc: Document) -> Target | None:
        """What to lint ``doc`` with, or None (not selected, or the configuration is broken)."""
        if doc.path is None:
            return None
        project = self._project(doc.path)
        try:
            settings = project.settings(doc.path)
        except ConfigError as exc:
            self._config_error(exc, doc.path, project.root)
            return None
        if settings is None:
            return None
        self.referenced |= referenced_files(settings)
        return Target(project, settings, project.shown(doc.path))

    def _project(self, path: Path) -> Project:
        absolute = Path(os.path.abspath(path))
        roots = [r for r in self.roots if absolute.is_relative_to(r)]
        root = max(roots, key=lambda r: len(r.parts)) if roots else absolute.parent
        project = self.projects.get(root)
        if project is None:
            project = self.projects[root] = Project(root)
        return project

    def _config_error(self, error: ConfigError, path: Path, root: Path) -> None:
        config = config_file_of(error, path, root)
        uri = from_fs_path(str(config if config is not None else path)) or ""
        message = str(error)
        if config is not None:
            message = message.removeprefix(f"{config}: ").removeprefix(f"{config} [tool.pmlint]: ")
        diagnostic = types.Diagnostic(
            range=_config_range(config, message),
            message=message,
            severity=types.DiagnosticSeverity.Error,
            source="pmlint",
        )
        if self.config_errors.get(uri) != diagnostic:
            self.config_errors[uri] = diagnostic
            self._send(uri, [diagnostic], None)

    def _is_configuration(self, path: Path) -> bool:
        return path.name in CONFIG_NAMES or Path(os.path.abspath(path)) in self.referenced

    def _reload_soon(self) -> None:
        if self.reload_timer is not None:
            self.reload_timer.cancel()
        loop = asyncio.get_running_loop()
        self.reload_timer = loop.call_later(CONFIG_RELOAD_DELAY, self._reload)

    def _reload(self) -> None:
        """Read the configuration afresh and lint every open document again."""
        self.reload_timer = None
        self.projects.clear()
        self.referenced.clear()
        broken = self.config_errors
        self.config_errors = {}
        for doc in self.documents.values():
            self._target(doc)  # publishes the configuration's errors
        for uri in broken:
            if uri not in self.config_errors:
                self._send(uri, [], None)
        for uri in self.documents:
            self._schedule(uri, 0)

    def _send(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None) -> None:
        self.ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def _diagnostic(self, text: Text, finding: Finding) -> types.Diagnostic:
        bom = 1 if text.text.startswith("\ufeff") else 0
        start = text.point(finding.line - 1, finding.column - 1 + (bom if finding.line == 1 else 0))
        end_column = finding.end_column - 1 + (bom if finding.end_line == 1 else 0)
        end = text.point(finding.end_line - 1, end_column)
        description = None
        if self.pages is not None:
            href = (self.pages / f"{finding.rule}.md").as_uri()
            description = types.CodeDescription(href=href)
        return types.Diagnostic(
            range=types.Range(start=_position(start), end=_position(end)),
            message=finding.message,
            severity=(
                types.DiagnosticSeverity.Error
                if finding.severity == ERROR
                else types.DiagnosticSeverity.Warning
            ),
            code=finding.rule,
            code_description=description,
            source="pmlint",
        )

    def _current(self, uri: str) -> tuple[Document, Linted] | None:
        """The document and its findings, when they are for the version the client has."""
        doc = self.documents.get(uri)
        if doc is None or doc.linted is None or doc.linted.version != doc.version:
            return None
        return doc, doc.linted

    # -- hover ---------------------------------------------------------------------------------

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        current = self._current(params.text_document.uri)
        if current is None:
            return None
        at = params.position
        hits = [d for _, d in current[1].results if _before(d.range.start, at)]
        hits = [d for d in hits if _before(at, d.range.end)]
        codes = list(dict.fromkeys(str(d.code) for d in hits))
        pages = [p for p in (rule_page(code) for code in codes) if p]
        if not pages:
            return None
        hover = self.ls.client_capabilities.text_document
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

    # -- code actions --------------------------------------------------------------------------

    async def code_action(
        self, params: types.CodeActionParams
    ) -> list[types.CodeAction | types.Command] | None:
        current = self._current(params.text_document.uri)
        if current is None:
            return None
        doc, linted = current
        only = params.context.only

        def wanted(kind: str) -> bool:
            return not only or any(kind == o or kind.startswith(f"{o}.") for o in only)

        here = [(f, d) for f, d in linted.results if _overlaps(d.range, params.range)]
        actions: list[types.CodeAction | types.Command] = []
        if wanted(types.CodeActionKind.QuickFix):
            for f, d in here:
                if f.fixable and f.edits:
                    bom = 1 if linted.text.text.startswith("\ufeff") else 0
                    edits = [(e.start + bom, e.end + bom, e.replacement) for e in f.edits]
                    actions.append(
                        types.CodeAction(
                            title=f"Fix: {fix_title(f.rule)}",
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[d],
                            is_preferred=True,
                            edit=self._workspace_edit(doc.uri, linted, edits),
                        )
                    )
            for f, d in here:
                suppress = suppression(linted.text, f)
                if suppress is not None:
                    title, edits = suppress
                    actions.append(
                        types.CodeAction(
                            title=title,
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[d],
                            edit=self._workspace_edit(doc.uri, linted, edits),
                        )
                    )
        fixable = [d for f, d in linted.results if f.fixable]
        kind: str | None = None
        if fixable and wanted(types.CodeActionKind.QuickFix) and any(f.fixable for f, _ in here):
            kind = types.CodeActionKind.QuickFix
        elif fixable and only and wanted(FIX_ALL_KIND):
            kind = FIX_ALL_KIND
        if kind is not None:
            action = types.CodeAction(
                title=FIX_ALL_TITLE,
                kind=kind,
                diagnostics=fixable,
                data={"uri": doc.uri, "version": linted.version},
            )
            if not self._resolves_edits():
                action = await self.resolve_code_action(action)
            actions.append(action)
        return actions

    def _resolves_edits(self) -> bool:
        document = self.ls.client_capabilities.text_document
        action = document.code_action if document else None
        support = action.resolve_support if action else None
        return support is not None and "edit" in support.properties

    async def resolve_code_action(self, action: types.CodeAction) -> types.CodeAction:
        """Compute the fix-all edit (the same passes ``--fix`` makes, off the event loop)."""
        data = action.data if isinstance(action.data, dict) else {}
        current = self._current(str(data.get("uri", "")))
        if current is None or current[1].version != data.get("version"):
            return action
        doc, linted = current
        target = self._target(doc)
        if target is None:
            return action
        job: Job = ("fix", linted.text.text, target.shown, target.settings)
        fixed = await self.worker.run(job, ("fix", doc.uri))
        if isinstance(fixed, str):
            edits = diff_edits(linted.text.text, fixed)
            action.edit = self._workspace_edit(doc.uri, linted, edits)
        return action

    def _workspace_edit(
        self, uri: str, linted: Linted, edits: Sequence[OffsetEdit]
    ) -> types.WorkspaceEdit:
        text_edits: list[types.TextEdit | types.AnnotatedTextEdit | types.SnippetTextEdit] = [
            types.TextEdit(range=_range(linted.text, start, end), new_text=new)
            for start, end, new in edits
        ]
        workspace = self.ls.client_capabilities.workspace
        edit = workspace.workspace_edit if workspace else None
        if edit is not None and edit.document_changes:
            identifier = types.OptionalVersionedTextDocumentIdentifier(
                uri=uri, version=linted.version
            )
            return types.WorkspaceEdit(
                document_changes=[
                    types.TextDocumentEdit(text_document=identifier, edits=text_edits)
                ]
            )
        return types.WorkspaceEdit(changes={uri: text_edits})  # type: ignore[dict-item]

    # -- completion and symbols ----------------------------------------------------------------

    def completion(self, params: types.CompletionParams) -> types.CompletionList | None:
        doc = self.documents.get(params.text_document.uri)
        target = self._target(doc) if doc is not None else None
        if doc is None or target is None:
            return None
        if not doc.text.text.strip():
            return types.CompletionList(is_incomplete=False, items=[self._skeleton(target)])
        at = params.position
        line = doc.text.line(at.line)
        prefix = line[: column(line, at.character, self.encoding)]
        typed = re.fullmatch(r"( {0,3}##[ \t]+)(.*)", prefix)
        if typed is None:
            return None
        start = types.Position(line=at.line, character=units(typed.group(1), self.encoding))
        present = {section_of(target.settings, h.text) for h in headings(doc.text) if h.level == 2}
        items = []
        for index, heading in enumerate(section_headings(target.settings)):
            missing = heading not in present
            items.append(
                types.CompletionItem(
                    label=heading,
                    kind=types.CompletionItemKind.Module,
                    detail="template section" if missing else "template section (already here)",
                    sort_text=f"{0 if missing else 1}{index:03}",
                    filter_text=heading,
                    text_edit=types.TextEdit(
                        range=types.Range(start=start, end=at), new_text=heading
                    ),
                )
            )
        return types.CompletionList(is_incomplete=False, items=items)

    def _skeleton(self, target: Target) -> types.CompletionItem:
        raw = skeleton(target.settings)
        day = datetime.now(UTC).date().isoformat()
        document = self.ls.client_capabilities.text_document
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

    def document_symbol(
        self, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol] | list[types.SymbolInformation] | None:
        doc = self.documents.get(params.text_document.uri)
        target = self._target(doc) if doc is not None else None
        if doc is None or target is None:
            return None
        text = doc.text
        found = headings(text)
        flat: list[types.DocumentSymbol] = []
        roots: list[types.DocumentSymbol] = []
        open_levels: list[tuple[int, list[types.DocumentSymbol]]] = [(0, roots)]
        for index, heading in enumerate(found):
            last = text.line_count - 1
            for later in found[index + 1 :]:
                if later.level <= heading.level:
                    last = later.line - 1
                    break
            start = types.Position(line=heading.line, character=0)
            end = text.point(last, len(text.line(last)))
            title_end = text.point(heading.line, len(text.line(heading.line)))
            children: list[types.DocumentSymbol] = []
            symbol = types.DocumentSymbol(
                name=heading.text or "(empty heading)",
                kind=types.SymbolKind.String,
                range=types.Range(start=start, end=_position(end)),
                selection_range=types.Range(start=start, end=_position(title_end)),
                detail=section_of(target.settings, heading.text) or "",
                children=children,
            )
            while open_levels[-1][0] >= heading.level:
                open_levels.pop()
            open_levels[-1][1].append(symbol)
            open_levels.append((heading.level, children))
            flat.append(symbol)
        document = self.ls.client_capabilities.text_document
        support = document.document_symbol if document else None
        if support is not None and support.hierarchical_document_symbol_support:
            return roots
        return [
            types.SymbolInformation(
                name=s.name,
                kind=s.kind,
                location=types.Location(uri=doc.uri, range=s.range),
            )
            for s in flat
        ]


def _config_range(config: Path | None, message: str) -> types.Range:
    """Where a configuration error is shown: the line TOML names, the key's line, or line 1."""
    line, character = 0, 0
    located = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if located:
        line, character = int(located.group(1)) - 1, int(located.group(2)) - 1
    elif config is not None:
        try:
            lines = config.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        names = re.findall(r"'([^']+)'", message) + re.findall(r"^([\w.-]+):", message)
        for name in names:
            key = re.compile(rf"\s*\[?[\w.]*{re.escape(name.split('.')[-1])}\b")
            hit = next((i for i, t in enumerate(lines) if key.match(t)), None)
            if hit is not None:
                line = hit
                break
    start = types.Position(line=max(0, line), character=max(0, character))
    return types.Range(start=start, end=types.Position(line=max(0, line) + 1, character=0))


def _path(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


def serve() -> None:
    """Speak LSP on stdin and stdout until the client says exit."""
    Server().ls.start_io()
