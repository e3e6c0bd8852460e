"""Pure-Python backend for machines without Hyperscan: same Hits, found with `re`."""

from __future__ import annotations

import re

from launchguard.engine.decode import TRIGGERS
from launchguard.engine.hits import Hits
from launchguard.engine.table import RuleTable


class PythonBackend:
    name = "python"

    def __init__(self, table: RuleTable) -> None:
        self._table = table
        self._keywords = [k.encode() for k in table.keywords]
        self._triggers = [(decoder, re.compile(t)) for decoder, t in TRIGGERS]

    def hits(self, data: bytes) -> Hits:
        lowered = data.lower()
        present = {i for i, k in enumerate(self._keywords) if k in lowered}
        table = self._table
        whole = [i for i in range(len(table.content)) if table.is_enabled(i, present)]
        decoder_ends: dict[int, list[int]] = {}
        for decoder, trigger in self._triggers:
            ends = [m.end() for m in trigger.finditer(data)]
            if ends:
                decoder_ends.setdefault(decoder, []).extend(ends)
        return Hits(whole=whole, keywords=present, decoder_ends=decoder_ends)
