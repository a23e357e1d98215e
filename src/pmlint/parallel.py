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
    """Every finding for ``paths``, in their order, and the number of cache hits.

    With the cache on, this process answers the hits first (reading a file, hashing it and
    loading its entry costs far less than starting a worker) and only the misses go to the
    workers: a rerun with nothing changed starts none."""
    before = linter.cache.hits if linter.cache else 0
    results: dict[int, list[Finding]] = {}
    if linter.cache is not None and workers_for(len(paths), jobs) > 1:
        for i, path in enumerate(paths):
            found, _ = linter.cached(path)
            if found is not None:
                results[i] = found
    missing = [i for i in range(len(paths)) if i not in results]
    count = workers_for(len(missing), jobs)
    if count <= 1:
        results.update((i, linter.lint_file(paths[i])) for i in missing)
        hits = 0
    else:
        from concurrent.futures import ProcessPoolExecutor  # only for large runs

        # Small chunks (about 16 files each at 2 workers) keep both busy to the end.
        chunk = max(1, len(missing) // (count * 32))
        with ProcessPoolExecutor(
            max_workers=count,
            initializer=_start,
            initargs=(str(linter.cwd), config, overrides, debug, cache),
        ) as pool:
            done = list(pool.map(_lint, [paths[i] for i in missing], chunksize=chunk))
        results.update(zip(missing, (found for found, _ in done), strict=True))
        hits = sum(n for _, n in done)
    hits += (linter.cache.hits if linter.cache else 0) - before
    return [f for i in range(len(paths)) for f in results[i]], hits
