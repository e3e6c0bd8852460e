"""What the unsafe-log analysis adds to `launchguard scan` on source-heavy trees.

    python bench/logs_overhead.py [--runs 11]

Two corpora: real code (every .py file of this interpreter's site-packages and every .js/.ts
file of the fixture's node_modules, copied once under bench/out/real-code/), and the generated
sources corpus of bench/throughput.py (every file there has a logger call, so it is the worst
case for the analysis' prefilter). Scans with and without `--no-logs` alternate `--runs`
times; wall time and CPU time (the log worker process included) are compared.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import sysconfig
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import timed, tool, tree_bytes

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
NODE_MODULES = ROOT.parent / "tests" / "fixtures" / "vite-app" / "node_modules"


def real_code() -> Path:
    target = OUT / "real-code"
    if (target / ".complete").exists():
        return target
    print(f"copying real code into {target} ...", flush=True)
    site = Path(sysconfig.get_paths()["purelib"])
    for base, patterns in ((site, ("*.py",)), (NODE_MODULES, ("*.js", "*.mjs", "*.ts"))):
        for pattern in patterns:
            for path in base.rglob(pattern):
                if path.is_file() and not path.name.endswith(".min.js"):
                    dest = target / base.name / path.relative_to(base)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, dest)
    (target / ".complete").write_text("ok")
    return target


def _run(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the log worker included) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = timed("scan", argv).seconds
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def compare(name: str, corpus: Path, runs: int) -> None:
    """Runs alternate with and without the analysis, so that a machine getting busier or
    quieter affects both alike; the medians of each, and of the per-pair ratios, are shown."""
    lg = tool("launchguard")
    if lg is None:
        sys.exit("launchguard is not installed in this interpreter's environment")
    base = [lg, "scan", str(corpus), "--all-files", "--format", "json", "--no-progress"]
    timed("warm-up", base)
    pairs = [(_run([*base, "--no-logs"]), _run(base)) for _ in range(runs)]
    without = statistics.median(p[0][0] for p in pairs)
    with_logs = statistics.median(p[1][0] for p in pairs)
    without_cpu = statistics.median(p[0][1] for p in pairs)
    with_cpu = statistics.median(p[1][1] for p in pairs)
    ratio = statistics.median(p[1][0] / p[0][0] for p in pairs)
    size = tree_bytes(corpus) / 1e6
    print(f"\n{name}: {size:.1f} MB, {runs} alternating pairs")
    print("                     wall       CPU (user+sys, worker included)")
    print(f"  scan --no-logs   {without:7.2f} s  {without_cpu:7.2f} s")
    print(f"  scan (logs on)   {with_logs:7.2f} s  {with_cpu:7.2f} s")
    print(f"  overhead (median of the pairs' ratios): {100 * (ratio - 1):5.1f} %  (target <= 30 %)")
    print(f"  CPU added: {100 * (with_cpu / without_cpu - 1):5.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    compare("real code (site-packages + node_modules)", real_code(), args.runs)
    generated = OUT / "sources-200mb"
    if generated.exists():
        compare("generated sources corpus (worst case)", generated, args.runs)
    else:
        print("\n(run bench/throughput.py once to generate the sources corpus)")


if __name__ == "__main__":
    main()
