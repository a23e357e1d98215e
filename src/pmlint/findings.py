"""The records that travel between layers: a rule's Problem and the engine's Finding."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"
OFF = "off"
SEVERITIES = (ERROR, WARNING, OFF)


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` of the file (as decoded, BOM excluded) with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Problem:
    """What a rule yields: where, and what is wrong. The engine adds everything else."""

    line: int
    message: str
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    edits: tuple[Edit, ...] = ()  # a fix, applied all together or not at all
    # Lines this problem speaks for, when more than its own (the engine's precedence table
    # drops a less specific rule's findings there): ((first, last), ...).
    scope: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Finding:
    """One finding in one file; :meth:`sort_key` orders by path, line, column and rule code."""

    path: str
    line: int
    column: int
    rule: str
    end_line: int
    end_column: int
    name: str
    severity: str
    message: str
    fixable: bool = False
    edits: tuple[Edit, ...] = field(default=(), compare=False, repr=False)
    context: str = field(default="", compare=False, repr=False)  # the finding's line, stripped

    def sort_key(self) -> tuple[str, int, int, str]:
        """Findings that tie keep the order their rule reported them in (sorts are stable)."""
        return (self.path, self.line, self.column, self.rule)

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "fixable": self.fixable,
        }
