"""Every unique blob reachable from every ref (branches, tags, remotes, stashes), read once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from launchguard.filters.allowlist import matches_glob
from launchguard.findings import Finding
from launchguard.sources.blobstream import Blob, blobs
from launchguard.sources.files import decode_for_scan, human_size, unpacked
from launchguard.sources.gitrepo import GitRepo
from launchguard.units import Origin, Skipped, Unit


def stash_commits(repo: GitRepo) -> list[str]:
    """Every stash, not only the newest (which `--all` already reaches through refs/stash)."""
    out = repo.run("reflog", "show", "--format=%H", "refs/stash", "--", check=False)
    return [line for line in out.decode().split() if line]


def reachable_blobs(repo: GitRepo) -> Iterator[tuple[str, str]]:
    """(blob id, a path it has) for each blob reachable from any ref or stash, each once."""
    args = ("rev-list", "--objects", "--all", "--filter=object:type=blob", "--stdin")
    out = repo.run(*args, stdin="\n".join(stash_commits(repo)))
    for line in out.split(b"\n"):
        sha, sep, path = line.partition(b" ")
        if sep:  # commits have no path; blobs always do
            yield sha.decode(), path.decode("utf-8", "surrogateescape")


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
        # Listed in full before cat-file starts: a failing rev-list (a missing object) must
        # raise here, not inside the thread that feeds cat-file.
        entries = [
            (sha, path)
            for sha, path in reachable_blobs(self.repo)
            if not any(matches_glob(path, p) for p in self.exclude)
        ]
        for blob in blobs(self.repo.root, entries):
            yield from blob_unit(blob, self.max_file_size)

    def keep(self, findings: list[Finding]) -> list[Finding]:
        """Every finding counts in a full-history scan."""
        return findings
