"""What sources yield: a Unit of content with its origin, or a Skipped with the reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Origin:
    """Where bytes came from: a path (repo-relative, '/' separators) and, for git, the blob
    and the commit that introduced it (when the source knows it)."""

    path: str
    commit: str | None = None
    blob: str | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    data: bytes
    origin: Origin


@dataclass(frozen=True, slots=True)
class Skipped:
    """Content that was not scanned. `incomplete` is True when a secret could hide there."""

    origin: Origin
    reason: str
    incomplete: bool = True
