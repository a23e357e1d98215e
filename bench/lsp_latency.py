"""How fast ``pmlint server`` answers an editor: a real LSP client drives it over stdio.

    python bench/lsp_latency.py                   # a 200 KB postmortem, 20 single changes
    python bench/lsp_latency.py --size 50000 --rounds 40
    python bench/lsp_latency.py --file PATH       # or your own document

It prints, for one document:
- open: didOpen until its diagnostics arrive (the first lint, workers warming up);
- change: one edit until the diagnostics for that version arrive (the server waits for a
  pause in typing first; the pause is part of the figure and printed beside it);
- hover during a lint: how long a hover takes while the worker lints (the editor is not
  blocked by linting);
- burst: 100 changes sent back to back (and again paced like fast typing), until the
  diagnostics of the last version arrive, and how many versions got diagnostics at all;
- the engine alone: the same document linted in this process, for comparison.
Needs the ``lsp`` extra (pygls). Nothing is asserted: figures for people to read (SPEC §9).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from pmlint.config import ConfigFile, Overrides, resolve
from pmlint.engine import lint_bytes
from pmlint.lsp.linting import DEBOUNCE

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "tests" / "fixtures" / "good" / "complete-front-matter.md"


def document(size: int) -> str:
    """A complete postmortem whose lessons learned are grown to ``size`` characters."""
    text = FIXTURE.read_text("utf-8").replace("- 14:20 —", "- 06:20 PST —")
    lessons: list[str] = []
    while len(text) + sum(len(line) + 1 for line in lessons) < size:
        lessons.append(f"- Lesson {len(lessons)}: the pool saturation showed on dashboards late.")
    marker = "## Lessons learned\n\n"
    return text.replace(marker, marker + "\n".join(lessons) + "\n", 1)


class Bench:
    def __init__(self, root: Path, text: str) -> None:
        self.client = LanguageClient("pmlint-bench", "1")
        self.uri = (root / "postmortems" / "bench.md").as_uri()
        self.root = root
        self.text = text
        self.lines = text.split("\n")
        self.version = 1
        self.arrived: dict[int, float] = {}  # version -> when its diagnostics arrived
        self.counts: dict[int, int] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: types.PublishDiagnosticsParams) -> None:
            if params.uri == self.uri and params.version is not None:
                self.arrived[params.version] = time.perf_counter()
                self.counts[params.version] = len(params.diagnostics)

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: types.RegistrationParams) -> None:
            return None

    async def start(self) -> None:
        await self.client.start_io(sys.executable, "-m", "pmlint", "server")
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(), root_uri=self.root.as_uri()
            )
        )
        self.client.initialized(types.InitializedParams())

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    async def wait(self, version: int) -> float:
        while version not in self.arrived:
            await asyncio.sleep(0.001)
        return self.arrived[version]

    def open(self) -> float:
        item = types.TextDocumentItem(
            uri=self.uri, language_id="markdown", version=1, text=self.text
        )
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        return time.perf_counter()

    def type_character(self) -> float:
        """Type one character at the end of the first lesson: a new version of the document."""
        line = self.lines.index("- Lesson 0: the pool saturation showed on dashboards late.")
        where = types.Position(line=line, character=len(self.lines[line]) + self.version - 1)
        self.version += 1
        change = types.TextDocumentContentChangePartial(
            range=types.Range(start=where, end=where), text="x"
        )
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=self.uri, version=self.version
                ),
                content_changes=[change],
            )
        )
        return time.perf_counter()

    async def hover(self) -> float:
        start = time.perf_counter()
        await self.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=self.uri),
                position=types.Position(line=0, character=0),
            )
        )
        return time.perf_counter() - start


def figures(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return (
        f"median {statistics.median(values) * 1000:7.1f} ms  p90 {p90 * 1000:7.1f} ms  "
        f"max {ordered[-1] * 1000:7.1f} ms  (n={len(values)})"
    )


async def measure(text: str, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "postmortems").mkdir()
        bench = Bench(root, text)
        await bench.start()
        sent = bench.open()
        print(
            f"open -> diagnostics        {(await bench.wait(1) - sent) * 1000:7.1f} ms", flush=True
        )

        latencies: list[float] = []
        for _ in range(rounds):
            sent = bench.type_character()
            latencies.append(await bench.wait(bench.version) - sent)
        print(f"change -> diagnostics      {figures(latencies)}", flush=True)
        print(f"  of which the pause waited for: {DEBOUNCE * 1000:.0f} ms", flush=True)

        hovers: list[float] = []
        for _ in range(rounds):
            bench.type_character()
            await asyncio.sleep(DEBOUNCE + 0.05)  # the worker is linting now
            hovers.append(await bench.hover())
            await bench.wait(bench.version)
        print(f"hover during a lint        {figures(hovers)}", flush=True)

        for pace in (0.0, 0.03):
            first = bench.version + 1
            for _ in range(100):
                sent = bench.type_character()
                if pace:
                    await asyncio.sleep(pace)
            last = await bench.wait(bench.version) - sent
            linted = len([v for v in bench.arrived if v >= first])
            label = "back to back" if not pace else f"one per {pace * 1000:.0f} ms"
            print(
                f"100 changes {label:13}  last change -> its diagnostics {last * 1000:7.1f} ms; "
                f"versions with diagnostics: {linted} of 100",
                flush=True,
            )
        await bench.stop()


def engine_alone(text: str, runs: int = 5) -> None:
    settings = resolve(ConfigFile(path=None, directory=Path.cwd()), Overrides())
    data = text.encode("utf-8")
    lint_bytes(data, "bench.md", settings)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        lint_bytes(data, "bench.md", settings)
        times.append(time.perf_counter() - start)
    print(f"the engine alone           {figures(times)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=200_000, help="characters (default 200000)")
    parser.add_argument("--file", type=Path, help="lint this document instead")
    parser.add_argument("--rounds", type=int, default=20, help="single changes to time")
    args = parser.parse_args()
    text = args.file.read_text("utf-8") if args.file else document(args.size)
    print(f"document: {len(text.encode('utf-8')):,} bytes, {text.count(chr(10)):,} lines")
    asyncio.run(measure(text, args.rounds))
    engine_alone(text)


if __name__ == "__main__":
    main()
