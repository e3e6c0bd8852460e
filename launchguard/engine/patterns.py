"""Groups of regular expressions run together over bytes, reporting where each group matched:
one Hyperscan pass (the compiled database cached on disk like the rule set's), or `re` where
Hyperscan is unavailable, with the same answers.

Expressions are written without look-around, which Hyperscan lacks: a boundary before a word
is written `(?:^|[^X])` and one after it `(?:[^X]|$)`, and the match includes that character.
For `re` they become look-behind and look-ahead, so that a match never consumes the boundary
the next one needs (`token token`).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence
from typing import Any

_BEFORE = re.compile(r"\(\?:\^\|\[\^([^\]]*)\]\)")
_AFTER = re.compile(r"\(\?:\[\^([^\]]*)\]\|\$\)")


def lookaround_form(expression: str) -> str:
    """The `re` form of an expression: boundaries as look-behind and look-ahead."""
    return _AFTER.sub(r"(?![\1])", _BEFORE.sub(r"(?<![\1])", expression))


class PatternSet:
    """`ends(data)`: for each group, the end offsets of its matches, ascending.

    Hyperscan reports every match, `re` the leftmost non-overlapping ones of each group; with
    look-around boundaries the two differ only for matches that overlap, which none of the
    callers tells apart."""

    def __init__(self, name: str, groups: Sequence[Sequence[str]]) -> None:
        self._name = name
        self._groups = [list(group) for group in groups]
        self._lock = threading.Lock()
        self._local = threading.local()
        self._db: Any = None
        self._regexes: list[re.Pattern[bytes]] | None = None

    def ends(self, data: bytes) -> list[list[int]]:
        db = self._database()
        if db is None:
            return [[m.end() for m in rx.finditer(data)] for rx in self._python()]
        import hyperscan

        found: list[list[int]] = [[] for _ in self._groups]
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(db)

        def on_match(ident: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
            found[ident].append(end)

        db.scan(data, match_event_handler=on_match, scratch=scratch)
        for group in found:
            group.sort()
        return found

    def _python(self) -> list[re.Pattern[bytes]]:
        if self._regexes is None:
            self._regexes = [
                re.compile("|".join(lookaround_form(e) for e in group).encode(), re.MULTILINE)
                for group in self._groups
            ]
        return self._regexes

    def _database(self) -> Any:
        if self._db is None:
            with self._lock:
                if self._db is None:
                    self._db = _load_or_compile(self._name, self._groups) or False
        return self._db or None


def _load_or_compile(name: str, groups: list[list[str]]) -> Any:
    """The Hyperscan database for the groups, from the cache when it is there; None without
    Hyperscan. Compiling takes a few hundred milliseconds, loading well under one."""
    from launchguard.engine.compile import cache_dir, hyperscan_version, read_cache, write_cache

    version = hyperscan_version()
    if version is None:
        return None
    import hyperscan

    key = hashlib.sha256(repr((groups, version)).encode()).hexdigest()[:32]
    path = cache_dir() / f"{name}-{key}.bin"
    cached = read_cache(path)
    try:
        if cached is not None:
            return hyperscan.loadb(cached, hyperscan.HS_MODE_BLOCK)
    except hyperscan.error:
        pass  # from another build: compile it again
    expressions = [e.encode() for group in groups for e in group]
    ids = [index for index, group in enumerate(groups) for _ in group]
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(
        expressions=expressions,
        ids=ids,
        elements=len(expressions),
        flags=[hyperscan.HS_FLAG_MULTILINE] * len(expressions),
    )
    write_cache(path, hyperscan.dumpb(db))
    return db
