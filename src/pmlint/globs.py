"""Gitignore-style globs (``**`` crosses directories), matched against relative POSIX paths.

The patterns are pathspec's ``GitIgnoreSpec``. Most are plain (``**/README.md``,
``**/postmortem*/**/*.md``, ``docs/postmortems/*.md``: names, ``*`` and ``**`` between
slashes); those are matched here with the regular expression pathspec makes of them, so that
pathspec (~10 ms to import) is loaded only for the others (``?``, ``[...]``, ``!``, escapes, a
trailing or leading slash). ``tests/test_globs.py`` compares the two on generated patterns and
paths.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

_PLAIN = re.compile(r"[^\s\[\]?\\!#/]+(?:/[^\s\[\]?\\!#/]+)*")


def glob_error(pattern: str) -> str | None:
    """Why ``pattern`` is not a valid gitignore-style glob (``"\\"`` escapes nothing), or None."""
    if _regex(pattern) is not None:
        return None  # a plain pattern: names, "*" and "**" (no pathspec needed)
    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines((pattern,))
    except ValueError as exc:  # pathspec's GitIgnorePatternError
        return str(exc.__cause__ or exc)
    return None


def glob_matches(patterns: Iterable[str], relpath: str) -> bool:
    return _matcher(tuple(patterns))(relpath)


@cache
def _matcher(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    plain = [_regex(p) for p in patterns]
    if any(r is None for r in plain):
        import pathspec

        spec = pathspec.GitIgnoreSpec.from_lines(patterns)
        return lambda relpath: bool(spec.match_file(relpath))
    if not plain:
        return lambda relpath: False
    match = re.compile("|".join(f"(?:{r})" for r in plain)).match
    return lambda relpath: match(_normalized(relpath)) is not None


def _normalized(relpath: str) -> str:
    """As pathspec's ``normalize_file`` on POSIX: no leading ``/`` or ``./``."""
    if relpath.startswith("/"):
        return relpath[1:]
    return relpath[2:] if relpath.startswith("./") else relpath


def _regex(pattern: str) -> str | None:
    """The regular expression pathspec's ``GitIgnoreSpec`` makes of a plain pattern (its
    ``pattern_to_regex``, for names, ``*`` and ``**`` between slashes), or None for a pattern
    that is not plain."""
    if not _PLAIN.fullmatch(pattern):
        return None
    parts = pattern.split("/")
    if len(parts) == 1 and parts[0] != "**":
        parts.insert(0, "**")  # a bare name matches at any depth
    parts = [p for i, p in enumerate(parts) if not (p == "**" and i and parts[i - 1] == "**")]
    special = {("**",): ".", ("**", "*"): ".", ("**", "*", "**"): "/"}.get(tuple(parts))
    if special is not None:
        return special
    regex = ""
    last = len(parts) - 1
    for index, part in enumerate(parts):
        if part == "**":
            regex += "^(?:.+/)?" if index == 0 else "(?:/.+)?" if index < last else "/"
            continue
        regex += "^" if index == 0 else "" if index == 1 and parts[0] == "**" else "/"
        regex += "[^/]+" if part == "*" else "[^/]*".join(map(re.escape, part.split("*")))
        if index == last:
            regex += "(?:/|$)"
    return regex


def real(path: Path) -> Path:
    """``path.resolve()``, except that a symlink loop stays as it is instead of raising."""
    return Path(os.path.realpath(path))


def relative_to(path: Path, directory: Path) -> str | None:
    """``path`` relative to ``directory`` (both resolved), or None when it is outside."""
    try:
        return real(path).relative_to(directory).as_posix()
    except ValueError:
        return None
