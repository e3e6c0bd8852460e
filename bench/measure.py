"""Timing helpers shared by the benchmarks: wall time of a command, MB/s, ratio tables."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Timing:
    name: str
    seconds: float
    exit_code: int


def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def timed(name: str, argv: list[str], cwd: Path | None = None) -> Timing:
    started = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1, 200, 205):  # scanners exit non-zero when they find things
        tail = proc.stderr.decode(errors="replace").strip().splitlines()[-1:]
        print(f"  {name}: exit {proc.returncode}: {tail}", file=sys.stderr)
    return Timing(name, elapsed, proc.returncode)


def cat_floor(root: Path) -> Timing:
    """Reading every file once: what any scanner must pay at least."""
    script = f"find {shlex_quote(root)} -type f -print0 | xargs -0 cat > /dev/null"
    return timed("cat (floor)", ["bash", "-c", script])


def shlex_quote(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


def tool(name: str) -> str | None:
    """A peer's executable next to this interpreter (the venv) or on PATH."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else shutil.which(name)


def print_table(title: str, size: int, timings: list[Timing], baseline: str) -> None:
    base = next(t.seconds for t in timings if t.name.startswith(baseline))
    print(f"\n{title}: {size / 1e6:.1f} MB")
    print(f"  {'tool':<28}{'seconds':>9}{'MB/s':>9}{'x ' + baseline:>15}")
    for t in timings:
        rate = size / 1e6 / t.seconds
        print(f"  {t.name:<28}{t.seconds:>9.2f}{rate:>9.1f}{t.seconds / base:>15.2f}")


REPO = Path(__file__).resolve().parent.parent


def launchguard_path(explicit: str | None = None) -> str | None:
    """The launchguard to measure: given, this checkout's venv, next to this interpreter, or
    on PATH."""
    if explicit:
        return explicit
    for candidate in (
        REPO / ".venv" / "bin" / "launchguard",
        Path(sys.executable).parent / "launchguard",
    ):
        if candidate.exists():
            return str(candidate)
    return shutil.which("launchguard")


def corpus_relative(raw: str, corpus: Path) -> str:
    """A finding's path, relative to the corpus it came from."""
    path = Path(raw)
    candidates = [path] if path.is_absolute() else [REPO / path, Path.cwd() / path, corpus / path]
    for candidate in candidates:
        try:
            return candidate.resolve().relative_to(corpus.resolve()).as_posix()
        except ValueError:
            continue
    return raw
