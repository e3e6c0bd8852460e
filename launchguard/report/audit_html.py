"""`launchguard audit --format html`: the audit document as one self-contained page.

The file is opened from disk, often offline, and may be passed around: it loads nothing (no
script, no stylesheet, font or image URL, and a Content-Security-Policy that forbids them) and
its checkboxes work without JavaScript. Every value from the document is escaped, and only an
https dashboard URL becomes a link. Like the Markdown, it only presents the document.
"""

from __future__ import annotations

import html
from typing import Any

from launchguard.report.audit_shared import SUMMARY, by_rank, task_lines

_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

# No url(), @import or web font: the page must look the same with no network at all.
_STYLE = """
:root { color-scheme: light dark; --fg: #1d1f23; --bg: #fbfbfa; --muted: #5d6470;
  --line: #d9dbe0; --card: #ffffff; --blocker: #b42318; --high: #c4320a; --medium: #a15c07;
  --low: #475467; --info: #1d63c9; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e7ea; --bg: #17181b; --muted: #a2a8b3; --line: #34373d; --card: #202226;
    --blocker: #f97066; --high: #fd853a; --medium: #fdb022; --low: #98a2b3; --info: #84adff; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; font: 15px/1.5 system-ui, sans-serif;
  color: var(--fg); background: var(--bg); }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; padding-bottom: .25rem;
  border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
code, pre { font: .9em/1.4 ui-monospace, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
pre { padding: .75rem; border: 1px solid var(--line); background: var(--card);
  white-space: pre-wrap; }
.meta { color: var(--muted); margin: 0; }
.banner { margin: 1rem 0; padding: .75rem 1rem; border: 2px solid var(--blocker);
  border-left-width: .5rem; font-weight: 600; }
.counts { display: flex; flex-wrap: wrap; gap: .5rem; margin: 0 0 1rem; }
.count { min-width: 7rem; padding: .5rem .75rem; border: 1px solid var(--line);
  border-top: 4px solid var(--low); background: var(--card); }
.count .n { display: block; font-size: 1.6rem; font-weight: 700; }
.count-blocker { border-top-color: var(--blocker); }
.count-high { border-top-color: var(--high); }
.count-medium { border-top-color: var(--medium); }
.count-info { border-top-color: var(--info); }
.count-credentials { border-top-color: var(--fg); }
table { border-collapse: collapse; }
th, td { padding: .25rem .75rem; border-bottom: 1px solid var(--line); text-align: left; }
.card { margin: .75rem 0; padding: .75rem 1rem; border: 1px solid var(--line);
  border-left: 4px solid var(--low); background: var(--card); }
.rank-blocker { border-left-color: var(--blocker); }
.rank-high { border-left-color: var(--high); }
.rank-medium { border-left-color: var(--medium); }
.rank-info { border-left-color: var(--info); }
.card h3, .card h4 { margin: 0 0 .25rem; }
.tasks { list-style: none; padding-left: 0; }
.tasks label { display: flex; gap: .5rem; align-items: baseline; }
.warnings { margin: 1rem 0; padding: .5rem 1rem; border-left: 4px solid var(--blocker);
  font-weight: 600; }
a { color: var(--info); }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; background: #fff; color: #000; }
  .card, .count, pre { break-inside: avoid; background: #fff; }
  a::after { content: " (" attr(href) ")"; }
}
"""


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _link(url: object) -> str:
    """Only an https URL is a link; anything else (javascript:, http:, a path) is plain text."""
    value = str(url)
    if not value.startswith("https://"):
        return esc(value)
    return f'<a href="{esc(value)}" rel="noopener noreferrer">{esc(value)}</a>'


def _rank_class(rank: object) -> str:
    """A class name from a known rank only: a document value never writes into `class`."""
    return f"rank-{rank}" if rank in SUMMARY else "rank-other"


def _head(doc: dict[str, Any]) -> list[str]:
    project = esc(doc.get("project", ""))
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>launchguard audit: {project}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>launchguard audit report</h1>",
        f'<p class="meta">Project <code>{project}</code> · generated '
        f"{esc(doc.get('generated', ''))} · launchguard {esc(doc.get('version', ''))}</p>",
        "</header>",
    ]


def _incomplete(doc: dict[str, Any]) -> list[str]:
    if not doc.get("incomplete"):
        return []
    missed = [esc(p.get("name", "")) for p in doc.get("phases", []) if not p.get("complete", True)]
    detail = f" Not fully read: {', '.join(missed)}." if missed else ""
    return [
        '<div class="banner" id="incomplete" role="alert">This audit is incomplete: some files '
        f"could not be read, so secrets in them are not in this report.{detail}</div>"
    ]


def _count(kind: str, n: int, label: str) -> str:
    return (
        f'<div class="count count-{kind}"><span class="n">{n}</span> '
        f'<span class="label">{label}</span></div>'
    )


def _phases(phases: list[dict[str, Any]]) -> list[str]:
    if not phases:
        return []
    rows = [
        f"<tr><td>{esc(p.get('name', ''))}</td><td>{int(p.get('files', 0))}</td>"
        f"<td>{int(p.get('findings', 0))}</td>"
        f"<td>{'yes' if p.get('complete', True) else '<strong>no</strong>'}</td></tr>"
        for p in phases
    ]
    return [
        "<h3>Phases</h3>",
        "<table><thead><tr><th>phase</th><th>files</th><th>findings</th><th>complete</th></tr>"
        "</thead><tbody>",
        *rows,
        "</tbody></table>",
    ]


