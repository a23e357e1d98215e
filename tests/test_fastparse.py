"""pmlint's own marko parser (pmlint.fastparse) builds exactly marko's tree, so pmlint reports
exactly the same findings with either parser.

Trees are compared twice: as marko's ASTRenderer prints them, and node by node with every
attribute (the source spans pmlint reads included) and the class of each node. Inputs: every
document in tests/corpus and tests/fixtures, every example of the CommonMark and GFM specs
(tests/spec), and generated Markdown.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import marko
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marko.ast_renderer import ASTRenderer
from marko.block import Paragraph
from marko.element import Element, _SourceMap
from marko.ext.gfm import gfm

from conftest import FIXTURES, TESTS
from pmlint import fastparse
from pmlint import markdown as pm_markdown
from pmlint.config import ConfigFile, Overrides, resolve
from pmlint.engine import lint_bytes

DOCUMENTS = sorted([*TESTS.glob("corpus/*/*.md"), *FIXTURES.rglob("*.md")])
SPEC = json.loads((TESTS / "spec" / "examples.json").read_text("utf-8"))
SETTINGS = resolve(ConfigFile(path=None, directory=TESTS / "corpus"), Overrides())

# marko (stock, 2.2.4) never returns on a tab followed by spaces and a quote marker after a
# list marker or a quote ("-\t  >", ">\t  >"): such inputs are left out of the generated ones.
MARKO_HANGS = re.compile(r"\t *>")


def rendered(document: Element) -> Any:
    with ASTRenderer() as renderer:
        return renderer.render(document)


def nodes(element: Element) -> Any:
    """Every node as (class name, attributes, children), spans and private fields included."""
    attributes = {
        # marko leaves a position map (no __eq__) on empty table cells: compare its positions
        k: list(v) if isinstance(v, _SourceMap) else v
        for k, v in vars(element).items()
        if k != "children"
    }
    children = getattr(element, "children", None)
    if isinstance(children, list):
        children = [nodes(child) for child in children]
    return type(element).__name__, attributes, children


def same_classes(stock: Element, fast: Element) -> bool:
    """Each fast node is an instance of the stock node's class (pmlint tests isinstance)."""
    if not isinstance(fast, type(stock)):
        return False
    a, b = getattr(stock, "children", None), getattr(fast, "children", None)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_classes(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b)


def differences(text: str) -> list[str]:
    stock, fast = gfm.parse(text), fastparse.parse(text)
    found = []
    if rendered(stock) != rendered(fast):
        found.append("ASTRenderer output")
    if nodes(stock) != nodes(fast):
        found.append("nodes or attributes")
    if not same_classes(stock, fast):
        found.append("classes")
    return found


def variants(text: str) -> list[str]:
    """The text with LF, CRLF and CR line endings."""
    return [text, text.replace("\n", "\r\n"), text.replace("\n", "\r")]


