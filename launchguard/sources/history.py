"""Every unique blob reachable from every ref (branches, tags, remotes, stashes), read once."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

from launchguard.config import MAX_BLOB_SIZE
from launchguard.filters.allowlist import matches_glob
from launchguard.findings import Finding
from launchguard.sources.blobstream import Blob, blobs
from launchguard.sources.files import decode_for_scan, human_size, unpacked
from launchguard.sources.gitrepo import GitRepo, git_executable, git_failure
from launchguard.units import Origin, Skipped, Unit


def stash_commits(repo: GitRepo) -> list[str]:
    """Every stash, not only the newest (which `--all` already reaches through refs/stash)."""
    out = repo.run("reflog", "show", "--format=%H", "refs/stash", "--", check=False)
    return [line for line in out.decode().split() if line]


_OBJECT_ID = re.compile(rb"[0-9a-f]{40}(?:[0-9a-f]{24})?")


def _listed(line: bytes) -> tuple[str, str] | None:
    """One line of `rev-list --objects`: (id, path) for a blob, None for anything else.

    rev-list writes paths raw, so a name with a newline continues on a line of its own: a
    line that does not start with an object id is such a continuation. A missing object
    (`--missing=print`) comes as `?id`, without its path: cat-file then reports it missing,
    and the scan names it as not scanned instead of failing on it."""
    line = line.rstrip(b"\n")
    if line.startswith(b"?") and _OBJECT_ID.fullmatch(line[1:]):
        missing = line[1:].decode()
        return missing, f"(git object {missing[:12]})"
    sha, sep, path = line.partition(b" ")
    if not sep or not _OBJECT_ID.fullmatch(sha):  # a commit (no path), or a continuation
        return None
    return sha.decode(), path.decode("utf-8", "surrogateescape")


def reachable_blobs(repo: GitRepo) -> Iterator[tuple[str, str]]:
    """(blob id, a path it has) for each blob reachable from any ref or stash, each once,
    streamed while git lists them (cat-file starts inflating the first blobs at once)."""
    argv = [
        git_executable(),
        "-C",
        str(repo.root),
        "rev-list",
        "--objects",
        "--all",
        "--filter=object:type=blob",
        "--missing=print",
        "--stdin",
    ]
    proc = subprocess.Popen(  # noqa: S603
        argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    stdin, stdout, stderr = proc.stdin, proc.stdout, proc.stderr
    assert stdin is not None and stdout is not None and stderr is not None  # noqa: PT018, S101
    stdin.write("\n".join(stash_commits(repo)).encode())
    stdin.close()
    try:
        for line in stdout:
            if (entry := _listed(line)) is not None:
                yield entry
        code, problem = proc.wait(), stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        stdout.close()
        stderr.close()
    if code != 0:
        raise git_failure("rev-list", repo.root, code, problem)


def blob_unit(blob: Blob, max_size: int, commit: str | None = None) -> Iterator[Unit | Skipped]:
    origin = Origin(path=blob.path, blob=blob.sha, commit=commit)
    if blob.size is None:
        yield Skipped(
            origin,
            f"git object {blob.sha} is missing from the repository (corrupt, or a partial "
            "clone): run `git fsck`",
        )
    elif blob.data is None or blob.size > max_size:
        limits = f"{human_size(blob.size)} > {human_size(max_size)}"
        cap = "" if max_size < MAX_BLOB_SIZE else ", the most a git blob is read whole"
        yield Skipped(origin, f"larger than max-file-size ({limits}{cap})")
    else:
        yield from unpacked(decode_for_scan(blob.data, origin))


@dataclass(frozen=True, slots=True, kw_only=True)
class HistorySource:
    repo: GitRepo
    exclude: tuple[str, ...] = ()
    max_file_size: int = 100 << 20

    def units(self) -> Iterator[Unit | Skipped]:
        entries = (
            (sha, path)
            for sha, path in reachable_blobs(self.repo)
            if not any(matches_glob(path, p) for p in self.exclude)
        )
        for blob in blobs(self.repo.root, entries, max_size=self.max_file_size):
            yield from blob_unit(blob, self.max_file_size)

    def keep(self, findings: list[Finding]) -> list[Finding]:
        """Every finding counts in a full-history scan."""
        return findings
