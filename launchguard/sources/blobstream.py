"""Blobs out of one long-lived `git cat-file --batch`: every object read once, in one process.

A feeder thread writes object ids while this thread reads contents, so git (on one core) and
the scanner (on the other) work at the same time and neither pipe can fill up and deadlock.
(Two cat-file processes were measured slower: both cores are already busy.) Any failure (a
corrupt pack, a killed git, a failing id listing) is raised to the consumer: a partial stream
never looks complete.

Only ids are written to git, never paths: a path may hold a newline, which would end the
request line early and shift every answer after it. Each process's requests wait in a queue
of their own, in order, and each answer is matched to the oldest one: that is where the path
of an answer comes from, and an answer for another object is a broken stream.
"""

from __future__ import annotations

import collections
import contextlib
import fcntl
import queue
import subprocess
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from launchguard.errors import LaunchguardError, ScanFailedError
from launchguard.sources.gitrepo import git_executable, git_failure
from launchguard.units import printable_path

_FORMAT = "--batch=%(objectname) %(objecttype) %(objectsize)"
_F_SETPIPE_SZ = 1031  # Linux: a 1 MB pipe means far fewer wake-ups than the 64 KB default
_SKIP_CHUNK = 1 << 20
_MAX_SIZE_DIGITS = 19  # an object size git can write: anything longer is not one

Pending = collections.deque[tuple[str, str]]  # (id, path) asked of one process, oldest first


@dataclass(frozen=True, slots=True)
class Blob:
    sha: str
    path: str
    data: bytes | None  # None: missing (size None) or larger than the reader's limit
    size: int | None = None  # None: the object is missing (a corrupt or partial repository)


def _read_one(stdout: IO[bytes], pending: Pending, max_size: int = 1 << 62) -> Blob | None:
    """The next answer of one cat-file process, for its oldest request; None at the end of
    the stream. Content larger than `max_size` is read past, not kept: a 4 GB blob in the
    history must not need 4 GB of memory to be skipped."""
    header = stdout.readline()
    if not header:
        return None
    if not pending:
        raise ScanFailedError(f"git cat-file answered an object nobody asked for: {header[:60]!r}")
    sha, path = pending.popleft()
    fields = header.rstrip(b"\n").split(b" ")
    if fields[0] != sha.encode() or len(fields) not in (2, 3):
        raise ScanFailedError(f"git cat-file answered {header[:60]!r} for object {sha[:12]}")
    if fields[1:] == [b"missing"]:
        return Blob(sha, path, None)
    if len(fields) != 3 or not fields[2].isdigit() or len(fields[2]) > _MAX_SIZE_DIGITS:
        raise ScanFailedError(f"git cat-file answered {header[:60]!r} for object {sha[:12]}")
    size = int(fields[2])
    if size > max_size:
        data, whole = None, _read_past(stdout, size)
    else:
        data = stdout.read(size)
        whole = len(data) == size
    if not whole or stdout.read(1) != b"\n":  # each content ends with a newline
        raise _Truncated(
            f"git cat-file stream ended inside object {sha[:12]} ({printable_path(path)})"
        )
    return Blob(sha, path, data, size)


class _Truncated(ScanFailedError):
    """The stream ended inside an answer: git died (and says why) or was killed."""


def _read_past(stdout: IO[bytes], count: int) -> bool:
    """Read and drop `count` bytes; False if the stream ends first."""
    while count > 0 and (chunk := stdout.read(min(_SKIP_CHUNK, count))):
        count -= len(chunk)
    return count == 0


_DONE = ("", "")


