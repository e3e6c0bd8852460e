"""Findings in generated code, mapped back to the original file and line through the bundle's
source maps. Only files with findings pay for reading their map."""

from __future__ import annotations

import dataclasses
import stat
from collections.abc import Callable
from pathlib import Path

from launchguard.findings import Finding, Original
from launchguard.sources.bundles import is_bundle_path
from launchguard.sources.mappings import OriginalPosition, SourceMap, SourceMapError, find_map

Reader = Callable[[str], bytes | None]
_GENERATED = (".js", ".mjs", ".cjs", ".css")


# A source map is JSON text of at most a few hundred MB; anything larger is not one.
MAX_MAP_BYTES = 512 << 20


def display_reader(bases: list[Path]) -> Reader:
    """Read a display path (repository- or cwd-relative, or absolute) back from disk. A map
    named by a bundle's `sourceMappingURL` is untrusted: only a regular file of sane size is
    read (`../../dev/zero` or a named pipe would never end). What is read is only parsed as a
    map; its content is never shown."""

    def read(path: str) -> bytes | None:
        for candidate in [Path(path)] if Path(path).is_absolute() else [b / path for b in bases]:
            if (data := _read_regular(candidate)) is not None:
                return data
        return None

    return read


def _read_regular(candidate: Path) -> bytes | None:
    try:
        info = candidate.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_MAP_BYTES:
            return None
        return candidate.read_bytes()
    except OSError:
        return None


def map_findings(
    findings: list[Finding], read: Reader, *, only_bundles: bool
) -> tuple[list[Finding], list[dict[str, str]]]:
    """Findings with `location.original` filled where a map says where the code came from,
    and the generated files whose map could not be used (path and reason)."""
    maps: dict[str, SourceMap | None] = {}
    problems: list[dict[str, str]] = []
    out = []
    for f in findings:
        path = f.location.path
        generated = path.endswith(_GENERATED) and "#" not in path
        if not generated or (only_bundles and not is_bundle_path(path)):
            out.append(f)
            continue
        if path not in maps:
            maps[path] = _load(path, read, problems)
        position = _position(maps, path, f, problems)
        if position is None:
            out.append(f)
            continue
        original = Original(position.source, position.line, position.column)
        out.append(
            dataclasses.replace(f, location=dataclasses.replace(f.location, original=original))
        )
    return out, problems


def _position(
    maps: dict[str, SourceMap | None], path: str, f: Finding, problems: list[dict[str, str]]
) -> OriginalPosition | None:
    source_map = maps[path]
    if source_map is None:
        return None
    try:
        return source_map.original(f.location.line, f.location.column)
    except SourceMapError as e:  # mappings are decoded lazily: a bad one shows up here
        problems.append({"path": path, "reason": str(e)})
        maps[path] = None
        return None


def _load(path: str, read: Reader, problems: list[dict[str, str]]) -> SourceMap | None:
    data = read(path)
    if data is None:
        return None
    try:
        located = find_map(path, data, read)
        return None if located is None else SourceMap.parse(*located)
    except SourceMapError as e:
        problems.append({"path": path, "reason": str(e)})
        return None
