"""exit_code(result, fail_on): the one place that decides how a scan ends."""

from __future__ import annotations

from launchguard.findings import Severity
from launchguard.result import ScanResult

CLEAN, FINDINGS, USAGE, INCOMPLETE, INTERRUPTED = 0, 1, 2, 3, 130


def exit_code(result: ScanResult, fail_on: Severity) -> int:
    """1 when a finding reaches `fail_on` (a known leak outranks an incomplete scan, because
    it needs action either way); else 3 when something could not be scanned; else 0."""
    if any(f.severity.rank >= fail_on.rank for f in result.findings):
        return FINDINGS
    if result.incomplete:
        return INCOMPLETE
    return CLEAN
