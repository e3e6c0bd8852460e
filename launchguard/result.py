"""ScanResult: what every command hands to a reporter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from launchguard.findings import Finding
from launchguard.units import Skipped

if TYPE_CHECKING:
    from launchguard.audit.run import AuditContext
    from launchguard.classify.env_inventory import Inventory
    from launchguard.rule import Rule


@dataclass(slots=True)
class ScanResult:
    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    inventory: Inventory | None = None  # `launchguard env` only
    # Metadata of every rule a finding may name (for reporters that describe rules: SARIF).
    rules: dict[str, Rule] = field(default_factory=dict)
    audit: AuditContext | None = None  # `launchguard audit` only: phases and the inventory

    @property
    def incomplete(self) -> bool:
        """True when something that could hold a secret was not scanned."""
        return any(s.incomplete for s in self.skipped)

    @property
    def raw_secrets(self) -> list[bytes]:
        """Every raw value found, for scrubbing error text (never for output)."""
        return [f.secret.raw_bytes() for f in self.findings]
