"""`--format github`: GitHub Actions workflow commands, one annotation per finding, then a
summary line.

Workflow logs are readable by everyone with read access to the repository, and annotations
are copied into the checks UI, so they show the redacted preview only, even with
`--show-secrets`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, TextIO

from launchguard.findings import Severity
from launchguard.report import RenderOptions
from launchguard.report.records import record
from launchguard.report.sarif import split_embedded
from launchguard.result import ScanResult

COMMANDS = {
    "blocker": "error",
    "high": "error",
    "medium": "warning",
    "low": "notice",
    "info": "notice",
}


def escape_data(text: str) -> str:
    """The message part: as @actions/core escapes it, so a newline cannot end the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: ':' and ',' would otherwise end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(name: str, properties: dict[str, str | int], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}"


def _message(r: dict[str, Any], inner: str | None) -> str:
    text = f"{r['message']} ({r['redacted']})"
    if inner is not None:
        text += f" Found in {inner}, line {r['line']}, embedded in the source map."
    if r["original"]:
        o = r["original"]
        text += f" Original source: {o['path']}:{o['line']}."
    if r["commit"]:
        text += f" Introduced in commit {r['commit'][:10]}."
    return text


def annotation(r: dict[str, Any]) -> str:
    """One finding record (redacted) as one workflow command."""
    path, inner = split_embedded(r["path"])
    # Inside a map, the line and column belong to the embedded source: annotate the map file.
    properties: dict[str, str | int] = {"file": path, "line": 1 if inner else r["line"]}
    if inner is None:
        properties["col"] = r["column"]
    properties["title"] = f"launchguard: {r['rule']}"
    return workflow_command(COMMANDS[r["severity"]], properties, _message(r, inner))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def summary(result: ScanResult) -> str:
    counts = Counter(f.severity for f in result.findings)
    parts = ", ".join(f"{counts[s]} {s.value}" for s in Severity if counts[s])
    credentials = len({f.secret.sha256 for f in result.findings})
    head = "launchguard: no findings"
    if result.findings:
        head = (
            f"launchguard: {_count(len(result.findings), 'finding')} ({parts}), "
            f"{_count(credentials, 'distinct credential')}"
        )
    missed = sum(1 for s in result.skipped if s.incomplete)
    if missed:
        return f"{head}; incomplete: {_count(missed, 'file')} not scanned."
    return f"{head}; scanned {_count(result.stats.get('files', 0), 'file')}."


def render(result: ScanResult, options: RenderOptions, out: TextIO) -> None:
    for f in result.findings:
        out.write(annotation(record(f, show_secrets=False)) + "\n")  # never raw: see above
    for s in (s for s in result.skipped if s.incomplete):
        properties: dict[str, str | int] = {
            "file": split_embedded(s.origin.path)[0],
            "title": "launchguard: not scanned",
        }
        out.write(workflow_command("error", properties, f"Not scanned: {s.reason}.") + "\n")
    out.write(summary(result) + "\n")
