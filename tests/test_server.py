"""The language server: a real LSP client (pytest-lsp) drives ``pmlint server`` in a subprocess.

One server serves the tests of the issue's checks (each test opens its own documents) and is
shut down by the last of them; a second one, for UTF-8 positions and a dying worker, and the
burst of changes to a large document are ``slow``. Nothing sleeps: a test waits for the
notification it needs. Pure helpers (positions, suppression edits, the skeleton snippet) are
tested directly.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_lsp
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from conftest import FIXTURES, run
from pmlint.lsp.adapter import Project, lint, skeleton
from pmlint.lsp.edits import diff_edits, skeleton_snippet, suppression
from pmlint.lsp.text import UTF8, UTF16, UTF32, Text, column, units

# The end-to-end tests share one server and end with its shutdown: under pytest-xdist they all
# run on one worker (``--dist loadgroup``), in file order.
pytestmark = pytest.mark.xdist_group("lsp-server")

SERVER = [sys.executable, "-m", "pmlint", "server"]
WAIT = 60  # seconds before a missing notification fails the test (a hang guard, not a timing)

# A complete postmortem with three defects: a blank after Japanese text and an emoji (line 33),
# a local time in the timeline (line 59) and a corrective action without an owner (line 95).
GOOD = (FIXTURES / "good" / "complete-front-matter.md").read_text("utf-8")
DOC = (
    GOOD.replace(
        "212 support tickets were opened.", "212 support tickets were opened.\n影響: 顧客 🙂 ＿＿"
    )
    .replace("- 14:20 — Database on-call joins", "- 06:20 PST — Database on-call joins")
    .replace("alert | @lee |", "alert | |")
)
BLANK_LINE, LOCAL_LINE, OWNER_LINE = 32, 58, 94  # 0-based, as LSP counts


# -- the client ---------------------------------------------------------------------------------


def make_client() -> LanguageClient:
    """pytest-lsp's client, also keeping every publishDiagnostics and capability registration
    (and waking the test waiting for one)."""
    client = LanguageClient(converter_factory=default_converter)
    published: list[types.PublishDiagnosticsParams] = []
    registrations: list[types.Registration] = []
    arrived = asyncio.Event()

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        published.append(params)
        client.diagnostics[params.uri] = params.diagnostics
        arrived.set()

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        registrations.extend(params.registrations)
        arrived.set()

    features = {
        **DEFAULT_CLIENT_FEATURES,
        types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish,
        types.CLIENT_REGISTER_CAPABILITY: register,
    }
    register_lsp_features(client, features)
    client.published = published  # type: ignore[attr-defined]
    client.registrations = registrations  # type: ignore[attr-defined]
    client.arrived = arrived  # type: ignore[attr-defined]
    return client


CONFIG = ClientServerConfig(server_command=SERVER, client_factory=make_client)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("workspace")
    (root / "postmortems").mkdir()
    return root


async def start(client: LanguageClient, root: Path, encodings: list[str] | None = None) -> None:
    capabilities = client_capabilities("visual-studio-code")
    if encodings is not None:
        capabilities.general = types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind(e) for e in encodings]
        )
    client.initialize_result = await client.initialize_session(  # type: ignore[attr-defined]
        types.InitializeParams(capabilities=capabilities, root_uri=root.as_uri())
    )


async def stop(client: LanguageClient) -> None:
    if client._server is not None and client._server.returncode is None:
        await client.shutdown_session()


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient, workspace: Path) -> AsyncIterator[None]:
    """The server of most tests; the last of them shuts it down."""
    await start(lsp_client, workspace)
    yield
    await stop(lsp_client)


e2e = pytest.mark.asyncio(loop_scope="module")  # every end-to-end test shares the module's loop


def published(client: LanguageClient) -> list[types.PublishDiagnosticsParams]:
    return client.published  # type: ignore[attr-defined,no-any-return]


async def until(client: LanguageClient, condition: Callable[[], bool]) -> None:
    """Wait until ``condition`` holds, checking it again whenever a notification arrives."""
    arrived: asyncio.Event = client.arrived  # type: ignore[attr-defined]

    async def wait() -> None:
        while True:
            arrived.clear()
            if condition():
                return
            await arrived.wait()

    await asyncio.wait_for(wait(), WAIT)


async def diagnostics_for(
    client: LanguageClient, uri: str, version: int | None
) -> list[types.Diagnostic]:
    """The first diagnostics published for ``uri`` at ``version`` (waiting for them)."""

    def first() -> list[types.Diagnostic] | None:
        for params in published(client):
            if params.uri == uri and params.version == version:
                return list(params.diagnostics)
        return None

    await until(client, lambda: first() is not None)
    return first() or []


def open_doc(client: LanguageClient, path: Path, text: str, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=version, text=text
            )
        )
    )
    return uri


def change(
    client: LanguageClient,
    uri: str,
    version: int,
    text: str,
    start: tuple[int, int] | None = None,
    end: tuple[int, int] | None = None,
) -> None:
    """Send one change: ``text`` replaces the range, or the whole document without one."""
    event: types.TextDocumentContentChangeEvent
    if start is None:
        event = types.TextDocumentContentChangeWholeDocument(text=text)
    else:
        end = end or start
        event = types.TextDocumentContentChangePartial(
            range=types.Range(
                start=types.Position(line=start[0], character=start[1]),
                end=types.Position(line=end[0], character=end[1]),
            ),
            text=text,
        )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[event],
        )
    )


def summary(
    diagnostics: list[types.Diagnostic],
) -> list[tuple[str, tuple[int, int, int, int], str]]:
    return [
        (
            str(d.code),
            (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character),
            d.message,
        )
        for d in diagnostics
    ]


def apply_utf16(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits to a text with ``\\n`` line endings, counting UTF-16 code units."""

    def offset(position: types.Position) -> int:
        lines = text.split("\n")
        before = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        encoded = line.encode("utf-16-le")[: 2 * position.character]
        return before + len(encoded.decode("utf-16-le"))

    ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))
    for edit in reversed(ordered):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def edits_of(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.document_changes is not None
    [document_edit] = action.edit.document_changes
    assert isinstance(document_edit, types.TextDocumentEdit)
    assert document_edit.text_document.uri == uri
    return [e for e in document_edit.edits if isinstance(e, types.TextEdit)]


def at(line: int, character: int) -> types.Range:
    position = types.Position(line=line, character=character)
    return types.Range(start=position, end=position)


async def code_actions(
    client: LanguageClient, uri: str, where: types.Range, only: list[str] | None = None
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=where,
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


# -- end to end ---------------------------------------------------------------------------------


@e2e
async def test_initialize_advertises_what_the_server_does(client: LanguageClient) -> None:
    result = client.initialize_result  # type: ignore[attr-defined]
    capabilities = result.capabilities
    assert result.server_info.name == "pmlint"
    assert capabilities.position_encoding == types.PositionEncodingKind.Utf16
    assert capabilities.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    assert capabilities.text_document_sync.save
    assert capabilities.hover_provider
    assert capabilities.document_symbol_provider
    assert list(capabilities.code_action_provider.code_action_kinds) == [
        "quickfix",
        "source.fixAll.pmlint",
    ]
    assert capabilities.code_action_provider.resolve_provider
    assert list(capabilities.completion_provider.trigger_characters) == [" "]
    registrations = client.registrations  # type: ignore[attr-defined]
    await until(client, lambda: bool(registrations))  # sent after "initialized"
    [registration] = registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    globs = [w["globPattern"] for w in registration.register_options["watchers"]]
    assert globs == ["**/pyproject.toml", "**/.pmlint.toml", "**/*.json", "**/*.md"]


@e2e
async def test_diagnostics_on_open_at_utf16_ranges(client: LanguageClient, workspace: Path) -> None:
    uri = open_doc(client, workspace / "postmortems" / "open.md", DOC)
    diagnostics = await diagnostics_for(client, uri, 1)
    # "影響: 顧客 🙂 " is 9 code points and 10 UTF-16 code units (the emoji takes two).
    assert summary(diagnostics) == [
        ("PM201", (BLANK_LINE, 10, BLANK_LINE, 12), "unfilled blank '＿＿'"),
        ("PM302", (LOCAL_LINE, 2, LOCAL_LINE, 11), "time '06:20 PST' is not UTC (14:20 UTC)"),
        (
            "PM501",
            (OWNER_LINE, 0, OWNER_LINE, 77),
            "corrective action has no owner (@handle, 'owner: name' or an Owner column)",
        ),
    ]
    assert [d.severity for d in diagnostics] == [types.DiagnosticSeverity.Error] * 3
    assert {d.source for d in diagnostics} == {"pmlint"}
    href = diagnostics[1].code_description.href
    assert href.startswith("file://") and href.endswith("/PM302.md")
    page = Path(href.removeprefix("file://")).read_text("utf-8")
    assert page.startswith("# PM302 timeline-not-utc\n")


@e2e
async def test_edits_update_the_diagnostics(client: LanguageClient, workspace: Path) -> None:
    uri = open_doc(client, workspace / "postmortems" / "edit.md", DOC)
    await diagnostics_for(client, uri, 1)
    # Fill the blank (after the emoji: UTF-16 columns 10-12), then give the action an owner.
    change(client, uri, 2, "about 200 customers", (BLANK_LINE, 10), (BLANK_LINE, 12))
    change(client, uri, 3, "@lee", (OWNER_LINE, 53))
    diagnostics = await diagnostics_for(client, uri, 3)
    assert [(str(d.code), d.range.start.line) for d in diagnostics] == [("PM302", LOCAL_LINE)]


@e2e
async def test_quick_fix_converts_the_local_time_to_utc(
    client: LanguageClient, workspace: Path
) -> None:
    uri = open_doc(client, workspace / "postmortems" / "fix.md", DOC)
    [_, local, _] = await diagnostics_for(client, uri, 1)
    actions = await code_actions(client, uri, local.range)
    assert [(a.title, a.kind) for a in actions] == [
        ("Fix: convert to UTC", "quickfix"),
        ("Suppress PM302 on this line", "quickfix"),
        ("Fix all pmlint problems in file", "quickfix"),
    ]
    fix = actions[0]
    assert list(fix.diagnostics or []) == [local] and fix.is_preferred
    fixed = apply_utf16(DOC, edits_of(fix, uri))
    assert (
        fixed.split("\n")[LOCAL_LINE]
        == "- 14:20 UTC — Database on-call joins; connection waits identified"
    )
    change(client, uri, 2, fixed)
    diagnostics = await diagnostics_for(client, uri, 2)
    assert [str(d.code) for d in diagnostics] == ["PM201", "PM501"]


@e2e
async def test_fix_all_is_resolved_with_the_edits_fix_makes(
    client: LanguageClient, workspace: Path
) -> None:
    path = workspace / "postmortems" / "fix-all.md"
    uri = open_doc(client, path, DOC)
    await diagnostics_for(client, uri, 1)
    [fix_all] = await code_actions(client, uri, at(0, 0), only=["source.fixAll"])
    assert (fix_all.title, fix_all.kind, fix_all.edit) == (
        "Fix all pmlint problems in file",
        "source.fixAll.pmlint",
        None,  # computed on resolve, off the event loop
    )
    resolved = await client.code_action_resolve_async(fix_all)
    path.write_text(DOC, encoding="utf-8")
    assert run("check", "--fix", "-q", str(path)).code == 1  # what --fix writes
    assert apply_utf16(DOC, edits_of(resolved, uri)) == path.read_text("utf-8")


@e2e
async def test_suppress_action_inserts_the_directive(
    client: LanguageClient, workspace: Path
) -> None:
    uri = open_doc(client, workspace / "postmortems" / "suppress.md", DOC)
    await diagnostics_for(client, uri, 1)
    actions = await code_actions(client, uri, at(BLANK_LINE, 11))
    assert [a.title for a in actions] == ["Suppress PM201 on this line"]
    suppressed = apply_utf16(DOC, edits_of(actions[0], uri))
    # At the end of the paragraph's line before, where it splits nothing; it covers the next line.
    before = DOC.split("\n")[BLANK_LINE - 1]
    assert suppressed.split("\n")[BLANK_LINE - 1 : BLANK_LINE + 1] == [
        f"{before} <!-- pmlint-disable-next-line PM201 -->",
        "影響: 顧客 🙂 ＿＿",
    ]
    change(client, uri, 2, suppressed)
    diagnostics = await diagnostics_for(client, uri, 2)
    assert [str(d.code) for d in diagnostics] == ["PM302", "PM501"]


@e2e
async def test_hover_shows_the_rule_documentation(client: LanguageClient, workspace: Path) -> None:
    uri = open_doc(client, workspace / "postmortems" / "hover.md", DOC)
    [_, local, _] = await diagnostics_for(client, uri, 1)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=LOCAL_LINE, character=5),
        )
    )
    assert hover is not None and hover.range == local.range
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    text = hover.contents.value
    assert text.startswith("# PM302 timeline-not-utc\n")
    assert "**Bad:**" in text and "**Good:**" in text
    nothing = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=0),
        )
    )
    assert nothing is None


