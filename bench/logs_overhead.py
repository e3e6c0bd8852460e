"""What the unsafe-log analysis adds to `launchguard scan` on source-heavy trees.

    python bench/logs_overhead.py [--runs 3]

Two corpora: real code (every .py file of this interpreter's site-packages and every .js/.ts
file of the fixture's node_modules, copied once under bench/out/real-code/), and the generated
sources corpus of bench/throughput.py (every file there has a logger call, so it is the worst
case for the analysis' prefilter). Each scan runs `--runs` times with and without `--no-logs`;
the medians of wall time and of CPU time (the log worker process included) are compared.
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


def median_seconds(argv: list[str], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds over `runs` runs."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(timed("scan", argv).seconds)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def compare(name: str, corpus: Path, runs: int) -> None:
    lg = tool("launchguard")
    if lg is None:
        sys.exit("launchguard is not installed in this interpreter's environment")
    base = [lg, "scan", str(corpus), "--all-files", "--format", "json", "--no-progress"]
    timed("warm-up", base)
    without, without_cpu = median_seconds([*base, "--no-logs"], runs)
    with_logs, with_cpu = median_seconds(base, runs)
    size = tree_bytes(corpus) / 1e6
    print(f"\n{name}: {size:.1f} MB          wall        CPU (user+sys, worker included)")
    print(f"  scan --no-logs   {without:7.2f} s   {without_cpu:7.2f} s")
    print(f"  scan (logs on)   {with_logs:7.2f} s   {with_cpu:7.2f} s")
    print(
        f"  overhead         {100 * (with_logs / without - 1):6.1f} %   "
        f"{100 * (with_cpu / without_cpu - 1):6.1f} %   (target: wall <= 30 %)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    compare("real code (site-packages + node_modules)", real_code(), args.runs)
    generated = OUT / "sources-200mb"
    if generated.exists():
        compare("generated sources corpus (worst case)", generated, args.runs)
    else:
        print("\n(run bench/throughput.py once to generate the sources corpus)")


if __name__ == "__main__":
    main()
