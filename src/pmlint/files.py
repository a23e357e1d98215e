"""Which files to lint, and how their paths are shown.

Globs are gitignore-style (``**`` crosses directories), matched against the path relative to the
directory of the configuration that defines them. In a git repository only files git does not
ignore are considered (tracked or not); elsewhere the file system is walked.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from pmlint.config import Settings
from pmlint.globs import glob_matches, real, relative_to

MARKDOWN_SUFFIXES = (".md", ".markdown")


def find_repo_root(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` that holds ``.git``."""
    current = start.resolve()
    for directory in (current, *current.parents):
        if (directory / ".git").exists():
            return directory
    return None


def is_excluded(path: Path, settings: Settings) -> bool:
    rel = relative_to(path, settings.config.directory)
    return rel is not None and glob_matches(settings.exclude, rel)


def is_included(path: Path, settings: Settings) -> bool:
    rel = relative_to(path, settings.config.directory)
    return rel is not None and glob_matches(settings.include, rel)


def _git_files(directory: Path) -> list[Path] | None:
    """Files git does not ignore below ``directory`` (tracked or untracked), or None."""
    try:
        result = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            cwd=directory,
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if result.returncode != 0:
        return None
    names = result.stdout.decode("utf-8", "surrogateescape").split("\0")
    return sorted({directory / name for name in names if name})


def _walk(directory: Path) -> list[Path]:
    found: list[Path] = []
    for current, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(current) / n for n in sorted(names))
    return found


def is_markdown(path: Path) -> bool:
    return path.suffix.lower() in MARKDOWN_SUFFIXES


def below(directory: Path, in_repo: bool) -> list[Path]:
    """Every file below ``directory``: git's view (not ignored) in a repository."""
    files = _git_files(directory) if in_repo else None
    if files is None:
        files = _walk(directory)
    return [f for f in files if f.is_file() or f.is_symlink()]


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in ``root``; its output, or ValueError with git's first line of complaint."""
    result = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=False)
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ValueError(reason[0] if reason else f"git {args[0]} failed")
    return result.stdout


def resolve_commit(root: Path, ref: str) -> str:
    """The commit ``ref`` names; user text is never read as an option (``--end-of-options``)."""
    try:
        found = _git(
            root, "rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"
        )
    except ValueError:
        raise ValueError("not a commit in this repository") from None
    return found.decode("ascii").strip()


def changed_since(root: Path, ref: str) -> set[Path]:
    """Files changed since ``ref`` (committed, staged or not) and untracked files."""
    commit = resolve_commit(root, ref)
    listed: set[Path] = set()
    for args in (
        ["diff", "--name-only", "-z", "--diff-filter=ACMR", "--end-of-options", commit, "--"],
        ["ls-files", "-z", "--others", "--exclude-standard"],
    ):
        names = _git(root, *args).decode("utf-8", "surrogateescape").split("\0")
        listed.update(real(root / n) for n in names if n)
    return listed


def staged_files(root: Path) -> list[tuple[str, str]]:
    """``(path, blob id)`` of every regular file staged (added, copied, modified or renamed):
    the index's content, whatever the working tree holds; names as git stores them (``-z``)."""
    out = _git(
        root,
        "diff",
        "--cached",
        "--raw",
        "-z",
        "--no-abbrev",
        "--no-renames",
        "--no-color",
        "--diff-filter=ACMR",
        "--",
    )
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    staged: list[tuple[str, str]] = []
    for meta, name in zip(fields[0::2], fields[1::2], strict=False):
        # ":100644 100644 <old id> <new id> M": symlinks (120000) and submodules are not files
        parts = meta.split()
        if len(parts) == 5 and parts[1] in ("100644", "100755"):
            staged.append((name, parts[3]))
    return staged


def blob_sizes(root: Path, blobs: list[str]) -> dict[str, int]:
    """The size in bytes of each blob, from one ``git cat-file --batch-check``: none is read."""
    if not blobs:
        return {}
    out = _git(
        root,
        "cat-file",
        "--batch-check=%(objectname) %(objectsize)",
        stdin="\n".join(blobs).encode(),
    )
    sizes: dict[str, int] = {}
    for line in out.decode("ascii", "replace").splitlines():
        name, _, size = line.partition(" ")
        if size.isdigit():
            sizes[name] = int(size)
    return sizes


def read_blob(root: Path, blob: str) -> bytes:
    """The content of one blob of the repository."""
    return _git(root, "cat-file", "blob", blob)


def display_path(path: Path, base: Path) -> str:
    """POSIX path relative to ``base`` (the repository root, else the working directory)."""
    absolute = os.path.abspath(path)  # symlinks are shown as named, not as their targets
    return Path(os.path.relpath(absolute, base)).as_posix()