@e2e
async def test_completion_offers_section_headings_and_the_skeleton(
    client: LanguageClient, workspace: Path
) -> None:
    text = "# Outage\n\n## Incident summary\n\nIt broke.\n\n## Ti"
    uri = open_doc(client, workspace / "postmortems" / "complete.md", text)
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=6, character=5),
        )
    )
    assert isinstance(result, types.CompletionList)
    items = sorted(result.items, key=lambda i: i.sort_text or "")
    assert [i.label for i in items][:3] == ["Leadup", "Fault", "Impact"]
    assert items[-1].label == "Incident summary"  # already in the document: offered last
    assert len(items) == 14
    timeline = next(i for i in items if i.label == "Timeline")
    assert timeline.text_edit == types.TextEdit(
        range=types.Range(
            start=types.Position(line=6, character=3), end=types.Position(line=6, character=5)
        ),
        new_text="Timeline",
    )
    empty = open_doc(client, workspace / "postmortems" / "empty.md", "")
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=empty),
            position=types.Position(line=0, character=0),
        )
    )
    assert isinstance(result, types.CompletionList)
    [skeleton] = result.items
    assert skeleton.insert_text_format == types.InsertTextFormat.Snippet
    assert skeleton.insert_text is not None
    assert skeleton.insert_text.startswith('---\ntitle: "${1:Title}"\ndate: ${2:')


