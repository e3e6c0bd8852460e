"""`--format markdown`: the report a reviewer reads in a GitHub job summary
($GITHUB_STEP_SUMMARY) or a pull request comment.

Job summaries and comments are readable by everyone who can read the repository and outlive
the run, so values are always the redacted preview, even with `--show-secrets`.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, TextIO

from launchguard.findings import Severity
from launchguard.report import RenderOptions
from launchguard.report.records import record
from launchguard.result import ScanResult

MAX_ROWS = 200
_MAX_USES = 3  # code locations shown per variable, as in the table
_TEXT_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_VERDICTS = {"secret": "yes", "public": "public by design", "no": "no"}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def text_cell(value: str) -> str:
    """Plain text in a table cell: paths and names are user data, so nothing in them may
    format, link, open HTML or end the cell."""
    return _TEXT_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def code_cell(value: str) -> str:
    """A code span that holds any text: the fence is one backtick longer than the longest run
    inside it, and '|' is escaped because GitHub splits table cells before reading code."""
    flat = " ".join(value.split()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows)]


def _where(r: dict[str, Any]) -> str:
    where = code_cell(f"{r['path']}:{r['line']}")
    if r["commit"]:
        where += " @ " + code_cell(r["commit"][:10])
    if r["original"]:
        where += " (from " + code_cell(f"{r['original']['path']}:{r['original']['line']}") + ")"
    return where


def _findings(result: ScanResult) -> list[str]:
    rows = []
    for f in result.findings[:MAX_ROWS]:
        r = record(f, show_secrets=False)  # never raw: see the module docstring
        rows.append(
            [
                r["severity"],
                code_cell(r["rule"]),
                _where(r),
                code_cell(r["redacted"]),
                text_cell(r["message"]),
            ]
        )
    header = ["severity", "rule", "location", "value", "message"]
    lines = ["### Findings", "", *_table(header, rows)]
    more = len(result.findings) - MAX_ROWS
    if more > 0:
        lines += ["", f"… and {more} more (the JSON or SARIF report lists every finding)."]
    return lines


def _counts(result: ScanResult) -> list[str]:
    counts = Counter(f.severity for f in result.findings)
    rows = [[s.value, str(counts[s])] for s in Severity if counts[s]]
    credentials = len({f.secret.sha256 for f in result.findings})
    return [
        *_table(["severity", "findings"], rows),
        "",
        f"**{_count(credentials, 'distinct credential')}**",
    ]


def _incomplete(result: ScanResult) -> list[str]:
    missed = [s for s in result.skipped if s.incomplete]
    if not missed:
        return []
    lines = ["> [!WARNING]", "> The scan is incomplete: these files were not scanned.", ">"]
    lines += [f"> - {code_cell(s.origin.path)}: {text_cell(s.reason)}" for s in missed]
    return [*lines, ""]


def _rotation_links(result: ScanResult) -> list[str]:
    links = []
    for rule_id in sorted({f.rule for f in result.findings}):
        rule = result.rules.get(rule_id)
        if rule is not None and rule.rotate is not None:
            name = f"{text_cell(rule.name)} ({code_cell(rule_id)})"
            links.append(f"   - {name}: [rotation guide]({rule.rotate.url})")
    return links


def _how_to(result: ScanResult) -> list[str]:
    return [
        "### How to fix or allow",
        "",
        "1. **Fix** each finding as its rule's guide says. Rotate an exposed credential at its "
        "provider first: removing it from the code does not remove it from git history or from "
        "deployed bundles.",
        *_rotation_links(result),
        "2. **Allow** a finding that is not a leak with a `launchguard:allow` comment on its "
        "line, or an `allow:` entry in `.launchguard.yaml`.",
        "3. **Baseline** findings you accept for now: `launchguard baseline` records them, and "
        "`--baseline .launchguard-baseline.json` reports only new ones.",
    ]


def _inventory(result: ScanResult) -> list[str]:
    if result.inventory is None:
        return []
    from launchguard.report.inventory import inventory_records

    rows = []
    for r in inventory_records(result.inventory, show_secrets=False):
        uses = ", ".join(code_cell(f"{u['path']}:{u['line']}") for u in r["used_in"][:_MAX_USES])
        if len(r["used_in"]) > _MAX_USES:
            uses += f" (+{len(r['used_in']) - _MAX_USES})"
        side = r["exposure"] + (f" ({r['exposed_by']})" if r["exposed_by"] else "")
        rows.append(
            [
                code_cell(r["name"]),
                text_cell(", ".join(r["environments"]) or "-"),
                uses or "-",
                text_cell(side),
                text_cell(_VERDICTS[r["secret"]]),
                code_cell(r["redacted"]) if r["redacted"] else "-",
            ]
        )
    header = ["variable", "environments", "used in", "client/server", "secret?", "value"]
    return ["### Environment variables", "", *_table(header, rows), ""]


def _heading(result: ScanResult, command: str) -> str:
    # The command is named: the action appends the reports of several runs to one summary.
    head = f"## launchguard {command}:"
    if result.findings:
        return f"{head} {_count(len(result.findings), 'finding')}"
    return f"{head} No findings" + (" (incomplete scan)" if result.incomplete else "")


def _no_findings(result: ScanResult) -> list[str]:
    if result.incomplete:  # never "clean" when something was not read
        return ["No findings in the files that were read; the files above were not.", ""]
    return [f"No findings: scanned {_count(result.stats.get('files', 0), 'file')}.", ""]


def render(result: ScanResult, options: RenderOptions, out: TextIO) -> None:
    lines = [_heading(result, options.command), "", *_incomplete(result)]
    if result.findings:
        lines += [*_counts(result), "", *_findings(result), ""]
    else:
        lines += _no_findings(result)
    lines += _inventory(result)
    if result.findings:
        lines += _how_to(result)
    out.write("\n".join(lines).rstrip("\n") + "\n")
