"""scan_history(): the whole history or a PR range, scanned and attributed to commits.

Shared by `launchguard history` and `launchguard baseline --history`.
"""

from __future__ import annotations

from pathlib import Path

from launchguard import pipeline
from launchguard.config import Config
from launchguard.engine.scan import Matcher
from launchguard.progress import Advance, silent
from launchguard.result import ScanResult
from launchguard.sources.attribution import attribute, prefetch
from launchguard.sources.commit_range import ChangeSource, range_source
from launchguard.sources.gitrepo import GitRepo
from launchguard.sources.history import HistorySource
from launchguard.units import Origin, Skipped


def scan_history(
    config: Config,
    matcher: Matcher,
    *,
    rev_range: str | None = None,
    advance: Advance = silent,
    repo_dir: Path | None = None,
) -> ScanResult:
    """`repo_dir`: a folder in the repository (default: the current one)."""
    repo = GitRepo(repo_dir or Path.cwd())
    limits = {"exclude": config.exclude, "max_file_size": config.max_file_size}
    source: HistorySource | ChangeSource
    if rev_range:
        source = range_source(repo, rev_range, **limits)
    else:
        source = HistorySource(
            repo=repo, exclude=config.exclude, max_file_size=config.max_file_size
        )
    facts = prefetch(repo, introductions_needed=rev_range is None)
    result = pipeline.run([source], matcher=matcher, config=config, advance=advance)
    result.findings = attribute(source.keep(result.findings), repo, facts)
    if rev_range is None and repo.is_shallow:
        # A shallow clone holds only the newest commits: "no finding" would say nothing
        # about the rest of the history, so the scan is incomplete.
        result.skipped.append(Skipped(origin=Origin(path="(git history)"), reason=SHALLOW))
        result.stats["skipped"] = [
            {"path": s.origin.path, "reason": s.reason} for s in result.skipped
        ]
        result.stats["incomplete"] = True
    return result


SHALLOW = (
    "shallow clone: commits older than the clone's depth were not scanned "
    "(run `git fetch --unshallow`, or clone without --depth)"
)
