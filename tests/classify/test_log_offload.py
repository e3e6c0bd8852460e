"""The worker process that analyses logs beside a large scan: same findings as analysing
everything in the scan's own threads, whatever happens to the worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from launchguard.classify.log_offload import Offload, second_core
from launchguard.classify.log_types import LogHit
from launchguard.classify.unsafe_logs import LogCheck, analysable, report, start_offload
from launchguard.findings import Finding
from launchguard.units import Origin, Unit

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "logs_corpus"

pytestmark = pytest.mark.skipif(not second_core(), reason="the worker needs a second core")


def _units(copies: int = 4) -> list[Unit]:
    """Every file of the labelled log corpus (Python, JS and TS backends), several times
    over so that many batches travel."""
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and analysable(p.name))
    assert len(files) > 20
    return [
        Unit(p.read_bytes(), Origin(path=f"copy{n}/{p.relative_to(CORPUS).as_posix()}"))
        for n in range(copies)
        for p in files
    ]


def _keys(findings: list[Finding]) -> list[tuple[str, int, str]]:
    return sorted((f.location.path, f.location.line, f.rule) for f in findings)


def _run(check: LogCheck, units: list[Unit]) -> list[Finding]:
    found = [f for unit in units for f in check(unit)]
    return found + check.close()


def test_the_worker_finds_what_the_scan_threads_find() -> None:
    units = _units()
    here = _run(LogCheck(frozenset({"PAYMENTS_DSN"})), units)
    assert len(here) > 100
    offload = Offload(report)
    away = _run(LogCheck(frozenset({"PAYMENTS_DSN"}), offload=offload), units)
    assert offload.batches_sent > 1
    assert _keys(away) == _keys(here)


def test_a_killed_worker_loses_nothing() -> None:
    units = _units()
    here = _run(LogCheck(), units)
    offload = Offload(report)
    check = LogCheck(offload=offload)
    found = [f for unit in units[: len(units) // 2] for f in check(unit)]
    os.kill(offload.pid, signal.SIGKILL)
    found += [f for unit in units[len(units) // 2 :] for f in check(unit)]
    assert _keys(found + check.close()) == _keys(here)


def test_a_small_scan_is_answered_by_the_worker() -> None:
    """Even three files: the worker has its analyzers loaded already, this process has not."""
    offload = start_offload()
    assert offload is not None
    units = _units()[:3]
    found = _run(LogCheck(offload=offload), units)
    assert offload.batches_sent == 1
    assert _keys(found) == _keys(_run(LogCheck(), units))


def test_a_fresh_interpreter_worker_finds_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Elsewhere than Linux the worker is a fresh interpreter (spawn), not a fork."""
    from launchguard.classify import log_worker

    monkeypatch.setattr(log_worker, "FORK", False)
    units = _units()[:60]
    here = _run(LogCheck(), units)
    offload = Offload(report)
    away = _run(LogCheck(offload=offload), units)
    assert offload.batches_sent >= 1
    assert _keys(away) == _keys(here)


def _analysed_here(share_after: float, monkeypatch: pytest.MonkeyPatch) -> tuple[int, bool]:
    """How many files this process analysed itself at the end, and whether the findings
    were those of analysing everything here."""
    from launchguard.classify import log_offload
    from launchguard.classify.unsafe_logs import analyze_unit

    monkeypatch.setattr(log_offload, "_SHARE_AFTER_SECONDS", share_after)
    units = _units(copies=24)  # more batches than the worker holds: some wait here
    here = _run(LogCheck(), units)
    offload = Offload(report)
    offload.configure(frozenset())
    first, rest = units[:200], units[200:]
    for unit in first:
        assert offload.send(unit)
    while offload._taken == 0:  # the worker's pace is known once an answer is in
        offload._collect()
        time.sleep(0.01)
    # Paused, the worker holds its batches and the rest wait here, whatever this machine's
    # speed; it goes on half a second later.
    os.kill(offload.pid, signal.SIGSTOP)
    for unit in rest:
        assert offload.send(unit)
    threading.Timer(0.5, os.kill, (offload.pid, signal.SIGCONT)).start()
    calls = []

    def analyze(path: str, data: bytes) -> list[LogHit]:
        calls.append(path)
        return analyze_unit(path, data)

    same = _keys(offload.findings(analyze)) == _keys(here)
    return len(calls), same


def test_the_scan_shares_the_rest_only_when_the_worker_would_take_long(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shared, same = _analysed_here(0.0, monkeypatch)
    assert shared > 0
    assert same
    alone, same = _analysed_here(3600.0, monkeypatch)
    assert alone == 0
    assert same


def test_a_file_larger_than_the_shared_memory_still_reaches_the_worker() -> None:
    """Batches that do not fit the ring travel in the queue instead."""
    from launchguard.classify import log_offload

    filler = b"x = 1\n" * (log_offload._RING_BYTES // 6 + 1)
    big = Unit(filler + b"def f(token):\n    log.info(token)\n", Origin(path="big.py"))
    assert len(big.data) > log_offload._RING_BYTES
    units = [*_units()[:5], big]
    here = _run(LogCheck(), units)
    offload = Offload(report)
    away = _run(LogCheck(offload=offload), units)
    assert offload.batches_sent == 1  # too big for the ring: in the queue
    # the worker got it and answered for it (a module this large is left to the rules alone:
    # no hit, here or there)
    assert _keys(away) == _keys(here)
    assert not any(path == "big.py" for path, _, _ in _keys(away))


_MANY_ANSWERS = """
from launchguard.classify.log_offload import Offload, _RING_BYTES
from launchguard.classify.unsafe_logs import LogCheck, report
from launchguard.units import Origin, Unit

noisy = b"def f(token):\\n" + b"    log.info(token)\\n" * 6000
units = [Unit(noisy, Origin(path=f"noisy{n}.py")) for n in range(8)]
big = b"x = 1\\n" * (_RING_BYTES // 6 + 1) + b"def g(token):\\n    log.info(token)\\n"
units.append(Unit(big, Origin(path="big.py")))
check = LogCheck(offload=Offload(report))
found = [f for unit in units for f in check(unit)] + check.close()
print(len(found))
"""


def test_big_answers_and_a_big_message_at_once_never_hang() -> None:
    """Megabytes of answers the scan has not read yet, while it writes a batch too big for
    the shared memory: the worker keeps reading while its answers wait to be written."""
    done = subprocess.run(
        [sys.executable, "-c", _MANY_ANSWERS], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(8 * 6000)]  # big.py: over the 1 MB a module is parsed
