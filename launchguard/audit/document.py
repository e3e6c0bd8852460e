"""The audit document: the JSON contract (version, findings, stats) plus the ranked risks,
the credentials, the rotation checklist and the history clean-up. The Markdown and HTML
reports are renderings of it. Values appear only as redacted previews, except in the
contract's own `findings` with --show-secrets."""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter
from typing import Any

from launchguard import __version__
from launchguard.audit.checklist import Entry, cleanup, credential_name, entries, value_rule
from launchguard.audit.credentials import Credential, holds_credential, join
from launchguard.audit.places import Place
from launchguard.audit.ranking import finding_rank
from launchguard.audit.run import AuditContext
from launchguard.findings import Finding, Severity
from launchguard.report.records import record
from launchguard.result import ScanResult

_RANKS = ("blocker", "high", "medium", "low", "info")


def build(result: ScanResult, *, show_secrets: bool = False) -> dict[str, Any]:
    context = result.audit or AuditContext(project=".")
    places = context.places(result.findings)
    credentials = join(places, context.inventory)
    checklist = entries(credentials, result.rules)
    risks = _credential_risks(credentials, result) + _other_risks(places, result)
    risks.sort(key=lambda r: _RANKS.index(r["rank"]))
    summary = Counter(r["rank"] for r in risks)
    return {
        "version": __version__,
        "project": context.project,
        "generated": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "findings": [record(f, show_secrets=show_secrets) for f in result.findings],
        "stats": result.stats,
        "incomplete": result.incomplete,
        "summary": {
            **{rank: summary.get(rank, 0) for rank in _RANKS},
            "credentials": sum(1 for c in credentials if c.rank is not Severity.INFO),
        },
        "phases": [dataclasses.asdict(p) for p in context.phases],
        "risks": [r for r in risks if r["rank"] != "info"],
        "credentials": [_credential(c, result) for c in credentials],
        "checklist": [_entry(e) for e in checklist],
        "history_cleanup": _cleanup(credentials, places, context),
        "info": [r for r in risks if r["rank"] == "info"],
    }


def _name(result: ScanResult, rule_id: str) -> str:
    rule = result.rules.get(rule_id)
    return rule.name if rule is not None else rule_id


def _credential(c: Credential, result: ScanResult) -> dict[str, Any]:
    f = c.finding
    rule = value_rule(c, result.rules)
    return {
        "id": c.sha256[:12],
        "rank": c.rank.value,
        "why": c.why,
        "rule": rule.id if rule is not None else f.rule,
        "name": credential_name(c, result.rules).removeprefix("the "),
        "provider": f.provider,
        "redacted": f.secret.redacted,
        "secret_sha256": c.sha256,
        "first_seen": c.first_seen,
        "env_vars": c.env_vars,
        "env_files": c.env_files,
        "environments": c.environments,
        "locations": list(dict.fromkeys(p.describe() for p in c.places)),
    }


def _credential_risks(credentials: list[Credential], result: ScanResult) -> list[dict[str, Any]]:
    out = []
    for c in credentials:
        f = c.finding
        name = credential_name(c, result.rules).removeprefix("the ")
        why = c.why
        if c.rank is Severity.INFO:
            rule = value_rule(c, result.rules)
            why = (rule.description.strip() if rule is not None else "") or why
        risk = _risk(c.rank, f"{name[:1].upper()}{name[1:]} {_where_words(c)}", why, f)
        named = value_rule(c, result.rules)
        risk.update(
            rule=named.id if named is not None else f.rule,
            redacted=f.secret.redacted,
            credential=c.sha256[:12],
            locations=list(dict.fromkeys(p.describe() for p in c.places)),
        )
        out.append(risk)
    return out


def _where_words(credential: Credential) -> str:
    wheres = {p.where for p in credential.places}
    if "bundle" in wheres:
        return "in the built JavaScript"
    if any(p.is_current for p in credential.places):
        return "in the current files"
    return "in git history"


def _other_risks(places: list[Place], result: ScanResult) -> list[dict[str, Any]]:
    out = []
    for place in places:
        f = place.finding
        if holds_credential(f):
            continue
        rank, why = finding_rank(f)
        title = f"{_name(result, f.rule)} at {place.describe()}"
        risk = _risk(rank, title, f"{f.message} {why}", f)
        risk["locations"] = [place.describe()]
        out.append(risk)
    return out


def _risk(rank: Severity, title: str, why: str, finding: Finding) -> dict[str, Any]:
    return {
        "rank": rank.value,
        "title": title,
        "why": why,
        "rule": finding.rule,
        "provider": finding.provider,
        "redacted": None,
        "credential": None,
        "locations": [],
    }


def _entry(e: Entry) -> dict[str, Any]:
    return {
        "credential": e.credential.sha256[:12],
        "rank": e.credential.rank.value,
        "title": e.title,
        "provider": e.credential.finding.provider,
        "dashboard": e.dashboard,
        "steps": list(e.steps),
        "update": list(e.update),
        "environments": e.credential.environments,
        "review": e.review,
        "verify": e.verify,
        "locations": list(dict.fromkeys(p.describe() for p in e.credential.places)),
    }


def _cleanup(
    credentials: list[Credential], places: list[Place], context: AuditContext
) -> dict[str, Any] | None:
    committed_env = [
        p.finding.location.path
        for p in places
        if p.phase == "history" and p.finding.rule == "dotenv-file-committed"
    ]
    root = context.repo_root

    def current(path: str) -> bool:
        return root is not None and (root / path).exists()

    found = cleanup(credentials, committed_env, current)
    if found is None:
        return None
    return {
        "paths": list(found.paths),
        "commands": list(found.commands),
        "notes": list(found.notes),
        "warnings": list(found.warnings),
    }
