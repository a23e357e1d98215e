"""``pmlint server``: the pygls server, its lifecycle, and the documents the client syncs.

Diagnostics on open, change (debounced) and save for the Markdown files the workspace's
configuration selects, exactly as ``pmlint check`` lints them (:mod:`pmlint.lsp.linting`);
code actions (:mod:`pmlint.lsp.actions`); hover, completion and document symbols
(:mod:`pmlint.lsp.features`). This module registers them and keeps the documents and the
workspace folders current.
"""

from __future__ import annotations

import atexit
import functools
import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path

from pmlint import __version__
from pmlint.lsp import actions, features
from pmlint.lsp.adapter import write_rule_pages
from pmlint.lsp.convert import path_of
from pmlint.lsp.linting import Linting
from pmlint.lsp.state import Document, State
from pmlint.lsp.text import UTF16, Text
from pmlint.lsp.worker import Worker

logger = logging.getLogger(__name__)

WATCHED = ("**/pyproject.toml", "**/.pmlint.toml", "**/*.json", "**/*.md")


class Server:
    """The language server: a pygls server with pmlint's features registered on it."""

    def __init__(self) -> None:
        self.ls = LanguageServer("pmlint", __version__, types.TextDocumentSyncKind.Incremental)
        # The server keeps open documents itself (see pmlint.lsp.state): pygls must not.
        for method in (
            types.TEXT_DOCUMENT_DID_OPEN,
            types.TEXT_DOCUMENT_DID_CHANGE,
            types.TEXT_DOCUMENT_DID_CLOSE,
        ):
            self.ls.protocol.fm.builtin_features.pop(method, None)
        self.state = State(self.ls)
        self.linting = Linting(self.state, Worker())
        self._register()

    def _register(self) -> None:
        state, worker = self.state, self.linting.worker
        handlers: list[tuple[str, Any, Callable[..., Any]]] = [
            (types.INITIALIZE, None, self.initialize),
            (types.INITIALIZED, None, self.initialized),
            (types.SHUTDOWN, None, self.shutdown),
            (types.TEXT_DOCUMENT_DID_OPEN, None, self.did_open),
            (types.TEXT_DOCUMENT_DID_CHANGE, None, self.did_change),
            (types.TEXT_DOCUMENT_DID_SAVE, None, self.did_save),
            (types.TEXT_DOCUMENT_DID_CLOSE, None, self.did_close),
            (types.WORKSPACE_DID_CHANGE_WATCHED_FILES, None, self.did_change_watched_files),
            (types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS, None, self.did_change_folders),
            (types.TEXT_DOCUMENT_HOVER, None, functools.partial(features.hover, state)),
            (
                types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=actions.KINDS, resolve_provider=True),
                functools.partial(actions.code_actions, state, worker),
            ),
            (
                types.CODE_ACTION_RESOLVE,
                None,
                functools.partial(actions.resolve_code_action, state, worker),
            ),
            (
                types.TEXT_DOCUMENT_COMPLETION,
                types.CompletionOptions(trigger_characters=[" "]),
                functools.partial(features.completion, state),
            ),
            (
                types.TEXT_DOCUMENT_DOCUMENT_SYMBOL,
                None,
                functools.partial(features.document_symbol, state),
            ),
        ]
        for method, options, handler in handlers:
            # pygls marks what it registers, and a bound method takes no attributes.
            self.ls.feature(method, options)(functools.partial(handler))

    # -- lifecycle -----------------------------------------------------------------------------

    def initialize(self, params: types.InitializeParams) -> None:
        encoding = self.ls.workspace.position_encoding
        self.state.encoding = str(getattr(encoding, "value", encoding) or UTF16)
        folders = [f.uri for f in params.workspace_folders or []]
        if not folders and params.root_uri:
            folders = [params.root_uri]
        if not folders and params.root_path:
            folders = [from_fs_path(params.root_path) or ""]
        self.state.roots = [p for p in (path_of(uri) for uri in folders) if p is not None]
        pages = self.state.pages = Path(tempfile.mkdtemp(prefix="pmlint-rules-"))
        atexit.register(shutil.rmtree, pages, True)  # also when there is no shutdown
        write_rule_pages(pages)

    async def initialized(self, params: types.InitializedParams) -> None:
        self.linting.start()
        capability = self.ls.client_capabilities.workspace
        watched = capability.did_change_watched_files if capability else None
        if watched is None or not watched.dynamic_registration:
            return
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
        self.linting.stop()
        if self.state.pages is not None:
            shutil.rmtree(self.state.pages, ignore_errors=True)

    # -- documents -----------------------------------------------------------------------------

    def did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        text = Text(item.text, self.state.encoding)
        self.state.documents[item.uri] = Document(item.uri, path_of(item.uri), text, item.version)
        self.linting.queue(item.uri)

    def did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        doc = self.state.documents.get(params.text_document.uri)
        if doc is None:
            return
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                start, end = change.range.start, change.range.end
                doc.text = doc.text.replace(
                    (start.line, start.character), (end.line, end.character), change.text
                )
            else:
                doc.text = Text(change.text, self.state.encoding)
        doc.version = params.text_document.version
        self.linting.queue_after_pause(doc.uri)

    def did_save(self, params: types.DidSaveTextDocumentParams) -> None:
        doc = self.state.documents.get(params.text_document.uri)
        path = path_of(params.text_document.uri)
        if path is not None and self.state.is_configuration(path):
            self.linting.reload_soon()
        if doc is not None and (doc.linted is None or doc.linted.version != doc.version):
            self.linting.queue(doc.uri)

    def did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        doc = self.state.documents.pop(params.text_document.uri, None)
        if doc is None:
            return
        self.linting.unschedule(doc.uri)
        if doc.published:
            self.state.send(doc.uri, [], None)

    def did_change_watched_files(self, params: types.DidChangeWatchedFilesParams) -> None:
        for event in params.changes:
            path = path_of(event.uri)
            if path is not None and self.state.is_configuration(path):
                self.linting.reload_soon()
                return

    def did_change_folders(self, params: types.DidChangeWorkspaceFoldersParams) -> None:
        removed = {path_of(f.uri) for f in params.event.removed}
        roots = [r for r in self.state.roots if r not in removed]
        roots += [p for p in (path_of(f.uri) for f in params.event.added) if p is not None]
        self.state.roots = roots
        self.linting.reload_soon()


def serve() -> None:
    """Speak LSP on stdin and stdout until the client says exit."""
    Server().ls.start_io()
