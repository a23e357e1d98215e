"""Imported once by the language server's fork server (see :class:`pmlint.server.Worker`).

Every lint worker forks from that process, so each starts with pmlint's modules loaded and its
caches (templates, schema, parser) already filled.
"""

from pmlint.server import warm_up

warm_up()
