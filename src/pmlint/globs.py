"""Gitignore-style globs (``**`` crosses directories), matched against relative POSIX paths."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pathspec


@cache
def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines(patterns)


def glob_matches(patterns: Iterable[str], relpath: str) -> bool:
    return bool(_spec(tuple(patterns)).match_file(relpath))


def relative_to(path: Path, directory: Path) -> str | None:
    """``path`` relative to ``directory`` (both resolved), or None when it is outside."""
    try:
        return path.resolve().relative_to(directory).as_posix()
    except ValueError:
        return None
