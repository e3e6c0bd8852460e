"""Blobs out of long-lived `git cat-file --batch` processes: every object read once.

Two cat-file processes inflate objects on both cores while this process scans; a feeder thread
hands out object ids round-robin and one reader thread per process drains its pipe, so no pipe
can fill up and deadlock. Any failure (a corrupt pack, a killed git, a failing id listing)
is raised to the consumer at the end: a partial stream never looks complete.
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
_QUEUE = 64


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


class _Streams:
    def __init__(self, root: Path, count: int) -> None:
        argv = [git_executable(), "-C", str(root), "cat-file", _FORMAT]
        self.root = root
        self.procs = [
            subprocess.Popen(  # noqa: S603
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                bufsize=1 << 20,
            )
            for _ in range(count)
        ]
        for proc in self.procs:
            with contextlib.suppress(OSError):
                fcntl.fcntl(proc.stdout.fileno(), _F_SETPIPE_SZ, 1 << 20)  # type: ignore[union-attr]
        self.out: queue.Queue[Blob | BaseException | None] = queue.Queue(_QUEUE)
        self.failure: BaseException | None = None

    def feed(self, entries: Iterable[tuple[str, str]]) -> None:
        """Hand ids out round-robin; always close every stdin, or git waits forever."""
        stdins = [p.stdin for p in self.procs if p.stdin is not None]
        try:
            for n, (sha, path) in enumerate(entries):
                stdins[n % len(stdins)].write(f"{sha} {path}\n".encode("utf-8", "surrogateescape"))
        except (BrokenPipeError, OSError):
            pass  # the consumer stopped early: nothing left to feed
        except BaseException as e:  # noqa: BLE001  # re-raised in the consumer's thread
            self.failure = e
        finally:
            for stdin in stdins:
                with contextlib.suppress(OSError):
                    stdin.close()

    def drain(self, proc: subprocess.Popen[bytes]) -> None:
        try:
            assert proc.stdout is not None  # noqa: S101  # PIPE was given
            while (blob := _read_one(proc.stdout)) is not None:
                self.out.put(blob)
            self.out.put(self._exit_error(proc))
        except BaseException as e:  # noqa: BLE001  # re-raised in the consumer's thread
            self.out.put(e)

    def _exit_error(self, proc: subprocess.Popen[bytes]) -> ScanFailedError | None:
        code = proc.wait()
        if code == 0:
            return None
        stderr = proc.stderr.read() if proc.stderr else b""
        lines = stderr.decode("utf-8", "replace").strip().splitlines()
        detail = lines[-1] if lines else f"exit code {code}"
        return ScanFailedError(f"git cat-file failed in {self.root}: {detail}")

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            for pipe in (proc.stdin, proc.stdout, proc.stderr):
                if pipe is not None:
                    with contextlib.suppress(OSError):
                        pipe.close()


def blobs(root: Path, entries: Iterable[tuple[str, str]], processes: int = 2) -> Iterator[Blob]:
    """(sha, path) pairs in; Blobs out, in no particular order."""
    streams = _Streams(root, processes)
    threads = [threading.Thread(target=streams.feed, args=(entries,), daemon=True)]
    threads += [
        threading.Thread(target=streams.drain, args=(p,), daemon=True) for p in streams.procs
    ]
    for thread in threads:
        thread.start()
    try:
        finished, error = 0, None
        while finished < len(streams.procs):
            item = streams.out.get()
            if isinstance(item, Blob):
                yield item
            else:
                finished += 1
                error = error or item
        threads[0].join()
        failure = error or streams.failure
        if isinstance(failure, LaunchguardError):
            raise failure
        if failure is not None:
            raise ScanFailedError(f"git object stream broke in {root}: {failure}")
    finally:
        streams.close()
