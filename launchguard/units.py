"""What sources yield: a Unit of content with its origin, or a Skipped with the reason."""

from __future__ import annotations

from dataclasses import dataclass

_CONTROL_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable_path(path: str) -> str:
    """A file name as reports can show it: bytes that are not UTF-8 (kept by surrogateescape)
    become \\xNN and control characters become escapes, so a name with a newline cannot break a
    table or forge a line of a report, and every encoder (JSON, SARIF, hashing) accepts it."""
    out = []
    for ch in path:
        if ch.isprintable():
            out.append(ch)
        elif "\udc80" <= ch <= "\udcff":  # an undecodable byte, as surrogateescape keeps it
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        else:
            out.append(
                _CONTROL_ESCAPES.get(ch) or ch.encode("unicode_escape", "backslashreplace").decode()
            )
    return "".join(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class Origin:
    """Where bytes came from: a path (repo-relative, '/' separators) and, for git, the blob
    and the commit that introduced it (when the source knows it)."""

    path: str
    commit: str | None = None
    blob: str | None = None
    # A large file is read in parts: where this part starts in the whole file (its first
    # line's number minus one, and the column its first line starts at minus one).
    offset: int = 0
    line_offset: int = 0
    column_offset: int = 0

    def __post_init__(self) -> None:
        if not self.path.isprintable():  # rare: one C call per file otherwise
            object.__setattr__(self, "path", printable_path(self.path))


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
