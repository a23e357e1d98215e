"""Show that pmlint's own passes grow linearly: time n and 4n of each hostile shape.

    python bench/linearity.py                 # one line per shape: t(n), t(4n), ratio, answer
    python bench/linearity.py --size 20000    # n in bytes (default 50,000)
    python bench/linearity.py --only 'setext headings' --cap 30

A ratio near 4 is linear; near 16 would be quadratic. Regular expressions are exercised
through the rules that use them (blanks, mojibake, timeline stamps, blame phrases). Each
measurement runs in its own process (CPU seconds, best of three when under a second) and is
abandoned after ``--cap`` seconds, so a shape that hangs shows as ``>CAP``. The answer column
says whether the input was linted or refused (PM001) and the peak memory of that process.
No assertions: this prints figures for a person to read (SPEC §9).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _lines(line: Callable[[int], bytes], n: int) -> bytes:
    """Distinct lines (their number in them) until ``n`` bytes."""
    out: list[bytes] = []
    size = i = 0
    while size < n:
        chunk = line(i)
        out.append(chunk)
        size += len(chunk)
        i += 1
    return b"".join(out)


def _backtick_runs(n: int) -> bytes:
    """Runs of 1, 2, 3, ... backticks, none ever closed."""
    out: list[bytes] = []
    size = k = 0
    while size < n:
        k += 1
        out.append(b"`" * k + b"a")
        size += k + 1
    return b"".join(out)


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
    # The shapes of the "commit gate can hang" issue.
    "'> ' nested 26 deep": lambda n: _lines(lambda i: b"> " * 26 + b"%d\n\n" % i, n),
    "'> ' nested 5 deep (e-mail)": lambda n: _lines(lambda i: b"> " * 5 + b"re: %d\n" % i, n),
    "'> - ' nested 100 deep": lambda n: _lines(lambda i: b"> - " * 50 + b"%d\n\n" % i, n),
    "'[' then ']' runs": lambda n: b"[" * (n // 2) + b"]" * (n // 2),
    "nested links [[[a]]]": lambda n: _lines(lambda i: b"[" * 40 + b"a" + b"]" * 40 + b"\n", n),
    "link reference definitions": lambda n: _lines(lambda i: b"[r%d]: /u%d\n" % (i, i), n),
    "task list items": lambda n: _lines(lambda i: b"- [ ] task %d\n" % i, n),
    "backtick runs": _backtick_runs,
    "'a\\r' lines": lambda n: b"a\r" * (n // 2),
    "setext headings": lambda n: b"a\n=\n" * (n // 4),
    "list items": lambda n: b"- a\n" * (n // 4),
    "mojibake pairs": lambda n: "Ã© ".encode() * (n // 4),
    "emphasis paragraphs": lambda n: (b"_a" * 2999 + b"\n\n") * (n // 6000 + 1),
    "unclosed link paragraphs": lambda n: (b"[a](" * 499 + b"\n\n") * (n // 2000 + 1),
    "e-mail-like dots": lambda n: _lines(lambda i: b" a@" + b"." * 2000 + b"-\n\n", n),
    "five whys steps": lambda n: (
        b"# T\n\n## Five whys\n\n"
        + _lines(lambda i: b"%d. Why did the service fail? because of x%d\n" % (i + 1, i), n)
    ),
}


def _measure(name: str, size: int) -> None:
    """In a child process: lint one shape, print seconds, peak MiB and the answer as JSON."""
    from pmlint.config import ConfigFile, Overrides, resolve
    from pmlint.engine import lint_bytes

    settings = resolve(ConfigFile(path=None, directory=Path.cwd()), Overrides())
    data = SHAPES[name](size)
    best = float("inf")
    findings = []
    for _ in range(3):
        start = time.process_time()
        findings = lint_bytes(data, "x.md", settings)
        best = min(best, time.process_time() - start)
        if best > 1:
            break
    refused = [f.message for f in findings if f.rule in ("PM000", "PM001")]
    answer = refused[0][:60] if refused else "linted"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"seconds": best, "peak": peak, "answer": answer}))


def _run(name: str, size: int, cap: float) -> tuple[float | None, str]:
    command = [sys.executable, __file__, "--measure", name, "--size", str(size)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=cap, check=True)
    except subprocess.TimeoutExpired:
        return None, f"over {cap:.0f} s"
    result = json.loads(done.stdout)
    return float(result["seconds"]), f"{result['peak']:>4} MiB  {result['answer']}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--cap", type=float, default=60.0, help="seconds per measurement")
    parser.add_argument("--only", action="append", help="a shape's name (repeatable)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure(args.measure, args.size)
        return
    size = args.size
    print(f"{'shape':30} {'t(n)':>8} {'t(4n)':>8} {'ratio':>6}   (n = {size:,} bytes; 4n: answer)")
    for name in args.only or list(SHAPES):
        small, _ = _run(name, size, args.cap)
        large, answer = _run(name, 4 * size, args.cap) if small is not None else (None, "")
        over = f">{args.cap:.0f}"
        shown = [f"{t:8.3f}" if t is not None else f"{over:>8}" for t in (small, large)]
        ratio = "     -"
        if small is not None and large is not None:
            ratio = f"{large / max(small, 1e-3):6.1f}"
        print(f"{name:30} {shown[0]} {shown[1]} {ratio}   {answer}", flush=True)


if __name__ == "__main__":
    main()
