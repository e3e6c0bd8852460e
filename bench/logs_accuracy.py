"""Unsafe-log accuracy: launchguard (and semgrep, for comparison) on a hand-labelled corpus.

    .venv/bin/python bench/logs_accuracy.py [--scanner PATH] [--semgrep PATH]

Every log/print call in bench/logs_corpus/ carries a label on the first line of the call:
`# expect: unsafe (kind)` or `# expect: safe (kind)` in Python, `// expect: ...` in JS/TS; the
kind in brackets is optional and only used to group the results. A labelled call counts as
flagged when a finding sits on its line. Precision also charges findings on unlabelled lines
as false alarms: every log call in the corpus is labelled, so such a finding is either a false
alarm or a slip in the corpus (both worth a look); they are listed apart.

launchguard's findings of kind "unsafe-log" are scored. semgrep, when found (on PATH or via
--semgrep), runs the local rules in bench/logs_semgrep/ (a reproduction of its public Python
logging rule plus a clearly marked JS/TS port, see the files) and is scored on the same labels,
for all rules and for the public rule alone. Exits 0 whatever the numbers: a benchmark.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from measure import corpus_relative, launchguard_path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "bench" / "logs_corpus"
SEMGREP_RULES = REPO / "bench" / "logs_semgrep"
OUT = REPO / "bench" / "out" / "logs_accuracy"
KIND = "unsafe-log"
ALLOW = "launchguard:allow"

PYTHON_SUFFIXES = {".py"}
JS_SUFFIXES = {".js", ".cjs", ".mjs", ".jsx", ".ts", ".cts", ".mts", ".tsx"}
LABEL = re.compile(r"(?:#|//)\s*expect:\s*(?P<verdict>unsafe|safe)\b(?:\s*\((?P<kind>[\w-]+)\))?")
PY_LEVELS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
# A JS/TS call that looks like logging; `app.error(async ...)` (a handler) is not a call to log.
JS_SINK = re.compile(
    r"(?:\bconsole\.\w+|\.(?:log|info|warn|error|debug|trace|fatal|verbose))\("
    r"(?!\s*(?:async\b|function\b))"
)
SOURCE_WIDTH = 110

Key = tuple[str, int]


@dataclass(frozen=True)
class Label:
    path: str  # relative to the corpus, with forward slashes
    line: int
    unsafe: bool
    kind: str
    language: str
    source: str


@dataclass(frozen=True)
class Hit:
    path: str
    line: int
    rule: str
    origin: str  # "launchguard", or a semgrep rule's bench-origin ("public" / "port")


@dataclass(frozen=True)
class Score:
    caught: list[Label]  # unsafe and flagged
    missed: list[Label]  # unsafe and not flagged
    alarms: list[Label]  # safe and flagged
    quiet: list[Label]  # safe and not flagged
    stray: dict[Key, list[Hit]]  # flagged lines that carry no label

    @property
    def precision(self) -> float | None:
        flagged = len(self.caught) + len(self.alarms) + len(self.stray)
        return len(self.caught) / flagged if flagged else None

    @property
    def recall(self) -> float | None:
        positives = len(self.caught) + len(self.missed)
        return len(self.caught) / positives if positives else None


def language_of(path: Path) -> str | None:
    if path.suffix in PYTHON_SUFFIXES:
        return "python"
    if path.suffix in JS_SUFFIXES:
        return "js/ts"
    return None


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.is_file() and language_of(p) is not None)


def read_labels(corpus: Path) -> list[Label]:
    labels = []
    for path in corpus_files(corpus):
        rel = path.relative_to(corpus).as_posix()
        language = language_of(path) or "?"
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = LABEL.search(text)
            if match:
                labels.append(
                    Label(
                        path=rel,
                        line=number,
                        unsafe=match["verdict"] == "unsafe",
                        kind=match["kind"] or "-",
                        language=language,
                        source=text.strip(),
                    )
                )
    return labels


def python_sink_lines(text: str) -> set[int]:
    """First lines of print(...) and <anything>.<log level>(...) calls."""
    lines = set()
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (isinstance(func, ast.Name) and func.id == "print") or (
            isinstance(func, ast.Attribute) and func.attr in PY_LEVELS
        ):
            lines.add(node.lineno)
    return lines


def js_sink_lines(text: str) -> set[int]:
    return {n for n, line in enumerate(text.splitlines(), 1) if JS_SINK.search(line)}


def lint_labels(corpus: Path, labels: list[Label]) -> list[str]:
    """Log-looking calls without a label and labels on lines without one (a heuristic for JS)."""
    labelled = {(lab.path, lab.line) for lab in labels}
    problems = []
    for path in corpus_files(corpus):
        rel = path.relative_to(corpus).as_posix()
        text = path.read_text(encoding="utf-8")
        try:
            sinks = (
                python_sink_lines(text) if language_of(path) == "python" else js_sink_lines(text)
            )
        except SyntaxError as exc:
            problems.append(f"{rel}:{exc.lineno}: does not parse: {exc.msg}")
            continue
        source = text.splitlines()
        problems += [
            f"{rel}:{n}: log call without a label: {clip(source[n - 1])}"
            for n in sorted(sinks)
            if (rel, n) not in labelled
        ]
        problems += [
            f"{rel}:{n}: label on a line with no log call: {clip(source[n - 1])}"
            for p, n in sorted(labelled)
            if p == rel and n not in sinks
        ]
    return problems


def clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= SOURCE_WIDTH else text[: SOURCE_WIDTH - 1] + "…"


def run_tool(argv: list[str], cwd: Path, ok_codes: tuple[int, ...]) -> dict[str, object] | None:
    """Run a scanner that prints one JSON document; None (after saying why) if it failed."""
    try:
        proc = subprocess.run(argv, cwd=cwd, capture_output=True, check=False, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"  could not run {argv[0]}: {exc}")
        return None
    if proc.returncode not in ok_codes:
        tail = proc.stderr.decode(errors="replace").strip().splitlines()[-5:]
        print(f"  {Path(argv[0]).name} exited {proc.returncode}:")
        for line in tail:
            print(f"    {line}")
        return None
    try:
        document: dict[str, object] = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        print(f"  {Path(argv[0]).name} printed no JSON report: {exc}")
        return None
    return document


def launchguard_hits(scanner: str, corpus: Path) -> list[Hit] | None:
    argv = [scanner, "scan", str(corpus), "--format", "json", "--no-progress", "--all-files"]
    report = run_tool(argv, REPO, ok_codes=(0, 1, 3))
    if report is None:
        return None
    findings = report.get("findings")
    if not isinstance(findings, list):
        print("  launchguard's report has no findings list")
        return None
    kept = []
    for finding in findings:
        if finding.get("kind") != KIND:
            continue
        finding.pop("secret", None)  # never keep raw values, even if a flag slipped in
        kept.append(finding)
    save("launchguard.json", kept)
    return [
        Hit(corpus_relative(str(f["path"]), corpus), int(f["line"]), str(f["rule"]), "launchguard")
        for f in kept
    ]


def semgrep_hits(semgrep: str, rules: Path, corpus: Path) -> list[Hit] | None:
    argv = [
        semgrep,
        "scan",
        "--config",
        str(rules),
        "--json",
        "--metrics=off",
        "--disable-version-check",
        "--no-git-ignore",
        "--quiet",
        ".",
    ]
    report = run_tool(argv, corpus, ok_codes=(0, 1))
    if report is None:
        return None
    results = report.get("results")
    if not isinstance(results, list):
        print("  semgrep's report has no results list")
        return None
    save("semgrep.json", results)
    hits = []
    for result in results:
        metadata = result.get("extra", {}).get("metadata", {})
        hits.append(
            Hit(
                corpus_relative(str(result["path"]), corpus),
                int(result["start"]["line"]),
                str(result["check_id"]).rsplit(".", 1)[-1],
                str(metadata.get("bench-origin", "unknown")),
            )
        )
    return hits


def save(name: str, data: object) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def score(labels: list[Label], hits: list[Hit]) -> Score:
    index: dict[Key, list[Hit]] = defaultdict(list)
    for hit in hits:
        index[(hit.path, hit.line)].append(hit)
    flagged = {(lab.path, lab.line): (lab.path, lab.line) in index for lab in labels}
    return Score(
        caught=[lab for lab in labels if lab.unsafe and flagged[(lab.path, lab.line)]],
        missed=[lab for lab in labels if lab.unsafe and not flagged[(lab.path, lab.line)]],
        alarms=[lab for lab in labels if not lab.unsafe and flagged[(lab.path, lab.line)]],
        quiet=[lab for lab in labels if not lab.unsafe and not flagged[(lab.path, lab.line)]],
        stray={key: group for key, group in index.items() if key not in flagged},
    )


def shown(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def summary_line(name: str, result: Score) -> str:
    flagged = len(result.caught) + len(result.alarms) + len(result.stray)
    positives = len(result.caught) + len(result.missed)
    return (
        f"{name}: precision={rate(result.precision)} ({len(result.caught)}/{flagged})  "
        f"recall={rate(result.recall)} ({len(result.caught)}/{positives})  "
        f"false alarms on safe calls={len(result.alarms)}/{len(result.alarms) + len(result.quiet)}"
        f"  on unlabelled lines={len(result.stray)}"
    )


def print_corpus(labels: list[Label], corpus: Path) -> None:
    files = len({lab.path for lab in labels})
    print(f"corpus: {shown(corpus)}: {len(labels)} labelled log calls in {files} files")
    table: Counter[tuple[str, str, str]] = Counter(
        (lab.language, "unsafe" if lab.unsafe else "safe", lab.kind) for lab in labels
    )
    for language in sorted({lab.language for lab in labels}):
        for verdict in ("unsafe", "safe"):
            row = {k: n for (lang, v, k), n in table.items() if lang == language and v == verdict}
            kinds = ", ".join(f"{k} {n}" for k, n in sorted(row.items(), key=lambda kv: -kv[1]))
            print(f"  {language:<7}{verdict:<7}{sum(row.values()):>4}  {kinds}")


def print_breakdown(result: Score) -> None:
    groups: dict[tuple[str, str], list[tuple[Label, bool]]] = defaultdict(list)
    for lab in result.caught + result.missed:
        groups[("recall", f"{lab.language} {lab.kind}")].append((lab, lab in result.caught))
    for lab in result.alarms + result.quiet:
        groups[("quiet", f"{lab.language} {lab.kind}")].append((lab, lab in result.quiet))
    for measure, title in (("recall", "flagged/unsafe"), ("quiet", "left alone/safe")):
        print(f"  by kind ({title}):")
        names = sorted(name for m, name in groups if m == measure)
        for name in names:
            group = groups[(measure, name)]
            good = sum(ok for _, ok in group)
            print(f"    {name:<28}{good:>4}/{len(group):<4}")


def print_labels(title: str, labels: list[Label]) -> None:
    print(f"  {title}: {len(labels)}")
    for lab in labels:
        print(f"    {lab.path}:{lab.line}  [{lab.kind}]  {clip(lab.source)}")


def print_stray(result: Score, corpus: Path) -> None:
    print(f"  findings on unlabelled lines: {len(result.stray)}")
    for (path, line), group in sorted(result.stray.items()):
        rules = ", ".join(sorted({h.rule for h in group}))
        try:
            text = (corpus / path).read_text(encoding="utf-8").splitlines()[line - 1]
        except (OSError, IndexError):
            text = "?"
        print(f"    {path}:{line}  ({rules})  {clip(text)}")


def print_result(
    name: str, labels: list[Label], hits: list[Hit], corpus: Path, details: bool
) -> None:
    result = score(labels, hits)
    print(f"\n== {summary_line(name, result)}")
    for language in sorted({lab.language for lab in labels}):
        subset = [lab for lab in labels if lab.language == language]
        same = [h for h in hits if language_of(Path(h.path)) == language]
        print("  " + summary_line(language, score(subset, same)))
    if not details:
        return
    if not hits:
        print("  no findings at all: precision is n/a, every unsafe call is a miss")
    rules = Counter(h.rule for h in hits)
    print("  findings by rule: " + ", ".join(f"{r} {n}" for r, n in rules.most_common()))
    print_breakdown(result)
    print_labels("misses (unsafe, not flagged)", result.missed)
    print_labels("false alarms (safe, flagged)", result.alarms)
    print_stray(result, corpus)


def run_semgrep_part(explicit: str | None, rules: Path, labels: list[Label], corpus: Path) -> None:
    semgrep = explicit or shutil.which("semgrep")
    print(f"\nsemgrep ({shown(rules)})")
    if semgrep is None:
        print(
            "  not found: pass --semgrep PATH (it is on PyPI: "
            "python3 -m venv /tmp/semgrep-venv && /tmp/semgrep-venv/bin/pip install semgrep)"
        )
        return
    hits = semgrep_hits(semgrep, rules, corpus)
    if hits is None:
        return
    origins = Counter(h.origin for h in hits)
    print(f"  {len(hits)} findings by origin: {dict(sorted(origins.items()))}")
    # `launchguard:allow` is launchguard's own suppression: those calls are not scored here.
    scored = [lab for lab in labels if ALLOW not in lab.source]
    allowed = {(lab.path, lab.line) for lab in labels if ALLOW in lab.source}
    hits = [h for h in hits if (h.path, h.line) not in allowed]
    print(f"  {len(labels) - len(scored)} calls marked {ALLOW} are left out of its score")
    public = [h for h in hits if h.origin == "public"]
    print_result("semgrep, public rule only", scored, public, corpus, details=False)
    print_result("semgrep, all local rules", scored, hits, corpus, details=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scanner", help="launchguard executable (default: the repo's .venv)")
    parser.add_argument("--semgrep", help="semgrep executable (default: semgrep on PATH)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="labelled corpus folder")
    parser.add_argument("--semgrep-rules", type=Path, default=SEMGREP_RULES)
    parser.add_argument("--no-semgrep", action="store_true", help="skip the semgrep comparison")
    args = parser.parse_args()

    corpus = args.corpus.resolve()
    labels = read_labels(corpus)
    print_corpus(labels, corpus)
    problems = lint_labels(corpus, labels)
    if problems:
        print(f"\ncorpus lint: {len(problems)} problem(s), fix the labels:")
        for problem in problems:
            print(f"  {problem}")

    scanner = launchguard_path(args.scanner)
    print(f"\nlaunchguard ({scanner or 'not found: pass --scanner'})")
    hits = launchguard_hits(scanner, corpus) if scanner else None
    if hits is not None:
        print_result("launchguard", labels, hits, corpus, details=True)
    if not args.no_semgrep:
        run_semgrep_part(args.semgrep, args.semgrep_rules.resolve(), labels, corpus)


if __name__ == "__main__":
    main()