class _Feeder(threading.Thread):
    """Deals ids round-robin to one writer thread per cat-file process, through unbounded
    queues: a writer blocked on a full pipe never stops the others, so the consumer reading
    the processes in rotation cannot deadlock. Every stdin is closed whatever happens (an
    open stdin leaves git waiting forever); any error is kept for the consumer."""

    def __init__(self, stdins: list[IO[bytes]], entries: Iterable[tuple[str, str]]) -> None:
        super().__init__(daemon=True, name="cat-file-feeder")
        self.entries = entries
        self.queues: list[queue.SimpleQueue[tuple[str, str]]] = [
            queue.SimpleQueue() for _ in stdins
        ]
        # Appended before the id is queued, so an answer never comes before its request.
        self.pending: list[Pending] = [collections.deque() for _ in stdins]
        self.failures: list[BaseException] = []  # the feeder's own, then the writers'
        self.writers = [
            threading.Thread(target=self._write, args=(stdin, q), daemon=True)
            for stdin, q in zip(stdins, self.queues, strict=True)
        ]

    def run(self) -> None:
        for writer in self.writers:
            writer.start()
        try:
            for n, entry in enumerate(self.entries):
                self.pending[n % len(self.queues)].append(entry)
                self.queues[n % len(self.queues)].put(entry)
        except BaseException as e:  # noqa: BLE001  # re-raised in the consumer's thread
            self.failures.insert(0, e)
        finally:
            for q in self.queues:
                q.put(_DONE)

    def _write(self, stdin: IO[bytes], entries: queue.SimpleQueue[tuple[str, str]]) -> None:
        try:
            while (entry := entries.get()) != _DONE:
                stdin.write(f"{entry[0]}\n".encode())
        except (OSError, ValueError) as e:  # ValueError: the consumer closed the pipe under us
            # The consumer stopped early (done, failed or interrupted) and nobody reads this;
            # or git died, and its ids were not all asked: the consumer must know.
            self.failures.append(e)
        finally:
            with contextlib.suppress(OSError):
                stdin.close()


def _exit_error(proc: subprocess.Popen[bytes], root: Path) -> ScanFailedError | None:
    code = proc.wait()
    if code == 0:
        return None
    stderr = proc.stderr.read() if proc.stderr else b""
    return git_failure("cat-file", root, code, stderr)


def _died(proc: subprocess.Popen[bytes], root: Path) -> ScanFailedError | None:
    """Why git stopped in the middle of an answer: its own message ("packed object ... is
    corrupt") says more than the short read. git closed its output, so it is exiting."""
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        return None
    return _exit_error(proc, root)


def _start(root: Path) -> subprocess.Popen[bytes]:
    argv = [git_executable(), "-C", str(root), "cat-file", _FORMAT]
    proc = subprocess.Popen(  # noqa: S603
        argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=1 << 20
    )
    with contextlib.suppress(OSError, AttributeError):
        fcntl.fcntl(proc.stdout.fileno(), _F_SETPIPE_SZ, 1 << 20)  # type: ignore[union-attr]
    return proc


def _close(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:  # the consumer stopped early
        proc.kill()
        proc.wait()
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        with contextlib.suppress(OSError, AttributeError):
            pipe.close()  # type: ignore[union-attr]


def _end_error(
    procs: list[subprocess.Popen[bytes]], ended: int, feeder: _Feeder, root: Path
) -> BaseException | None:
    """Why the stream that reached its end at process `ended` is not whole, or None. That
    process is checked first: the others may still be blocked writing answers nobody reads,
    and are waited for only once every request has an answer."""
    if (error := _exit_error(procs[ended], root)) is not None:
        return error
    if feeder.failures:
        return feeder.failures[0]
    unanswered = sum(len(p) for p in feeder.pending)
    if unanswered:
        return ScanFailedError(
            f"git cat-file stopped before reading {unanswered} objects in {root}"
        )
    return next((e for p in procs if (e := _exit_error(p, root)) is not None), None)


def blobs(
    root: Path,
    entries: Iterable[tuple[str, str]],
    processes: int = 2,
    *,
    max_size: int = 1 << 62,
) -> Iterator[Blob]:
    """(sha, path) pairs in; Blobs out, in the same order. Ids go round-robin to `processes`
    cat-file processes (inflating on every core) and are read back in the same rotation, so
    no queue or reader thread is needed. Blobs larger than `max_size` come without data."""
    procs = [_start(root) for _ in range(processes)]
    feeder = _Feeder([p.stdin for p in procs if p.stdin is not None], entries)
    feeder.start()
    outs = [p.stdout for p in procs if p.stdout is not None]
    failure: BaseException | None = None
    k, n = len(outs), 0
    try:
        while (blob := _read_one(outs[n % k], feeder.pending[n % k], max_size)) is not None:
            yield blob
            n += 1
        failure = _end_error(procs, n % k, feeder, root)
    except _Truncated as e:
        failure = _died(procs[n % k], root) or e
    except (ValueError, OSError) as e:
        raise ScanFailedError(f"git cat-file stream broke in {root}: {e}") from None
    finally:
        for proc in procs:
            _close(proc)
        feeder.join(timeout=5)
        for writer in feeder.writers:
            writer.join(timeout=5)
    if isinstance(failure, LaunchguardError):
        raise failure
    if failure is not None:
        raise ScanFailedError(f"git object stream broke in {root}: {failure}")
