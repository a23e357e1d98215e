"""The shape of the code: one direction of imports, small modules and functions, typed rule
options, and a registry that is the one place a rule is added."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, run
from pmlint import ruleinfo
from pmlint import rules as registry
from pmlint.docs import readme_table, rule_table, rule_table_text, with_readme_table
from pmlint.findings import WARNING, Problem
from pmlint.rules.base import Context, Rule, rule

SRC = REPO / "src" / "pmlint"
MODULES = sorted(SRC.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


KNOWN = {module_name(p) for p in MODULES}


def imports_of(path: Path) -> Iterator[str]:
    """Every pmlint module ``path`` imports, at the top or inside a function."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name in KNOWN)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                if sub in KNOWN:
                    yield sub  # "from pmlint.extract import columns"
                elif node.module in KNOWN:
                    yield node.module


def test_no_import_cycles() -> None:
    graph = {module_name(p): set(imports_of(p)) - {module_name(p)} for p in MODULES}
    state: dict[str, str] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []


def test_model_imports_only_leaves() -> None:
    assert set(imports_of(SRC / "model.py")) == {"pmlint.source", "pmlint.values"}


def test_only_the_markdown_walk_and_its_parser_import_marko() -> None:
    users = [
        module_name(p)
        for p in MODULES
        if any(
            isinstance(n, ast.ImportFrom | ast.Import)
            and "marko" in (getattr(n, "module", None) or ",".join(a.name for a in n.names))
            for n in ast.walk(ast.parse(p.read_text("utf-8")))
        )
    ]
    assert sorted(users) == [
        "pmlint.fastinline",
        "pmlint.fastparse",
        "pmlint.fastsource",
        "pmlint.markdown",
    ]


def test_rules_read_the_document_model_not_its_export() -> None:
    for path in sorted((SRC / "rules").glob("[!_]*.py")):  # the registry imports them all
        text = path.read_text("utf-8")
        assert ".data[" not in text and "to_json" not in text, path.name
        imported = set(imports_of(path))
        assert not {m for m in imported if m.startswith("pmlint.rules.")} - {"pmlint.rules.base"}, (
            path.name
        )


def test_modules_and_functions_stay_small() -> None:
    long_modules = []
    long_functions = []
    for path in MODULES:
        text = path.read_text("utf-8")
        if text.count("\n") > 400:
            long_modules.append(module_name(path))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60:
                    long_functions.append(f"{module_name(path)}.{node.name} ({length})")
    assert long_modules == []
    assert long_functions == []


# --- rule options ---------------------------------------------------------------------------

BAD_VALUES: dict[str, list[tuple[Any, str]]] = {
    "int": [('"seven"', "expected an integer"), ("true", "expected an integer"), ("2.5", "")],
    "bool": [('"yes"', "expected true or false"), ("1", "expected true or false")],
    "strings": [
        ('"careless"', "expected a list of non-empty strings"),
        ('[""]', "expected a list of non-empty strings"),
        ("[1]", "expected a list of non-empty strings"),
    ],
    "regexes": [
        ('"x"', "expected a list of non-empty strings"),
        ('["("]', "invalid regular expression"),
    ],
}


def option_cases() -> Iterator[tuple[str, str, str, str]]:
    for r in registry.RULES:
        for name, option in r.options.items():
            cases = list(BAD_VALUES[option.kind])
            if option.minimum is not None:
                cases.append((str(option.minimum - 1), f"expected an integer >= {option.minimum}"))
            for value, message in cases:
                yield r.code, name, value, message


@pytest.mark.parametrize(("code", "option", "value", "message"), list(option_cases()))
def test_every_rule_option_rejects_wrong_values_naming_the_key(
    in_tmp: Path, code: str, option: str, value: str, message: str
) -> None:
    (in_tmp / ".pmlint.toml").write_text(f"[rules.{code}]\n{option} = {value}\n")
    (in_tmp / "a.md").write_text("# A\n")
    result = run("check", "a.md")
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("pmlint: error: ")
    assert f"rules.{code}.{option}: {message}" in result.err
    assert len(result.err.splitlines()) == 1


def test_every_option_is_declared_with_a_type() -> None:
    kinds = {o.kind for r in registry.RULES for o in r.options.values()}
    assert kinds <= set(BAD_VALUES)
    assert {r.code for r in registry.RULES if r.options} == {"PM201", "PM401", "PM501", "PM601"}


# --- adding a rule ----------------------------------------------------------------------------


@rule("PM999", "title-shouts", WARNING)
def title_shouts(ctx: Context) -> Iterator[Problem]:
    """A title in capital letters.

    Why: it is the throwaway rule of CONTRIBUTING.md's worked example.

    Bad:
        # CHECKOUT OUTAGE

    Good:
        # Checkout outage
    """
    title = ctx.doc.title
    if title and title.isupper():
        yield Problem(ctx.doc.title_line or 1, f"title {title!r} is in capital letters")


def test_a_new_rule_needs_its_function_a_registry_line_and_a_fixture(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules: tuple[Rule, ...] = (*registry.RULES, title_shouts)
    monkeypatch.setattr(registry, "RULES", rules)
    monkeypatch.setattr(registry, "BY_CODE", {r.code: r for r in rules})
    monkeypatch.setattr(registry, "BY_NAME", {r.name: r for r in rules})
    # ... and `python -m pmlint.docs` regenerates data/rules.json, what configuration reads:
    table = ruleinfo.from_json(rule_table())
    monkeypatch.setattr(ruleinfo, "RULES", table)
    monkeypatch.setattr(ruleinfo, "BY_CODE", {r.code: r for r in table})
    monkeypatch.setattr(ruleinfo, "BY_NAME", {r.name: r for r in table})
    (in_tmp / "shout.md").write_text("# CHECKOUT OUTAGE\n")
    result = run("check", "shout.md", "--select", "title-shouts")
    assert (result.code, result.out) == (
        0,
        "shout.md:1:1: PM999 title 'CHECKOUT OUTAGE' is in capital letters [title-shouts]\n"
        "Found 0 errors and 1 warning in 1 file.\n",
    )
    assert "PM999  title-shouts" in run("rules").out
    assert "Bad:" in run("explain", "PM999").out
    (in_tmp / ".pmlint.toml").write_text('[rules.title-shouts]\nseverity = "error"\n')
    assert run("check", "shout.md", "-q", "--select", "PM9").code == 1
    assert "[PM999](docs/rules/PM999.md)" in readme_table()


def test_the_rule_table_configuration_reads_is_generated_from_the_registry() -> None:
    assert (SRC / "data" / "rules.json").read_text("utf-8") == rule_table_text()
    for info, r in zip(ruleinfo.RULES, registry.RULES, strict=True):
        assert (info.code, info.name, info.severity, info.fixable, info.default_on) == (
            r.code,
            r.name,
            r.severity,
            r.fixable,
            r.default_on,
        )
        assert info.options == r.options and info.defaults == r.defaults


def test_the_readme_rule_table_is_generated_from_the_registry() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    assert with_readme_table(readme) == readme
    assert readme_table().count("\n| [PM") == len(registry.RULES)