@e2e
async def test_document_symbols_list_the_sections(client: LanguageClient, workspace: Path) -> None:
    text = "---\ntitle: x\n---\n\n# Outage\n\n## Summary\n\nText.\n\n```\n## not a heading\n```\n\nSequence of events\n---\n\n- x\n"
    uri = open_doc(client, workspace / "postmortems" / "symbols.md", text)
    result = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert result is not None
    [outage] = result
    assert isinstance(outage, types.DocumentSymbol) and outage.children is not None
    assert (outage.name, outage.range.start.line, outage.range.end.line) == ("Outage", 4, 18)
    assert [(c.name, c.detail, c.range.start.line, c.range.end.line) for c in outage.children] == [
        ("Summary", "Incident summary", 6, 13),
        (
            "Sequence of events",
            "Timeline",
            14,
            18,
        ),  # to the end: the empty line after the last "\n"
    ]


@e2e
async def test_a_file_the_configuration_does_not_select_gets_nothing(
    client: LanguageClient, workspace: Path
) -> None:
    outside = open_doc(client, workspace / "notes.md", DOC)
    inside = open_doc(client, workspace / "postmortems" / "selected.md", DOC)
    assert len(await diagnostics_for(client, inside, 1)) == 3
    # Documents are linted in the order they were opened: the first one was passed over.
    assert all(p.uri != outside for p in published(client))


