"""Time pmlint against markdownlint-cli2 on the same files, and print medians and ratios.

    python bench/bench.py                         # generate 1,000 postmortems and a 5 MB one
    python bench/bench.py --dir PATH --big FILE   # or use your own files
    python bench/bench.py --runs 5 --count 1000

The corpus comes from ../shared/tools/gen_corpus.py (the same generator the performance
targets were measured with). markdownlint-cli2 is used when it is on PATH or installed in
node_modules/.bin here or in --mdl-dir; otherwise only pmlint's figures are printed. Each
scenario runs the two tools alternately, --runs times, and reports the median wall time and
the peak resident memory of the process tree (Linux: wait4's ru_maxrss, the largest process).
Nothing here asserts anything: it prints figures for people (SPEC §9).

It then times the Markdown parse alone, marko's own parser (PMLINT_STOCK_MARKO=1) against
pmlint's (pmlint.fastparse), each in its own process: the generated corpus, and a timeline of
n and 4n list entries and a table of n and 4n rows (the n-vs-4n ratio: ~4 is linear), with
the peak memory of each process. ``--parse-only`` skips the markdownlint-cli2 comparison,
``--no-parse`` the parse comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATOR = HERE.parent.parent / "shared" / "tools" / "gen_corpus.py"


def run(command: list[str], cwd: Path) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds (all its processes) of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _status, usage = os.wait4(process.pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, int(usage.ru_maxrss), cpu


def timeline(n: int) -> str:
    """The 100k-entry timeline of tests/test_reliability.py, with n entries."""
    entries = "".join(f"- {i // 60 % 24:02d}:{i % 60:02d} — event {i}\n" for i in range(n))
    return f"# T\n\n## Timeline\n\nAll times UTC.\n\n{entries}"


def table(n: int) -> str:
    """A timeline table of n rows."""
    rows = "".join(f"| {i // 60 % 24:02d}:{i % 60:02d} | event {i} | @sam |\n" for i in range(n))
    return f"# T\n\n## Timeline\n\n| Time | Event | Who |\n| --- | --- | --- |\n{rows}"


def parse_worker(shape: str, size: int) -> None:
    """Run in a child process: parse the shape as pmlint does, print the seconds it took."""
    from pmlint.markdown import parse_markdown

    if shape == "timeline":
        texts = [timeline(size)]
    elif shape == "table":
        texts = [table(size)]
    else:  # a directory of Markdown files
        texts = [f.read_text("utf-8") for f in sorted(Path(shape).rglob("*.md"))]
    parse_markdown("# warm up\n\n- a *b* [c](d)\n\n| x |\n| - |\n")
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        parse_markdown(text)
    print(time.perf_counter() - start, time.process_time() - cpu)


def measure_parse(name: str, shape: str, size: int, runs: int) -> dict[str, float]:
    """Median parse seconds with marko's parser and pmlint's, alternating; peak memory.

    The seconds are CPU seconds of the parse (wall seconds in brackets): other work on the
    machine slows the wall clock but hardly the CPU time of a single-threaded parse.
    """
    command = [sys.executable, str(Path(__file__).resolve()), "--parse-worker", shape, str(size)]
    parsers = {"stock": {**os.environ, "PMLINT_STOCK_MARKO": "1"}, "fast": {**os.environ}}
    parsers["fast"].pop("PMLINT_STOCK_MARKO", None)
    cpu: dict[str, list[float]] = {parser: [] for parser in parsers}
    wall: dict[str, list[float]] = {parser: [] for parser in parsers}
    memory: dict[str, int] = dict.fromkeys(parsers, 0)
    for _ in range(runs):
        for parser, env in parsers.items():
            process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
            assert process.stdout is not None
            output = process.stdout.read().split()
            _, _status, usage = os.wait4(process.pid, 0)
            wall[parser].append(float(output[0]))
            cpu[parser].append(float(output[1]))
            memory[parser] = max(memory[parser], int(usage.ru_maxrss))
    result = {parser: statistics.median(values) for parser, values in cpu.items()}
    line = f"{name:28}"
    for parser, seconds in result.items():
        line += (
            f"  {parser}: {seconds:6.2f} s ({statistics.median(wall[parser]):6.2f})"
            f" {memory[parser] / 1024:4.0f} MiB"
        )
    print(f"{line}  stock/fast: {result['stock'] / result['fast']:4.2f}", flush=True)
    return result


def parse_comparison(corpus: Path, count: int, runs: int) -> None:
    import marko

    from pmlint import fastparse

    state = "used" if fastparse.ACTIVE else "NOT used: written for " + fastparse.MARKO_VERSION
    print(f"\nMarkdown parse only (marko {marko.__version__}; fast parser {state})")
    measure_parse(f"{count} files", str(corpus), 0, runs)
    for shape, n in (("timeline", 25_000), ("table", 25_000)):
        small = measure_parse(f"{shape}, {n:,} entries", shape, n, runs)
        large = measure_parse(f"{shape}, {4 * n:,} entries", shape, 4 * n, runs)
        print(
            f"{'':28}  n vs 4n: stock {large['stock'] / small['stock']:4.2f}x, "
            f"fast {large['fast'] / small['fast']:4.2f}x (4 is linear)",
            flush=True,
        )


def answer(pmlint: list[str], path: Path) -> str:
    """Whether pmlint linted ``path`` in full or refused it (PM001 from the guard)."""
    done = subprocess.run(
        [*pmlint, "check", "--exit-zero", "--no-cache", "--format", "json", path.name],
        cwd=path.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    findings = json.loads(done.stdout)["findings"]
    refused = [f["message"] for f in findings if f["rule"] in ("PM000", "PM001")]
    return refused[0] if refused else f"linted in full ({len(findings)} findings)"


def find_mdl(extra: Path | None) -> str | None:
    for candidate in [
        extra / "node_modules" / ".bin" / "markdownlint-cli2" if extra else None,
        HERE / "node_modules" / ".bin" / "markdownlint-cli2",
    ]:
        if candidate is not None and candidate.exists():
            return str(candidate)
    return shutil.which("markdownlint-cli2")


def measure(
    name: str,
    commands: dict[str, list[str]],
    cwd: Path,
    runs: int,
    prepare: dict[str, list[str]] | None = None,
) -> dict[str, tuple[float, int]]:
    times: dict[str, list[float]] = {tool: [] for tool in commands}
    cpu: dict[str, list[float]] = {tool: [] for tool in commands}
    memory: dict[str, int] = dict.fromkeys(commands, 0)
    for _ in range(runs):
        for tool, command in commands.items():
            if prepare and tool in prepare:
                run(prepare[tool], cwd)
            seconds, rss, cpu_seconds = run(command, cwd)
            times[tool].append(seconds)
            cpu[tool].append(cpu_seconds)
            memory[tool] = max(memory[tool], rss)
    result = {tool: (statistics.median(values), memory[tool]) for tool, values in times.items()}
    line = f"{name:34}"
    for tool, (seconds, rss) in result.items():
        line += f"  {tool}: {seconds:7.3f} s {rss / 1024:6.0f} MiB"
    if len(result) == 2:
        (a, _), (b, _) = result.values()
        line += f"  ratio pmlint/mdl: {a / b:5.2f}"
    print(line, flush=True)
    # CPU seconds of all the processes: less sensitive than wall time to other work on the
    # machine (but blind to what parallel workers save).
    line = f"{'  (CPU seconds)':34}"
    for tool, values in cpu.items():
        line += f"  {tool}: {statistics.median(values):7.3f} s {'':10}"
    if len(cpu) == 2:
        a, b = (statistics.median(values) for values in cpu.values())
        line += f"  ratio pmlint/mdl: {a / b:5.2f}"
    print(line, flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, help="postmortems to lint (default: generate)")
    parser.add_argument("--big", type=Path, help="one large file (default: generate 5 MB)")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mdl-dir", type=Path, help="where `npm install markdownlint-cli2` ran")
    parser.add_argument("--scale", action="store_true", help="also time 10x the files")
    parser.add_argument("--parse-only", action="store_true", help="only the parse comparison")
    parser.add_argument("--no-parse", action="store_true", help="skip the parse comparison")
    parser.add_argument("--parse-runs", type=int, default=3, help="runs of each parse timing")
    parser.add_argument("--parse-worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.parse_worker:
        parse_worker(args.parse_worker[0], int(args.parse_worker[1]))
        return

    work = Path(tempfile.mkdtemp(prefix="pmlint-bench-"))
    corpus = args.dir
    if corpus is None:
        corpus = work / "corpus"
        subprocess.run(
            [sys.executable, str(GENERATOR), "--count", str(args.count), "--out", str(corpus)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    files = sorted(corpus.rglob("*.md"))
    if not args.parse_only:
        versus_mdl(args, work, corpus, files)
    if not args.no_parse:
        parse_comparison(corpus, len(files), args.parse_runs)
    shutil.rmtree(work, ignore_errors=True)


def versus_mdl(args: argparse.Namespace, work: Path, corpus: Path, files: list[Path]) -> None:
    big = args.big
    if big is None:
        subprocess.run(
            [sys.executable, str(GENERATOR), "--big", "5", "--out", str(work / "big")],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        big = next((work / "big").glob("*.md"))
    size = sum(f.stat().st_size for f in files)
    print(
        f"{len(files)} files, {size / 1e6:.1f} MB; big file {big.stat().st_size / 1e6:.1f} MB; "
        f"{os.cpu_count()} cores; {args.runs} runs each"
    )
    pmlint = [sys.executable, "-m", "pmlint"]
    # As after `pip install`: byte-compiled, even for an editable install or when
    # PYTHONDONTWRITEBYTECODE is set (start-up would otherwise recompile pmlint every run).
    import pmlint as package
    from pmlint import fastparse

    if not fastparse.ACTIVE or os.environ.get("PMLINT_STOCK_MARKO", "0") not in ("", "0"):
        print("pmlint parses with marko's own parser here (PMLINT_STOCK_MARKO or marko version)")

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(package.__file__).parent)], check=False
    )
    mdl = find_mdl(args.mdl_dir)
    if mdl is None:
        print("markdownlint-cli2 not found: pmlint figures only")
    cache_dir = work / "cache"
    env_cache = ["env", f"PMLINT_CACHE_DIR={cache_dir}"]
    one = files[0]

    def both(p_args: list[str], m_args: list[str]) -> dict[str, list[str]]:
        commands = {"pmlint": [*env_cache, *pmlint, "check", "--exit-zero", *p_args]}
        if mdl:
            commands["mdl"] = [mdl, *m_args]
        return commands

    measure("one file", both(["--no-cache", str(one)], [str(one)]), corpus, args.runs)
    measure(
        f"{len(files)} files, cold (--no-cache)",
        both(["--no-cache", "."], ["**/*.md"]),
        corpus,
        args.runs,
    )
    subprocess.run(
        [*env_cache, *pmlint, "check", "--exit-zero", "."],
        cwd=corpus,
        stdout=subprocess.DEVNULL,
        check=False,
    )
    measure(f"{len(files)} files, cached", both(["."], ["**/*.md"]), corpus, args.runs)
    measure(
        "one 5 MB file",
        both(["--no-cache", str(big)], [str(big)]),
        big.parent,
        max(1, args.runs // 2),
    )
    print(f"{'':34}  pmlint's answer on it: {answer(pmlint, big)}", flush=True)
    if args.scale:
        scaled = work / "scaled"
        for copy in range(10):
            target = scaled / f"copy{copy}"
            shutil.copytree(corpus, target)
        measure(
            f"{len(files) * 10} files, cold",
            {"pmlint": [*env_cache, *pmlint, "check", "--exit-zero", "--no-cache", "."]},
            scaled,
            1,
        )


if __name__ == "__main__":
    main()
