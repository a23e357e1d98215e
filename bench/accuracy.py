"""Precision and recall of pmlint on the judged corpus (SPEC §9).

    python bench/accuracy.py              # precision per rule, recall of misses, worst documents
    python bench/accuracy.py --unjudged   # also list every finding that has no verdict
    python bench/accuracy.py --wrong      # also list every finding judged wrong that came back
    python bench/accuracy.py --lost       # also list findings judged right that are gone
    python bench/accuracy.py --sre        # PM101 on google-sre documents under that preset

Every finding pmlint reports on ``tests/corpus/real`` (default configuration) is looked up in
``tests/corpus/judgements.tsv``: a row with the same file, rule and line (and, when its
``match`` column is set, a message containing that text), else a row of that file and rule whose
``match`` text is in the message (PM101 names the missing section; its anchor line moves when
other sections are found), else a row for the file and rule with line ``*`` (a verdict for the
bulk of that rule's findings in that document).
precision = right / (right + wrong); debatable findings count in neither.
``tests/corpus/misses.tsv`` lists defects a careful reviewer finds that a rule promises to catch;
recall = the share of them reported (a finding of that rule on that line; for ``export`` rows,
a timeline entry with a time extracted on that line).
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pmlint.config import ConfigFile, Overrides, resolve
from pmlint.engine import lint_bytes, parse
from pmlint.findings import Finding

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
JUDGEMENTS = CORPUS / "judgements.tsv"
SRE_JUDGEMENTS = CORPUS / "judgements-google-sre.tsv"  # PM101 with template = "google-sre"
MISSES = CORPUS / "misses.tsv"
VERDICTS = ("right", "wrong", "debatable")


@dataclass(frozen=True)
class Judgement:
    file: str
    rule: str
    line: str  # a line number, or "*" for the bulk of the rule's findings in the file
    match: str  # text the message must contain ("" = any)
    verdict: str
    klass: str
    reason: str


@dataclass(frozen=True)
class Miss:
    file: str
    line: int
    rule: str
    note: str


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def judgements(path: Path = JUDGEMENTS) -> list[Judgement]:
    return [
        Judgement(
            r["file"], r["rule"], r["line"], r["match"], r["verdict"], r["class"], r["reason"]
        )
        for r in read_tsv(path)
    ]


def misses() -> list[Miss]:
    return [Miss(r["file"], int(r["line"]), r["rule"], r["note"]) for r in read_tsv(MISSES)]


def findings() -> dict[str, list[Finding]]:
    """Every real document's findings under the default configuration."""
    settings = resolve(ConfigFile(path=None, directory=CORPUS), Overrides())
    found: dict[str, list[Finding]] = {}
    for path in sorted((CORPUS / "real").glob("*.md")):
        name = path.relative_to(CORPUS).as_posix()
        found[name] = lint_bytes(path.read_bytes(), name, settings)
    return found


def sre_report() -> str:
    """PM101 on the google-sre family under ``template = "google-sre"``, against its verdicts."""
    config = ConfigFile(path=None, directory=CORPUS, values={"template": "google-sre"})
    settings = resolve(config, Overrides())
    lookup = Verdicts(judgements(SRE_JUDGEMENTS))
    family = [
        r["file"]
        for r in read_tsv(CORPUS / "MANIFEST.tsv")
        if r["template_family"] == "google-sre" and r["kind"] != "template"
    ]
    counts: Counter[str] = Counter()
    lines = []
    for name in family:
        for f in lint_bytes((CORPUS / name).read_bytes(), name, settings):
            if f.rule != "PM101":
                continue
            row = lookup.of(f)
            verdict = row.verdict if row is not None else "unjudged"
            counts[verdict] += 1
            if verdict != "right":
                lines.append(f"  {verdict:9} {f.path}:{f.line} {f.message}")
    head = " ".join(f"{v} {counts[v]}" for v in ("right", "wrong", "debatable", "unjudged"))
    return "\n".join([f"google-sre PM101 ({len(family)} documents): {head}", *lines])


def _timed_lines(name: str) -> set[int]:
    """Lines of the document's timeline entries that carry a time: an ``export`` miss (an
    entry with a clear time that was not extracted) is caught when its line is one."""
    settings = resolve(ConfigFile(path=None, directory=CORPUS), Overrides())
    parsed = parse((CORPUS / name).read_bytes(), name, settings)
    timeline = parsed.document.timeline if parsed.document is not None else None
    return {e.line for e in timeline.entries if e.moment} if timeline is not None else set()


class Verdicts:
    """Looks up the verdict of a finding."""

    def __init__(self, rows: list[Judgement]) -> None:
        self.exact: dict[tuple[str, str, str], list[Judgement]] = {}
        self.matching: dict[tuple[str, str], list[Judgement]] = {}
        self.bulk: dict[tuple[str, str], Judgement] = {}
        for row in rows:
            if row.line == "*":
                self.bulk[(row.file, row.rule)] = row
            else:
                self.exact.setdefault((row.file, row.rule, row.line), []).append(row)
            if row.match:
                self.matching.setdefault((row.file, row.rule), []).append(row)

    def of(self, f: Finding) -> Judgement | None:
        """The row for this line (with a matching message), else a row whose ``match`` text is
        in the message on another line (a missing section is the same finding wherever it is
        anchored), else the bulk row."""
        rows = self.exact.get((f.path, f.rule, str(f.line)), [])
        for row in sorted(rows, key=lambda r: not r.match):  # specific rows first
            if not row.match or row.match in f.message:
                return row
        for row in self.matching.get((f.path, f.rule), []):
            if row.match in f.message:
                return row
        return self.bulk.get((f.path, f.rule))


