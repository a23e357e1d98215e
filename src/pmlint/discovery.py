"""Finding and reading configuration files.

``[tool.pmlint]`` in ``pyproject.toml`` or the same keys at the top level of ``.pmlint.toml``;
the closest file walking up from the linted file to the repository root wins (``.pmlint.toml``
before ``pyproject.toml`` in one directory); ``--config`` overrides discovery.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pmlint.config import ConfigError, ConfigFile, validate_values
from pmlint.globs import real

KnownHook = Callable[[str], bool]
RememberHook = Callable[[str], None]


def read_config_file(
    path: Path,
    explicit: bool = False,
    known: KnownHook | None = None,
    remember: RememberHook | None = None,
) -> ConfigFile | None:
    """Load and validate one file; ``None`` for a ``pyproject.toml`` without ``[tool.pmlint]``.

    ``known``/``remember`` let a cache skip re-validating a file whose content it has seen.
    """
    import hashlib  # with tomllib, ~5 ms that a run without a configuration file never needs
    import tomllib

    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML (arrays or tables nested too deeply)") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "pmlint" not in tool:
            if explicit:
                raise ConfigError(f"{path}: no [tool.pmlint] table")
            return None
        data = tool["pmlint"]
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.pmlint] must be a table")
    config = ConfigFile(path=path, directory=path.parent.resolve(), values=data)
    digest = hashlib.sha256(str(path.resolve()).encode() + b"\0" + raw).hexdigest()
    if known is None or not known(digest):
        validate_values(config)
        if remember is not None:
            remember(digest)
    return config


class ConfigFinder:
    """Finds the configuration that applies to a path; caches one answer per directory."""

    def __init__(
        self,
        root: Path,
        explicit: Path | None = None,
        known: KnownHook | None = None,
        remember: RememberHook | None = None,
    ) -> None:
        self.root = root.resolve()
        self.known = known
        self.remember = remember
        self.explicit: ConfigFile | None = None
        if explicit is not None:
            if not explicit.is_file():
                raise ConfigError(f"{explicit}: configuration file not found")
            self.explicit = read_config_file(explicit, True, known, remember)
        self._cache: dict[Path, ConfigFile] = {}

    def for_path(self, path: Path) -> ConfigFile:
        if self.explicit is not None:
            return self.explicit
        start = real(path)  # not resolve(): a symlink loop must not raise
        directory = start if start.is_dir() else start.parent
        return self._for_directory(directory)

    def _for_directory(self, directory: Path) -> ConfigFile:
        cached = self._cache.get(directory)
        if cached is not None:
            return cached
        found: ConfigFile | None = None
        for name in (".pmlint.toml", "pyproject.toml"):
            candidate = directory / name
            if candidate.is_file():
                found = read_config_file(candidate, False, self.known, self.remember)
                if found is not None:
                    break
        if found is None:
            at_top = directory == self.root or directory.parent == directory
            if at_top or not _is_within(directory, self.root):
                found = ConfigFile(path=None, directory=self.root)
            else:
                found = self._for_directory(directory.parent)
        self._cache[directory] = found
        return found


def _is_within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True
