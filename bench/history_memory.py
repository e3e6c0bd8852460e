"""Peak memory of `launchguard history` on the history benchmark's repository.

    python bench/history_memory.py [--commits 20000] [--mb 300] [--repo PATH]

The repository is bench/history.py's (generated once, then reused). launchguard runs once with
`--format json --output /dev/null`; a sampler reads /proc every 20 ms for launchguard and
every process below it (the git children, the log worker). Printed: the resident high-water
mark (VmHWM, kept by the kernel, so exact) of launchguard's own process and of the largest
child, and the peak of the whole tree's proportional set size (Pss: a page shared by several
processes, such as git's mapped pack, is counted once in total), each against the 500 MB
target. Linux only (/proc).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from history import arguments, describe, repository
from measure import tool

TARGET_MB = 500
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _field(pid: int, name: str, field: str) -> int:
    """A `kB` field of /proc/PID/status or smaps_rollup, in bytes; 0 once the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def _peak(pid: int) -> int:
    return _field(pid, "status", "VmHWM")  # the kernel's resident high-water mark


def _proportional(pid: int) -> int:
    """Resident memory with shared pages (git's mapped pack, a forked worker's copy-on-write
    pages) divided among the processes sharing them, so that a sum does not count them twice."""
    return _field(pid, "smaps_rollup", "Pss")


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return []  # the process ended
    for task in tasks:
        try:
            kids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue  # a thread that ended since the listing
    return kids


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += _children(current)
    return pids


class Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.own_peak = 0
        self.tree_peak = 0
        self.child_peak = 0
        self.child_name = ""

    def run(self) -> None:
        while not self.stop.wait(0.02):
            pids = _tree(self.pid)
            self.own_peak = max(self.own_peak, _peak(self.pid))
            self.tree_peak = max(self.tree_peak, sum(_proportional(p) for p in pids))
            for p in pids[1:]:
                if (size := _peak(p)) > self.child_peak:
                    self.child_peak, self.child_name = size, _name(p)


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:60]
    except OSError:
        return "?"


def measure(root: Path, lg: str) -> None:
    argv = [lg, "history", "--no-progress", "--format", "json", "--output", "/dev/null"]
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=root)
    sampler = Sampler(proc.pid)
    sampler.start()
    _, status, _ = os.wait4(proc.pid, 0)
    sampler.stop.set()
    sampler.join()
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    rows = [
        ("launchguard's own process (VmHWM)", sampler.own_peak),
        (f"largest child (VmHWM): {sampler.child_name}", sampler.child_peak),
        ("whole process tree at one moment (sum of Pss)", sampler.tree_peak),
    ]
    print(f"launchguard history: exit {code}, {seconds:.1f} s")
    for label, size in rows:
        mb = size / (1 << 20)
        verdict = "under" if mb < TARGET_MB else "OVER"
        print(f"  {mb:7.1f} MB  {mb / TARGET_MB:5.2f}x of {TARGET_MB} MB ({verdict})  {label}")


def main() -> None:
    args = arguments(__doc__)
    lg = tool("launchguard")
    if lg is None:
        sys.exit("launchguard is not installed in this environment")
    root = repository(args)
    describe(root)
    measure(root, lg)


if __name__ == "__main__":
    main()
