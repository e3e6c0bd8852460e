"""Every unique blob reachable from every ref (branches, tags, remotes, stashes), read once."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

from launchguard.errors import ScanFailedError
from launchguard.filters.allowlist import matches_glob
from launchguard.findings import Finding
from launchguard.sources.blobstream import Blob, blobs
from launchguard.sources.files import decode_for_scan, human_size, unpacked
from launchguard.sources.gitrepo import GitRepo, git_executable
from launchguard.units import Origin, Skipped, Unit


def stash_commits(repo: GitRepo) -> list[str]:
    """Every stash, not only the newest (which `--all` already reaches through refs/stash)."""
    out = repo.run("reflog", "show", "--format=%H", "refs/stash", "--", check=False)
    return [line for line in out.decode().split() if line]


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
            sha, sep, path = line.rstrip(b"\n").partition(b" ")
            if sep:  # commits have no path; blobs always do
                yield sha.decode(), path.decode("utf-8", "surrogateescape")
        code, problem = proc.wait(), stderr.read().decode("utf-8", "replace").strip()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        stdout.close()
        stderr.close()
    if code != 0:
        detail = problem.splitlines()[-1] if problem else f"exit code {code}"
        raise ScanFailedError(f"git rev-list failed in {repo.root}: {detail}")


def blob_unit(blob: Blob, max_size: int, commit: str | None = None) -> Iterator[Unit | Skipped]:
    origin = Origin(path=blob.path, blob=blob.sha, commit=commit)
    if blob.data is None:
        yield Skipped(origin, "object missing from the repository (corrupt or partial clone)")
    elif len(blob.data) > max_size:
        limits = f"{human_size(len(blob.data))} > {human_size(max_size)}"
        yield Skipped(origin, f"larger than max-file-size ({limits})")
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
        for blob in blobs(self.repo.root, entries):
            yield from blob_unit(blob, self.max_file_size)

    def keep(self, findings: list[Finding]) -> list[Finding]:
        """Every finding counts in a full-history scan."""
        return findings
