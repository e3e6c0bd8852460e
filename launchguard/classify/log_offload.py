"""The unsafe-log analysis in a second process, beside the secret scan.

The secret scan keeps about one core busy (its Python work holds the GIL); the log analysis
is Python too. On a machine with a second core, `scan` and `audit` start one worker process
before anything else, and batches of files go to the worker, which uses the core the scan
leaves idle; this process never loads the analyzers unless it has to. The worker holds at
most `_AT_WORKER` batches, the rest wait here, and when the scan is done and the worker is
far behind, this process analyses waiting batches too, so both cores finish the work
together. The pre-commit hook never starts a worker.

Nothing is lost if the worker fails: a batch stays here until its answer arrives, and what
has no answer when the worker is gone is analysed here. Past a bound on the bytes held,
files are analysed in the scan's own threads, so memory stays bounded.

A forked worker reads the files' bytes from memory this process shares with it (a ring,
see log_ring): pickled and written through a pipe, they cost this process about as much as
the scan of them. A worker started fresh gets them in its messages.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from launchguard.classify import log_worker
from launchguard.classify.log_ring import Ring
from launchguard.classify.log_types import LogHit
from launchguard.classify.log_worker import WorkerGone
from launchguard.findings import Finding
from launchguard.units import Unit

Analyze = Callable[[str, bytes], list[LogHit]]
Report = Callable[[Unit, list[LogHit]], list[Finding]]
_MAX_HELD = 64 << 20  # bytes of files waiting or at the worker
_BATCH_BYTES = 256 << 10  # a message costs tens of microseconds: files travel in batches
# The first batches are smaller, so that the worker starts as soon as its analyzers are loaded;
# each doubles the one before up to _BATCH_BYTES.
_FIRST_BATCH_BYTES = 16 << 10
_BATCH_UNITS = 64
_AT_WORKER = 6  # batches the worker holds: enough that it never waits on this GIL-bound process
_POLL_SECONDS = 0.2
# Loading the analyzers here costs about 0.05 s: waiting batches are shared only when the
# worker would take several times that over them.
_SHARE_AFTER_SECONDS = 0.25
# Room for the batches at the worker (_AT_WORKER of _BATCH_BYTES) with space to spare; a
# batch that does not fit travels in its message.
_RING_BYTES = 4 * _AT_WORKER * _BATCH_BYTES

Batch = list[Unit]


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
        """Starts the worker (see log_worker); `configure()` tells it what to look for."""
        # What exists now lives as long as the scan: the collector need not look at it again,
        # and looking would write to pages a forked worker shares, copying them.
        gc.freeze()
        self._worker = log_worker.start(serve, _RING_BYTES)
        self._ring = self._worker.ring
        self._taken = 0
        self._gone = False
        self._report = report
        self._lock = threading.Lock()
        self._building: Batch = []
        self._building_bytes = 0
        self._batch_bytes = _FIRST_BATCH_BYTES
        self._waiting: deque[Batch] = deque()
        self._at_worker: dict[int, Batch] = {}
        self._next_batch = 0
        self._held = 0
        self._found: list[Finding] = []
        self._first_fed: float | None = None
        self._done_bytes = 0  # of the batches the worker answered

    @property
    def pid(self) -> int:
        return self._worker.pid

    @property
    def batches_sent(self) -> int:
        return self._next_batch

    def configure(self, secret_env_vars: frozenset[str]) -> None:
        """The project's secret variable names, before the first file is sent."""
        self._deliver(secret_env_vars)

    def send(self, unit: Unit) -> bool:
        """Take `unit` for the worker; False when too much is held (analyse it here)."""
        with self._lock:
            if self._held + len(unit.data) > _MAX_HELD:
                self._collect()
                if self._held + len(unit.data) > _MAX_HELD:
                    return False
            self._held += len(unit.data)
            self._building.append(unit)
            self._building_bytes += len(unit.data)
            if self._building_bytes >= self._batch_bytes or len(self._building) >= _BATCH_UNITS:
                self._batch_bytes = min(2 * self._batch_bytes, _BATCH_BYTES)
                self._waiting.append(self._building)
                self._building, self._building_bytes = [], 0
                self._collect()
                self._feed()
        return True

    def findings(self, analyze: Analyze) -> list[Finding]:
        """Every finding of every file taken. Batches the worker did not answer (it died,
        or was killed) are analysed here with `analyze`; so are waiting batches when the
        worker would take long over them, shared between the two processes."""
        with self._lock:
            if self._building:
                self._waiting.append(self._building)
                self._building = []
            self._collect()
            share = self._worth_sharing()
            while self._waiting or self._at_worker:
                self._collect()
                if not self._alive():
                    self._waiting.extend(self._at_worker.values())
                    self._at_worker.clear()
                    share = True
                self._feed()
                if self._waiting and share:
                    self._analyze_here(self._waiting.pop(), analyze)
                elif self._at_worker:
                    self._receive()  # on a timeout the loop looks again, and at the worker
            self._stop()
        return self._found

    def _worth_sharing(self) -> bool:
        """Whether to analyse waiting batches here too: only when the worker, at the pace it
        has kept, would need long enough that loading the analyzers here pays off."""
        elapsed = time.perf_counter() - (self._first_fed or time.perf_counter())
        if self._done_bytes == 0 or elapsed <= 0:
            return False
        waiting = sum(len(unit.data) for batch in self._waiting for unit in batch)
        return waiting / (self._done_bytes / elapsed) > _SHARE_AFTER_SECONDS

    def _analyze_here(self, batch: Batch, analyze: Analyze) -> None:
        for unit in batch:
            self._found += self._report(unit, analyze(unit.origin.path, unit.data))
            self._held -= len(unit.data)

    def _feed(self) -> None:
        while self._waiting and len(self._at_worker) < _AT_WORKER and self._alive():
            batch = self._waiting.popleft()
            self._at_worker[self._next_batch] = batch
            self._deliver((self._next_batch, self._parcel(self._next_batch, batch)))
            if self._first_fed is None:
                self._first_fed = time.perf_counter()
            self._next_batch += 1

    def _parcel(self, number: int, batch: Batch) -> list[tuple[str, bytes | tuple[int, int]]]:
        """Each file's path, and its bytes or where they are in the ring."""
        placed = None if self._ring is None else self._ring.put(number, [u.data for u in batch])
        if placed is None:
            return [(u.origin.path, u.data) for u in batch]
        return [(u.origin.path, where) for u, where in zip(batch, placed, strict=True)]

    def _deliver(self, message: object) -> None:
        try:
            self._worker.send(message)
        except OSError:  # the worker is gone: what it holds is analysed here
            self._gone = True

    def _alive(self) -> bool:
        return not self._gone and self._worker.alive()

    def _collect(self) -> None:
        """Takes the answers that are in. The forked worker counts them in shared memory,
        so looking costs no system call (each would give up the GIL the scan threads want)."""
        while not self._gone and self._worker.ready(self._taken):
            self._receive()

    def _receive(self) -> None:
        try:
            answer = self._worker.receive(_POLL_SECONDS)
        except WorkerGone:
            self._gone = True
            return
        if answer is not None:
            self._take(answer)  # type: ignore[arg-type]

    def _take(self, answer: tuple[int, list[list[LogHit]]]) -> None:
        number, hits = answer
        self._taken += 1
        batch = self._at_worker.pop(number, None)
        if batch is None:
            return
        if self._ring is not None:
            self._ring.release(number)
        for unit, found in zip(batch, hits, strict=True):
            self._held -= len(unit.data)
            self._done_bytes += len(unit.data)
            if found:
                self._found += self._report(unit, found)

    def _stop(self) -> None:
        # An unused worker need not be waited for.
        self._worker.stop(_POLL_SECONDS if self._next_batch > 0 and self._alive() else 0.0)
        gc.unfreeze()


def serve(receive: Callable[[], Any], answer: Callable[[Any], None], ring: Ring | None) -> None:
    """The worker: take the secret variable names, then analyse each numbered batch of
    (path, data or its place in `ring`) until None, and answer each with the hits of each
    file. It ends with the scan's pipe."""
    from launchguard.classify.unsafe_logs import analyze_unit, warm_up

    warm_up()
    gc.freeze()  # the analyzers, and what the worker was forked with, live as long as it does
    try:
        secret_env_vars = receive()
        while (item := receive()) is not None:
            number, batch = item
            hits = [analyze_unit(path, _bytes(data, ring), secret_env_vars) for path, data in batch]
            answer((number, hits))
    except (WorkerGone, EOFError, OSError):
        return  # the scan is gone


def _bytes(data: bytes | tuple[int, int], ring: Ring | None) -> bytes:
    if isinstance(data, bytes):
        return data
    if ring is None:  # offsets go only to a worker that shares the ring
        raise RuntimeError("file offsets sent to a worker without the shared ring")
    return ring.read(*data)