@dataclass
class Score:
    verdicts: dict[str, Counter[str]]  # rule -> verdict -> count ("unjudged" included)
    caught: Counter[str]  # rule -> misses reported
    listed: Counter[str]  # rule -> misses listed
    wrong: list[tuple[Finding, Judgement]]
    unjudged: list[Finding]
    missed: list[Miss]
    by_document: Counter[str]  # wrong findings per document
    lost: list[Judgement]  # findings judged right (on a line) that pmlint no longer reports


def score() -> Score:
    lookup = Verdicts(judgements())
    found = findings()
    verdicts: dict[str, Counter[str]] = {}
    wrong: list[tuple[Finding, Judgement]] = []
    unjudged: list[Finding] = []
    by_document: Counter[str] = Counter()
    for items in found.values():
        for f in items:
            row = lookup.of(f)
            verdict = row.verdict if row is not None else "unjudged"
            verdicts.setdefault(f.rule, Counter())[verdict] += 1
            if row is None:
                unjudged.append(f)
            elif verdict == "wrong":
                wrong.append((f, row))
                by_document[f.path] += 1
    reported = {(f.path, f.rule, f.line) for items in found.values() for f in items}
    caught: Counter[str] = Counter()
    listed: Counter[str] = Counter()
    missed: list[Miss] = []
    for miss in misses():
        listed[miss.rule] += 1
        if miss.rule == "export":
            hit = miss.line in _timed_lines(miss.file)
        else:
            hit = (miss.file, miss.rule, miss.line) in reported
        if hit:
            caught[miss.rule] += 1
        else:
            missed.append(miss)
    lost = [
        j
        for j in judgements()
        if j.verdict == "right"
        and j.line != "*"
        and not any(
            f.rule == j.rule and str(f.line) == j.line and j.match in f.message
            for f in found.get(j.file, [])
        )
        and not any(
            f.rule == j.rule and j.match and j.match in f.message for f in found.get(j.file, [])
        )
    ]
    return Score(verdicts, caught, listed, wrong, unjudged, missed, by_document, lost)


def precision(counts: Counter[str]) -> float | None:
    judged = counts["right"] + counts["wrong"]
    return counts["right"] / judged if judged else None


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{100 * value:5.1f}%"


def report(s: Score, show_unjudged: bool, show_wrong: bool, show_lost: bool = False) -> str:
    lines = [f"{'rule':6} {'right':>6} {'wrong':>6} {'debat':>6} {'unjud':>6} {'prec':>7}"]
    total: Counter[str] = Counter()
    for rule in sorted(s.verdicts):
        c = s.verdicts[rule]
        total.update(c)
        lines.append(
            f"{rule:6} {c['right']:6} {c['wrong']:6} {c['debatable']:6} {c['unjudged']:6} "
            f"{_pct(precision(c)):>7}"
        )
    lines.append(
        f"{'all':6} {total['right']:6} {total['wrong']:6} {total['debatable']:6} "
        f"{total['unjudged']:6} {_pct(precision(total)):>7}"
    )
    lines += ["", f"{'misses':6} {'caught':>6} {'listed':>6} {'recall':>7}"]
    for rule in sorted(s.listed):
        recall = s.caught[rule] / s.listed[rule]
        lines.append(f"{rule:6} {s.caught[rule]:6} {s.listed[rule]:6} {_pct(recall):>7}")
    caught, listed = sum(s.caught.values()), sum(s.listed.values())
    lines.append(f"{'all':6} {caught:6} {listed:6} {_pct(caught / listed if listed else None):>7}")
    lines += ["", "documents with the most wrong findings:"]
    lines += [f"  {n:4}  {path}" for path, n in s.by_document.most_common(8)]
    if show_wrong:
        lines += ["", "findings judged wrong that came back:"]
        lines += [f"  {f.path}:{f.line} {f.rule} {f.message}  [{j.klass}]" for f, j in s.wrong]
    lines += ["", f"findings judged right that are gone: {len(s.lost)}"]
    if show_lost:
        lines += [f"  {j.file}:{j.line} {j.rule} {j.match}  [{j.reason}]" for j in s.lost]
    if show_unjudged:
        lines += ["", "findings with no verdict:"]
        lines += [f"  {f.path}:{f.line} {f.rule} {f.message}" for f in s.unjudged]
        lines += ["", "misses not reported:"]
        lines += [f"  {m.file}:{m.line} {m.rule} {m.note}" for m in s.missed]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unjudged", action="store_true", help="list unjudged findings, misses")
    parser.add_argument("--wrong", action="store_true", help="list findings judged wrong")
    parser.add_argument("--lost", action="store_true", help="list right findings now gone")
    parser.add_argument("--sre", action="store_true", help="PM101 under the google-sre preset")
    args = parser.parse_args()
    if args.sre:
        print(sre_report())
        return
    print(report(score(), args.unjudged, args.wrong, args.lost))


if __name__ == "__main__":
    main()
