"""`--format table`: a rich table for terminals, then a summary and how to allow."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, TextIO

from launchguard.findings import Severity
from launchguard.report import RenderOptions
from launchguard.report.records import record
from launchguard.result import ScanResult

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

_STYLE = {"blocker": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}
_ALLOW_HINT = (
    "To allow a finding: add `launchguard:allow` in a comment on its line, an `allow:` entry "
    "in .launchguard.yaml, or record it with `launchguard baseline`."
)


def _summary(result: ScanResult) -> str:
    counts = Counter(f.severity for f in result.findings)
    parts = [f"{counts[s]} {s.value}" for s in Severity if counts[s]]
    credentials = len({f.secret.sha256 for f in result.findings})
    stats = result.stats
    head = (
        f"{len(result.findings)} findings ({', '.join(parts) or 'none'}), "
        f"{credentials} distinct credentials"
    )
    if "bytes" not in stats:  # the env inventory reads files but scans no bytes
        return f"{head}; read {stats.get('files', 0)} files."
    return f"{head}; scanned {stats.get('files', 0)} files, {stats.get('bytes', 0):,} bytes."


def _print_raw(console: Console, result: ScanResult, options: RenderOptions) -> None:
    """Raw values on their own unwrapped lines, so they can be copied whole."""
    console.print("Raw values (--show-secrets):", markup=False)
    for f in result.findings:
        r = record(f, show_secrets=True)
        console.print(
            # launchguard:allow-next-line  (printing raw values is what --show-secrets asks for)
            f"  {r['path']}:{r['line']}:{r['column']} {r['rule']} {r['secret']}",
            markup=False,
            soft_wrap=True,
        )


def _findings_table(result: ScanResult, options: RenderOptions) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, expand=False)
    for name in ("severity", "rule", "location", "value", "message"):
        table.add_column(name, overflow="fold")
    for f in result.findings:
        r = record(f, show_secrets=options.show_secrets)
        where = f"{r['path']}:{r['line']}:{r['column']}"
        if r["commit"]:
            where += f" @{r['commit'][:10]}"
        if r["original"]:
            where += f" (from {r['original']['path']}:{r['original']['line']})"
        # Text(), not markup: paths and values are user data and may contain "[".
        table.add_row(
            Text(r["severity"], style=_STYLE[r["severity"]]),
            Text(r["rule"]),
            Text(where),
            Text(r["redacted"]),
            Text(r["message"]),
        )
    return table


def _notes(console: Console, result: ScanResult) -> None:
    """Every file that could hide a secret is named; by-design skips (binaries, symlinks) are
    counted here and listed in full under stats.skipped in the JSON report."""
    for skipped in (s for s in result.skipped if s.incomplete):
        console.print(f"not scanned: {skipped.origin.path}: {skipped.reason}", markup=False)
    reasons = Counter(s.reason for s in result.skipped if not s.incomplete)
    if reasons:
        detail = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
        console.print(f"skipped by design: {detail}", markup=False)
    for problem in result.stats.get("source_map_problems", []):
        console.print(f"source map not used: {problem['reason']}", markup=False)


def render(result: ScanResult, options: RenderOptions, out: TextIO) -> None:
    from rich.console import Console

    console = Console(
        file=out,
        width=options.width,
        color_system="auto" if options.color else None,
        highlight=False,
        soft_wrap=False,
    )
    if result.inventory is not None:
        from launchguard.report.inventory import inventory_table

        console.print(inventory_table(result.inventory, show_secrets=options.show_secrets))
    if result.findings:
        console.print(_findings_table(result, options))
        if options.show_secrets:
            _print_raw(console, result, options)
    _notes(console, result)
    console.print(_summary(result), markup=False)
    if result.findings:
        console.print(_ALLOW_HINT, markup=False)
    if result.incomplete:
        console.print("The scan is incomplete: some files could not be read (see above).")
