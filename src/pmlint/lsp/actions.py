"""Code actions: the fix ``--fix`` makes for a finding, fix-all, and suppressing a finding.

They apply to the version of the document that was linted (a versioned edit when the client
supports it). Fix-all runs the same passes as ``pmlint check --fix`` in the worker; a client
that resolves code actions gets its edit on resolve, others with the list of actions.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from pmlint.lsp.adapter import Finding, fix_title
from pmlint.lsp.convert import overlaps, range_of
from pmlint.lsp.edits import OffsetEdit, diff_edits, suppression
from pmlint.lsp.state import Linted, State
from pmlint.lsp.worker import Job, Worker

FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.pmlint"
FIX_ALL_TITLE = "Fix all pmlint problems in file"
KINDS = [types.CodeActionKind.QuickFix, FIX_ALL_KIND]

Results = list[tuple[Finding, types.Diagnostic]]
Actions = list[types.CodeAction | types.Command]


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    return not only or any(kind == o or kind.startswith(f"{o}.") for o in only)


async def code_actions(
    state: State, worker: Worker, params: types.CodeActionParams
) -> Actions | None:
    """The actions for the findings in the range, then fix-all when it applies."""
    current = state.current(params.text_document.uri)
    if current is None:
        return None
    doc, linted = current
    only = params.context.only
    here = [(f, d) for f, d in linted.results if overlaps(d.range, params.range)]
    actions: Actions = []
    if _wanted(types.CodeActionKind.QuickFix, only):
        actions += _fixes(state, doc.uri, linted, here)
        actions += _suppressions(state, doc.uri, linted, here)
    kind = _fix_all_kind(linted, here, only)
    if kind is not None:
        action = types.CodeAction(
            title=FIX_ALL_TITLE,
            kind=kind,
            diagnostics=[d for f, d in linted.results if f.fixable],
            data={"uri": doc.uri, "version": linted.version},
        )
        if not _resolves_edits(state):
            action = await resolve_code_action(state, worker, action)
        actions.append(action)
    return actions


def _fixes(state: State, uri: str, linted: Linted, here: Results) -> Actions:
    """ "Fix: ..." for each fixable finding in the range."""
    bom = 1 if linted.text.text.startswith("\ufeff") else 0
    return [
        types.CodeAction(
            title=f"Fix: {fix_title(f.rule)}",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[d],
            is_preferred=True,
            edit=workspace_edit(
                state, uri, linted, [(e.start + bom, e.end + bom, e.replacement) for e in f.edits]
            ),
        )
        for f, d in here
        if f.fixable and f.edits
    ]


def _suppressions(state: State, uri: str, linted: Linted, here: Results) -> Actions:
    """ "Suppress PMxxx ..." for each finding in the range that can be suppressed."""
    actions: Actions = []
    for f, d in here:
        suppress = suppression(linted.text, f)
        if suppress is not None:
            title, edits = suppress
            edit = workspace_edit(state, uri, linted, edits)
            kind = types.CodeActionKind.QuickFix
            actions.append(types.CodeAction(title=title, kind=kind, diagnostics=[d], edit=edit))
    return actions


def _fix_all_kind(linted: Linted, here: Results, only: Sequence[str] | None) -> str | None:
    """Fix-all is a quick fix next to a fixable finding, or a source action when asked for."""
    if not any(f.fixable for f, _ in linted.results):
        return None
    if _wanted(types.CodeActionKind.QuickFix, only) and any(f.fixable for f, _ in here):
        return types.CodeActionKind.QuickFix
    if only and _wanted(FIX_ALL_KIND, only):
        return FIX_ALL_KIND
    return None


def _resolves_edits(state: State) -> bool:
    document = state.ls.client_capabilities.text_document
    action = document.code_action if document else None
    support = action.resolve_support if action else None
    return support is not None and "edit" in support.properties


async def resolve_code_action(
    state: State, worker: Worker, action: types.CodeAction
) -> types.CodeAction:
    """Compute the fix-all edit (the same passes ``--fix`` makes, off the event loop)."""
    data = action.data if isinstance(action.data, dict) else {}
    current = state.current(str(data.get("uri", "")))
    if current is None or current[1].version != data.get("version"):
        return action
    doc, linted = current
    target = state.target(doc)
    if target is None:
        return action
    job: Job = ("fix", linted.text.text, target.shown, target.settings)
    fixed = await worker.run(job, ("fix", doc.uri))
    if isinstance(fixed, str):
        edits = diff_edits(linted.text.text, fixed)
        action.edit = workspace_edit(state, doc.uri, linted, edits)
    return action


def workspace_edit(
    state: State, uri: str, linted: Linted, edits: Sequence[OffsetEdit]
) -> types.WorkspaceEdit:
    """Edits to the linted version of a document (versioned when the client supports it)."""
    text_edits: list[types.TextEdit | types.AnnotatedTextEdit | types.SnippetTextEdit] = [
        types.TextEdit(range=range_of(linted.text, start, end), new_text=new)
        for start, end, new in edits
    ]
    workspace = state.ls.client_capabilities.workspace
    edit = workspace.workspace_edit if workspace else None
    if edit is not None and edit.document_changes:
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=linted.version)
        return types.WorkspaceEdit(
            document_changes=[types.TextDocumentEdit(text_document=identifier, edits=text_edits)]
        )
    return types.WorkspaceEdit(changes={uri: text_edits})  # type: ignore[dict-item]
