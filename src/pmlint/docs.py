"""Generate the rule documentation pages from the rule docstrings.

``python -m pmlint.docs docs/rules`` writes ``README.md`` (the index) and one ``PMxxx.md``
per rule; a test checks that the committed pages match.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pmlint.rules import RULES, Rule


def page(rule: Rule) -> str:
    default = rule.severity if rule.default_on else f"off (a {rule.severity} when selected)"
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        f"- Default severity: {default}",
        f"- Fixable: {'yes' if rule.fixable else 'no'}",
    ]
    if rule.options:
        options = ", ".join(f"`{k}` (default `{v!r}`)" for k, v in rule.options.items())
        lines.append(f"- Options: {options}")
    body = rule.doc.split("\n")
    lines += ["", body[0], ""]
    example: list[str] | None = None
    for text in [*body[1:], ""]:
        label = text.strip()
        if label.startswith(("Bad", "Good")) and label.endswith(":"):
            if example is not None:
                lines += [*_trim(example), "```", ""]
            example = []
            lines += [f"**{label}**", "", "```markdown"]
            continue
        if example is not None:
            if text.startswith("    ") or not text.strip():
                example.append(text[4:])
                continue
            lines += [*_trim(example), "```", ""]
            example = None
        lines.append(text)
    if example is not None:
        lines += [*_trim(example), "```"]
    return "\n".join(lines).rstrip() + "\n"


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def index() -> str:
    lines = [
        "# pmlint rules",
        "",
        "| code | name | default | fixable | summary |",
        "|---|---|---|---|---|",
    ]
    for r in RULES:
        severity = r.severity if r.default_on else "off"
        lines.append(
            f"| [{r.code}]({r.code}.md) | `{r.name}` | {severity} | "
            f"{'yes' if r.fixable else ''} | {r.summary} |"
        )
    return "\n".join(lines) + "\n"


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = [directory / "README.md"]
    written[0].write_text(index(), encoding="utf-8")
    for r in RULES:
        target = directory / f"{r.code}.md"
        target.write_text(page(r), encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":  # pragma: no cover
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")):
        print(path)