@e2e
async def test_a_broken_configuration_is_one_diagnostic_and_the_server_goes_on(
    client: LanguageClient, workspace: Path
) -> None:
    team = workspace / "team"
    (team / "postmortems").mkdir(parents=True)
    config = team / ".pmlint.toml"
    config.write_text('template = "atlassian"\nignore = ["PM999"]\n', encoding="utf-8")
    uri = open_doc(client, team / "postmortems" / "a.md", DOC)
    other = open_doc(client, team / "postmortems" / "b.md", DOC)
    [error] = await diagnostics_for(client, config.as_uri(), None)
    assert (error.message, error.range.start.line, error.severity) == (
        "ignore: unknown rule 'PM999'",
        1,
        types.DiagnosticSeverity.Error,
    )
    assert not [p for p in published(client) if p.uri in (uri, other)]
    # The server answers, and mending the file (the editor reports the change) lints again.
    await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=0),
        )
    )
    config.write_text(
        'ignore = ["PM501"]\n[per-file-ignores]\n"postmortems/b.md" = ["PM302"]\n', encoding="utf-8"
    )
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    diagnostics = await diagnostics_for(client, uri, 1)
    assert [str(d.code) for d in diagnostics] == ["PM201", "PM302"]  # PM501 is ignored now
    cleared = [p for p in published(client) if p.uri == config.as_uri()]
    assert [len(p.diagnostics) for p in cleared] == [1, 0]
    assert [str(d.code) for d in await diagnostics_for(client, other, 1)] == ["PM201"]


