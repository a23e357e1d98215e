"""Imported once by the language server's fork server (see :class:`pmlint.lsp.worker.Worker`).

Every lint worker forks from that process, so each starts with the worker's code and pmlint's
modules loaded (not pygls: the worker does not speak LSP) and the caches (templates, schema,
parser) already filled.
"""

import pmlint.lsp.worker  # noqa: F401  (the workers' code, unpickled by name in each child)
from pmlint.lsp.adapter import warm_up

warm_up()