@pytest.mark.parametrize("path", DOCUMENTS, ids=[f"{p.parent.name}/{p.name}" for p in DOCUMENTS])
def test_every_corpus_and_fixture_document_parses_to_the_same_tree(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    assert differences(text) == []


def test_the_comparison_sees_a_changed_span() -> None:
    stock = gfm.parse("Some *emphasis* here.\n")
    fast = fastparse.parse("Some *emphasis* here.\n")
    paragraph = fast.children[0]
    assert isinstance(paragraph, Paragraph)
    paragraph.children[1].source_span = (6, 15)  # the emphasis
    assert nodes(stock) != nodes(fast)
    assert rendered(stock) != rendered(fast)


@pytest.mark.parametrize("spec", ["commonmark", "gfm"])
def test_every_spec_example_parses_to_the_same_tree(spec: str) -> None:
    examples: list[str] = SPEC[spec]
    assert len(examples) > 600
    wrong = [
        (number, ending, found)
        for number, example in enumerate(examples, start=1)
        for ending, text in zip(("LF", "CRLF", "CR"), variants(example), strict=True)
        if (found := differences(text))
    ]
    assert wrong == []


# --- generated Markdown ---------------------------------------------------------------------

CONTAINERS = [" ", "  ", "   ", "    ", "\t", "> ", ">", " > ", "- ", "* ", "+ ", "1. ", "2) "]
CONTAINERS += ["10. ", "  - ", "   1. ", "-\t", "- [ ] ", "- [x] ", "\u00a0"]
STARTS = ["# ", "## ", "###### ", "#", "#5 ", "```", "```py", "~~~", "````", "<div>", "</div>"]
STARTS += ["<!-- ", "-->", "<pre>", "</pre>", "<script>", "</script>", "<?x ", "<!X ", "<a b='c'>"]
STARTS += ["[a]: /u 'T'", "[b]:", "/v", "---", "***", "___", "- - -", "===", "--", "> [!NOTE]"]
STARTS += ["[!WARNING]", "1.", "-", "\\#", "*", "_", "0) ", "1234567890. ", "\u0663. "]
INLINES = ["word", "two words", "*em*", "**strong**", "_u_", "__uu__", "***x***", "*a _b* c_"]
INLINES += ["`code`", "``a`b``", "`open", "[link](http://x.y 'title')", "[ref]", "[a]", "[b][a]"]
INLINES += ['[x](<a b> "t")', "![img](/i.png)", "<http://a.b>", "<me@x.org>", "www.example.com"]
INLINES += ["https://x.org/a_(b)", "a@b.co", "~~del~~", "~s~", "<span>", "</span>", "<!-- c -->"]
INLINES += ["\\*", "\\", "  ", "|", "\\|", "&amp;", "&#35;", "[", "]", "(", ")", "!", "*", "_", "<"]
INLINES += [">", "\t", "\u3000", "\u00a0", "é", "\U0001f600"]
ENDINGS = ["\n", "\n", "\n", "\r\n", "\r", "  \n", "\\\n"]

line = st.builds(
    lambda containers, start, words, ending: "".join(containers) + start + " ".join(words) + ending,
    st.lists(st.sampled_from(CONTAINERS), max_size=3),
    st.sampled_from(["", "", "", *STARTS]),
    st.lists(st.sampled_from(INLINES) | st.text("ab *_`[]()<>|\\!~-", max_size=6), max_size=6),
    st.sampled_from(ENDINGS),
)


@st.composite
def table(draw: st.DrawFn) -> str:
    columns = draw(st.integers(1, 4))
    cell = st.sampled_from(["", "a", " b ", "*em*", "`c|d`", "a \\| b", "[l](u)", "<i>", "1:00"])
    pipes = draw(st.booleans())

    def row(cells: list[str]) -> str:
        inner = " | ".join(cells)
        return f"| {inner} |\n" if pipes else inner + "\n"

    header = row(draw(st.lists(cell, min_size=columns, max_size=columns)))
    delimiter = row(
        draw(
            st.lists(
                st.sampled_from(["---", ":--", "--:", ":-:", "-"]),
                min_size=columns,
                max_size=columns,
            )
        )
    )
    body = [
        row(draw(st.lists(cell, min_size=1, max_size=5))) for _ in range(draw(st.integers(0, 4)))
    ]
    indent = draw(st.sampled_from(["", "", " ", "> ", "- "]))
    return "".join(indent + r for r in [header, delimiter, *body])


documents = (
    st.lists(line | table(), min_size=1, max_size=14)
    .map("".join)
    .filter(lambda text: not MARKO_HANGS.search(text))
)


@given(documents)
def test_generated_markdown_parses_to_the_same_tree(text: str) -> None:
    assert differences(text) == []


@pytest.mark.slow
@settings(max_examples=1000)
@given(documents)
def test_more_generated_markdown_parses_to_the_same_tree(text: str) -> None:
    assert differences(text) == []


# --- pmlint with either parser -----------------------------------------------------------------


def findings_with_either_parser(
    paths: list[Path], monkeypatch: pytest.MonkeyPatch
) -> tuple[list[Any], list[Any]]:
    def findings() -> list[Any]:
        return [lint_bytes(path.read_bytes(), path.name, SETTINGS) for path in paths]

    fast = findings()
    monkeypatch.setenv("PMLINT_STOCK_MARKO", "1")
    return fast, findings()


def test_findings_on_the_fixtures_are_the_same_with_either_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fixtures = sorted(FIXTURES.rglob("*.md"))
    fast, stock = findings_with_either_parser(fixtures, monkeypatch)
    assert fast == stock
    assert sum(len(found) for found in fast) > 20


@pytest.mark.slow
def test_findings_on_the_corpus_are_the_same_with_either_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    corpus = sorted(TESTS.glob("corpus/*/*.md"))
    assert len(corpus) > 100
    fast, stock = findings_with_either_parser(corpus, monkeypatch)
    assert fast == stock
    assert sum(len(found) for found in fast) > 100


def test_pmlint_parses_with_the_fast_parser_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    def fast(text: str) -> Any:
        calls.append(text)
        return gfm.parse(text)

    monkeypatch.setattr(fastparse, "parse", fast)
    pm_markdown.parse_markdown("default\n")
    monkeypatch.setenv("PMLINT_STOCK_MARKO", "1")
    pm_markdown.parse_markdown("stock\n")
    monkeypatch.setenv("PMLINT_STOCK_MARKO", "0")
    pm_markdown.parse_markdown("zero\n")
    monkeypatch.delenv("PMLINT_STOCK_MARKO")
    monkeypatch.setattr(fastparse, "ACTIVE", False)  # another marko release
    pm_markdown.parse_markdown("other marko\n")
    assert calls == ["default\n", "zero\n"]


def test_the_fast_parser_is_written_for_the_installed_marko() -> None:
    # A tripwire: another marko release makes pmlint fall back to marko's own (slower) parser.
    # Run this module against it, then update fastparse.MARKO_VERSION (and the pin).
    assert marko.__version__ == fastparse.MARKO_VERSION
    assert fastparse.ACTIVE
