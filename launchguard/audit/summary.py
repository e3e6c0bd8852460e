"""The few lines `launchguard audit` prints when the report itself went to a file."""

from __future__ import annotations

from pathlib import Path

from launchguard.audit.document import build
from launchguard.result import ScanResult


def summary_line(result: ScanResult, report: Path) -> str:
    counts = build(result)["summary"]
    ranks = ", ".join(f"{counts[r]} {r}" for r in ("blocker", "high", "medium", "low"))
    lines = [
        f"launchguard audit: {ranks} ({counts['info']} public by design); "
        f"{counts['credentials']} credential(s) to rotate.",
        f"Report with the rotation checklist: {report}",
    ]
    if result.incomplete:
        lines.append("INCOMPLETE: some files could not be read; see the report's skipped list.")
    return "\n".join(lines)
