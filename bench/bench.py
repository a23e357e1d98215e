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
"""

from __future__ import annotations

import argparse
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


def run(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, int(usage.ru_maxrss)


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
    memory: dict[str, int] = dict.fromkeys(commands, 0)
    for _ in range(runs):
        for tool, command in commands.items():
            if prepare and tool in prepare:
                run(prepare[tool], cwd)
            seconds, rss = run(command, cwd)
            times[tool].append(seconds)
            memory[tool] = max(memory[tool], rss)
    result = {tool: (statistics.median(values), memory[tool]) for tool, values in times.items()}
    line = f"{name:34}"
    for tool, (seconds, rss) in result.items():
        line += f"  {tool}: {seconds:7.3f} s {rss / 1024:6.0f} MiB"
    if len(result) == 2:
        (a, _), (b, _) = result.values()
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
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="pmlint-bench-"))
    corpus = args.dir
    if corpus is None:
        corpus = work / "corpus"
        subprocess.run(
            [sys.executable, str(GENERATOR), "--count", str(args.count), "--out", str(corpus)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    big = args.big
    if big is None:
        subprocess.run(
            [sys.executable, str(GENERATOR), "--big", "5", "--out", str(work / "big")],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        big = next((work / "big").glob("*.md"))
    files = sorted(corpus.rglob("*.md"))
    size = sum(f.stat().st_size for f in files)
    print(
        f"{len(files)} files, {size / 1e6:.1f} MB; big file {big.stat().st_size / 1e6:.1f} MB; "
        f"{os.cpu_count()} cores; {args.runs} runs each"
    )
    pmlint = [sys.executable, "-m", "pmlint"]
    # As after `pip install`: byte-compiled, even for an editable install or when
    # PYTHONDONTWRITEBYTECODE is set (start-up would otherwise recompile pmlint every run).
    import pmlint as package

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
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
