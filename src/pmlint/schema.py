"""The document schema: loaded from the package (or a user's file), validated, errors on lines.

The packaged default is ``data/postmortem.schema.json``; ``schema/postmortem.schema.json`` at the
repository root is the same bytes (a test keeps them identical). A schema that refers to anything
outside itself is refused: pmlint never fetches.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import unquote

from pmlint.packagedata import read_bytes
from pmlint.source import UnreadableError, read_source

MAX_SCHEMA_SIZE = 10 * 1024 * 1024  # a user's schema file, at most


class SchemaLoadError(Exception):
    """The configured schema cannot be used; the message names the file and the reason."""


@dataclass(frozen=True)
class SchemaError:
    """One validation error, already placed on the nearest source line."""

    path: tuple[str | int, ...]
    validator: str
    message: str
    line: int
    missing: str | None = None  # for "required": the missing property


@dataclass(frozen=True)
class LoadedSchema:
    schema: dict[str, Any]
    raw: bytes
    origin: str  # "default" or the file's path


def schema_name(template: str) -> str:
    """The file name of a template's built-in schema (in ``schema/`` and the package)."""
    return "postmortem.schema.json" if template == "atlassian" else f"{template}.schema.json"


def default_schema_bytes(template: str = "atlassian") -> bytes:
    return read_bytes(schema_name(template))


@cache
def load_schema(
    path: str | None, template: str = "atlassian", derived: bytes | None = None
) -> LoadedSchema:
    """A user's schema file, else the derived schema of a team's template, else the preset's."""
    if path is None:
        raw = derived if derived is not None else default_schema_bytes(template)
        origin = "default"
    else:
        try:
            raw = read_source(path, MAX_SCHEMA_SIZE)  # not a pipe or a device either
        except UnreadableError as exc:
            raise SchemaLoadError(f"schema {path}: {exc}") from None
        except OSError as exc:
            raise SchemaLoadError(f"schema {path}: cannot read ({exc.strerror})") from None
        origin = path
    try:
        schema = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SchemaLoadError(f"schema {origin}: not valid JSON ({exc})") from None
    except RecursionError:
        raise SchemaLoadError(f"schema {origin}: nested too deeply") from None
    if not isinstance(schema, dict):
        raise SchemaLoadError(f"schema {origin}: not a JSON object")
    for ref in _refs(schema):
        if not ref.startswith("#"):
            raise SchemaLoadError(
                f"schema {origin}: refers to {ref!r}; only references within the schema "
                "('#/...') are allowed, pmlint never fetches"
            )
    if path is not None:  # the built-in schemas are checked by the test suite
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import SchemaError as MetaError

        try:
            Draft202012Validator.check_schema(schema)
        except MetaError as exc:
            raise SchemaLoadError(
                f"schema {origin}: not a valid JSON Schema ({exc.message})"
            ) from None
        except RecursionError:
            raise SchemaLoadError(f"schema {origin}: nested too deeply") from None
        problem = reference_problem(schema)
        if problem is not None:
            raise SchemaLoadError(f"schema {origin}: {problem}")
    return LoadedSchema(schema=schema, raw=raw, origin=origin)


# Keywords whose values are data, not subschemas: a "$ref" inside them refers to nothing.
_DATA = ("enum", "const", "default", "examples")
# Keywords that apply subschemas to the same place in the document (not a part of it).
_IN_PLACE = ("not", "if", "then", "else")
_IN_PLACE_LISTS = ("allOf", "anyOf", "oneOf")
_REFS = ("$ref", "$dynamicRef")


