"""`--format json`: {"version", "findings", "stats"} as documented in the README."""

from __future__ import annotations

from typing import TextIO

from launchguard import __version__
from launchguard.report import RenderOptions
from launchguard.report.records import dumps, record
from launchguard.result import ScanResult


def render(result: ScanResult, options: RenderOptions, out: TextIO) -> None:
    if result.audit is not None:
        from launchguard.audit.document import build

        audit = build(result, show_secrets=options.show_secrets)
        out.write(dumps(audit) + "\n")
        return
    document: dict[str, object] = {
        "version": __version__,
        "findings": [record(f, show_secrets=options.show_secrets) for f in result.findings],
        "stats": result.stats,
    }
    if result.inventory is not None:
        from launchguard.report.inventory import inventory_records

        document["inventory"] = inventory_records(
            result.inventory, show_secrets=options.show_secrets
        )
    out.write(dumps(document) + "\n")
