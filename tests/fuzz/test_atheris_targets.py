"""Each atheris harness runs a bounded, coverage-guided session and finds nothing.

Each target runs in its own interpreter (libFuzzer ends the process when it is done) for a
fixed number of inputs: a few seconds each. Skipped only where atheris is not installed (it
has wheels for CPython 3.11 to 3.13 on x86-64 Linux).
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.fuzz.targets import TARGETS

pytest.importorskip("atheris")

ROOT = Path(__file__).resolve().parents[2]
RUNS = 3000
# Per input: a hang is a failure too. Far above what any input here takes.
INPUT_SECONDS = 20


def _fuzz(target: str, scratch: Path) -> str | None:
    """None when the session ran its inputs and found nothing; else what went wrong."""
    scratch.mkdir()
    env = {**os.environ, "FUZZ_SCRATCH": str(scratch), "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "-m",
        "tests.fuzz.atheris_targets",
        target,
        f"-runs={RUNS}",
        f"-timeout={INPUT_SECONDS}",
        "-seed=1",  # the same inputs on every run: a failure here reproduces
        f"-artifact_prefix={scratch}/",
    ]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode == 0 and f"Done {RUNS} runs" in done.stderr:
        return None
    saved = sorted(p.name for p in scratch.iterdir() if p.name.startswith(("crash-", "timeout-")))
    return f"{target}: exit {done.returncode}, saved {saved}\n{done.stderr[-3000:]}"


def test_atheris_finds_nothing(tmp_path: Path) -> None:
    """Two sessions at a time: one per core."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {t: pool.submit(_fuzz, t, tmp_path / t) for t in sorted(TARGETS)}
    failures = [problem for run in runs.values() if (problem := run.result()) is not None]
    assert failures == []
