"""The git index: exactly what is about to be committed, judged by the lines it adds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from launchguard.findings import Finding
from launchguard.sources.commit_range import RangeChanges, changed_blobs, keep_added, parse_log
from launchguard.sources.gitrepo import GitRepo
from launchguard.units import Skipped, Unit


@dataclass(kw_only=True)
class StagedSource:
    """Blobs from the index (not the working tree: `git add -p` stages part of a file), compared
    with HEAD, or with nothing in a repository without commits."""

    repo: GitRepo
    all_lines: bool = False
    exclude: tuple[str, ...] = ()
    max_file_size: int = 100 << 20
    changes: RangeChanges = field(default_factory=RangeChanges)

    def units(self) -> Iterator[Unit | Skipped]:
        args = (
            "diff",
            "--cached",
            "--raw",
            "-p",
            "-U0",
            "--no-abbrev",
            "-M",
            "--no-color",
            "--no-ext-diff",
        )
        self.changes = parse_log(self.repo.run(*args))
        yield from changed_blobs(
            self.repo, self.changes, exclude=self.exclude, max_file_size=self.max_file_size
        )

    def keep(self, findings: list[Finding]) -> list[Finding]:
        return findings if self.all_lines else keep_added(findings, self.changes)
