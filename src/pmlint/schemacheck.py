"""pmlint's own schemas checked without jsonschema.

The presets' document schemas, the schemas derived from a team's template and the schema of
the configuration use a handful of JSON Schema keywords (``type``, ``required``,
``properties``, ``additionalProperties``, ``propertyNames``, ``items``, ``minimum``,
``maximum``, ``minLength``, ``enum``, ``pattern``, ``format: date``). :func:`iter_errors`
checks those the way jsonschema's ``Draft202012Validator`` with a ``FormatChecker`` does, with
the same error messages and paths, so that a run never imports jsonschema (~40 ms of start-up)
unless it has a user's own ``schema =``. :func:`supported` says whether a schema uses nothing
else. ``tests/test_schemacheck.py`` runs both on every corpus document and fixture and on
generated documents, instances and configurations, and asserts identical errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from numbers import Number
from typing import Any

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Violation:
    """One error, with the attributes of jsonschema's ``ValidationError`` that pmlint reads."""

    absolute_path: Path
    validator: str
    validator_value: Any
    instance: Any
    message: str
    schema_path: Path = ()


_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description"})
_TYPES: dict[str, Callable[[Any], bool]] = {
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, Number) and not isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "string": lambda v: isinstance(v, str),
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)  # as jsonschema's "date" format


def supported(schema: Any) -> bool:
    """Whether ``schema`` (with its references written out) uses only the keywords here."""
    return isinstance(schema, dict) and all(
        key in _ANNOTATIONS or (key in _KNOWN and _KNOWN[key](value))
        for key, value in schema.items()
    )


def _type_names(value: Any) -> bool:
    names = [value] if isinstance(value, str) else value
    return isinstance(names, list) and all(isinstance(n, str) and n in _TYPES for n in names)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


_KNOWN: dict[str, Callable[[Any], bool]] = {
    "type": _type_names,
    "properties": lambda v: isinstance(v, dict) and all(supported(s) for s in v.values()),
    "additionalProperties": lambda v: isinstance(v, bool) or supported(v),
    "propertyNames": supported,
    "items": supported,
    "required": _strings,
    "enum": _strings,
    "minimum": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "maximum": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "minLength": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "pattern": lambda v: isinstance(v, str),
    "format": lambda v: v == "date",
}


def iter_errors(
    schema: dict[str, Any], instance: Any, path: Path = (), schema_path: Path = ()
) -> Iterator[Violation]:
    """The errors of ``instance`` against a :func:`supported` schema, in jsonschema's order:
    keywords in the schema's order (jsonschema visits additional properties in set order,
    which varies between runs; here they come in the instance's order)."""
    for key, value in schema.items():
        check = _CHECKS.get(key)
        if check is not None:
            for message in check(value, instance):
                yield Violation(path, key, value, instance, message, (*schema_path, key))
        elif key in _DESCEND:
            yield from _descend(schema, key, value, instance, path, (*schema_path, key))


_DESCEND = ("properties", "additionalProperties", "propertyNames", "items")


def _descend(
    schema: dict[str, Any], key: str, value: Any, instance: Any, path: Path, at: Path
) -> Iterator[Violation]:
    if key == "items" and isinstance(instance, list):
        for index, item in enumerate(instance):
            yield from iter_errors(value, item, (*path, index), at)
    elif key == "properties" and isinstance(instance, dict):
        for name, sub in value.items():
            if name in instance:
                yield from iter_errors(sub, instance[name], (*path, name), (*at, name))
    elif key == "propertyNames" and isinstance(instance, dict):
        for name in instance:  # the name is the instance; the path stays the object's
            yield from iter_errors(value, name, path, at)
    elif key == "additionalProperties" and isinstance(instance, dict):
        known = schema.get("properties", {})
        extras = [name for name in instance if name not in known]
        if isinstance(value, dict):
            for name in extras:
                yield from iter_errors(value, instance[name], (*path, name), at)
        elif value is False and extras:
            names = ", ".join(repr(name) for name in sorted(extras, key=str))
            verb = "was" if len(extras) == 1 else "were"
            message = f"Additional properties are not allowed ({names} {verb} unexpected)"
            yield Violation(path, key, value, instance, message, at)


Found = Iterator[str]


def _type(value: Any, instance: Any) -> Found:
    names = [value] if isinstance(value, str) else value
    if not any(_TYPES[name](instance) for name in names):
        yield f"{instance!r} is not of type {', '.join(repr(n) for n in names)}"


def _required(value: Any, instance: Any) -> Found:
    if isinstance(instance, dict):
        for name in value:
            if name not in instance:
                yield f"{name!r} is a required property"


def _minimum(value: Any, instance: Any) -> Found:
    if _TYPES["number"](instance) and instance < value:
        yield f"{instance!r} is less than the minimum of {value!r}"


def _maximum(value: Any, instance: Any) -> Found:
    if _TYPES["number"](instance) and instance > value:
        yield f"{instance!r} is greater than the maximum of {value!r}"


def _min_length(value: Any, instance: Any) -> Found:
    if isinstance(instance, str) and len(instance) < value:
        yield f"{instance!r} {'should be non-empty' if value == 1 else 'is too short'}"


def _enum(value: Any, instance: Any) -> Found:
    if not any(isinstance(instance, str) and instance == each for each in value):
        yield f"{instance!r} is not one of {value!r}"


def _pattern(value: Any, instance: Any) -> Found:
    if isinstance(instance, str) and not re.search(value, instance):
        yield f"{instance!r} does not match {value!r}"


def _format(value: Any, instance: Any) -> Found:
    if isinstance(instance, str) and not _is_date(instance):
        yield f"{instance!r} is not a {value!r}"


def _is_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


_CHECKS: dict[str, Callable[[Any, Any], Found]] = {
    "type": _type,
    "required": _required,
    "minimum": _minimum,
    "maximum": _maximum,
    "minLength": _min_length,
    "enum": _enum,
    "pattern": _pattern,
    "format": _format,
}
