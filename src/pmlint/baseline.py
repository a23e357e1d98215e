"""A findings baseline: adopt pmlint in a repository whose postmortems already have findings.

``pmlint baseline`` records every current finding in ``.pmlint-baseline.json`` at the
repository root. ``pmlint check`` then reports only findings not in it. A finding is
identified by its rule, its file, and the text of its line with whitespace folded (not the
line number), so edits elsewhere in the file leave the baseline valid; identical lines count
as many times as they were recorded. Entries that no longer match a finding are *stale*: the
problem was fixed, and re-running ``pmlint baseline`` shrinks the file.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pmlint.findings import Finding

FILENAME = ".pmlint-baseline.json"
Key = tuple[str, str, str]


class BaselineError(Exception):
    """The baseline file cannot be read; the message names it."""


def key(f: Finding) -> Key:
    return (f.path, f.rule, f.context)


def write(path: Path, findings: list[Finding]) -> int:
    entries = sorted(
        (
            {
                "path": f.path,
                "rule": f.rule,
                "line_text": f.context,
                "line": f.line,
                "message": f.message,
            }
            for f in findings
            if f.rule != "PM000"
        ),
        key=lambda e: (e["path"], e["line"], e["rule"], e["message"]),
    )
    payload = {"version": 1, "findings": entries}
    text = json.dumps(payload, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    from pmlint.fix import write_atomically

    if path.exists():
        write_atomically(path, text.encode("utf-8"))
    else:
        path.write_text(text, encoding="utf-8")
    return len(entries)


@dataclass
class Baseline:
    counts: Counter[Key]

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text("utf-8"))
            entries = data["findings"]
            counts: Counter[Key] = Counter(
                (str(e["path"]), str(e["rule"]), str(e["line_text"])) for e in entries
            )
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read ({exc.strerror})") from None
        except (ValueError, KeyError, TypeError, RecursionError):
            raise BaselineError(f"{path}: not a pmlint baseline (run 'pmlint baseline')") from None
        return cls(counts)

    def filter(self, findings: list[Finding], linted: set[str]) -> tuple[list[Finding], int, int]:
        """The findings not in the baseline, how many were baselined, how many entries of the
        linted files are stale."""
        left = Counter(self.counts)
        kept: list[Finding] = []
        baselined = 0
        for f in findings:
            k = key(f)
            if left[k] > 0 and f.rule != "PM000":
                left[k] -= 1
                baselined += 1
            else:
                kept.append(f)
        stale = sum(n for (path, _rule, _text), n in left.items() if n > 0 and path in linted)
        return kept, baselined, stale