# -- load ---------------------------------------------------------------------------------------


def big_document(size: int = 200_000) -> str:
    """DOC with its lessons learned grown to ``size`` characters."""
    lessons: list[str] = []
    while len(DOC) + sum(len(line) + 1 for line in lessons) < size:
        lessons.append(
            f"- Lesson {len(lessons)}: the pool saturation showed on the dashboards late."
        )
    marker = "## Lessons learned\n\n"
    return DOC.replace(marker, marker + "\n".join(lessons) + "\n", 1)


@pytest.mark.slow
@e2e
async def test_a_hundred_rapid_changes_to_a_large_document_end_on_the_latest_version(
    client: LanguageClient, workspace: Path
) -> None:
    text = big_document()
    uri = open_doc(client, workspace / "postmortems" / "big.md", text)
    lesson = text.split("\n").index(
        "- Lesson 0: the pool saturation showed on the dashboards late."
    )
    typed = " and the dashboards were slow to show it" * 3
    for version in range(2, 101):  # type at the end of a lesson, one character a change
        change(client, uri, version, typed[version - 2], (lesson, 62 + version - 2))
    local = DOC.split("\n")[LOCAL_LINE]
    row = text.split("\n").index(local)
    change(client, uri, 101, "14:20 UTC", (row, 2), (row, 11))  # the 100th change fixes the time
    final = await diagnostics_for(client, uri, 101)
    assert [str(d.code) for d in final] == ["PM201", "PM501"]
    versions = [p.version or 0 for p in published(client) if p.uri == uri]
    assert versions == sorted(versions) and versions[-1] == 101


@e2e
async def test_shutdown_and_exit_are_clean(client: LanguageClient, workspace: Path) -> None:
    """The last test of the first server."""
    uri = open_doc(client, workspace / "postmortems" / "bye.md", DOC)
    await diagnostics_for(client, uri, 1)
    await client.shutdown_session()  # shutdown, exit, and wait for the process
    assert client._server is not None and client._server.returncode == 0


# -- handshakes of their own ---------------------------------------------------------------------


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def second_client(lsp_client: LanguageClient, workspace: Path) -> AsyncIterator[None]:
    """A client that prefers UTF-8 positions."""
    await start(lsp_client, workspace, encodings=["utf-8", "utf-16"])
    yield
    await stop(lsp_client)


@pytest.mark.slow
@e2e
async def test_positions_in_utf8_when_the_client_prefers_it(
    second_client: LanguageClient, workspace: Path
) -> None:
    result = second_client.initialize_result  # type: ignore[attr-defined]
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    uri = open_doc(second_client, workspace / "postmortems" / "utf8.md", DOC)
    diagnostics = await diagnostics_for(second_client, uri, 1)
    # "影響: 顧客 🙂 " is 20 bytes in UTF-8; the blank "＿＿" 6 more.
    assert summary(diagnostics)[0][:2] == ("PM201", (BLANK_LINE, 20, BLANK_LINE, 26))
    change(second_client, uri, 2, "", (BLANK_LINE, 20), (BLANK_LINE, 26))
    diagnostics = await diagnostics_for(second_client, uri, 2)
    assert [str(d.code) for d in diagnostics] == ["PM302", "PM501"]


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


@pytest.mark.slow
@e2e
async def test_a_worker_that_dies_is_pm000_on_its_document_and_the_next_run_recovers(
    second_client: LanguageClient, workspace: Path
) -> None:
    client = second_client  # its server lints nothing else now
    uri = open_doc(client, workspace / "postmortems" / "before-crash.md", DOC)
    await diagnostics_for(client, uri, 1)  # a worker has linted, and waits for the next job
    # The workers are the server's grandchildren (they fork from its fork server). Kill them.
    assert client._server is not None
    server = client._server.pid
    workers = [w for child in _children(server) for w in _children(child)]
    assert workers
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    uri = open_doc(client, workspace / "postmortems" / "crash.md", DOC)
    [internal] = await diagnostics_for(client, uri, 1)
    assert (str(internal.code), internal.range.start.line, internal.severity) == (
        "PM000",
        0,
        types.DiagnosticSeverity.Error,
    )
    assert internal.message == (
        "internal error: the lint worker died (exit code -9) (a bug in pmlint; the server goes on)"
    )
    change(client, uri, 2, DOC)
    assert [str(d.code) for d in await diagnostics_for(client, uri, 2)] == [
        "PM201",
        "PM302",
        "PM501",
    ]


