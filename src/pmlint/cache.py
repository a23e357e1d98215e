"""A result cache: one file of findings per (pmlint, settings, schema, path, content).

The key covers everything a result depends on: pmlint's version and a hash of its own code
and data, the versions of the parsing dependencies and of the time-zone data, the resolved
settings (configuration and options such as ``--select`` and the effective ``--today``), the
schema's bytes, the file's repository-relative path and its content. One cache at the
repository root (``.pmlint_cache/``, with a ``.gitignore`` of ``*``) or in
``PMLINT_CACHE_DIR``; it must be a real directory, not a symlink. Writes are atomic; any I/O
error means "no cache".

Nothing in the cache directory is trusted: every entry (and every "configuration already
validated" marker) carries an HMAC made with a per-user secret kept outside the repository
(``$XDG_CACHE_HOME/pmlint/secret``, else ``~/.cache/pmlint/secret``), so an entry planted,
committed or damaged is a miss, never a result. Entries are read only from regular files.
Reading a cached result imports neither marko nor jsonschema.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import stat
import sys
import tempfile
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

from pmlint import __version__
from pmlint.config import Settings
from pmlint.findings import Finding
from pmlint.packagedata import PACKAGE

FORMAT = "2"
MAX_ENTRY = 64 * 1024 * 1024
# Distributions whose code decides a result (distribution names, normalised).
PARSING_DEPENDENCIES = frozenset(
    {
        "marko",
        "pyyaml",
        "jsonschema",
        "jsonschema_specifications",
        "referencing",
        "python_dateutil",
        "ftfy",
        "wcwidth",
        "snowballstemmer",
        "tzdata",
    }
)
_FIELDS: dict[str, type] = {
    "path": str,
    "line": int,
    "column": int,
    "rule": str,
    "end_line": int,
    "end_column": int,
    "name": str,
    "severity": str,
    "message": str,
    "fixable": bool,
    "context": str,
}


@cache
def code_hash() -> str:
    """A hash of pmlint's own code and data files, so a changed pmlint never reuses results."""
    digest = hashlib.sha256(__version__.encode())
    root = PACKAGE
    stack = [root]
    files = []
    while stack:
        for entry in stack.pop().iterdir():
            if entry.is_dir():
                if entry.name != "__pycache__":
                    stack.append(entry)
            elif entry.name.endswith((".py", ".json", ".txt", ".md")) or entry.name == "pre-commit":
                files.append(entry)
    for entry in sorted(files, key=lambda e: str(e)):
        digest.update(str(entry).rsplit("pmlint", 1)[-1].encode())
        digest.update(entry.read_bytes())
    return digest.hexdigest()


def dependency_versions() -> list[str]:
    """``name-version`` of each parsing dependency, as the import system would find it (the
    first ``*.dist-info`` or ``*.egg-info`` on ``sys.path``), without importing it."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            project, _, rest = name.rpartition(".")[0].partition("-")
            key = project.lower().replace("-", "_").replace(".", "_")
            if key in PARSING_DEPENDENCIES and key not in found:
                found[key] = f"{key}-{rest.partition('-')[0]}"
    return sorted(found.values())


def timezone_version() -> str:
    """The version of the system's time-zone database (``tzdata.zi``), else its directories'
    modification times; the ``tzdata`` package is among :data:`PARSING_DEPENDENCIES`."""
    import zoneinfo

    seen = []
    for directory in zoneinfo.TZPATH:
        try:
            with open(os.path.join(directory, "tzdata.zi"), "rb") as handle:
                return handle.readline(100).decode("ascii", "replace").strip()
        except OSError:
            pass
        try:
            seen.append(f"{directory}:{os.stat(directory).st_mtime_ns}")
        except OSError:
            continue
    return " ".join(seen)


def settings_hash(settings: Settings) -> str:
    fields: dict[str, Any] = {
        "template": settings.template,
        "schema_path": settings.schema_path,
        "severities": settings.severities,
        "options": settings.options,
        "aliases": settings.aliases,
        "max_file_size": settings.max_file_size,
        "max_nesting": settings.max_nesting,
        "today": settings.today.isoformat() if settings.today else None,
    }
    digest = hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode())
    if settings.template.endswith((".md", ".markdown")):  # a team's own template file
        try:
            digest.update(Path(settings.template).read_bytes())
        except OSError:
            digest.update(b"unreadable")
    if settings.schema_path is not None:
        try:
            digest.update(Path(settings.schema_path).read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


def _read_regular(path: Path, limit: int) -> bytes:
    """A regular file's bytes; never follows a symlink or blocks on a FIFO or device."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise OSError(f"{path}: not a regular file of at most {limit} bytes")
        return handle.read(limit + 1)


