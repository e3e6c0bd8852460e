"""run_audit(): every phase on one project (the files with their bundles and logs, the whole
git history, the env inventory), each finding kept with the phase that made it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from launchguard.audit.places import Phase, Place
from launchguard.audit.progress import Phases
from launchguard.config import Config
from launchguard.engine.scan import Matcher
from launchguard.findings import Finding, Kind, dedupe
from launchguard.result import ScanResult
from launchguard.sources.bundles import is_bundle_path

if TYPE_CHECKING:
    from launchguard.classify.env_inventory import Inventory
    from launchguard.classify.log_offload import Offload


@dataclass(slots=True)
class PhaseStat:
    name: str
    files: int
    findings: int
    complete: bool


@dataclass(slots=True)
class AuditContext:
    """What the audit reporters need beside the findings: which phase made each finding
    (by identity: filtering keeps the objects), the env inventory, the phases' counts."""

    project: str
    phase_of: dict[int, Phase] = field(default_factory=dict)
    inventory: Inventory | None = None
    phases: list[PhaseStat] = field(default_factory=list)
    repo_root: Path | None = None

    def places(self, findings: list[Finding]) -> list[Place]:
        return [Place(self.phase_of.get(id(f), _guess(f)), f) for f in findings]


def _guess(finding: Finding) -> Phase:
    return "history" if finding.location.commit else "tree"


@dataclass(frozen=True, slots=True)
class AuditOptions:
    history: bool = True
    logs: bool = True
    offload: Offload | None = None


def run_audit(
    root: Path, config: Config, matcher: Matcher, options: AuditOptions, phases: Phases
) -> ScanResult:
    from launchguard.analysis_rules import rule_catalog
    from launchguard.sources import gitrepo

    repo = gitrepo.repo_root(root)
    context = AuditContext(project=str(root.resolve()), repo_root=repo)
    results: list[tuple[Phase, ScanResult]] = []
    if repo is not None and options.history:
        results.append(("history", _history(root, config, matcher, phases, context)))
    results.append(("tree", _tree(root, config, matcher, options, phases, context)))
    results.append(("env", _env(root, config, matcher, phases, context)))
    merged = ScanResult()
    for phase, result in results:
        for finding in result.findings:
            context.phase_of[id(finding)] = phase
        merged.findings.extend(result.findings)
        merged.skipped.extend(result.skipped)
        if result.inventory is not None:
            context.inventory = result.inventory
    merged.findings = dedupe(merged.findings)
    # A submodule or an unreadable file is met by several phases: name it once.
    merged.skipped = list({(s.origin.path, s.reason): s for s in merged.skipped}.values())
    merged.rules = rule_catalog(matcher.table)
    merged.audit = context
    merged.stats = {
        "backend": matcher.backend_name,
        "phases": [dataclasses.asdict(p) for p in context.phases],
        "skipped": [{"path": s.origin.path, "reason": s.reason} for s in merged.skipped],
        "incomplete": merged.incomplete,
    }
    return merged


def _history(
    root: Path, config: Config, matcher: Matcher, phases: Phases, context: AuditContext
) -> ScanResult:
    from launchguard.gitscan import scan_history

    with phases.phase("history") as advance:
        result = scan_history(config, matcher, advance=advance, repo_dir=root)
        result.findings = _under(result.findings, root, context.repo_root)
        phases.found(len(result.findings))
    files = result.stats.get("files", 0)
    complete = not result.incomplete
    context.phases.append(PhaseStat("history", files, len(result.findings), complete))
    return result


def _under(findings: list[Finding], root: Path, repo: Path | None) -> list[Finding]:
    """Only the history of the audited folder, when it is a part of a larger repository."""
    from launchguard.sources.files import display

    folder = display(root, repo)
    if folder in ("", "."):
        return findings
    prefix = folder.rstrip("/") + "/"
    return [f for f in findings if f.location.path.startswith(prefix)]


def _tree(
    root: Path,
    config: Config,
    matcher: Matcher,
    options: AuditOptions,
    phases: Phases,
    context: AuditContext,
) -> ScanResult:
    from launchguard.treescan import TreeOptions, scan_tree

    tree = TreeOptions(logs=options.logs, offload=options.offload, nested_bundles=True)
    with phases.phase("tree, bundles and logs") as advance:
        result = scan_tree((root,), config, matcher, tree, advance=advance)
        phases.found(len(result.findings))
    bundles = [f for f in result.findings if is_bundle_path(f.location.path)]
    logs = [f for f in result.findings if f.kind is Kind.UNSAFE_LOG]
    files = result.stats.get("files", 0)
    complete = not result.incomplete
    context.phases += [
        PhaseStat("tree", files, len(result.findings) - len(bundles) - len(logs), complete),
        PhaseStat("bundles", result.stats.get("build_output_files", 0), len(bundles), complete),
        PhaseStat("logs", files, len(logs), complete),
    ]
    return result


def _env(
    root: Path, config: Config, matcher: Matcher, phases: Phases, context: AuditContext
) -> ScanResult:
    from launchguard.envscan import scan_env

    with phases.phase("env"):
        result = scan_env(root, config, matcher)
        phases.found(len(result.findings))
    files = len(result.inventory.files) if result.inventory is not None else 0
    context.phases.append(PhaseStat("env", files, len(result.findings), not result.incomplete))
    return result
