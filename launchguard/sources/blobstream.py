"""Blobs out of one long-lived `git cat-file --batch`: every object read once, in one process.

A writer thread feeds object ids while this thread reads contents, so git (on one core) and
the scanner (on the other) work at the same time and neither pipe can fill up and deadlock.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from launchguard.errors import ScanFailedError
from launchguard.sources.gitrepo import git_executable

_FORMAT = "--batch=%(objectname) %(objecttype) %(objectsize) %(rest)"


@dataclass(frozen=True, slots=True)
class Blob:
    sha: str
    path: str
    data: bytes | None  # None: the object is missing (a corrupt or partial repository)


def _feed(stdin: IO[bytes], entries: Iterable[tuple[str, str]]) -> None:
    """Write every id, then close stdin, whatever happens: an open stdin would leave git,
    and the reader waiting on it, blocked forever."""
    try:
        for sha, path in entries:
            stdin.write(f"{sha} {path}\n".encode("utf-8", "surrogateescape"))
    except (BrokenPipeError, OSError):
        pass  # the reader stopped early (an error or Ctrl-C): nothing left to feed
    finally:
        with contextlib.suppress(OSError):
            stdin.close()


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


def blobs(root: Path, entries: list[tuple[str, str]]) -> Iterator[Blob]:
    """(sha, path) pairs in; Blobs out, in the same order. A git failure mid-stream (a corrupt
    pack, a killed process) raises ScanFailedError: a partial stream never looks complete."""
    argv = [git_executable(), "-C", str(root), "cat-file", _FORMAT]
    proc = subprocess.Popen(  # noqa: S603
        argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=1 << 20
    )
    stdin, stdout, stderr = proc.stdin, proc.stdout, proc.stderr
    if stdin is None or stdout is None or stderr is None:
        raise ScanFailedError("git cat-file did not start")
    feeder = threading.Thread(target=_feed, args=(stdin, entries), daemon=True)
    feeder.start()
    try:
        while (blob := _read_one(stdout)) is not None:
            yield blob
        code = proc.wait()
        problem = stderr.read().decode("utf-8", "replace").strip().splitlines()
    except (ValueError, OSError) as e:
        raise ScanFailedError(f"git cat-file stream broke in {root}: {e}") from None
    finally:
        if proc.poll() is None:  # the consumer stopped early
            proc.kill()
            proc.wait()
        feeder.join(timeout=5)
        for pipe in (stdin, stdout, stderr):
            pipe.close()
    if code != 0:
        detail = problem[-1] if problem else f"exit code {code}"
        raise ScanFailedError(f"git cat-file failed in {root}: {detail}")
