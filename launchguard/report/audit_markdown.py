"""`launchguard audit` as Markdown (launchguard-report.md): the report a founder reads and ticks.

It only presents the audit document: the ranking, the checklist and the clean-up commands are
decided upstream. Every value from the document is user data (paths, names, messages), so each
one is escaped: none may format, link, open HTML, end a table cell or start a block.
"""

from __future__ import annotations

import re
from typing import Any

from launchguard.report.audit_shared import SUMMARY, by_rank, task_lines
from launchguard.report.markdown import code_cell, text_cell

# At the start of a line these open a list, a rule or a setext underline ('#', '>', '*' and
# '_' are escaped wherever they are). Escaping the last character breaks each of them.
_LINE_START = re.compile(r"^(\d{1,9}[.)](?=\s|$)|[-+](?=\s|$)|[-=]+$)")
_SAFE_URL = re.compile(r"^https://[^\s<>()\[\]`\"'\\]+$")


def text(value: object) -> str:
    """Inline text that cannot become anything but text, wherever it is placed."""
    escaped = text_cell(str(value)).replace("#", "\\#")
    return _LINE_START.sub(_escape_last, escaped)


def _escape_last(match: re.Match[str]) -> str:
    return f"{match[0][:-1]}\\{match[0][-1]}"


def code(value: object) -> str:
    """A code span outside tables: unlike `code_cell`, '|' stays as it is (a backslash there
    would be shown, since code spans do not read escapes)."""
    flat = " ".join(str(value).split())
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def link(url: object) -> str:
    """An autolink only for a plain https URL; anything else is shown as text, never followed."""
    value = str(url)
    return f"<{value}>" if _SAFE_URL.match(value) else text(value)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    return [row(header), row(["---"] * len(header)), *(row(r) for r in rows)]


def _head(doc: dict[str, Any]) -> list[str]:
    return [
        "# launchguard audit report",
        "",
        f"- **Project:** {code(doc.get('project', ''))}",
        f"- **Generated:** {text(doc.get('generated', ''))}",
        f"- **launchguard:** {text(doc.get('version', ''))}",
        "",
    ]


def _incomplete(doc: dict[str, Any]) -> list[str]:
    if not doc.get("incomplete"):
        return []
    missed = [p["name"] for p in doc.get("phases", []) if not p.get("complete", True)]
    lines = [
        "> [!WARNING]",
        "> **This audit is incomplete: some files could not be read, so secrets in them are "
        "not in this report.**",
    ]
    if missed:
        lines.append("> Not fully read: " + ", ".join(text(name) for name in missed) + ".")
    return [*lines, ""]


def _summary(doc: dict[str, Any]) -> list[str]:
    counts = doc.get("summary", {})
    rows = [[text(rank), str(int(counts.get(rank, 0)))] for rank in SUMMARY]
    credentials = int(counts.get("credentials", 0))
    lines = ["## Summary", "", *_table(["severity", "risks"], rows), ""]
    lines += [f"**{_plural(credentials, 'distinct credential')} to rotate.**", ""]
    return lines + _phases(doc.get("phases", []))


def _phases(phases: list[dict[str, Any]]) -> list[str]:
    if not phases:
        return []
    rows = [
        [
            code_cell(str(p.get("name", ""))),
            str(int(p.get("files", 0))),
            str(int(p.get("findings", 0))),
            "yes" if p.get("complete", True) else "**no**",
        ]
        for p in phases
    ]
    return ["### Phases", "", *_table(["phase", "files", "findings", "complete"], rows), ""]


def _locations(locations: list[str]) -> list[str]:
    if not locations:
        return []
    return ["- Where:", *(f"  - {code(where)}" for where in locations)]


def _risk(risk: dict[str, Any]) -> list[str]:
    lines = [f"#### {text(risk.get('title', ''))}", "", text(risk.get("why", "")), ""]
    if risk.get("redacted"):
        lines.append(f"- Value: {code(risk['redacted'])}")
    if risk.get("rule"):
        lines.append(f"- Rule: {code(risk['rule'])}")
    return [*lines, *_locations(risk.get("locations", [])), ""]


def _risks(doc: dict[str, Any]) -> list[str]:
    risks = doc.get("risks", [])
    if not risks:
        return []
    lines = ["## Risks, worst first", ""]
    for rank, group in by_rank(risks).items():
        lines += [f"### {text(rank.capitalize())} ({len(group)})", ""]
        for risk in group:
            lines += _risk(risk)
    return lines


def checklist_items(entry: dict[str, Any]) -> list[str]:
    """The tickable lines of one entry: each step, each update, the review and the check."""
    return [f"- [ ] {text(f'{label} {line}'.strip())}" for label, line in task_lines(entry)]


def _entry(entry: dict[str, Any]) -> list[str]:
    facts = [f"Severity: **{text(entry.get('rank', ''))}**"]
    if entry.get("environments"):
        facts.append("Environments: " + ", ".join(text(e) for e in entry["environments"]))
    if entry.get("dashboard"):
        facts.append(f"Dashboard: {link(entry['dashboard'])}")
    heading = f"### {text(entry.get('title', ''))}"
    return [heading, "", " · ".join(facts), "", *checklist_items(entry), ""]


def _checklist(doc: dict[str, Any]) -> list[str]:
    entries = doc.get("checklist", [])
    if not entries:
        return []
    lines = ["## Rotation checklist", ""]
    for entry in entries:
        lines += _entry(entry)
    return lines


def _fence(lines: list[str]) -> str:
    """A backtick fence longer than any run of backticks inside, so no command can close it."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


def _cleanup(doc: dict[str, Any]) -> list[str]:
    cleanup = doc.get("history_cleanup")
    if not cleanup:
        return []
    lines = [
        "## History clean-up",
        "",
        "**Rotation, not rewriting, is what makes a leaked key safe.** Rewriting history only "
        "removes old copies; anyone who cloned or forked the repository keeps theirs.",
        "",
        "These paths held a secret in at least one commit:",
        "",
        *(f"- {code(path)}" for path in cleanup.get("paths", [])),
        "",
    ]
    commands = [str(c) for c in cleanup.get("commands", [])]
    if commands:
        fence = _fence(commands)
        lines += [f"{fence}sh", *commands, fence, ""]
    for note in cleanup.get("notes", []):
        lines += [text(note), ""]
    lines += [f"> - **{text(w)}**" for w in cleanup.get("warnings", []) if str(w).strip()]
    return [*lines, ""]


def _info(doc: dict[str, Any]) -> list[str]:
    infos = doc.get("info", [])
    if not infos:
        return []
    lines = ["## Public by design (info)", ""]
    for item in infos:
        name = item.get("title") or item.get("rule", "")
        value = f" {code(item['redacted'])}" if item.get("redacted") else ""
        lines += [f"- **{text(name)}**{value}: {text(item.get('why', ''))}"]
        lines += [f"  - {code(where)}" for where in item.get("locations", [])]
    return [*lines, ""]


def _nothing(doc: dict[str, Any]) -> list[str]:
    if doc.get("risks") or doc.get("checklist") or doc.get("history_cleanup"):
        return []
    if doc.get("incomplete"):  # never "clean" when something was not read
        return ["**Nothing found in the files that were read**; see the warning above.", ""]
    return ["**Nothing found:** no secrets to rotate and no risks in this project.", ""]


def render_markdown(doc: dict[str, Any]) -> str:
    lines = [*_head(doc), *_incomplete(doc), *_summary(doc), *_nothing(doc)]
    lines += [*_risks(doc), *_checklist(doc), *_cleanup(doc), *_info(doc)]
    return "\n".join(lines).rstrip("\n") + "\n"
