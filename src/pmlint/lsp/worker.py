"""The lint worker: a child process that lints (or fixes) one document at a time.

Linting never runs on the server's event loop. The worker lints one job at a time, and a newer
version of the document kills it, which cancels the run; workers fork from a fork server that
has pmlint loaded and warmed up (:mod:`pmlint.lsp.warm`), so a fresh one is ready in
milliseconds. A worker that dies is reported to the caller as :class:`Failed`, and the next job
gets a new worker. Nothing here imports pygls.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING

from pmlint.lsp.adapter import Finding, Settings, fix_all, lint

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext, SpawnContext

logger = logging.getLogger(__name__)

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
        context.set_forkserver_preload(["pmlint.lsp.warm"])
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
                return await self._exchange(job)
            finally:
                self._tag = None

    async def _exchange(self, job: Job) -> Outcome:
        """Send the job to the worker running and wait for its answer (or its death)."""
        assert self._conn is not None
        try:
            result = await asyncio.to_thread(self._roundtrip, self._conn, job)
        except (EOFError, OSError):
            killed = self._killed
            code = await asyncio.to_thread(self._stop)
            return Cancelled() if killed else Failed(f"the lint worker died (exit code {code})")
        if self._killed:  # killed just after it answered: start afresh next time
            await asyncio.to_thread(self._stop)
        return result

    def kill(self, tag: object) -> None:
        """Cancel the job running (or about to run) for ``tag``, if there is one."""
        if self._tag == tag:
            self._killed = True
            if self._process is not None:
                self._process.kill()

    def close(self) -> None:
        self._killed = True
        self._stop()