def _summary(doc: dict[str, Any]) -> list[str]:
    counts = doc.get("summary", {})
    boxes = [_count(rank, int(counts.get(rank, 0)), rank) for rank in SUMMARY]
    credentials = int(counts.get("credentials", 0))
    label = "credential" if credentials == 1 else "credentials"
    boxes.append(_count("credentials", credentials, f"{label} to rotate"))
    return [
        '<section id="summary">',
        "<h2>Summary</h2>",
        '<div class="counts">',
        *boxes,
        "</div>",
        *_phases(doc.get("phases", [])),
        "</section>",
    ]


def _locations(locations: list[str]) -> list[str]:
    if not locations:
        return []
    items = "".join(f"<li><code>{esc(where)}</code></li>" for where in locations)
    return [f"<p>Where:</p><ul>{items}</ul>"]


def _risk(risk: dict[str, Any]) -> list[str]:
    facts = []
    if risk.get("redacted"):
        facts.append(f"Value <code>{esc(risk['redacted'])}</code>")
    if risk.get("rule"):
        facts.append(f"rule <code>{esc(risk['rule'])}</code>")
    return [
        f'<article class="card risk {_rank_class(risk.get("rank"))}">',
        f"<h4>{esc(risk.get('title', ''))}</h4>",
        f"<p>{esc(risk.get('why', ''))}</p>",
        *([f'<p class="meta">{" · ".join(facts)}</p>'] if facts else []),
        *_locations(risk.get("locations", [])),
        "</article>",
    ]


def _risks(doc: dict[str, Any]) -> list[str]:
    risks = doc.get("risks", [])
    if not risks:
        return []
    lines = ['<section id="risks">', "<h2>Risks, worst first</h2>"]
    for rank, group in by_rank(risks).items():
        lines.append(f"<h3>{esc(rank.capitalize())} ({len(group)})</h3>")
        for risk in group:
            lines += _risk(risk)
    return [*lines, "</section>"]


def _task(label: str) -> str:
    # A label around the box: the whole line toggles it, with no script.
    return f'<li><label><input type="checkbox"> <span>{label}</span></label></li>'


def checklist_items(entry: dict[str, Any]) -> list[str]:
    """The tickable lines of one entry: each step, each update, the review and the check."""
    items = [
        f"<strong>{esc(label)}</strong> {esc(line)}"
        if label.endswith(":")
        else esc(f"{label} {line}".strip())
        for label, line in task_lines(entry)
    ]
    return [_task(item) for item in items]


def _entry(entry: dict[str, Any]) -> list[str]:
    facts = [f"Severity <strong>{esc(entry.get('rank', ''))}</strong>"]
    if entry.get("environments"):
        facts.append("environments " + ", ".join(esc(e) for e in entry["environments"]))
    if entry.get("dashboard"):
        facts.append(f"dashboard {_link(entry['dashboard'])}")
    return [
        f'<article class="card entry {_rank_class(entry.get("rank"))}">',
        f"<h3>{esc(entry.get('title', ''))}</h3>",
        f'<p class="meta">{" · ".join(facts)}</p>',
        '<ul class="tasks">',
        *checklist_items(entry),
        "</ul>",
        "</article>",
    ]


def _checklist(doc: dict[str, Any]) -> list[str]:
    entries = doc.get("checklist", [])
    if not entries:
        return []
    lines = ['<section id="checklist">', "<h2>Rotation checklist</h2>"]
    for entry in entries:
        lines += _entry(entry)
    return [*lines, "</section>"]


def _cleanup(doc: dict[str, Any]) -> list[str]:
    cleanup = doc.get("history_cleanup")
    if not cleanup:
        return []
    paths = "".join(f"<li><code>{esc(p)}</code></li>" for p in cleanup.get("paths", []))
    commands = "\n".join(esc(c) for c in cleanup.get("commands", []))
    warnings = "".join(f"<li>{esc(w)}</li>" for w in cleanup.get("warnings", []))
    return [
        '<section id="history-cleanup">',
        "<h2>History clean-up</h2>",
        "<p><strong>Rotation, not rewriting, is what makes a leaked key safe.</strong> Rewriting "
        "history only removes old copies; anyone who cloned or forked the repository keeps "
        "theirs.</p>",
        f"<p>These paths held a secret in at least one commit:</p><ul>{paths}</ul>",
        *([f"<pre><code>{commands}</code></pre>"] if commands else []),
        *(f"<p>{esc(note)}</p>" for note in cleanup.get("notes", [])),
        *([f'<ul class="warnings">{warnings}</ul>'] if warnings else []),
        "</section>",
    ]


def _info(doc: dict[str, Any]) -> list[str]:
    infos = doc.get("info", [])
    if not infos:
        return []
    lines = ['<section id="info">', "<h2>Public by design (info)</h2>"]
    for item in infos:
        value = f" <code>{esc(item['redacted'])}</code>" if item.get("redacted") else ""
        lines += [
            '<article class="card rank-info">',
            f"<h3>{esc(item.get('title') or item.get('rule', ''))}{value}</h3>",
            f"<p>{esc(item.get('why', ''))}</p>",
            *_locations(item.get("locations", [])),
            "</article>",
        ]
    return [*lines, "</section>"]


def _nothing(doc: dict[str, Any]) -> list[str]:
    if doc.get("risks") or doc.get("checklist") or doc.get("history_cleanup"):
        return []
    if doc.get("incomplete"):  # never "clean" when something was not read
        message = "Nothing found in the files that were read; see the warning above."
    else:
        message = "Nothing found: no secrets to rotate and no risks in this project."
    return [f'<p id="nothing-found"><strong>{message}</strong></p>']


def render_html(doc: dict[str, Any]) -> str:
    lines = [*_head(doc), "<main>", *_incomplete(doc), *_summary(doc), *_nothing(doc)]
    lines += [*_risks(doc), *_checklist(doc), *_cleanup(doc), *_info(doc)]
    return "\n".join([*lines, "</main>", "</body>", "</html>"]) + "\n"
