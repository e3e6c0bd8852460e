"""Start-up: warm-cache `launchguard scan` and `launchguard hook` on a 5-file folder.

    python bench/startup.py [--runs 20]

Prints the median wall time of each command next to `python -c pass` (the interpreter's own
floor) and `detect-secrets-hook` on the same files, and the slowest imports of one run
(`python -X importtime`), so a regression names its module.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import tool

FILES = {
    "app.py": "import os\n\ndef main():\n    return os.environ.get('HOME')\n" * 20,
    "web/index.js": "export function f(a, b) { return a + b; }\n" * 40,
    "config.yaml": "server:\n  port: 8080\n  host: 0.0.0.0\n" * 20,
    "README.md": "# demo\n\nSome text about the project.\n" * 30,
    "package.json": '{"name": "demo", "version": "1.0.0", "private": true}\n',
}


def median_seconds(argv: list[str], runs: int, cwd: Path) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def slowest_imports(argv: list[str], cwd: Path, top: int = 8) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], cwd=cwd, capture_output=True, text=True
    )
    rows = []
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    rows.sort(reverse=True)
    return [f"{us / 1000:7.1f} ms {name}" for us, name in rows[:top]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    lg = tool("launchguard")
    if lg is None:
        sys.exit("launchguard is not installed in this environment")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, text in FILES.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        names = list(FILES)
        subprocess.run([lg, "scan", "."], cwd=root, stdout=subprocess.DEVNULL)  # warm the cache
        rows = [
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("launchguard scan .", [lg, "scan", "."]),
            ("launchguard hook FILES", [lg, "hook", *names]),
        ]
        ds = tool("detect-secrets-hook")
        if ds:
            rows.append(("detect-secrets-hook FILES", [ds, *names]))
        results = [(label, median_seconds(argv, args.runs, root)) for label, argv in rows]
        base = dict(results)["launchguard hook FILES"]
        print(f"median of {args.runs} runs, warm rule cache, 5 files")
        for label, seconds in results:
            print(f"  {label:<28}{seconds * 1000:8.1f} ms {seconds / base:8.2f}x hook")
        print("slowest imports of `launchguard hook`:")
        for row in slowest_imports(["-m", "launchguard", "hook", *names], root):
            print("  " + row)


if __name__ == "__main__":
    main()
