"""Find known values (an env file's) in content: one Hyperscan pass for all of them, with a
`bytes.find` fallback that gives the same answers where Hyperscan is unavailable."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any


class Literals:
    """The first occurrence of each value in a piece of data: [(value index, start offset)]."""

    def __init__(self, values: Sequence[bytes], *, backend: str = "hyperscan") -> None:
        self.values = list(values)
        self._db: Any = None
        self._local = threading.local()
        if backend == "hyperscan" and self.values:
            self._db = _compile(self.values)

    @property
    def backend_name(self) -> str:
        return "hyperscan" if self._db is not None else "python"

    def first_occurrences(self, data: bytes) -> list[tuple[int, int]]:
        if not self.values:
            return []
        if self._db is None:
            return [(i, at) for i, v in enumerate(self.values) if (at := data.find(v)) >= 0]
        return self._scan(data)

    def _scan(self, data: bytes) -> list[tuple[int, int]]:
        import hyperscan

        ends: dict[int, int] = {}
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._db)

        def on_match(ident: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
            ends.setdefault(ident, end)  # SINGLEMATCH: the first end of each value

        self._db.scan(data, match_event_handler=on_match, scratch=scratch)
        return sorted((i, end - len(self.values[i])) for i, end in ends.items())


def _compile(values: list[bytes]) -> Any:
    """A literal database, or None (the caller falls back to bytes.find) without Hyperscan."""
    try:
        import hyperscan
    except ImportError:
        return None
    # Escaped regexes, not the literal compiler: that one reads C strings, so a NUL would end
    # the value early.
    expressions = [b"".join(b"\\x%02x" % b for b in value) for value in values]
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(
        expressions=expressions,
        ids=list(range(len(values))),
        elements=len(values),
        flags=hyperscan.HS_FLAG_SINGLEMATCH,
    )
    return db
