"""Findings joined into credentials: the same value (secret_sha256) found in several places
(files, commits, bundles, env files) is one credential with all of them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from launchguard.audit.places import Place
from launchguard.audit.ranking import credential_rank, is_live_format
from launchguard.classify.env_inventory import Inventory
from launchguard.findings import Finding, Kind, Severity

# Findings whose `secret` is a credential's value (others hold a path or an expression).
_VALUE_RULES = frozenset(
    {"env-client-exposed-secret", "env-server-value-in-bundle", "env-public-value-in-bundle"}
)


def holds_credential(finding: Finding) -> bool:
    return finding.kind is Kind.SECRET or finding.rule in _VALUE_RULES


@dataclass(slots=True)
class Credential:
    sha256: str
    places: list[Place]
    rank: Severity = Severity.INFO
    why: str = ""
    env_vars: list[str] = field(default_factory=list)
    env_files: list[str] = field(default_factory=list)
    environments: list[str] = field(default_factory=list)

    @property
    def finding(self) -> Finding:
        """The finding that names it best: a provider's rule over a generic one."""
        return max(
            (p.finding for p in self.places),
            key=lambda f: (is_live_format(f), f.provider not in (None, "generic"), f.severity.rank),
        )

    @property
    def first_seen(self) -> str | None:
        dates = [p.finding.location.date for p in self.places if p.finding.location.date]
        return min(dates)[:10] if dates else None

    @property
    def history_paths(self) -> list[str]:
        return sorted({p.finding.location.path for p in self.places if p.phase == "history"})


def join(places: list[Place], inventory: Inventory | None) -> list[Credential]:
    """One Credential per distinct value, worst first; env facts from the inventory."""
    by_value: dict[str, list[Place]] = {}
    for place in places:
        if holds_credential(place.finding):
            by_value.setdefault(place.finding.secret.sha256, []).append(place)
    values = _env_values(inventory)
    out = []
    for sha, held in _pair_key_ids(by_value).items():
        credential = Credential(sha, held)
        credential.rank, credential.why = credential_rank(held)
        _add_env_facts(credential, values.get(sha, []))
        out.append(credential)
    out.sort(key=lambda c: (-c.rank.rank, c.finding.provider or "", c.finding.rule, c.sha256))
    return out


_NEAR_LINES = 10
_NEXT_TO = 2


def _pair_key_ids(by_value: dict[str, list[Place]]) -> dict[str, list[Place]]:
    """An access key id (`AKIA…`) written next to its secret key is one credential with it:
    the two are rotated together. An id found alone stays a credential of its own."""
    ids = [sha for sha, held in by_value.items() if _is_key_id(held)]
    for sha in ids:
        partner = next(
            (
                other
                for other, held in by_value.items()
                if other != sha and not _is_key_id(held) and _written_together(by_value[sha], held)
            ),
            None,
        )
        if partner is not None:
            by_value[partner] = by_value[partner] + by_value.pop(sha)
    return by_value


def _is_key_id(places: list[Place]) -> bool:
    return all(p.finding.rule.endswith("-access-key-id") for p in places)


def _written_together(ids: list[Place], secrets: list[Place]) -> bool:
    """The same file, the same provider within a few lines (`AWS_ACCESS_KEY_ID=` then
    `AWS_SECRET_ACCESS_KEY=`), or a value only a generic rule found right next to the id
    (`{ id: "AKIA…", secret: "…" }`)."""
    for a in ids:
        for b in secrets:
            x, y = a.finding.location, b.finding.location
            if (x.path, x.commit) != (y.path, y.commit):
                continue
            distance = abs(x.line - y.line)
            if a.finding.provider == b.finding.provider and distance <= _NEAR_LINES:
                return True
            if b.finding.provider in (None, "generic") and distance <= _NEXT_TO:
                return True
    return False


def _env_values(inventory: Inventory | None) -> dict[str, list[tuple[str, str, str]]]:
    """sha256 of each defined value -> [(variable, env file, environment)]."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    if inventory is None:
        return found
    for variable in inventory.variables.values():
        for d in variable.definitions:
            if d.value:
                sha = hashlib.sha256(d.value.encode("utf-8", "surrogatepass")).hexdigest()
                found.setdefault(sha, []).append((d.name, inventory.show(d.path), d.environment))
    return found


def _add_env_facts(credential: Credential, defined: list[tuple[str, str, str]]) -> None:
    names = {p.finding.env_var for p in credential.places if p.finding.env_var}
    names.update(name for name, _, _ in defined)
    credential.env_vars = sorted(names)
    credential.env_files = sorted({path for _, path, _ in defined})
    credential.environments = sorted({env for _, _, env in defined})
