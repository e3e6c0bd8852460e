"""Second stage: each rule's Python pattern, run only in bounded windows behind its hits."""

from __future__ import annotations

import re
from dataclasses import dataclass

from launchguard.engine.hits import Hits
from launchguard.engine.table import RuleTable


@dataclass(frozen=True, slots=True)
class Match:
    """A confirmed match of content rule `rule`; group 1 spans [secret_start, secret_end)."""

    rule: int
    start: int
    end: int
    secret_start: int
    secret_end: int


def _clusters(ends: list[int], width: int) -> list[tuple[int, int]]:
    """Merge the windows [end - width, end] of nearby hits into disjoint regions."""
    regions: list[tuple[int, int]] = []
    for end in sorted(ends):
        lo = max(0, end - width)
        if regions and lo <= regions[-1][1]:
            regions[-1] = (regions[-1][0], end)
        else:
            regions.append((lo, end))
    return regions


def _in_regions(
    regex: re.Pattern[bytes], data: bytes, rule: int, regions: list[tuple[int, int]]
) -> list[Match]:
    out: list[Match] = []
    last = -1
    for lo, hi in regions:
        # One byte past the region lets \b and $ see the real next character; a match that
        # needs that byte would have been reported by the backend with a later end.
        for m in regex.finditer(data, lo, min(len(data), hi + 1)):
            if m.end() > hi or m.start() < last or m.start(1) < 0 or m.end(1) <= m.start(1):
                continue
            out.append(Match(rule, m.start(), m.end(), m.start(1), m.end(1)))
            last = m.end()
    return out


def confirm(table: RuleTable, data: bytes, hits: Hits) -> list[Match]:
    """Exact spans for every rule the backend saw, honouring keyword gating."""
    out: list[Match] = []
    for index, ends in hits.rule_ends.items():
        if table.is_enabled(index, hits.keywords):
            regions = _clusters(ends, table.widths[index])
            out.extend(_in_regions(table.regex(index), data, index, regions))
    for index in hits.whole:
        out.extend(_in_regions(table.regex(index), data, index, [(0, len(data))]))
    out.sort(key=lambda m: (m.secret_start, m.rule))
    return out
