"""``pmlint server``: a language server over stdio (pygls; ``pip install 'pmlint[lsp]'``).

The modules, each importing only the ones listed after it:

- :mod:`~pmlint.lsp.server`: the pygls server, its lifecycle, the documents the client syncs;
- :mod:`~pmlint.lsp.features`: hover, completion, document symbols;
- :mod:`~pmlint.lsp.actions`: code actions (fix, fix-all, suppress);
- :mod:`~pmlint.lsp.linting`: when documents are linted, and publishing the diagnostics;
- :mod:`~pmlint.lsp.state`: the open documents, the projects, the configuration errors;
- :mod:`~pmlint.lsp.convert`: pmlint's places as LSP positions, ranges and diagnostics;
- :mod:`~pmlint.lsp.worker`: the lint worker process (and :mod:`~pmlint.lsp.warm`, which its
  fork server imports);
- :mod:`~pmlint.lsp.edits`: suppression comments, fix-all diffs, the skeleton snippet;
- :mod:`~pmlint.lsp.outline`: headings and front matter of an open document;
- :mod:`~pmlint.lsp.text`: an open document's text, lines and positions;
- :mod:`~pmlint.lsp.adapter`: the only module that calls pmlint's engine, session and data.

The modules from ``server`` to ``convert`` need pygls, the ones below do not (a worker runs them
alone); this ``__init__`` imports none of them until the server runs, so pmlint without the
``lsp`` extra works as before.
"""

from __future__ import annotations


def run_server() -> int:
    """Serve LSP on stdio until the client says exit; exit 2 when pygls is not installed."""
    from pmlint.checking import fail

    try:
        from pmlint.lsp.server import serve
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in ("pygls", "lsprotocol"):
            raise
        return fail("the language server needs pygls: pip install 'pmlint[lsp]'")
    serve()
    return 0
