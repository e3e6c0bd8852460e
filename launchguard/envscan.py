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


def secret_variables(paths: tuple[Path, ...], matcher: Matcher, config: Config) -> frozenset[str]:
    """Variables whose values in the project's env files are secrets: logging one of them is
    a leak whatever the code calls it."""
    from launchguard.classify.bundle_proof import env_files_near
    from launchguard.classify.env_secrets import classify
    from launchguard.sources.bundles import project_dir
    from launchguard.sources.dotenv_files import read_env_file

    names: set[str] = set()
    for project in dict.fromkeys(project_dir(p, is_build=False) for p in paths if p.is_dir()):
        for path in env_files_near(project):
            try:
                env_file = read_env_file(path, path.name)
            except OSError:
                continue  # the scan itself reports the unreadable file
            names.update(
                d.name
                for d in env_file.definitions
                if classify(d.name, d.value, d.path, matcher, config).level == "secret"
            )
    return frozenset(names)
