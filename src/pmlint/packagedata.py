"""pmlint's package data (``src/pmlint/data``), read from the package's own directory.

``importlib.resources`` would also read it from a zip archive, but pmlint is installed as
files, and the readers it imports cost about 8 ms of start-up, which every one-file run (a
pre-commit batch, an editor's lint on save) pays.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).parent
DATA = PACKAGE / "data"


def data_file(name: str) -> Path:
    """The path of ``name`` (``"zones.json"``, ``"words/en.json"``) in the package data."""
    return DATA / name


def read_text(name: str) -> str:
    return data_file(name).read_text("utf-8")


def read_bytes(name: str) -> bytes:
    return data_file(name).read_bytes()
