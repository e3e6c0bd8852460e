"""One unit in, findings out: matches -> candidates -> filters -> priority -> findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from launchguard.config import Config
from launchguard.engine.scan import Found, Matcher
from launchguard.engine.table import RuleTable
from launchguard.filters.allowlist import has_allow_comment
from launchguard.filters.candidate import Candidate
from launchguard.filters.checksums import has_valid_checksum
from launchguard.filters.entropy import is_low_entropy
from launchguard.filters.heuristics import is_heuristic_false_positive
from launchguard.filters.jwt import lacks_claims
from launchguard.filters.placeholders import is_placeholder
from launchguard.findings import Finding, Location, Secret, Severity
from launchguard.rule import Rule
from launchguard.textindex import TextIndex
from launchguard.units import Origin, Unit

Filter = Callable[[Candidate], "str | None"]

# Order matters only for which reason is counted: cheap and decisive checks first.
VALIDITY_FILTERS: tuple[Filter, ...] = (
    is_placeholder,
    is_low_entropy,
    lacks_claims,
    is_heuristic_false_positive,
)


@dataclass(slots=True)
class _Kept:
    candidate: Candidate
    found: Found
    line: int
    column: int


def _candidate(found: Found, rule: Rule, unit: Unit, index: TextIndex) -> _Kept:
    offset = found.piece.start if found.piece else found.match.secret_start
    line, column = index.position(offset)
    text, previous = index.context(line, offset)
    candidate = Candidate(
        rule=rule,
        secret=found.secret,
        path=unit.origin.path,
        line=text,
        previous_line=previous,
        encodings=found.encodings,
    )
    return _Kept(candidate, found, line, column)


def _span(k: _Kept) -> tuple[int, int]:
    """The span that competes for priority: the encoded text for decoded matches."""
    if k.found.piece is not None:
        return k.found.piece.start, k.found.piece.end
    return k.found.match.secret_start, k.found.match.secret_end


def _resolve_priority(kept: list[_Kept]) -> list[_Kept]:
    """Where spans overlap, only the highest-priority rules' candidates survive.

    A sweep in start order compares each candidate only with those still open at its start,
    so a file with thousands of findings stays linear."""
    order = sorted(range(len(kept)), key=lambda i: _span(kept[i]))
    beaten: set[int] = set()
    active: list[int] = []
    for i in order:
        start = _span(kept[i])[0]
        active = [j for j in active if _span(kept[j])[1] > start]
        mine = kept[i].candidate.rule.priority
        for j in active:
            theirs = kept[j].candidate.rule.priority
            if theirs > mine:
                beaten.add(i)
            elif mine > theirs:
                beaten.add(j)
        active.append(i)
    return [k for i, k in enumerate(kept) if i not in beaten]


def _message(rule: Rule, encodings: tuple[str, ...], live: bool) -> str:
    how = f" (inside {' > '.join(encodings)}-encoded text)" if encodings else ""
    if rule.public_by_design:
        return f"{rule.name}{how}: public by design, safe to ship; listed for the inventory."
    if not live:
        return (
            f"{rule.name}{how} with an invalid checksum: not a live token (test or sample value)."
        )
    return f"{rule.name}{how}: a live credential; rotate it, then remove it from the code."


def _finding(k: _Kept, origin: Origin) -> Finding:
    rule = k.candidate.rule
    live = rule.checksum is None or has_valid_checksum(rule.checksum, k.candidate.secret)
    return Finding(
        rule=rule.id,
        kind=rule.kind,
        severity=rule.severity if live else Severity.INFO,
        provider=rule.provider,
        location=Location(
            path=origin.path,
            line=k.line + origin.line_offset,
            column=k.column + (origin.column_offset if k.line == 1 else 0),
            commit=origin.commit,
            blob=origin.blob,
        ),
        secret=Secret(k.candidate.secret),
        message=_message(rule, k.candidate.encodings, live),
        public_by_design=rule.public_by_design,
        decoded=k.candidate.encodings[0] if k.candidate.encodings else None,
    )


def _is_allowed(c: Candidate, config: Config) -> str | None:
    if c.rule.id in config.disable:
        return "rule disabled in config"
    if has_allow_comment(c):
        return "inline allow comment"
    entry = next((e for e in config.allow if e.matches(c)), None)
    return None if entry is None else "allowlisted in config"


def analyze(unit: Unit, matcher: Matcher, config: Config, dropped: Counter[str]) -> list[Finding]:
    """Findings for one unit; `dropped` counts every candidate a filter removed, by reason."""
    found = matcher.find(unit.data)
    if not found:
        return []
    index = TextIndex(unit.data)
    kept = []
    for f in found:
        k = _candidate(f, matcher.table.content[f.match.rule], unit, index)
        reason = next((r for check in VALIDITY_FILTERS if (r := check(k.candidate))), None)
        if reason:
            dropped[reason] += 1
        else:
            kept.append(k)
    findings = []
    for k in _resolve_priority(kept):
        reason = _is_allowed(k.candidate, config)
        if reason:
            dropped[reason] += 1
        else:
            findings.append(_finding(k, unit.origin))
    return findings


def path_findings(origin: Origin, table: RuleTable, config: Config) -> list[Finding]:
    """Rules on the file name itself, such as a committed `.env` file."""
    path = origin.path
    name = path.rsplit("/", 1)[-1]
    out = []
    for rule, regex in zip(table.path_rules, table.path_regexes, strict=True):
        if not regex.search(name):
            continue
        candidate = Candidate(
            rule=rule, secret=path.encode(), path=path, line=b"", previous_line=b""
        )
        if _is_allowed(candidate, config):
            continue
        out.append(
            Finding(
                rule=rule.id,
                kind=rule.kind,
                severity=rule.severity,
                provider=rule.provider,
                location=Location(
                    path=path, line=1, column=1, commit=origin.commit, blob=origin.blob
                ),
                secret=Secret(path.encode()),
                message=f"{rule.name}: {path} should never be committed; rotate its values.",
            )
        )
    return out