# -- the command --------------------------------------------------------------------------------


def test_server_without_pygls_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ["pygls", "lsprotocol", *sys.modules]:  # as if neither were installed
        if name.split(".")[0] in ("pygls", "lsprotocol"):
            monkeypatch.setitem(sys.modules, name, None)
    for name in [*sys.modules]:  # imported afresh, without pygls
        if name.startswith("pmlint.lsp."):
            monkeypatch.delitem(sys.modules, name)
    result = run("server")
    assert (result.code, result.out) == (2, "")
    assert (
        result.err == "pmlint: error: the language server needs pygls: pip install 'pmlint[lsp]'\n"
    )


def test_the_core_and_the_lint_worker_never_import_pygls() -> None:
    code = (
        "import sys, pmlint.cli, pmlint.engine, pmlint.reporters, pmlint.fix\n"
        "import pmlint.lsp, pmlint.lsp.worker, pmlint.lsp.edits\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"


# -- the parts, directly --------------------------------------------------------------------------


def test_lines_and_positions_follow_lsp() -> None:
    text = Text("a😀b\r\nx影y\rz\u2028w\f\n", UTF16)
    # Lines end at \r\n, \r and \n only; U+2028 and form feeds stay inside a line.
    assert [text.line(i) for i in range(text.line_count)] == ["a😀b", "x影y", "z\u2028w\f", ""]
    b = text.text.index("b")
    for encoding, character in ((UTF8, 5), (UTF16, 3), (UTF32, 2)):
        encoded = Text(text.text, encoding)
        assert encoded.position(b) == (0, character)
        assert encoded.offset(0, character) == b
        assert units("a😀", encoding) == character
    assert text.offset(0, 2) == b  # inside the emoji's surrogate pair: after the emoji
    assert text.offset(0, 99) == text.text.index("\r")  # past the end of the line: its end
    assert text.offset(99, 0) == len(text.text)
    assert column("x影y", 2, UTF8) == 2  # inside the three bytes of 影: after it
    assert text.point(1, 2) == (1, 2) and text.point(99, 0) == (3, 0)


def test_changes_apply_at_client_positions() -> None:
    text = Text("one\r\ntwo 😀 three\nfour", UTF16)
    changed = text.replace((1, 7), (2, 2), "X")  # "two 😀 " is 7 UTF-16 code units
    assert changed.text == "one\r\ntwo 😀 Xur"
    assert [changed.line(i) for i in range(changed.line_count)] == ["one", "two 😀 Xur"]
    assert changed.replace((0, 3), (0, 3), "\r\n").text == "one\r\n\r\ntwo 😀 Xur"


PIECES = st.sampled_from(["a", "\r", "\n", "\r\n", "😀", "影"])


@given(
    st.lists(PIECES, max_size=12).map("".join),
    st.sampled_from([UTF8, UTF16, UTF32]),
    st.tuples(st.integers(-1, 8), st.integers(0, 6)),
    st.tuples(st.integers(-1, 8), st.integers(0, 6)),
    st.lists(PIECES, max_size=4).map("".join),
)
def test_a_change_gives_the_text_and_lines_of_the_text_made_afresh(
    base: str, encoding: str, start: tuple[int, int], end: tuple[int, int], new: str
) -> None:
    text = Text(base, encoding)
    changed = text.replace(start, end, new)
    first = text.offset(*start)
    last = max(first, text.offset(*end))
    assert changed.text == base[:first] + new + base[last:]
    assert changed.starts == Text(changed.text, encoding).starts  # only nearby lines rescanned


def test_fix_all_edits_turn_the_old_text_into_the_new() -> None:
    for old, new in [
        ("a\nb\nc\n", "a\nB\nc\n"),
        ("a\r\nb\r\nc", "a\r\nb\r\nc!"),
        ("a\rb\r", "x\ra\rb\r"),
        ("one\n", ""),
    ]:
        text = old
        for start, end, replacement in reversed(diff_edits(old, new)):
            text = text[:start] + replacement + text[end:]
        assert text == new


def check_json(path: Path, text: str) -> list[str]:
    path.write_text(text, encoding="utf-8")
    result = run("check", "--format", "json", "--no-cache", str(path))
    return [f"{f['line']}:{f['rule']}" for f in json.loads(result.out)["findings"]]


HEADING_THEN_BLANK = GOOD.replace("## Recurrence\n\nNo earlier", "## Recurrence\n＿＿ No earlier")


@pytest.mark.parametrize(
    ("text", "code", "title", "directives"),
    [
        pytest.param(
            DOC,
            "PM201",
            "Suppress PM201 on this line",
            [
                "an error page and could retry. 212 support tickets were opened. <!-- pmlint-disable-next-line PM201 -->"
            ],
            id="paragraph",
        ),
        pytest.param(
            DOC,
            "PM302",
            "Suppress PM302 on this line",
            [
                "- 14:06 — Page acknowledged; incident channel opened <!-- pmlint-disable-next-line PM302 -->"
            ],
            id="list-item",
        ),
        pytest.param(
            DOC,
            "PM501",
            "Suppress PM501 in this table",
            ["<!-- pmlint-disable PM501 -->", "<!-- pmlint-enable PM501 -->"],
            id="table-row",
        ),
        pytest.param(
            HEADING_THEN_BLANK,
            "PM201",
            "Suppress PM201 on this line",
            ["<!-- pmlint-disable-next-line PM201 -->"],
            id="after-heading",
        ),
        pytest.param(
            HEADING_THEN_BLANK.replace(
                "## Recurrence\n", "## Recurrence\n<!-- pmlint-disable-next-line PM601 -->\n"
            ),
            "PM201",
            "Suppress PM201 on this line",
            ["<!-- pmlint-disable-next-line PM601 PM201 -->"],
            id="next-to-a-directive",
        ),
        pytest.param(
            GOOD.replace("updated the payments\n", "updated the payments\\\n＿＿ "),
            "PM201",
            "Suppress PM201 on this line",
            [
                "At 13:52 UTC a routine configuration rollout (change CHG-2291) updated the payments <!-- pmlint-disable-next-line PM201 -->\\"
            ],
            id="after-a-hard-break",
        ),
        pytest.param(
            GOOD.replace('"@lee"]', '"@lee"'),
            "PM002",
            "Suppress PM002 in this file",
            ["<!-- pmlint-disable-file PM002 -->"],
            id="front-matter",
        ),
    ],
)
def test_a_suppression_silences_its_finding_and_nothing_else(
    tmp_path: Path, text: str, code: str, title: str, directives: list[str]
) -> None:
    path = tmp_path / "postmortems" / "x.md"
    path.parent.mkdir()
    before = check_json(path, text)
    settings = Project(tmp_path).settings(path)
    assert settings is not None
    [finding] = [f for f in lint(text, "x.md", settings) if f.rule == code]
    suppressed = suppression(Text(text), finding)
    assert suppressed is not None and suppressed[0] == title
    new = text
    for start, end, replacement in reversed(suppressed[1]):
        new = new[:start] + replacement + new[end:]
    assert [line for line in new.split("\n") if "pmlint-" in line] == directives
    after = check_json(path, new)
    assert [f.split(":")[1] for f in after] == [
        f.split(":")[1] for f in before if not f.endswith(code)
    ]


def test_the_skeleton_snippet_expands_to_what_pmlint_new_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("new", "Checkout outage", "--date", "2025-03-11").code == 0
    written = (tmp_path / "postmortems" / "2025-03-11-checkout-outage.md").read_text("utf-8")
    settings = Project(tmp_path).settings(tmp_path / "postmortems" / "x.md")
    assert settings is not None
    snippet = skeleton_snippet(skeleton(settings), "2025-03-11")
    assert expand(snippet, {"1": "Checkout outage"}) == written


def expand(snippet: str, values: dict[str, str]) -> str:
    """What an editor inserts for an LSP snippet when the user types ``values`` at tab stops."""
    token = re.compile(r"\\([\\$}])|\$\{(\d+):([^}]*)\}|\$\{(\d+)\}|\$(\d+)")

    def replace(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(1)
        stop = m.group(2) or m.group(4) or m.group(5)
        return values.get(stop, m.group(3) or "")

    return token.sub(replace, snippet)
