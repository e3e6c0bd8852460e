"""scan_env(): the environment inventory of a project and the findings it proves."""

from __future__ import annotations

import time
from pathlib import Path

from launchguard import __version__
from launchguard.config import Config
from launchguard.engine.scan import Matcher
from launchguard.errors import ConfigError
from launchguard.findings import dedupe
from launchguard.result import ScanResult


def scan_env(root: Path, config: Config, matcher: Matcher) -> ScanResult:
    from launchguard.analysis_rules import rule_catalog
    from launchguard.classify.env_exposure import inventory_findings
    from launchguard.classify.env_inventory import build_inventory

    if not root.is_dir():
        raise ConfigError(f"{root}: not a folder")
    started = time.perf_counter()
    inventory = build_inventory(root, matcher, config)
    findings = dedupe(inventory_findings(inventory, matcher.table, config))
    result = ScanResult(findings=findings, skipped=inventory.skipped, inventory=inventory)
    result.rules = rule_catalog(matcher.table)
    result.stats = {
        "version": __version__,
        "backend": matcher.backend_name,
        "frameworks": inventory.frameworks,
        "env_files": [inventory.show(f.path) for f in inventory.files],
        "unparsed_lines": {
            inventory.show(f.path): list(f.errors) for f in inventory.files if f.errors
        },
        "variables": len(inventory.variables),
        "files": len(inventory.files) + inventory.code_files,
        "code_files": inventory.code_files,
        "skipped": [{"path": s.origin.path, "reason": s.reason} for s in result.skipped],
        "incomplete": result.incomplete,
        "seconds": round(time.perf_counter() - started, 3),
    }
    return result