def _real_directory(path: Path) -> bool:
    """An existing directory that is not a symlink."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def user_secret() -> bytes | None:
    """The per-user key of the entries' HMACs, created on first use; None if unavailable."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "pmlint" / "secret"
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, temp = tempfile.mkstemp(dir=path.parent)  # mode 0600
            with os.fdopen(fd, "wb") as handle:
                handle.write(os.urandom(32).hex().encode())
            try:
                os.link(temp, path)  # never replaces a secret another run just made
            except FileExistsError:
                pass
            finally:
                os.unlink(temp)
        secret = _read_regular(path, 1024)
        info = os.stat(path)
    except OSError:
        return None
    private = info.st_uid == os.geteuid() and not info.st_mode & 0o077
    return secret if private and len(secret) >= 32 else None


def _entry_findings(payload: bytes) -> list[Finding] | None:
    """The findings of a verified entry's payload, or None if it is not exactly that shape."""
    try:
        data = json.loads(payload.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, list):
        return None
    found = []
    for item in data:
        if not isinstance(item, dict) or set(item) != set(_FIELDS):
            return None
        if any(type(item[name]) is not kind for name, kind in _FIELDS.items()):
            return None
        found.append(Finding(**item))
    return found


class Cache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.hits = 0
        self.secret = user_secret()
        self.enabled = self.secret is not None
        self._environment: str | None = None
        # Settings by identity (they hold dicts, so they do not hash), kept alive with their
        # digest: one digest per configuration per run, not one per file.
        self._settings: dict[int, tuple[Settings, str]] = {}
        if not self.enabled:
            return
        with contextlib.suppress(OSError):  # checked next
            directory.mkdir(parents=True, exist_ok=True)
        if not _real_directory(directory):  # a symlink could point anywhere
            self.enabled = False
            return
        try:
            with open(directory / ".gitignore", "x", encoding="utf-8") as ignore:
                ignore.write("*\n")  # "x" never follows a symlink planted there
        except FileExistsError:
            pass
        except OSError:
            self.enabled = False

    @classmethod
    def at(cls, root: Path) -> Cache:
        configured = os.environ.get("PMLINT_CACHE_DIR")
        return cls(Path(configured) if configured else root / ".pmlint_cache")

    def _mac(self, *parts: bytes) -> str:
        assert self.secret is not None
        return hmac.new(self.secret, b"\0".join(parts), hashlib.sha256).hexdigest()

    def key(self, settings: Settings, path: str, content: bytes) -> str:
        if self._environment is None:
            self._environment = " ".join([*dependency_versions(), timezone_version()])
        digest = hashlib.sha256(FORMAT.encode())
        known = self._settings.get(id(settings))
        if known is None or known[0] is not settings:
            known = self._settings[id(settings)] = (settings, settings_hash(settings))
        for part in (code_hash(), self._environment, known[1], path):
            digest.update(part.encode("utf-8", "surrogateescape"))
            digest.update(b"\0")
        digest.update(content)
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> list[Finding] | None:
        if not self.enabled:
            return None
        try:
            raw = _read_regular(self._file(key), MAX_ENTRY)
        except OSError:
            return None
        mac, _, payload = raw.partition(b"\n")
        expected = self._mac(b"entry", key.encode(), payload).encode()
        if not hmac.compare_digest(mac, expected):
            return None  # planted, damaged or made with another secret: a miss
        found = _entry_findings(payload)
        if found is not None:
            self.hits += 1
        return found

    def _subdirectory(self, name: str) -> Path:
        sub = self.directory / name
        sub.mkdir(exist_ok=True)
        if not _real_directory(sub):
            raise OSError(f"{sub} is not a directory")
        return sub

    def _write(self, target: Path, data: bytes) -> None:
        fd, temp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, target)  # replaces a planted symlink, never writes through it
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def put(self, key: str, findings: list[Finding]) -> None:
        if not self.enabled:
            return
        items = [{k: v for k, v in asdict(f).items() if k != "edits"} for f in findings]
        payload = json.dumps(items, ensure_ascii=False).encode("utf-8")
        mac = self._mac(b"entry", key.encode(), payload).encode()
        try:
            self._subdirectory(key[:2])
            self._write(self._file(key), mac + b"\n" + payload)
        except OSError:
            self.enabled = False

    # Configuration files validated before (by content) need no JSON Schema check again.
    def config_known(self, digest: str) -> bool:
        if not self.enabled:
            return False
        try:
            marker = _read_regular(self.directory / "config" / digest, 1024)
        except OSError:
            return False
        return hmac.compare_digest(marker, self._mac(b"config", digest.encode()).encode())

    def remember_config(self, digest: str) -> None:
        if not self.enabled:
            return
        try:
            sub = self._subdirectory("config")
            self._write(sub / digest, self._mac(b"config", digest.encode()).encode())
        except OSError:
            pass
