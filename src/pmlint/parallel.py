"""Linting many files on several cores, with output identical to one process.

Worker processes each import pmlint and build their own settings, which costs about a
tenth of a second; below ``MIN_FILES_PER_WORKER`` files per worker that start-up costs more
than it saves, so small runs (a pre-commit batch, one file) stay in this process. pre-commit
already splits the files it passes over its own processes (``require_serial: false``), so
each of those batches is small and runs serially here: the two never multiply.
"""

from __future__ import annotations

import os
from pathlib import Path

from pmlint.config import Overrides
from pmlint.findings import Finding
from pmlint.session import Linter

MIN_FILES_PER_WORKER = 25
_worker: Linter | None = None


def workers_for(count: int, jobs: int) -> int:
    """How many worker processes to use for ``count`` files (``jobs`` 0: automatic)."""
    cores = os.cpu_count() or 1
    wanted = cores if jobs == 0 else jobs
    return max(1, min(wanted, count // MIN_FILES_PER_WORKER))


def _start(cwd: str, config: Path | None, overrides: Overrides, debug: bool, cache: bool) -> None:
    global _worker
    _worker = Linter(Path(cwd), config, overrides, debug=debug, use_cache=cache)


def _lint(path: Path) -> tuple[list[Finding], int]:
    assert _worker is not None
    before = _worker.cache.hits if _worker.cache else 0
    found = _worker.lint_file(path)
    after = _worker.cache.hits if _worker.cache else 0
    return found, after - before


def lint_all(
    linter: Linter,
    paths: list[Path],
    jobs: int,
    config: Path | None,
    overrides: Overrides,
    debug: bool,
    cache: bool,
) -> tuple[list[Finding], int]:
    """Every finding for ``paths`` and the number of cache hits."""
    count = workers_for(len(paths), jobs)
    if count <= 1:
        before = linter.cache.hits if linter.cache else 0
        found = [f for path in paths for f in linter.lint_file(path)]
        return found, (linter.cache.hits if linter.cache else 0) - before
    from concurrent.futures import ProcessPoolExecutor  # only for large runs

    chunk = max(1, len(paths) // (count * 4))
    with ProcessPoolExecutor(
        max_workers=count,
        initializer=_start,
        initargs=(str(linter.cwd), config, overrides, debug, cache),
    ) as pool:
        results = list(pool.map(_lint, paths, chunksize=chunk))
    return [f for found, _ in results for f in found], sum(hits for _, hits in results)
