"""What a backend reports for one unit, before the Python confirm step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(slots=True)
class Hits:
    """End offsets per content rule and per decoder trigger, and which keywords occur.

    `whole` lists rules to confirm over the whole unit (the Python backend has no offsets).
    """

    rule_ends: dict[int, list[int]] = field(default_factory=dict)
    whole: list[int] = field(default_factory=list)
    keywords: set[int] = field(default_factory=set)
    decoder_ends: dict[int, list[int]] = field(default_factory=dict)


class Backend(Protocol):
    name: str

    def hits(self, data: bytes) -> Hits:
        """One pass over `data`: every rule, keyword and decoder trigger at once."""
        ...
