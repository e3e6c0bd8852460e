"""Built frontend output: which folders a framework ships to the browser, and the project
they were built from."""

from __future__ import annotations

from pathlib import Path

# What each bundler ships to the browser. `.next/server` and `.output/server` run on the
# server, where server values belong, so only the client part of those builds counts.
BUNDLE_DIRS = (
    "dist",
    "build",
    "out",
    ".next/static",
    ".output/public",
    ".svelte-kit/output/client",
)
# Folders bundlers write (and projects never hand-write code in).
BUILD_NAMES = frozenset({"dist", "build", "out", ".next", ".output", ".svelte-kit", ".nuxt"})
_CLIENT_PART = {".next": "static", ".output": "public", ".svelte-kit": "output/client"}


def is_bundle_path(path: str) -> bool:
    """True for a display path inside built output (`web/dist/assets/index.js`)."""
    padded = "/" + path
    return any(f"/{d}/" in padded for d in BUNDLE_DIRS)


def bundle_roots(path: Path) -> list[Path]:
    """The folders to scan for `launchguard bundle PATH`: the client part of a framework's
    build folder, the build folders of a project folder, or PATH itself."""
    client = _CLIENT_PART.get(path.name)
    if client is not None and (path / client).is_dir():
        return [path / client]
    if (path / "package.json").is_file():
        found = [path / d for d in BUNDLE_DIRS if (path / d).is_dir()]
        if found:
            return found
    return [path]


def project_dir(dist: Path, *, is_build: bool = True) -> Path:
    """The project a folder belongs to: the nearest folder with a package.json at or above
    it, else the build folder's parent (or the folder itself when it is not build output)."""
    start = dist.resolve()
    for candidate in (start, *start.parents):
        # Build folders carry package.json files of their own (`.next/package.json`).
        if candidate.name not in BUILD_NAMES and (candidate / "package.json").is_file():
            return candidate
    return start.parent if is_build else start
