"""The log worker process and the two pipes to it: messages out, answers back.

On Linux the worker is forked with `os.fork`, before the scan starts any thread (which is
what makes forking safe), and talks through plain pipes; file bytes go through a ring of
shared memory (log_ring) whose header counts the answers, so the scan learns whether one is
in without a system call. `multiprocessing` is not imported there at all: its import, its
queues and their feeder threads cost the scan about 20 ms before the first file. Elsewhere
the worker is a fresh interpreter (multiprocessing's spawn) and file bytes travel in the
messages.

Messages are pickles with a length in front. An answer is counted before it is written,
so a scan that sees the count go up reads an answer that is on its way, never one that is
not coming; a worker that dies instead closes its pipe, and the read ends.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import select
import signal
import struct
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from launchguard.classify.log_ring import Ring

Serve = Callable[[Callable[[], Any], Callable[[Any], None], "Ring | None"], None]
_LENGTH = struct.Struct("<Q")
_ANSWER_PIPE_BYTES = 1 << 20  # room for answers the scan has not read yet (Linux only)
_F_SETPIPE_SZ = 1031
# Forking costs a millisecond where a fresh interpreter costs a quarter second.
FORK = sys.platform.startswith("linux")


class WorkerGone(Exception):
    """The worker ended: its pipe closed."""


def start(serve: Serve, ring_bytes: int) -> ForkedWorker | SpawnedWorker:
    """A worker running `serve(receive, answer, ring)`."""
    if FORK:
        return ForkedWorker(serve, ring_bytes)
    return SpawnedWorker()


class ForkedWorker:
    def __init__(self, serve: Serve, ring_bytes: int) -> None:
        self.ring: Ring | None = Ring(ring_bytes)
        work_read, work_write = os.pipe()
        answer_read, answer_write = os.pipe()
        with contextlib.suppress(OSError):  # a bigger pipe: the worker rarely waits on it
            import fcntl

            fcntl.fcntl(answer_write, _F_SETPIPE_SZ, _ANSWER_PIPE_BYTES)
        try:
            pid = os.fork()
        except OSError:
            for fd in (work_read, work_write, answer_read, answer_write):
                os.close(fd)
            raise
        if pid == 0:  # the worker: it never returns into the scan's code
            os.close(work_write)
            os.close(answer_read)
            _run_child(serve, work_read, answer_write, self.ring)
        os.close(work_read)
        os.close(answer_write)
        self.pid = pid
        self._out, self._in = work_write, answer_read
        self._exited = False

    def send(self, message: object) -> None:
        _write(self._out, message)

    def ready(self, taken: int) -> bool:
        """Whether an answer past the `taken` first ones is coming (no system call)."""
        return self.ring is not None and self.ring.answers() > taken

    def receive(self, timeout: float | None) -> object | None:
        """The next answer; None when none came within `timeout` seconds."""
        if timeout is not None and not select.select([self._in], [], [], timeout)[0]:
            return None
        return _read(self._in)

    def alive(self) -> bool:
        if not self._exited:
            with contextlib.suppress(ChildProcessError):
                self._exited = os.waitpid(self.pid, os.WNOHANG)[0] != 0
        return not self._exited

    def stop(self, wait: float) -> None:
        """Ends the worker: asked to, then killed if it has not within `wait` seconds."""
        with contextlib.suppress(OSError):
            _write(self._out, None)
        deadline = time.monotonic() + wait
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.005)
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self._exited = True
        for fd in (self._out, self._in):
            with contextlib.suppress(OSError):
                os.close(fd)


def _run_child(serve: Serve, work: int, answers: int, ring: Ring | None) -> None:
    """The forked worker's life. Answers are written by a thread of their own: a worker
    that waited on a full answer pipe would stop reading its work pipe, and a scan writing a
    large message to it would wait for ever."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the scan's to handle
        outgoing: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        writer = threading.Thread(target=_write_answers, args=(outgoing, answers, ring))
        writer.start()
        try:
            serve(lambda: _read(work), lambda message: outgoing.put(_frame(message)), ring)
        finally:
            outgoing.put(None)
            writer.join()
    except BaseException:  # noqa: BLE001  # the scan analyses what was not answered
        code = 1
    finally:
        os._exit(code)  # never the scan's exit handlers or its buffered output


def _write_answers(outgoing: queue.SimpleQueue[bytes | None], fd: int, ring: Ring | None) -> None:
    while (framed := outgoing.get()) is not None:
        if ring is not None:
            ring.count_answer()  # before the write: the scan reads an answer on its way
        try:
            _write_all(fd, framed)
        except OSError:  # the scan is gone
            return


class SpawnedWorker:
    """A fresh interpreter, where forking is not available or not safe."""

    ring: Ring | None = None

    def __init__(self) -> None:
        import multiprocessing

        context: Any = multiprocessing.get_context("spawn")
        work_read, self._out_conn = context.Pipe(duplex=False)
        self._in_conn, answer_write = context.Pipe(duplex=False)
        self._process = context.Process(
            target=serve_spawned, args=(work_read, answer_write), daemon=True
        )
        self._process.start()
        work_read.close()
        answer_write.close()
        self.pid = int(self._process.pid)

    def send(self, message: object) -> None:
        self._out_conn.send(message)

    def ready(self, taken: int) -> bool:
        return bool(self._in_conn.poll(0))

    def receive(self, timeout: float | None) -> object | None:
        if not self._in_conn.poll(timeout):
            return None
        try:
            answer: object = self._in_conn.recv()
        except (EOFError, OSError) as error:
            raise WorkerGone from error
        return answer

    def alive(self) -> bool:
        return bool(self._process.is_alive())

    def stop(self, wait: float) -> None:
        with contextlib.suppress(OSError):
            self._out_conn.send(None)
        self._process.join(timeout=wait)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._out_conn.close()
        self._in_conn.close()


def serve_spawned(work: Any, answers: Any) -> None:
    """The spawned worker's entry point (it imports the analyzers itself)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from launchguard.classify.log_offload import serve

    serve(work.recv, answers.send, None)


def _frame(message: object) -> bytes:
    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(data)) + data


def _write(fd: int, message: object) -> None:
    _write_all(fd, _frame(message))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read(fd: int) -> object:
    (length,) = _LENGTH.unpack(_read_exactly(fd, _LENGTH.size))
    return pickle.loads(_read_exactly(fd, length))  # noqa: S301  # our own worker's pickles


def _read_exactly(fd: int, size: int) -> bytes:
    parts: list[bytes] = []
    while size:
        part = os.read(fd, min(size, 1 << 20))
        if not part:
            raise WorkerGone
        parts.append(part)
        size -= len(part)
    return b"".join(parts)
