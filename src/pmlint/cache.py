"""A result cache: one file of findings per (pmlint, settings, schema, path, content).

The key covers everything a result depends on: pmlint's version and a hash of its own code
and data, the resolved settings (configuration and options such as ``--select`` and the
effective ``--today``), the schema's bytes, the file's repository-relative path and its
content. One cache at the repository root (``.pmlint_cache/``, with a ``.gitignore`` of
``*``) or in ``PMLINT_CACHE_DIR``. Writes are atomic; any I/O error means "no cache".
Reading a cached result imports neither marko nor jsonschema.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pmlint import __version__
from pmlint.config import Settings
from pmlint.findings import Finding

FORMAT = "1"


@cache
def code_hash() -> str:
    """A hash of pmlint's own code and data files, so a changed pmlint never reuses results."""
    digest = hashlib.sha256(__version__.encode())
    root = resources.files("pmlint")
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


class Cache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.hits = 0
        self.enabled = True
        try:
            directory.mkdir(parents=True, exist_ok=True)
            ignore = directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
        except OSError:
            self.enabled = False

    @classmethod
    def at(cls, root: Path) -> Cache:
        configured = os.environ.get("PMLINT_CACHE_DIR")
        return cls(Path(configured) if configured else root / ".pmlint_cache")

    def key(self, settings: Settings, path: str, content: bytes) -> str:
        digest = hashlib.sha256(FORMAT.encode())
        for part in (code_hash(), settings_hash(settings), path):
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
            data = json.loads(self._file(key).read_text("utf-8"))
            found = [Finding(**item) for item in data]
        except (OSError, ValueError, TypeError):
            return None
        self.hits += 1
        return found

    def put(self, key: str, findings: list[Finding]) -> None:
        if not self.enabled:
            return
        payload = [{k: v for k, v in asdict(f).items() if k != "edits"} for f in findings]
        target = self._file(key)
        try:
            target.parent.mkdir(exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, ensure_ascii=False)
            os.replace(temp, target)
        except OSError:
            self.enabled = False

    # Configuration files validated before (by content) need no JSON Schema check again.
    def config_known(self, digest: str) -> bool:
        return self.enabled and (self.directory / "config" / digest).exists()

    def remember_config(self, digest: str) -> None:
        if not self.enabled:
            return
        try:
            (self.directory / "config").mkdir(exist_ok=True)
            (self.directory / "config" / digest).touch()
        except OSError:
            pass
