"""When documents are linted: at once on open and save, after a pause in typing on a change,
all of them again after a configuration change.

One document is linted at a time, in the order they became ready, in the worker process; a
newer version of a document (or its closing) cancels the run for the older one, and only the
diagnostics of the version the client has are published.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from pmlint.lsp.adapter import Finding, internal_error
from pmlint.lsp.convert import diagnostic
from pmlint.lsp.state import Linted, State, Target
from pmlint.lsp.worker import Cancelled, Failed, Job, Outcome, Worker

logger = logging.getLogger(__name__)

DEBOUNCE = 0.25  # seconds of quiet after a change before linting it
CONFIG_RELOAD_DELAY = 0.05  # several events for one save make one reload


class Linting:
    """The queue of documents to lint, and the task that lints them in the worker."""

    def __init__(self, state: State, worker: Worker) -> None:
        self.state = state
        self.worker = worker
        self.pending: dict[str, None] = {}  # URIs ready to lint, in order
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.wake = asyncio.Event()
        self.reload_timer: asyncio.TimerHandle | None = None
        self.tasks: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        """Start linting (and a worker, ahead of the first document)."""
        self._spawn(self._consume())
        self._spawn(self.worker.start())

    def stop(self) -> None:
        for timer in self.timers.values():
            timer.cancel()
        self.timers.clear()
        self.pending.clear()
        for task in self.tasks:
            task.cancel()
        self.worker.close()

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def queue(self, uri: str) -> None:
        """Lint ``uri`` as soon as the worker is free."""
        self.schedule(uri, 0)

    def queue_after_pause(self, uri: str) -> None:
        """Lint ``uri`` once the user pauses typing."""
        self.schedule(uri, DEBOUNCE)

    def schedule(self, uri: str, delay: float) -> None:
        """Lint ``uri`` after ``delay`` seconds, superseding any run for an older version."""
        self.unschedule(uri)
        if delay > 0:
            self.timers[uri] = asyncio.get_running_loop().call_later(delay, self._ready, uri)
        else:
            self._ready(uri)

    def unschedule(self, uri: str) -> None:
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
        doc = self.state.documents.get(uri)
        if doc is None:
            return
        target = self.state.target(doc)
        if target is None:
            doc.linted = None
            if doc.published:
                self.state.send(uri, [], doc.version)
                doc.published = False
            return
        version, text = doc.version, doc.text
        job: Job = ("lint", text.text, target.shown, target.settings)
        result = await self.worker.run(job, ("lint", uri))
        if isinstance(result, Cancelled) or self.state.documents.get(uri) is not doc:
            return
        if doc.version != version:
            return  # a newer version is scheduled
        results = [(f, diagnostic(text, f, self.state.pages)) for f in _findings(result, target)]
        doc.linted = Linted(version, text, results)
        self.state.send(uri, [d for _, d in results], version)
        doc.published = True

    def reload_soon(self) -> None:
        """Read the configuration again once the events of one save have arrived."""
        if self.reload_timer is not None:
            self.reload_timer.cancel()
        loop = asyncio.get_running_loop()
        self.reload_timer = loop.call_later(CONFIG_RELOAD_DELAY, self._reload)

    def _reload(self) -> None:
        """Read the configuration afresh and lint every open document again."""
        self.reload_timer = None
        self.state.reread_configuration()
        for uri in self.state.documents:
            self.queue(uri)


def _findings(result: Outcome, target: Target) -> list[Finding]:
    """The findings of a lint; PM000 on the document when the worker failed."""
    if isinstance(result, list):
        return result
    reason = result.reason if isinstance(result, Failed) else "a fix where a lint was due"
    message = f"internal error: {reason} (a bug in pmlint; the server goes on)"
    return [internal_error(target.shown, message)]
