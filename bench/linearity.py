"""Show that pmlint's own passes grow linearly: time n and 4n of each hostile shape.

    python bench/linearity.py            # prints one line per shape: t(n), t(4n), ratio

A ratio near 4 is linear; near 16 would be quadratic. Regular expressions are exercised
through the rules that use them (blanks, mojibake, timeline stamps, blame phrases).
No assertions: this prints figures for a person to read (SPEC §9).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from pmlint.config import ConfigFile, Overrides, resolve
from pmlint.engine import lint_bytes

SETTINGS = resolve(ConfigFile(path=None, directory=Path.cwd()), Overrides())

SHAPES: dict[str, Callable[[int], bytes]] = {
    "underscores on one line": lambda n: b"_" * n,
    "full-width blanks": lambda n: "＿".encode() * (n // 3),
    "'<' runs": lambda n: b"<" * n,
    "'[' runs": lambda n: b"[" * n,
    "mojibake runs": lambda n: "â€”".encode() * (n // 8),
    "blame phrases": lambda n: b"Sam was careless and forgot to check. " * (n // 38),
    "timeline entries": lambda n: (
        b"# T\n\n## Timeline\n\nAll times UTC.\n\n"
        + b"".join(
            f"- {i // 60 % 24:02d}:{i % 60:02d} PDT event\n".encode() for i in range(n // 25)
        )
    ),
    "template-like sentences": lambda n: b"The event was triggered by a at . " * (n // 34),
    "table cells": lambda n: b"|" + b"a|" * (n // 4) + b"\n|" + b"-|" * (n // 4) + b"\n",
}


def seconds(data: bytes) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        lint_bytes(data, "x.md", SETTINGS)
        best = min(best, time.perf_counter() - start)
    return best


def main(size: int = 50_000) -> None:
    print(f"{'shape':28} {'t(n)':>9} {'t(4n)':>9} {'ratio':>6}   (n = {size:,} bytes)")
    for name, make in SHAPES.items():
        small, large = seconds(make(size)), seconds(make(4 * size))
        print(f"{name:28} {small:9.3f} {large:9.3f} {large / max(small, 1e-9):6.1f}")


if __name__ == "__main__":
    main()
