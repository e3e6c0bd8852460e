"""Shannon entropy floor per rule: ordinary words and repeated patterns fall below it."""

from __future__ import annotations

import math
from collections import Counter

from launchguard.filters.candidate import Candidate


def shannon(data: bytes) -> float:
    """Bits per character of `data` (0 for empty input)."""
    if not data:
        return 0.0
    n = len(data)
    return -sum(c / n * math.log2(c / n) for c in Counter(data).values())


def is_low_entropy(c: Candidate) -> str | None:
    floor = c.rule.entropy
    if floor is not None and shannon(c.secret) < floor:
        return "below entropy floor"
    return None
