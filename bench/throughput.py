"""Throughput: launchguard vs the `cat` floor, Kingfisher and detect-secrets, same files.

    python bench/throughput.py [--sources-mb 200] [--minified-mb 50] [--no-detect-secrets]

Corpora are generated once under bench/out/ (deterministic) and reused. Each tool runs once
after a warm-up read, so all of them see a warm page cache. Ratios > 1 mean slower than
launchguard.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_minified, write_sources
from measure import Timing, cat_floor, print_table, timed, tool, tree_bytes

OUT = Path(__file__).resolve().parent / "out"


def corpus(name: str, mb: int, writer: object) -> Path:
    root = OUT / f"{name}-{mb}mb"
    if not (root / ".complete").exists():
        print(f"generating {root} ...", flush=True)
        writer(root, mb)  # type: ignore[operator]
        (root / ".complete").write_text("ok")
    return root


def run_all(root: Path, with_detect_secrets: bool) -> list[Timing]:
    cat_floor(root)  # warm the page cache
    timings = [cat_floor(root)]
    lg = tool("launchguard")
    if lg:  # warm its compiled-rules cache, as a developer's machine has it
        timed("warm-up", [lg, "scan", str(Path(__file__).parent / "corpus.py")])
        timings.append(
            timed(
                "launchguard",
                # --no-logs: the peers scan for secrets only; what the unsafe-log analysis
                # adds is measured on its own by bench/logs_overhead.py.
                [
                    lg,
                    "scan",
                    str(root),
                    "--all-files",
                    "--no-logs",
                    "--format=json",
                    "--no-progress",
                ],
            )
        )
    kf = tool("kingfisher")
    if kf:
        timings.append(
            timed(
                "kingfisher",
                [
                    kf,
                    "scan",
                    str(root),
                    "--no-validate",
                    "--git-history",
                    "none",
                    "--format",
                    "json",
                    "--output",
                    "/dev/null",
                ],
            )
        )
    ds = tool("detect-secrets")
    if ds and with_detect_secrets:
        timings.append(timed("detect-secrets", [ds, "scan", "--all-files", str(root)], cwd=root))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sources-mb", type=int, default=200)
    parser.add_argument("--minified-mb", type=int, default=50)
    parser.add_argument("--no-detect-secrets", action="store_true")
    args = parser.parse_args()
    for name, mb, writer in (
        ("sources", args.sources_mb, write_sources),
        ("minified", args.minified_mb, write_minified),
    ):
        root = corpus(name, mb, writer)
        timings = run_all(root, not args.no_detect_secrets)
        print_table(f"{name} corpus {root.name}", tree_bytes(root), timings, "launchguard")


if __name__ == "__main__":
    main()
