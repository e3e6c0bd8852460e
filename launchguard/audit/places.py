"""Where a finding was made, in words a founder reads: the current files, a commit, a bundle
or an env file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from launchguard.findings import Finding
from launchguard.sources.bundles import is_bundle_path

Phase = Literal["tree", "history", "env"]
Where = Literal["tree", "history", "bundle", "env"]


@dataclass(frozen=True, slots=True)
class Place:
    phase: Phase
    finding: Finding

    @property
    def where(self) -> Where:
        if self.phase == "history":
            return "history"
        if is_bundle_path(self.finding.location.path) or self.finding.location.original:
            return "bundle"
        return "env" if self.phase == "env" else "tree"

    @property
    def is_current(self) -> bool:
        """In what anyone gets today: the files, a bundle, an env file, or HEAD."""
        return self.phase != "history" or self.finding.location.in_head is True

    def describe(self) -> str:
        loc = self.finding.location
        at = f"{loc.path}:{loc.line}"
        if self.where == "history":
            return _in_commit(self.finding, at)
        if self.where == "bundle":
            origin = loc.original
            source = f" (from {origin.path}:{origin.line})" if origin is not None else ""
            return f"bundle {at}{source}"
        if self.finding.env_var:
            return f"env {self.finding.env_var} in {at}"
        return at


def _in_commit(finding: Finding, at: str) -> str:
    loc = finding.location
    facts = [loc.date[:10]] if loc.date else []
    if loc.refs:
        facts.append("refs: " + ", ".join(loc.refs[:3]) + (" …" if len(loc.refs) > 3 else ""))
    if loc.in_head:
        facts.append("still at HEAD")
    detail = f" ({'; '.join(facts)})" if facts else ""
    return f"commit {(loc.commit or '?')[:10]}{detail} {at}"
