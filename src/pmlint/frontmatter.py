"""Front matter: found at the top of the file, loaded safely, every key with its line.

YAML between ``---`` lines, or TOML between ``+++`` lines (as Hugo and Zola write it).

The loader keeps dates, times, ``yes``/``no`` and sexagesimal numbers as the strings the author
wrote (YAML 1.1 would turn ``13:58`` into 838 and ``2025-03-11`` into a date object), and refuses
aliases and explicit tags outright: an alias bomb or a Python-object tag is invalid front matter,
and so are lists and mappings nested deeper than ``MAX_DEPTH`` (composing them recurses).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

MAX_DEPTH = 32  # lists and mappings within each other; real front matter uses two or three


class FrontMatterError(Exception):
    """Front matter that is not valid YAML, not a mapping, or uses aliases or tags."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class FrontMatter:
    """Where the front matter sits (in lines of the source) and what it holds."""

    end_line: int  # the closing "---" line; the body starts on the line after it
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


@cache
def _loader() -> type:
    """SafeLoader with only YAML 1.2 core resolution for null, bool, int and float."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {}
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
    )
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
    )
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
        list("-+0123456789."),
    )
    return Loader


def find_block(lines: list[str]) -> int | None:
    """Index of the closing ``---`` (or ``...``) line when the file opens with YAML front matter,
    or of the closing ``+++`` line for TOML front matter."""
    opening = lines[0].rstrip() if lines else ""
    closing = {"---": ("---", "..."), "+++": ("+++",)}.get(opening)
    if closing is None:
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in closing:
            return index
    return None


def load(lines: list[str], end: int) -> FrontMatter:
    """Load the front matter held in ``lines[1:end]`` (``end`` from :func:`find_block`)."""
    if lines[0].rstrip() == "+++":
        return _load_toml(lines, end)
    return _load_yaml(lines, end)


_TOML_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")


def _load_toml(lines: list[str], end: int) -> FrontMatter:
    import tomllib

    try:
        data = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        where = int(line) + 1 if isinstance(line, int) else 1
        raise FrontMatterError(f"front matter is not valid TOML: {exc}", where) from None
    except RecursionError:
        raise FrontMatterError("front matter is nested too deeply", 1) from None
    key_lines: dict[str, int] = {}
    for number, text in enumerate(lines[1:end], start=2):
        if text.lstrip().startswith("["):
            break  # tables ([extra]) come after the top-level keys
        m = _TOML_KEY.match(text)
        if m:
            key_lines.setdefault(next(g for g in m.groups() if g), number)
    clean = {str(k): _jsonable(v) for k, v in data.items()}
    return FrontMatter(end_line=end + 1, data=clean, lines=key_lines)


def _load_yaml(lines: list[str], end: int) -> FrontMatter:
    import yaml

    loader = _loader()
    text = "\n".join(lines[1:end])
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            line = event.start_mark.line + 2 if event.start_mark is not None else 1
            if isinstance(event, yaml.AliasEvent):
                raise FrontMatterError("front matter uses a YAML alias (refused)", line)
            tag = getattr(event, "tag", None)  # None unless the author wrote a tag
            if tag is not None:
                raise FrontMatterError(f"front matter uses the YAML tag {tag!r} (refused)", line)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:  # composing it would recurse out
                    raise FrontMatterError(
                        f"front matter nested deeper than {MAX_DEPTH} levels (refused)", line
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 1
        problem = exc.problem or "invalid YAML"
        raise FrontMatterError(f"front matter is not valid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"front matter is not valid YAML: {exc}", 1) from None
    if data is None:
        return FrontMatter(end_line=end + 1)
    if not isinstance(data, dict) or node is None or not isinstance(node, yaml.MappingNode):
        raise FrontMatterError("front matter is not a mapping of keys to values", 2)
    key_lines: dict[str, int] = {}
    for key_node, _value in node.value:
        key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    clean = {str(k): _jsonable(v) for k, v in data.items()}
    return FrontMatter(end_line=end + 1, data=clean, lines=key_lines)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | bool | int | float):
        return value
    return str(value)
