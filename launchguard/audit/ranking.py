"""Launch impact: blocker, high, medium, low or info, and the sentence that says why.

blocker: a live-format secret anyone can read today (the files, HEAD, a bundle, a variable
the framework ships to browsers) or any private key there. high: a live-format secret only in
history, still readable by anyone who can clone, or a weaker secret in today's files.
medium: unsafe logs, env hygiene, environments not separated, weaker secrets in history.
low: everything else worth knowing. info: values public by design.
"""

from __future__ import annotations

from launchguard.audit.places import Place
from launchguard.findings import Finding, Kind, Severity

# Rules that prove a value reaches the browser.
SHIPPED = frozenset({"env-client-exposed-secret", "env-server-value-in-bundle"})
_HYGIENE = frozenset(
    {"env-file-not-ignored", "env-shared-across-environments", "dotenv-file-committed"}
)


def is_live_format(finding: Finding) -> bool:
    """A provider's own key format, or a private key: not a guess from a name or entropy."""
    if finding.provider == "privatekey" or finding.rule in SHIPPED:
        return True
    return finding.provider not in (None, "generic") and finding.severity.rank >= 3


def credential_rank(places: list[Place]) -> tuple[Severity, str]:
    findings = [p.finding for p in places]
    if all(f.public_by_design for f in findings):
        return Severity.INFO, "It is public by design: it is meant to be seen by browsers."
    current = [p for p in places if p.is_current]
    live = any(is_live_format(f) for f in findings)
    if any(f.rule in SHIPPED for f in findings):
        return Severity.BLOCKER, "It ships to every visitor's browser: anyone can read it."
    if current and live:
        return Severity.BLOCKER, _current_why(current)
    if live:
        return Severity.HIGH, _history_why(places)
    worst = max((f.severity for f in findings if not f.public_by_design), key=lambda s: s.rank)
    cap = Severity.HIGH if current else Severity.MEDIUM
    rank = worst if worst.rank <= cap.rank else cap
    why = _current_why(current) if current else _history_why(places)
    return rank, why + " Its format is not a provider's, so check whether it is a real secret."


def finding_rank(finding: Finding) -> tuple[Severity, str]:
    """The rank of a finding that is not a credential (unsafe logs, env hygiene)."""
    if finding.public_by_design:
        return Severity.INFO, "Public by design."
    if finding.kind is Kind.UNSAFE_LOG:
        return Severity.MEDIUM, "Whoever can read the logs (support, vendors) can read this."
    if finding.rule in _HYGIENE:
        return Severity.MEDIUM, "Env hygiene: one mistake away from a leaked secret."
    rank = finding.severity if finding.severity.rank <= 2 else Severity.MEDIUM
    return (rank if rank.rank >= 1 else Severity.LOW), "Worth knowing before launch."


def _current_why(current: list[Place]) -> str:
    wheres = {p.where for p in current}
    if "bundle" in wheres:
        return "It is in the built JavaScript: every visitor's browser downloads it."
    if any(p.phase == "history" for p in current) or "tree" in wheres:
        return "It is in the current code: anyone with the repository can use it."
    return "It is in an env file in the project: anyone with the files can use it."


def _history_why(places: list[Place]) -> str:
    refs = sorted({r for p in places for r in p.finding.location.refs})
    reach = f" (reachable from {', '.join(refs[:4])})" if refs else ""
    return (
        f"It is only in git history{reach}, but anyone who can clone the repository can "
        "still read it."
    )
