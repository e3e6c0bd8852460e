"""The environment inventory: every variable, where it is defined and read, whether the
framework ships it to the browser, and whether it is a secret."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from launchguard.classify.env_secrets import NOT_SECRET, Verdict, classify, strongest
from launchguard.classify.env_usages import USAGE_SUFFIXES, Usage, find_usages
from launchguard.classify.frameworks import Exposure, FrameworkProfile, detect
from launchguard.config import Config
from launchguard.engine.scan import Matcher
from launchguard.filters.allowlist import matches_glob
from launchguard.sources import gitrepo
from launchguard.sources.bundles import BUILD_NAMES
from launchguard.sources.dotenv_files import (
    EXAMPLE,
    PRUNED_DIRS,
    Definition,
    EnvFile,
    is_env_file,
    read_env_file,
)
from launchguard.units import Origin, Skipped, printable_path

# Built output and dependencies: code read from here is not the project's own.
_NOT_SOURCE_DIRS = PRUNED_DIRS | BUILD_NAMES | {"coverage", ".vercel", ".netlify", "vendor"}
_MAX_CODE_FILE = 2 << 20  # larger files are generated, not hand-written code


@dataclass(slots=True)
class Variable:
    name: str
    definitions: list[Definition] = field(default_factory=list)
    usages: list[Usage] = field(default_factory=list)
    exposure: Exposure | None = None
    verdict: Verdict = NOT_SECRET
    # The verdict of each definition's value, keyed by (path, line).
    value_verdicts: dict[tuple[str, int], Verdict] = field(default_factory=dict)

    @property
    def environments(self) -> list[str]:
        return sorted({d.environment for d in self.definitions})

    @property
    def side(self) -> Literal["client", "server"]:
        return "client" if self.exposure is not None else "server"


@dataclass(slots=True)
class Inventory:
    root: Path
    profiles: dict[str, FrameworkProfile]  # by project folder ('.' for the root)
    files: list[EnvFile] = field(default_factory=list)
    variables: dict[str, Variable] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    code_files: int = 0
    shown_root: str = "."  # the root as reports name it (repository-relative)

    def show(self, path: str) -> str:
        """A root-relative path as reports name it: printable, since a folder's name may hold
        bytes that are not UTF-8 or a newline (units.printable_path)."""
        return printable_path(self.repo_path(path))

    def repo_path(self, path: str) -> str:
        """A root-relative path as git names it (relative to the repository)."""
        return path if self.shown_root == "." else f"{self.shown_root}/{path}"

    def has_env_files(self, path: str) -> bool:
        """Whether the project holding `path` (root-relative) keeps any env file."""
        project = _project_for(path, list(self.profiles))
        return any(_project_for(f.path, list(self.profiles)) == project for f in self.files)

    @property
    def frameworks(self) -> list[str]:
        return sorted({f for p in self.profiles.values() for f in p.frameworks})


def _walk(root: Path) -> Iterator[tuple[str, list[str], list[str]]]:
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _NOT_SOURCE_DIRS)
        rel = Path(directory).relative_to(root).as_posix()
        yield ("" if rel == "." else rel + "/"), dirs, sorted(files)


def _project_for(path: str, projects: list[str]) -> str:
    """The nearest project folder (one with a package.json) that holds `path`."""
    best = "."
    for project in projects:
        if project != "." and path.startswith(project + "/") and len(project) > len(best):
            best = project
    return best


def _code_files(root: Path, config: Config) -> list[str]:
    """Code git would commit (so build output and ignored folders stay out); every file
    outside a repository."""
    repo = gitrepo.repo_root(root)
    if repo is not None:
        prefix = root.resolve().relative_to(repo).as_posix()
        cut = 0 if prefix == "." else len(prefix) + 1
        names = [n[cut:] for n in gitrepo.list_files(repo, root)]
    else:
        names = [rel + name for rel, _, files in _walk(root) for name in files]
    return [
        n
        for n in names
        if Path(n).suffix.lower() in USAGE_SUFFIXES
        and not set(n.split("/")[:-1]) & _NOT_SOURCE_DIRS
        and not any(matches_glob(n, p) for p in config.exclude)
    ]


def build_inventory(root: Path, matcher: Matcher, config: Config) -> Inventory:
    projects = ["."]
    env_paths: list[str] = []
    for rel, _, files in _walk(root):
        if "package.json" in files and rel:
            projects.append(rel.rstrip("/"))
        env_paths += [rel + f for f in files if is_env_file(f)]
    from launchguard.sources.files import display

    inventory = Inventory(root, {p: detect(root / p) for p in projects})
    inventory.shown_root = display(root, gitrepo.repo_root(root))
    for shown in env_paths:
        if any(matches_glob(shown, p) for p in config.exclude):
            continue
        try:
            inventory.files.append(read_env_file(root / shown, shown))
        except OSError as e:
            reason = f"cannot read env file: {e.strerror or type(e).__name__}"
            inventory.skipped.append(Skipped(Origin(path=inventory.show(shown)), reason))
    _add_definitions(inventory, matcher, config)
    _add_usages(inventory, config)
    _decide_exposure(inventory, projects)
    return inventory


def _add_definitions(inventory: Inventory, matcher: Matcher, config: Config) -> None:
    for env_file in inventory.files:
        for d in env_file.definitions:
            variable = inventory.variables.setdefault(d.name, Variable(d.name))
            variable.definitions.append(d)
            if d.environment != EXAMPLE:
                verdict = classify(d.name, d.value, d.path, matcher, config)
                variable.value_verdicts[(d.path, d.line)] = verdict
    for variable in inventory.variables.values():
        variable.verdict = strongest(list(variable.value_verdicts.values()))


def _add_usages(inventory: Inventory, config: Config) -> None:
    for name in _code_files(inventory.root, config):
        path = inventory.root / name
        try:
            info = path.stat()
            if info.st_size > _MAX_CODE_FILE or not stat.S_ISREG(info.st_mode):
                continue  # too big to be hand-written, or a device or pipe: never ends
            text = path.read_bytes().decode("utf-8", "replace")
        except OSError as e:
            reason = f"cannot read: {e.strerror or type(e).__name__}"
            origin = Origin(path=inventory.show(name))
            inventory.skipped.append(Skipped(origin, reason, incomplete=False))
            continue
        inventory.code_files += 1
        for usage in find_usages(text, name):
            variable = inventory.variables.setdefault(usage.name, Variable(usage.name))
            variable.usages.append(usage)


def _decide_exposure(inventory: Inventory, projects: list[str]) -> None:
    """Client when the framework of any project that defines or reads it exposes it, or when
    the code reads it through a client-only form (SvelteKit `$env/static/public`)."""
    for variable in inventory.variables.values():
        places = [d.path for d in variable.definitions] + [u.path for u in variable.usages]
        for project in dict.fromkeys(_project_for(p, projects) for p in places or ["."]):
            exposure = inventory.profiles[project].exposure(variable.name)
            if exposure is not None:
                variable.exposure = exposure
                break
        client_reads = [u for u in variable.usages if u.side == "client"]
        if variable.exposure is None and client_reads:
            read = client_reads[0]
            variable.exposure = Exposure("code", f"read through {read.how} in {read.path}")
