"""The result cache and parallel runs: same results, fewer parses. (Speed itself is measured
by bench/, never asserted here.)"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest

from conftest import FIXTURES, TESTS, run
from pmlint import cache as cache_module
from pmlint import document

TYPO = FIXTURES / "bad" / "order-duplicate-typo.md"


def hits(in_tmp: Path, *args: str) -> str:
    return run("check", *args, "--statistics", "-q").out.splitlines()[-1]


def test_cached_results_equal_fresh_ones_and_skip_the_parser(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copyfile(TYPO, in_tmp / "a.md")
    fresh = run("check", "a.md", "--format", "json", "--no-cache").out
    first = run("check", "a.md", "--format", "json").out
    assert first == fresh
    assert (in_tmp / ".pmlint_cache" / ".gitignore").read_text() == "*\n"

    def no_parsing(*args: object, **kwargs: object) -> object:
        raise AssertionError("parsed a file that was cached")

    monkeypatch.setattr(document, "build", no_parsing)
    assert run("check", "a.md", "--format", "json").out == fresh
    assert hits(in_tmp, "a.md") == "cache: 1 of 1 file from the cache"


@pytest.mark.parametrize(
    "change",
    ["content", "select", "today", "config", "schema", "code", "marko", "tzdata"],
)
def test_every_part_of_the_key_invalidates(
    in_tmp: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
    change: str,
) -> None:
    shutil.copyfile(TYPO, in_tmp / "a.md")
    schema = json.loads(run("schema").out)
    (in_tmp / "s.json").write_text(json.dumps(schema))
    (in_tmp / ".pmlint.toml").write_text("schema = 's.json'\n")
    args = ["a.md"]
    run("check", *args)
    assert hits(in_tmp, *args) == "cache: 1 of 1 file from the cache"
    if change == "content":
        (in_tmp / "a.md").write_text(TYPO.read_text() + "\nMore.\n")
    elif change == "select":
        args += ["--select", "PM1"]
    elif change == "today":
        args += ["--today", "2025-01-01"]
    elif change == "config":
        (in_tmp / ".pmlint.toml").write_text("schema = 's.json'\nignore = ['PM103']\n")
    elif change == "schema":
        schema["title"] = "changed"
        (in_tmp / "s.json").write_text(json.dumps(schema))
    elif change == "code":
        cache_module.code_hash.cache_clear()
        monkeypatch.setattr(cache_module, "__version__", "9.9.9")
    elif change == "marko":  # another version of a parsing dependency comes first on sys.path
        site = tmp_path_factory.mktemp("site")
        (site / "marko-99.0.dist-info").mkdir()
        monkeypatch.syspath_prepend(str(site))
    elif change == "tzdata":  # another version of the time-zone database
        tz = tmp_path_factory.mktemp("zoneinfo")
        (tz / "tzdata.zi").write_text("# version 2099z\n")
        zoneinfo.reset_tzpath([str(tz)])
    try:
        assert hits(in_tmp, *args) == "cache: 0 of 1 file from the cache"
    finally:
        cache_module.code_hash.cache_clear()
        zoneinfo.reset_tzpath()


def test_cache_errors_fall_back_to_no_cache(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copyfile(TYPO, in_tmp / "a.md")
    (in_tmp / "not-a-dir").write_text("x")
    monkeypatch.setenv("PMLINT_CACHE_DIR", str(in_tmp / "not-a-dir" / "cache"))
    result = run("check", "a.md", "-q")
    assert result.code == 1 and "PM104" in result.out
    assert "Traceback" not in result.err


def test_cache_hit_imports_neither_marko_nor_jsonschema(in_tmp: Path) -> None:
    shutil.copyfile(TYPO, in_tmp / "a.md")
    (in_tmp / ".pmlint.toml").write_text("ignore = ['PM103']\n")
    run("check", "a.md")
    code = (
        "import sys\n"
        "from pmlint.checking import CheckOptions, run_check\n"
        "status = run_check(CheckOptions(paths=('a.md',), quiet=True, no_cache=False))\n"
        "loaded = sorted(m for m in ('marko', 'jsonschema', 'yaml', 'dateutil', 'ftfy') if m in sys.modules)\n"
        "print(status, loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=in_tmp, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "1 []"


@pytest.mark.parametrize("config", ["ignore = ['PM103']\n", "ignore = ['PM103', 'nope']\n"])
def test_cache_hit_and_config_error_load_no_rule(in_tmp: Path, config: str) -> None:
    """A run that lints nothing needs the rules' codes and options, not the rules."""
    shutil.copyfile(TYPO, in_tmp / "a.md")
    (in_tmp / ".pmlint.toml").write_text(config)
    run("check", "a.md")
    code = (
        "import sys\n"
        "from pmlint.checking import CheckOptions, run_check\n"
        "status = run_check(CheckOptions(paths=('a.md',), quiet=True, no_cache=False))\n"
        "heavy = ('pmlint.rules', 'pmlint.document', 'pmlint.model', 'pmlint.derive')\n"
        "print(status, sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=in_tmp, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == ("1 []" if "nope" not in config else "2 []")


def test_parallel_output_is_identical_to_serial(in_tmp: Path) -> None:
    real = sorted((TESTS / "corpus" / "real").glob("*.md"))
    sources = [p for p in real if not p.name.endswith("README.md") and "template" not in p.name][
        :60
    ]  # README.md and *template*.md are excluded by default
    for path in sources:
        shutil.copyfile(path, in_tmp / path.name)
    names = [p.name for p in sources]
    serial = run("check", *names, "--jobs", "1", "--no-cache", "--format", "json").out
    parallel = run("check", *names, "--jobs", "2", "--no-cache", "--format", "json").out
    assert json.loads(serial)["summary"]["files"] == 60
    assert json.loads(serial)["findings"]
    assert parallel == serial


def test_workers_only_for_enough_files() -> None:
    from pmlint.parallel import workers_for

    assert workers_for(1, 0) == 1
    assert workers_for(30, 4) == 1
    assert workers_for(100, 2) == 2
    assert workers_for(1000, 1) == 1


def test_cache_hits_are_answered_before_any_worker_starts(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rerun of the corpus (87 files) with a third of it cached: the hits come from this
    process, only the 58 misses go to the workers, and the output is the serial run's, in the
    same order. A second rerun starts no worker."""
    import concurrent.futures

    real = sorted((TESTS / "corpus" / "real").glob("*.md"))
    sources = [p for p in real if not p.name.endswith("README.md") and "template" not in p.name]
    names = []
    for path in sources:
        shutil.copyfile(path, in_tmp / path.name)
        names.append(path.name)
    assert len(names) == 87
    serial = run("check", *names, "--jobs", "1", "--no-cache", "--format", "json").out
    run("check", *names[::3], "--jobs", "1")  # a third of the files cached
    sent: list[Path] = []
    pool = concurrent.futures.ProcessPoolExecutor

    class Recording(pool):  # type: ignore[valid-type, misc]
        def map(self, fn, *iterables, **kwargs):  # type: ignore[no-untyped-def]
            sent.extend(iterables[0])
            return super().map(fn, *iterables, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Recording)
    again = run("check", *names, "--jobs", "2", "--format", "json").out
    assert sorted(p.name for p in sent) == sorted(set(names) - set(names[::3]))
    assert again == serial
    assert hits(in_tmp, *names, "--jobs", "2") == "cache: 87 of 87 files from the cache"
    assert len(sent) == 58  # the full rerun sent nothing more
