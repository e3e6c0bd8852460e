"""The worker process that analyses logs beside a large scan: same findings as analysing
everything in the scan's own threads, whatever happens to the worker."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from launchguard.classify.log_offload import Offload, second_core
from launchguard.classify.unsafe_logs import LogCheck, analysable, report, start_offload
from launchguard.findings import Finding
from launchguard.units import Origin, Unit

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "logs_corpus"

pytestmark = pytest.mark.skipif(not second_core(), reason="the worker needs a second core")


def _units() -> list[Unit]:
    """Every file of the labelled log corpus (Python, JS and TS backends), several times
    over so that many batches travel."""
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and analysable(p.name))
    assert len(files) > 20
    return [
        Unit(p.read_bytes(), Origin(path=f"copy{n}/{p.relative_to(CORPUS).as_posix()}"))
        for n in range(4)
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
    away = _run(LogCheck(frozenset({"PAYMENTS_DSN"}), offload=offload, offload_after=0), units)
    assert offload.batches_sent > 1
    assert _keys(away) == _keys(here)


def test_a_killed_worker_loses_nothing() -> None:
    units = _units()
    here = _run(LogCheck(), units)
    offload = Offload(report)
    check = LogCheck(offload=offload, offload_after=0)
    found = [f for unit in units[: len(units) // 2] for f in check(unit)]
    os.kill(offload.pid, signal.SIGKILL)
    found += [f for unit in units[len(units) // 2 :] for f in check(unit)]
    assert _keys(found + check.close()) == _keys(here)


def test_a_small_scan_never_gives_the_worker_work() -> None:
    offload = start_offload()
    assert offload is not None
    units = _units()[:3]
    found = _run(LogCheck(offload=offload), units)
    assert offload.batches_sent == 0
    assert _keys(found) == _keys(_run(LogCheck(), units))


def test_a_fresh_interpreter_worker_finds_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Elsewhere than Linux the worker is a fresh interpreter (spawn), not a fork."""
    from launchguard.classify import log_offload

    monkeypatch.setattr(log_offload, "_START_METHOD", "spawn")
    units = _units()[:60]
    here = _run(LogCheck(), units)
    offload = Offload(report)
    away = _run(LogCheck(offload=offload, offload_after=0), units)
    assert offload.batches_sent >= 1
    assert _keys(away) == _keys(here)
