"""Blobs out of one long-lived `git cat-file --batch`: every object read once, in one process.

A feeder thread writes object ids while this thread reads contents, so git (on one core) and
the scanner (on the other) work at the same time and neither pipe can fill up and deadlock.
(Two cat-file processes were measured slower: both cores are already busy.) Any failure (a
corrupt pack, a killed git, a failing id listing) is raised to the consumer: a partial stream
never looks complete.
"""

from __future__ import annotations

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
from launchguard.sources.gitrepo import git_executable

_FORMAT = "--batch=%(objectname) %(objecttype) %(objectsize) %(rest)"
_F_SETPIPE_SZ = 1031  # Linux: a 1 MB pipe means far fewer wake-ups than the 64 KB default


@dataclass(frozen=True, slots=True)
class Blob:
    sha: str
    path: str
    data: bytes | None  # None: the object is missing (a corrupt or partial repository)


def _read_one(stdout: IO[bytes]) -> Blob | None:
    header = stdout.readline()
    if not header:
        return None
    sha, kind, rest = header.rstrip(b"\n").decode("utf-8", "surrogateescape").split(" ", 2)
    if kind == "missing":
        return Blob(sha, rest, None)
    size, _, path = rest.partition(" ")
    raw = stdout.read(int(size) + 1)  # content, then a newline
    if len(raw) != int(size) + 1:
        raise ScanFailedError(f"git cat-file stream ended inside object {sha[:12]} ({path})")
    return Blob(sha, path, raw[:-1])


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
        self.writers = [
            threading.Thread(target=_write, args=(stdin, q), daemon=True)
            for stdin, q in zip(stdins, self.queues, strict=True)
        ]
        self.failure: BaseException | None = None

    def run(self) -> None:
        for writer in self.writers:
            writer.start()
        try:
            for n, entry in enumerate(self.entries):
                self.queues[n % len(self.queues)].put(entry)
        except BaseException as e:  # noqa: BLE001  # re-raised in the consumer's thread
            self.failure = e
        finally:
            for q in self.queues:
                q.put(_DONE)


def _write(stdin: IO[bytes], entries: queue.SimpleQueue[tuple[str, str]]) -> None:
    try:
        while (entry := entries.get()) != _DONE:
            stdin.write(f"{entry[0]} {entry[1]}\n".encode("utf-8", "surrogateescape"))
    except (OSError, ValueError):  # ValueError: the consumer closed the pipe under us
        pass  # the consumer stopped early (done, failed or interrupted): nothing left to feed
    finally:
        with contextlib.suppress(OSError):
            stdin.close()


def _exit_error(proc: subprocess.Popen[bytes], root: Path) -> ScanFailedError | None:
    code = proc.wait()
    if code == 0:
        return None
    stderr = proc.stderr.read() if proc.stderr else b""
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    detail = lines[-1] if lines else f"exit code {code}"
    return ScanFailedError(f"git cat-file failed in {root}: {detail}")


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


def blobs(root: Path, entries: Iterable[tuple[str, str]], processes: int = 2) -> Iterator[Blob]:
    """(sha, path) pairs in; Blobs out, in the same order. Ids go round-robin to `processes`
    cat-file processes (inflating on every core) and are read back in the same rotation, so
    no queue or reader thread is needed."""
    procs = [_start(root) for _ in range(processes)]
    feeder = _Feeder([p.stdin for p in procs if p.stdin is not None], entries)
    feeder.start()
    outs = [p.stdout for p in procs if p.stdout is not None]
    failure: BaseException | None = None
    try:
        n = 0
        while (blob := _read_one(outs[n % len(outs)])) is not None:
            yield blob
            n += 1
        failure = feeder.failure or next(
            (e for p in procs if (e := _exit_error(p, root)) is not None), None
        )
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
