"""scan_tree(): files and folders on disk, their git-ignored build output read as bundles,
and the unsafe-log analysis, in one pass. Shared by `launchguard scan` and `audit`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from launchguard.config import Config
from launchguard.engine.scan import Matcher
from launchguard.progress import Advance, silent
from launchguard.result import ScanResult

if TYPE_CHECKING:
    from launchguard.classify.log_offload import Offload


@dataclass(frozen=True, slots=True)
class TreeOptions:
    all_files: bool = False  # every file, not only those git would commit
    logs: bool = True  # the unsafe-log analysis
    offload: Offload | None = None  # a log worker started before any thread (start_offload)
    nested_bundles: bool = False  # also build output in subprojects (`web/dist`): `audit`


def scan_tree(
    roots: tuple[Path, ...],
    config: Config,
    matcher: Matcher,
    options: TreeOptions,
    *,
    advance: Advance = silent,
) -> ScanResult:
    from launchguard import pipeline
    from launchguard.bundlescan import (
        bundles_below,
        bundles_in,
        map_bundle_findings,
        project_env,
        proof_for_scan,
    )
    from launchguard.classify.unsafe_logs import LogCheck
    from launchguard.sources import gitrepo
    from launchguard.sources.bundles import project_dir
    from launchguard.sources.files import FileSource, display

    limits = {"exclude": config.exclude, "max_file_size": config.max_file_size}
    all_files = options.all_files
    sources = [FileSource(paths=roots, all_files=all_files, **limits)]  # type: ignore[arg-type]
    built = [] if all_files else bundles_in(roots)
    if options.nested_bundles and not all_files:
        built += [b for root in roots if root.is_dir() for b in bundles_below(root)]
    if built:  # git-ignored build output: scanned whole, as bundles
        sources.append(FileSource(paths=tuple(built), all_files=True, **limits))  # type: ignore[arg-type]
    # A bundle is checked against the env files of the project that built it.
    projects = tuple(dict.fromkeys((*roots, *(project_dir(b) for b in built))))
    judged = project_env(projects, matcher, config)
    secret_vars = frozenset(j.definition.name for j in judged if j.verdict.level == "secret")
    check = LogCheck(secret_vars, offload=options.offload) if options.logs else None
    extra = pipeline.combine(proof_for_scan(projects, judged, matcher), check)
    result = pipeline.run(sources, matcher=matcher, config=config, advance=advance, extra=extra)
    result.findings = map_bundle_findings(result)
    if built:
        result.stats["build_output"] = [display(b, gitrepo.repo_root(b)) for b in built]
        result.stats["build_output_files"] = sum(
            len(files) for folder in built for _, _, files in os.walk(folder)
        )
    return result
