"""Accuracy benchmark: regenerate the labelled corpus, scan it with launchguard, score it.

    .venv/bin/python bench/accuracy.py [--seed N] [--scanner PATH]

A positive is found when any finding (any severity, info included) sits on its path and line.
A negative is a false alarm when a finding above info sits on its path and line. Raw secret
values are never printed: misses show only where they are, false alarms show the finding's own
redacted preview.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import accuracy_corpus
from measure import corpus_relative, launchguard_path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out" / "accuracy"
CORPUS = OUT / "corpus"
SILENT_STRAY = ("dotenv-file-committed",)  # whole-file findings, expected on line 1 of .env files
SEVERITY = {"info": 0, "low": 1, "medium": 2, "high": 3, "blocker": 4}

Label = dict[str, object]
Finding = dict[str, object]


@dataclass(frozen=True)
class Outcome:
    label: Label
    hits: list[Finding]  # findings on the labelled line that count

    @property
    def ok(self) -> bool:
        """Found (positives) or left alone (negatives)."""
        return bool(self.hits) if self.label["label"] == "secret" else not self.hits


def run_scanner(scanner: str) -> tuple[list[Finding], dict[str, object], float]:
    argv = [scanner, "scan", str(CORPUS), "--all-files", "--format", "json", "--no-progress"]
    started = time.perf_counter()
    proc = subprocess.run(argv, cwd=REPO, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1, 3):
        tail = proc.stderr.decode(errors="replace").strip().splitlines()[-3:]
        sys.exit(f"launchguard exited {proc.returncode}: {tail}")
    report = json.loads(proc.stdout)
    findings: list[Finding] = report["findings"]
    for finding in findings:
        finding.pop("secret", None)  # never keep raw values, even if a flag slipped in
    (OUT / "findings.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if proc.returncode == 3:
        print("warning: launchguard reports an incomplete scan (exit 3)")
    return findings, report.get("stats", {}), elapsed


_CELL = re.compile(r"^(?P<path>.+\.ipynb)#cell-(?P<cell>\d+)$")


def notebook_line(path: str, cell: int, line: int) -> int | None:
    """File line of line ``line`` of cell ``cell`` (both 1-based, as launchguard reports them).

    Jupyter writes one source line per JSON string, one string per file line, so the cell's
    ``"source": [`` line plus ``line`` is where that source line sits in the file.
    """
    text = (CORPUS / path).read_text(encoding="utf-8").splitlines()
    starts = [i for i, x in enumerate(text, 1) if x.strip() == '"source": [']
    return starts[cell - 1] + line if 0 < cell <= len(starts) else None


def location(finding: Finding) -> tuple[str, int]:
    path, line = corpus_relative(str(finding["path"]), CORPUS), int(str(finding["line"]))
    match = _CELL.match(path)
    if match:  # notebooks are reported per cell; map back to the file line that was labelled
        mapped = notebook_line(match["path"], int(match["cell"]), line)
        if mapped is not None:
            return match["path"], mapped
    return path, line


def index_findings(findings: list[Finding]) -> dict[tuple[str, int], list[Finding]]:
    index: dict[tuple[str, int], list[Finding]] = defaultdict(list)
    for finding in findings:
        index[location(finding)].append(finding)
    return index


def score(labels: list[Label], index: dict[tuple[str, int], list[Finding]]) -> list[Outcome]:
    outcomes = []
    for label in labels:
        found = index.get((str(label["path"]), int(str(label["line"]))), [])
        if label["label"] == "negative":
            found = [f for f in found if SEVERITY.get(str(f["severity"]), 0) > 0]
        outcomes.append(Outcome(label, found))
    return outcomes


def rate(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "  -  "


def table(title: str, outcomes: list[Outcome], key: str, count_ok: bool) -> None:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[str(outcome.label[key])].append(outcome)
    print(f"\n{title}")
    for name in sorted(groups):
        group = groups[name]
        hits = sum(o.ok == count_ok for o in group)
        print(f"  {name:<24}{hits:>5}/{len(group):<5}{rate(hits, len(group)):>7}")


def describe(finding: Finding) -> str:
    return f"{finding['rule']} [{finding['severity']}] {finding['redacted']}"


def nearby(label: Label, index: dict[tuple[str, int], list[Finding]]) -> str:
    line = int(str(label["line"]))
    notes = [
        f"L{other}: {f['rule']}"
        for other in range(line - 3, line + 4)
        if other != line
        for f in index.get((str(label["path"]), other), [])
    ]
    return f"  (nearby: {'; '.join(notes[:3])})" if notes else ""


def print_misses(outcomes: list[Outcome], index: dict[tuple[str, int], list[Finding]]) -> None:
    misses = [o for o in outcomes if o.label["label"] == "secret" and not o.ok]
    totals = Counter(str(o.label["provider"]) for o in outcomes if o.label["label"] == "secret")
    by_provider: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in misses:
        by_provider[str(outcome.label["provider"])].append(outcome)
    print(f"\nMisses: {len(misses)} positives with no finding on their line, by provider")
    for provider in sorted(by_provider, key=lambda p: (-len(by_provider[p]), p)):
        group = by_provider[provider]
        print(f"  {provider} ({len(group)}/{totals[provider]} missed)")
        for o in group:
            lab = o.label
            where = f"{lab['path']}:{lab['line']}"
            print(
                f"    {lab['file_type']:<10} {where:<58} [{lab['kind_of_context']}]"
                + nearby(lab, index)
            )


def print_false_alarms(outcomes: list[Outcome]) -> None:
    alarms = [o for o in outcomes if o.label["label"] == "negative" and not o.ok]
    by_category: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in alarms:
        by_category[str(outcome.label["category"])].append(outcome)
    print(f"\nFalse alarms: {len(alarms)} negatives with a finding above info, by category")
    for category in sorted(by_category, key=lambda c: (-len(by_category[c]), c)):
        group = by_category[category]
        print(f"  {category} ({len(group)})")
        for o in sorted(group, key=lambda o: str(o.label["provider"])):
            lab = o.label
            where = f"{lab['path']}:{lab['line']}"
            print(f"    {lab['provider']:<24} {where:<56} [{lab['kind_of_context']}]")
            for finding in o.hits:
                print(f"      -> {describe(finding)}")


def print_unlabelled(labels: list[Label], index: dict[tuple[str, int], list[Finding]]) -> None:
    labelled = {(str(lab["path"]), int(str(lab["line"]))) for lab in labels}
    stray = [f for key, group in index.items() if key not in labelled for f in group]
    rules = Counter(f"{f['rule']} [{f['severity']}]" for f in stray)
    print(f"\nFindings on unlabelled lines (context lines, filler, control bundles): {len(stray)}")
    for rule, n in rules.most_common(12):
        print(f"  {n:>4}  {rule}")
    for f in stray:
        if f["rule"] not in SILENT_STRAY:
            print(f"    e.g. {f['path']}:{f['line']} {describe(f)}")


def print_exactness(outcomes: list[Outcome]) -> None:
    found = [o for o in outcomes if o.label["label"] == "secret" and o.ok]
    exact = sum(
        any(f.get("secret_sha256") == o.label["value_sha256"] for f in o.hits) for o in found
    )
    print(
        "\nFound positives whose reported secret is exactly the planted value: "
        f"{exact}/{len(found)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=accuracy_corpus.SEED)
    parser.add_argument("--scanner", help="launchguard executable (default: the repo's .venv)")
    args = parser.parse_args()

    started = time.perf_counter()
    shutil.rmtree(CORPUS, ignore_errors=True)
    labels = accuracy_corpus.generate(CORPUS, args.seed)
    (OUT / "labels.json").write_text(json.dumps(labels, indent=1) + "\n", encoding="utf-8")
    generated = time.perf_counter() - started
    scanner = launchguard_path(args.scanner)
    if scanner is None:
        sys.exit("launchguard not found: pass --scanner")
    findings, stats, scanned = run_scanner(scanner)
    index = index_findings(findings)
    outcomes = score(labels, index)

    files = sum(1 for p in CORPUS.rglob("*") if p.is_file())
    print(
        f"corpus: {files} files, {stats.get('bytes', 0) / 1e6:.1f} MB, seed {args.seed}, "
        f"generated in {generated:.1f}s; scanned in {scanned:.1f}s "
        f"({stats.get('backend', '?')}, {len(findings)} findings)"
    )
    positives = [o for o in outcomes if o.label["label"] == "secret"]
    negatives = [o for o in outcomes if o.label["label"] == "negative"]
    table("Recall by file type (found/positives)", positives, "file_type", True)
    table("False-alarm rate by negative category (alarms/negatives)", negatives, "category", False)
    print_misses(outcomes, index)
    print_false_alarms(outcomes)
    print_unlabelled(labels, index)
    print_exactness(outcomes)
    found = sum(o.ok for o in positives)
    alarms = sum(not o.ok for o in negatives)
    print(
        f"\nrecall={rate(found, len(positives))} false_alarms={rate(alarms, len(negatives))} "
        f"(positives={len(positives)} negatives={len(negatives)})"
    )


if __name__ == "__main__":
    main()
