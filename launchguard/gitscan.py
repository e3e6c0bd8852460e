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
from launchguard.sources.attribution import GitFacts, attribute, gitlinks, prefetch
from launchguard.sources.commit_range import SUBMODULE, ChangeSource, range_source
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
    limits = {"exclude": config.exclude, "max_file_size": config.max_blob_size}
    source: HistorySource | ChangeSource
    if rev_range:
        source = range_source(repo, rev_range, **limits)
    else:
        source = HistorySource(
            repo=repo, exclude=config.exclude, max_file_size=config.max_blob_size
        )
    facts = prefetch(repo, introductions_needed=rev_range is None)
    result = pipeline.run([source], matcher=matcher, config=config, advance=advance)
    result.findings = attribute(source.keep(result.findings), repo, facts)
    if rev_range is None:
        _whole_history_skips(result, repo, facts)
    return result


def _whole_history_skips(result: ScanResult, repo: GitRepo, facts: GitFacts) -> None:
    """What the blob listing cannot show: submodules (their commits live in another
    repository, as for `scan`: named, not incomplete) and, in a shallow clone, the commits
    older than its depth."""
    skipped = [
        Skipped(Origin(path=path), SUBMODULE, incomplete=False)
        for path in gitlinks(facts.raw_log.result() if facts.raw_log is not None else b"")
    ]
    if repo.is_shallow:
        # A shallow clone holds only the newest commits: "no finding" would say nothing
        # about the rest of the history, so the scan is incomplete.
        skipped.append(Skipped(origin=Origin(path="(git history)"), reason=SHALLOW))
    if skipped:
        result.skipped += skipped
        result.stats["skipped"] = [
            {"path": s.origin.path, "reason": s.reason} for s in result.skipped
        ]
        result.stats["incomplete"] = result.incomplete


SHALLOW = (
    "shallow clone: commits older than the clone's depth were not scanned "
    "(run `git fetch --unshallow`, or clone without --depth)"
)