def _walk(schema: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Every subschema object with the root of the resource it is in (its nearest "$id"),
    without recursion: a schema nested thousands deep is walked like any other."""
    stack: list[tuple[Any, dict[str, Any]]] = [(schema, schema)]
    while stack:
        node, resource = stack.pop()
        if isinstance(node, list):
            stack.extend((item, resource) for item in node)
        elif isinstance(node, dict):
            own_id = node.get("$id")
            if node is not schema and isinstance(own_id, str) and not own_id.startswith("#"):
                resource = node
            yield node, resource
            stack.extend((v, resource) for k, v in node.items() if k not in _DATA)


def _refs(schema: dict[str, Any]) -> Iterator[str]:
    for node, _ in _walk(schema):
        for key in _REFS:
            if isinstance(node.get(key), str):
                yield node[key]


_Edges = dict[int, list[tuple[dict[str, Any], str | None]]]


def reference_problem(schema: dict[str, Any]) -> str | None:
    """Why the schema's references cannot be followed: one that points at nothing, or a loop
    of them that never descends into the document (validation would recurse forever)."""
    resources = {id(node): resource for node, resource in _walk(schema)}
    anchors: dict[tuple[int, str], dict[str, Any]] = {}
    nodes: list[dict[str, Any]] = []
    for node, resource in _walk(schema):
        nodes.append(node)
        for key in ("$anchor", "$dynamicAnchor"):
            if isinstance(node.get(key), str):
                anchors[(id(resource), node[key])] = node
    # _Edges to the subschemas that apply at the same place: the $ref targets, allOf, not, ...
    edges: _Edges = {}
    for node in nodes:
        out: list[tuple[dict[str, Any], str | None]] = []
        for key in _REFS:
            ref = node.get(key)
            if not isinstance(ref, str) or not ref.startswith("#"):
                continue
            target = _follow(ref, resources[id(node)], anchors)
            if target is None:
                return f"{key} {ref!r} points at nothing in the schema"
            if isinstance(target, dict):
                out.append((target, ref))
        edges[id(node)] = out + _in_place(node)
    return _loop(nodes, edges)


def _in_place(node: dict[str, Any]) -> list[tuple[dict[str, Any], str | None]]:
    """The subschemas of ``node`` that apply to the same place in the document."""
    out: list[tuple[dict[str, Any], str | None]] = []
    for key in _IN_PLACE:
        if isinstance(node.get(key), dict):
            out.append((node[key], None))
    for key in _IN_PLACE_LISTS:
        if isinstance(node.get(key), list):
            out.extend((item, None) for item in node[key] if isinstance(item, dict))
    if isinstance(node.get("dependentSchemas"), dict):
        out.extend((v, None) for v in node["dependentSchemas"].values() if isinstance(v, dict))
    return out


def _loop(nodes: list[dict[str, Any]], edges: _Edges) -> str | None:
    """A loop among the edges never ends (it passes a $ref: the schema itself is a tree).
    Depth-first, without recursion; each step on the path remembers the $ref it came by."""
    state: dict[int, int] = {}  # 1: on the current path, 2: done
    for root in nodes:
        if id(root) in state:
            continue
        state[id(root)] = 1
        path: list[tuple[dict[str, Any], int, str | None]] = [(root, 0, None)]
        while path:
            node, index, came_by = path[-1]
            out = edges[id(node)]
            if index == len(out):
                state[id(node)] = 2
                path.pop()
                continue
            path[-1] = (node, index + 1, came_by)
            target, ref = out[index]
            if state.get(id(target)) == 1:
                start = next(i for i, step in enumerate(path) if step[0] is target)
                loop = [r for _, _, r in path[start + 1 :] if r] + ([ref] if ref else [])
                return (
                    f"$ref {loop[0]!r} leads back to itself without descending into the "
                    "document (validation would never end)"
                )
            if id(target) not in state:
                state[id(target)] = 1
                path.append((target, 0, ref))
    return None


def _follow(
    ref: str, resource: dict[str, Any], anchors: dict[tuple[int, str], dict[str, Any]]
) -> Any:
    """The subschema a "#..." reference points at within its resource, or None."""
    fragment = unquote(ref[1:])
    if not fragment:
        return resource
    if not fragment.startswith("/"):
        return anchors.get((id(resource), fragment))
    node: Any = resource
    for part in fragment[1:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node if isinstance(node, dict | bool) else None


@cache
def _validator(path: str | None, template: str, derived: bytes | None) -> Any:
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry

    def refuse(uri: str) -> Any:
        raise SchemaLoadError(f"schema refers to {uri!r}; pmlint never fetches")

    loaded = load_schema(path, template, derived)
    return Draft202012Validator(
        _inline(loaded.schema),
        format_checker=FormatChecker(),
        registry=Registry(retrieve=refuse),  # type: ignore[call-arg]
    )


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with its local ``#/$defs/...`` references written out in place, which
    validates several times faster; a schema whose references nest too deep (recursion) is
    returned unchanged."""
    defs = schema.get("$defs", {})

    def expand(node: Any, depth: int) -> Any:
        if depth > 20:
            raise RecursionError
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
                target = defs.get(ref[len("#/$defs/") :])
                if isinstance(target, dict):
                    return expand(target, depth + 1)
            return {k: expand(v, depth + 1) for k, v in node.items()}
        if isinstance(node, list):
            return [expand(v, depth + 1) for v in node]
        return node

    try:
        return dict(expand(schema, 0))
    except RecursionError:
        return schema


@cache
def _builtin(template: str, derived: bytes | None) -> dict[str, Any] | None:
    """A built-in schema (a preset's or a team template's) with its references written out,
    when :mod:`pmlint.schemacheck` can check it without jsonschema."""
    from pmlint import schemacheck

    schema = _inline(load_schema(None, template, derived).schema)
    return schema if schemacheck.supported(schema) else None


def validate(
    data: dict[str, Any],
    path: str | None,
    template: str = "atlassian",
    derived: bytes | None = None,
    use_jsonschema: bool = False,
) -> list[SchemaError]:
    """Validate a document and place every error on the nearest line of the source.

    With a built-in schema, the extracted lists (timeline entries, why steps, action items)
    are left out: pmlint builds them to that schema, the test suite validates whole exports
    against it, and they are most of the validation time. A user's schema sees everything.
    A built-in schema is checked by :mod:`pmlint.schemacheck` (no jsonschema to import), a
    user's by jsonschema; ``use_jsonschema`` sends a built-in one there too (the tests compare).
    """
    errors: list[SchemaError] = []
    seen: set[tuple[tuple[str | int, ...], str | None, str]] = set()
    checked = data if path is not None else _without_extracted_lists(data)
    builtin = _builtin(template, derived) if path is None and not use_jsonschema else None
    if builtin is not None:
        from pmlint.schemacheck import iter_errors

        found: Iterable[Any] = iter_errors(builtin, checked)
    else:
        found = _validator(path, template, derived).iter_errors(checked)
    for error in found:
        where = tuple(error.absolute_path)
        missing: str | None = None
        if error.validator == "required" and isinstance(error.instance, dict):
            for name in error.validator_value:
                if name not in error.instance and (where, name, "required") not in seen:
                    missing = name
                    break
            if missing is None:
                continue
        key = (where, missing, str(error.validator) if missing else error.message)
        if key in seen:
            continue
        seen.add(key)
        errors.append(
            SchemaError(
                path=where,
                validator=str(error.validator),
                message=error.message,
                line=nearest_line(data, where),
                missing=missing,
            )
        )
    return errors


_EXTRACTED = {"timeline": "entries", "five_whys": "steps", "corrective_actions": "items"}


def _without_extracted_lists(data: dict[str, Any]) -> dict[str, Any]:
    sections = data.get("sections")
    if not isinstance(sections, dict):
        return data
    trimmed = dict(sections)
    for key, field in _EXTRACTED.items():
        section = trimmed.get(key)
        if isinstance(section, dict) and section.get(field):
            trimmed[key] = {**section, field: []}
    return {**data, "sections": trimmed}


def nearest_line(data: dict[str, Any], where: tuple[str | int, ...]) -> int:
    """Follow ``where`` into the document; the line of the deepest node that has one."""
    line = data.get("title_line") or 1
    if where and where[0] in ("metadata", "metadata_lines"):
        lines = data.get("metadata_lines", {})
        if len(where) > 1 and isinstance(where[1], str) and where[1] in lines:
            return int(lines[where[1]])
        return int(line)
    node: Any = data
    for step in where:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("line"), int):
            line = node["line"]
    return int(line)


def format_path(where: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in where) or "document"
