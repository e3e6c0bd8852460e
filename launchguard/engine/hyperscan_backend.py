"""Hyperscan backend: every rule, keyword and decoder trigger in one database, one pass.

Ids in the database: content rules first, then keywords (caseless, single match), then the
decoder triggers. This is the only module that imports `hyperscan`.
"""

from __future__ import annotations

import threading
from typing import Any

import hyperscan

from launchguard.engine.decode import TRIGGERS
from launchguard.engine.hits import Hits
from launchguard.engine.table import RuleTable
from launchguard.errors import RuleError


def _literal(text: str) -> bytes:
    """A keyword as a Hyperscan regex: every non-alphanumeric byte hex-escaped."""
    return b"".join(
        bytes([b]) if chr(b).isalnum() and b < 128 else b"\\x%02x" % b for b in text.encode()
    )


def _rule_pattern(pattern: str) -> bytes:
    # In (?x) mode Hyperscan needs a newline to end a trailing `# comment`.
    return (pattern + "\n").encode() if "(?x" in pattern else pattern.encode()


def compile_database(table: RuleTable) -> bytes:
    """Compile the table into one block-mode database and return its serialized form."""
    expressions = [_rule_pattern(r.pattern or "") for r in table.content]
    flags = [0] * len(expressions)
    expressions += [_literal(k) for k in table.keywords]
    flags += [hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SINGLEMATCH] * len(table.keywords)
    expressions += [trigger for _, trigger in TRIGGERS]
    flags += [0] * len(TRIGGERS)
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    try:
        db.compile(
            expressions=expressions,
            ids=list(range(len(expressions))),
            elements=len(expressions),
            flags=flags,
        )
    except hyperscan.error:
        raise RuleError(_culprit(table)) from None
    return bytes(hyperscan.dumpb(db))


def _culprit(table: RuleTable) -> str:
    """Name the first rule Hyperscan rejects on its own (for an actionable error)."""
    for rule in table.content:
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        try:
            db.compile(expressions=[_rule_pattern(rule.pattern or "")], ids=[0], elements=1)
        except hyperscan.error as e:
            return f"{rule.source}: rule {rule.id}: pattern rejected by Hyperscan: {e}"
    return "rules do not compile together for Hyperscan"


class HyperscanBackend:
    name = "hyperscan"

    def __init__(self, table: RuleTable, serialized: bytes) -> None:
        self._table = table
        self._db: Any = hyperscan.loadb(serialized, hyperscan.HS_MODE_BLOCK)
        # Hyperscan releases the GIL while scanning, so threads scan in parallel; each
        # thread needs its own scratch space.
        self._local = threading.local()
        self._rules = len(table.content)
        self._decoders = self._rules + len(table.keywords)

    def hits(self, data: bytes) -> Hits:
        found: list[tuple[int, int]] = []
        add = found.append
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._db)
        self._db.scan(
            data, match_event_handler=lambda i, _f, to, _fl, _c: add((i, to)), scratch=scratch
        )
        result = Hits()
        if not found:
            return result
        rules, decoders = self._rules, self._decoders
        for ident, end in found:
            if ident < rules:
                result.rule_ends.setdefault(ident, []).append(end)
            elif ident < decoders:
                result.keywords.add(ident - rules)
            else:
                decoder = TRIGGERS[ident - decoders][0]
                result.decoder_ends.setdefault(decoder, []).append(end)
        return result
