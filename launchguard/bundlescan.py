"""scan_bundle(): built frontend output, cross-checked against the project's env files, with
findings mapped back to the original source through source maps."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from launchguard import pipeline
from launchguard.config import Config
from launchguard.engine.scan import Matcher
from launchguard.errors import ConfigError
from launchguard.findings import Finding
from launchguard.progress import Advance, silent
from launchguard.result import ScanResult
from launchguard.sources import gitrepo
from launchguard.sources.dotenv_files import EnvFile
from launchguard.units import Unit

if TYPE_CHECKING:
    from launchguard.classify.bundle_proof import Judged


def scan_bundle(
    dist: Path,
    env_files: tuple[Path, ...],
    config: Config,
    matcher: Matcher,
    *,
    advance: Advance = silent,
) -> ScanResult:
    from launchguard.bundle_positions import display_reader, map_findings
    from launchguard.classify.bundle_proof import BundleProof, judge, merge, needles
    from launchguard.classify.frameworks import detect
    from launchguard.sources.bundles import bundle_roots, project_dir
    from launchguard.sources.dotenv_files import env_files_near
    from launchguard.sources.files import FileSource

    if not dist.is_dir():
        raise ConfigError(f"{dist}: not a folder (give the build output, such as dist/)")
    project = project_dir(dist)
    profile = detect(project)
    files = _read_env_files(env_files or tuple(env_files_near(project)))
    found = needles(judge(files, profile, matcher, config))
    proof = BundleProof(found, backend=matcher.backend_name)
    source = FileSource(
        paths=tuple(bundle_roots(dist)),
        exclude=config.exclude,
        max_file_size=config.max_file_size,
        all_files=True,  # build output is git-ignored: every file counts
    )
    result = pipeline.run([source], matcher=matcher, config=config, advance=advance, extra=proof)
    repo = gitrepo.repo_root(dist)
    read = display_reader([b for b in (repo, Path.cwd()) if b is not None])
    result.findings, problems = map_findings(merge(result.findings), read, only_bundles=False)
    result.stats.update(
        {
            "frameworks": list(profile.frameworks),
            "env_files": [f.path for f in files],
            "env_values_checked": len(found),
            "source_map_problems": problems,
        }
    )
    return result


def _read_env_files(paths: tuple[Path, ...]) -> list[EnvFile]:
    from launchguard.sources.dotenv_files import read_env_file
    from launchguard.sources.files import display

    out = []
    for path in paths:
        try:
            out.append(read_env_file(path, display(path, gitrepo.repo_root(path))))
        except OSError as e:
            raise ConfigError(f"{path}: cannot read env file: {e.strerror}") from None
    return out


def bundles_in(paths: tuple[Path, ...]) -> list[Path]:
    """Build output folders directly inside the folders given to `scan`. Git ignores them, so
    the usual listing would never see the code every browser downloads."""
    from launchguard.sources.bundles import BUNDLE_DIRS

    out = []
    for folder in (p / d for p in paths if p.is_dir() for d in BUNDLE_DIRS):
        repo = gitrepo.repo_root(folder) if folder.is_dir() else None
        # Outside a repository every file is walked already; listed files are scanned already.
        if repo is not None and not gitrepo.list_files(repo, folder):
            out.append(folder)
    return out


_SKIP_WALKING = frozenset({"node_modules", ".git", "vendor", "venv", ".venv", "__pycache__"})


def bundles_below(root: Path, *, depth: int = 3) -> list[Path]:
    """Build output folders git ignores anywhere in the top `depth` levels of a project
    (`web/dist`, `apps/site/.next/static`): what `audit` reads on top of `bundles_in`."""
    from launchguard.sources.bundles import BUILD_NAMES

    found: list[Path] = []
    level = [root]
    for _ in range(depth):
        below = []
        for folder in level:
            try:
                children = [c for c in folder.iterdir() if c.is_dir() and not c.is_symlink()]
            except OSError:
                continue  # unreadable: the tree pass reports what it cannot read
            for child in children:
                if child.name in BUILD_NAMES or child.name in _SKIP_WALKING:
                    continue
                found += bundles_in((child,))
                below.append(child)
        level = below
    return found


def map_bundle_findings(result: ScanResult) -> list[Finding]:
    """`scan`'s findings inside build output, merged with env proofs and source-mapped."""
    from launchguard.bundle_positions import display_reader, map_findings
    from launchguard.classify.bundle_proof import merge

    repo = gitrepo.repo_root(Path.cwd())
    read = display_reader([b for b in (repo, Path.cwd()) if b is not None])
    findings, problems = map_findings(
        merge(result.findings, only_bundles=True), read, only_bundles=True
    )
    if problems:
        result.stats["source_map_problems"] = problems
    return findings


def project_env(paths: tuple[Path, ...], matcher: Matcher, config: Config) -> list[Judged]:
    """The env values of the projects the scanned folders belong to, read and judged once:
    the bundle check and the log analysis both use them. An unreadable env file is skipped
    here; the scan itself reports it."""
    from launchguard.classify.bundle_proof import judge
    from launchguard.classify.frameworks import detect
    from launchguard.sources.bundles import project_dir
    from launchguard.sources.dotenv_files import env_files_near, read_env_file

    judged: list[Judged] = []
    for project in dict.fromkeys(project_dir(p, is_build=False) for p in paths if p.is_dir()):
        files = []
        for path in env_files_near(project):
            try:
                files.append(read_env_file(path, path.name))
            except OSError:
                continue
        judged += judge(files, detect(project), matcher, config)
    return judged


def proof_for_scan(
    paths: tuple[Path, ...], judged: list[Judged], matcher: Matcher
) -> pipeline.Extra | None:
    """The env-value check for the bundle files a scan meets, or None when it meets none."""
    from launchguard.classify.bundle_proof import BundleProof, needles
    from launchguard.sources.bundles import BUNDLE_DIRS, is_bundle_path
    from launchguard.sources.files import display

    folders = [p for p in paths if p.is_dir()]
    has_bundle = any((p / d).is_dir() for p in folders for d in BUNDLE_DIRS) or any(
        is_bundle_path(display(p, gitrepo.repo_root(p)) + "/") for p in folders
    )
    if not has_bundle:
        return None
    proof = BundleProof(needles(judged), backend=matcher.backend_name)

    def check(unit: Unit) -> list[Finding]:
        return proof(unit) if is_bundle_path(unit.origin.path) else []

    return check
