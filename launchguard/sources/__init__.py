"""Sources yield units of content with their origin, and know nothing about rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from launchguard.units import Skipped, Unit


class Source(Protocol):
    def units(self) -> Iterator[Unit | Skipped]:
        """Every unit of content, or a Skipped with the reason it could not be read."""
        ...
