"""The unsafe-log analysis in a second process, beside the secret scan.

The secret scan keeps about one core busy (its Python work holds the GIL); the log analysis
is Python too. On a machine with a second core, `scan` and `audit` start one worker process
before anything else, and once the scan has shown it is large, batches of files go to the
worker, which uses the core the scan leaves idle. The worker holds at most `_AT_WORKER`
batches, the rest wait here, and when the scan is done this process analyses waiting batches
too, so both cores finish the work together. The pre-commit hook never starts a worker.

Nothing is lost if the worker fails: a batch stays here until its answer arrives, and what
has no answer when the worker is gone is analysed here. Past a bound on the bytes held,
files are analysed in the scan's own threads, so memory stays bounded.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from launchguard.classify.log_types import LogHit
from launchguard.findings import Finding
from launchguard.units import Unit

Analyze = Callable[[str, bytes], list[LogHit]]
Report = Callable[[Unit, list[LogHit]], list[Finding]]
_MAX_HELD = 64 << 20  # bytes of files waiting or at the worker
_BATCH_BYTES = 256 << 10  # a queue item costs tens of microseconds: files travel in batches
_BATCH_UNITS = 64
_AT_WORKER = 6  # batches the worker holds: enough that it never waits on this GIL-bound process
_POLL_SECONDS = 0.2

Batch = list[Unit]
# Forking costs milliseconds where a fresh interpreter costs a quarter second. The worker is
# started before the scan starts any thread, which is what makes forking safe; elsewhere
# than Linux, a fresh interpreter.
_START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"


def second_core() -> bool:
    """Whether this process may run on more than one core."""
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except AttributeError:  # no sched_getaffinity (macOS, Windows)
        return (os.cpu_count() or 1) >= 2


class Offload:
    """Files analysed by a worker process. Each answer becomes findings through `report` as it
    arrives and its files are let go; `findings()` finishes the work and returns them all."""

    def __init__(self, report: Report) -> None:
        """Starts the worker; `configure()` tells it what to look for."""
        context: Any = multiprocessing.get_context(_START_METHOD)
        self._inbox: Any = context.Queue()
        self._outbox: Any = context.Queue()
        self._process = context.Process(
            target=serve, args=(self._inbox, self._outbox), daemon=True, name="launchguard-logs"
        )
        self._process.start()
        self._report = report
        self._lock = threading.Lock()
        self._building: Batch = []
        self._building_bytes = 0
        self._waiting: deque[Batch] = deque()
        self._at_worker: dict[int, Batch] = {}
        self._next_batch = 0
        self._held = 0
        self._found: list[Finding] = []

    @property
    def pid(self) -> int:
        return int(self._process.pid)

    @property
    def batches_sent(self) -> int:
        return self._next_batch

    def configure(self, secret_env_vars: frozenset[str]) -> None:
        """The project's secret variable names, before the first file is sent."""
        self._inbox.put(secret_env_vars)

    def send(self, unit: Unit) -> bool:
        """Take `unit` for the worker; False when too much is held (analyse it here)."""
        with self._lock:
            self._collect()
            if self._held + len(unit.data) > _MAX_HELD:
                return False
            self._held += len(unit.data)
            self._building.append(unit)
            self._building_bytes += len(unit.data)
            if self._building_bytes >= _BATCH_BYTES or len(self._building) >= _BATCH_UNITS:
                self._waiting.append(self._building)
                self._building, self._building_bytes = [], 0
            self._feed()
        return True

    def findings(self, analyze: Analyze) -> list[Finding]:
        """Every finding of every file taken. Waiting batches are shared between the worker
        and this process; batches the worker did not answer (it died, or was killed) are
        analysed here with `analyze`."""
        with self._lock:
            if self._building:
                self._waiting.append(self._building)
                self._building = []
            while self._waiting or self._at_worker:
                self._collect()
                if not self._process.is_alive():
                    self._waiting.extend(self._at_worker.values())
                    self._at_worker.clear()
                self._feed()
                if self._waiting:
                    self._analyze_here(self._waiting.pop(), analyze)
                elif self._at_worker:
                    self._wait_for_answer()
            self._stop()
        return self._found

    def _analyze_here(self, batch: Batch, analyze: Analyze) -> None:
        for unit in batch:
            self._found += self._report(unit, analyze(unit.origin.path, unit.data))
            self._held -= len(unit.data)

    def _feed(self) -> None:
        while self._waiting and len(self._at_worker) < _AT_WORKER and self._process.is_alive():
            batch = self._waiting.popleft()
            self._at_worker[self._next_batch] = batch
            self._inbox.put((self._next_batch, [(u.origin.path, u.data) for u in batch]))
            self._next_batch += 1

    def _collect(self) -> None:
        while True:
            try:
                self._take(self._outbox.get_nowait())
            except queue.Empty:
                return

    def _wait_for_answer(self) -> None:
        # On a timeout the loop looks again, and at whether the worker still lives.
        with contextlib.suppress(queue.Empty):
            self._take(self._outbox.get(timeout=_POLL_SECONDS))

    def _take(self, answer: tuple[int, list[list[LogHit]]]) -> None:
        number, hits = answer
        batch = self._at_worker.pop(number, None)
        if batch is None:
            return
        for unit, found in zip(batch, hits, strict=True):
            self._held -= len(unit.data)
            if found:
                self._found += self._report(unit, found)

    def _stop(self) -> None:
        if self._process.is_alive() and self._next_batch > 0:  # unused: no need to wait
            self._inbox.put(None)
            self._process.join(timeout=_POLL_SECONDS)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        for channel in (self._inbox, self._outbox):
            channel.cancel_join_thread()
            channel.close()


def serve(inbox: Any, outbox: Any) -> None:
    """The worker: take the secret variable names, then analyse each numbered batch of
    (path, data) until None, and answer each with the hits of each file. Ctrl-C is the
    parent's to handle: the worker ends when its inbox does."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from launchguard.classify.unsafe_logs import analyze_unit, warm_up

    warm_up()
    secret_env_vars = inbox.get()
    while True:
        item = inbox.get()
        if item is None:
            return
        number, batch = item
        outbox.put((number, [analyze_unit(path, data, secret_env_vars) for path, data in batch]))
