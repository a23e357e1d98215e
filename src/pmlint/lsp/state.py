"""What the language server knows: the open documents, the projects and their configuration.

The server keeps open documents itself (pygls does not), so their lines are pmlint's and their
positions are in the encoding the client agreed to. A document is linted with the settings
``pmlint check`` would use in its workspace folder (:class:`pmlint.lsp.adapter.Project`); a
document the configuration does not select is not linted, and a broken configuration is one
diagnostic on the configuration file instead of findings.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path

from pmlint.lsp.adapter import (
    CONFIG_NAMES,
    ConfigError,
    Finding,
    Project,
    Settings,
    config_file_of,
    referenced_files,
)
from pmlint.lsp.convert import config_range
from pmlint.lsp.text import UTF16, Text


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
    """How to lint a document: its project, its settings and the path findings show."""

    project: Project
    settings: Settings
    shown: str


class State:
    """The open documents, the workspace folders' projects, and the configuration errors."""

    def __init__(self, ls: LanguageServer) -> None:
        self.ls = ls
        self.documents: dict[str, Document] = {}
        self.encoding = UTF16
        self.roots: list[Path] = []
        self.projects: dict[Path, Project] = {}
        self.referenced: set[Path] = set()  # files the settings read (a custom schema)
        self.config_errors: dict[str, types.Diagnostic] = {}  # config file URI -> its one
        self.pages: Path | None = None  # the rule documentation pages, for codeDescription

    def send(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None) -> None:
        self.ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def current(self, uri: str) -> tuple[Document, Linted] | None:
        """The document and its findings, when they are for the version the client has."""
        doc = self.documents.get(uri)
        if doc is None or doc.linted is None or doc.linted.version != doc.version:
            return None
        return doc, doc.linted

    def target(self, doc: Document) -> Target | None:
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
        """The project of the innermost workspace folder holding ``path`` (else its folder)."""
        absolute = Path(os.path.abspath(path))
        roots = [r for r in self.roots if absolute.is_relative_to(r)]
        root = max(roots, key=lambda r: len(r.parts)) if roots else absolute.parent
        project = self.projects.get(root)
        if project is None:
            project = self.projects[root] = Project(root)
        return project

    def _config_error(self, error: ConfigError, path: Path, root: Path) -> None:
        """Publish the error on its configuration file (once, while it stays the same)."""
        config = config_file_of(error, path, root)
        uri = from_fs_path(str(config if config is not None else path)) or ""
        message = str(error)
        if config is not None:
            message = message.removeprefix(f"{config}: ").removeprefix(f"{config} [tool.pmlint]: ")
        diagnostic = types.Diagnostic(
            range=config_range(config, message),
            message=message,
            severity=types.DiagnosticSeverity.Error,
            source="pmlint",
        )
        if self.config_errors.get(uri) != diagnostic:
            self.config_errors[uri] = diagnostic
            self.send(uri, [diagnostic], None)

    def is_configuration(self, path: Path) -> bool:
        """Whether a change to ``path`` may change the settings of open documents."""
        return path.name in CONFIG_NAMES or Path(os.path.abspath(path)) in self.referenced

    def reread_configuration(self) -> None:
        """Forget every project's settings, then publish (or clear) the configuration errors."""
        self.projects.clear()
        self.referenced.clear()
        broken = self.config_errors
        self.config_errors = {}
        for doc in self.documents.values():
            self.target(doc)  # publishes the configuration's errors
        for uri in broken:
            if uri not in self.config_errors:
                self.send(uri, [], None)
