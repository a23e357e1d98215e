"""Gitignore-style globs (``**`` crosses directories), matched against relative POSIX paths."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pathspec


@cache
def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines(patterns)


def glob_error(pattern: str) -> str | None:
    """Why ``pattern`` is not a valid gitignore-style glob (``"\\"`` escapes nothing), or None."""
    try:
        _spec((pattern,))
    except ValueError as exc:  # pathspec's GitIgnorePatternError
        return str(exc.__cause__ or exc)
    return None


def glob_matches(patterns: Iterable[str], relpath: str) -> bool:
    return bool(_spec(tuple(patterns)).match_file(relpath))


def real(path: Path) -> Path:
    """``path.resolve()``, except that a symlink loop stays as it is instead of raising."""
    return Path(os.path.realpath(path))


def relative_to(path: Path, directory: Path) -> str | None:
    """``path`` relative to ``directory`` (both resolved), or None when it is outside."""
    try:
        return real(path).relative_to(directory).as_posix()
    except ValueError:
        return None
