"""Plain globs are matched without pathspec, exactly as pathspec matches them."""

from __future__ import annotations

import subprocess
import sys

import pathspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmlint.config import DEFAULT_EXCLUDE, DEFAULT_INCLUDE
from pmlint.globs import _regex, glob_matches

NAMES = ["a", "b", "docs", "postmortems", "README.md", "x.md", "index.md", "é", "a b", "a+b(c)"]
PARTS = [*NAMES, "*", "**", "*.md", "post*", "*template*.md", "x*y", ".", "..", "", "a$^|{}"]
OTHER = ["!a", "/a", "a/", "#a", "a?", "a[bc]", "a\\*", " a", "a ", "a//b", "", "/"]
PLAIN = [
    *DEFAULT_INCLUDE,
    *DEFAULT_EXCLUDE,
    *("*", "**", "**/*", "*/**", "*/*", "**/*/**", "*/**/*", "a/*", "*/a", "***", "a/**/*"),
    *("**/**/a", "a/**/**", "a/**/b/**/c*", "x/**", ".", "a/./b", "a/../b", "é*", "a+(b)|c$"),
]


def pathspec_matches(patterns: list[str], path: str) -> bool:
    return bool(pathspec.GitIgnoreSpec.from_lines(patterns).match_file(path))


plain = st.lists(st.sampled_from(PARTS), min_size=1, max_size=4).map("/".join)
odd = st.builds(
    lambda prefix, pattern, suffix: prefix + pattern + suffix,
    st.sampled_from(["", "!", "/", "#", " "]),
    plain,
    st.sampled_from(["", "/", " ", "?"]),
)
paths = st.builds(
    lambda prefix, parts: prefix + "/".join(parts),
    st.sampled_from(["", "", "./", "/"]),
    st.lists(
        st.sampled_from([*NAMES, "postmortems-2025", "a\nb", "README.md\n", "*", ""]),
        min_size=1,
        max_size=5,
    ),
)


@settings(max_examples=500)
@given(st.lists(plain, min_size=1, max_size=3), st.lists(paths, min_size=1, max_size=5))
def test_plain_patterns_match_as_pathspec_matches_them(
    patterns: list[str], paths: list[str]
) -> None:
    for path in paths:
        assert glob_matches(patterns, path) == pathspec_matches(patterns, path), (patterns, path)


@given(st.lists(plain | odd, max_size=3), st.lists(paths, min_size=1, max_size=5))
def test_any_patterns_match_as_pathspec_matches_them(patterns: list[str], paths: list[str]) -> None:
    for path in paths:
        assert glob_matches(patterns, path) == pathspec_matches(patterns, path), (patterns, path)


@pytest.mark.parametrize(
    "path", ["docs/x.md", "./docs/x.md", "/docs/x.md", ".//docs/x.md", "docs/x.md/y", "x.md"]
)
def test_paths_are_normalised_as_pathspec_does(path: str) -> None:
    for pattern in ("docs/*.md", "**/docs/*.md", "x.md", "docs/**"):
        assert glob_matches([pattern], path) == pathspec_matches([pattern], path)


@pytest.mark.parametrize("pattern", PLAIN)
def test_plain_patterns_make_pathspecs_expression(pattern: str) -> None:
    made = pathspec.GitIgnoreSpec.from_lines([pattern]).patterns[0].regex.pattern
    assert _regex(pattern) == made.replace("(?P<ps_d>/)", "/")


@pytest.mark.parametrize("pattern", OTHER)
def test_other_patterns_go_to_pathspec(pattern: str) -> None:
    assert _regex(pattern) is None


def test_plain_patterns_do_not_import_pathspec() -> None:
    code = (
        "import sys\n"
        "from pmlint.globs import glob_matches\n"
        "print(glob_matches(['**/README.md'], 'docs/README.md'), 'pathspec' in sys.modules)\n"
        "print(glob_matches(['docs/[ab].md'], 'docs/a.md'), 'pathspec' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["True False", "True True"]
