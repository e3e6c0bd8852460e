"""Prove what an env file put into a bundle: every meaningful value of every env file is
searched for in the built output, in one pass per file.

A server-only value found there is a blocker whatever it is: the bundle is public. A
client-exposed secret is a blocker too; a public-by-design key is listed as `info`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from launchguard.classify.env_exposure import CLIENT_EXPOSED
from launchguard.classify.env_secrets import Verdict, classify, looks_random
from launchguard.classify.frameworks import Exposure, FrameworkProfile
from launchguard.config import Config
from launchguard.engine.literals import Literals
from launchguard.engine.scan import Matcher
from launchguard.findings import Finding, Kind, Location, Secret, Severity
from launchguard.sources.bundles import is_bundle_path
from launchguard.sources.dotenv_files import EXAMPLE, Definition, EnvFile
from launchguard.textindex import TextIndex
from launchguard.units import Unit

SERVER_VALUE = "env-server-value-in-bundle"
PUBLIC_VALUE = "env-public-value-in-bundle"
_MIN_LENGTH = 8  # shorter values ("true", "3000", "prod") are everywhere in minified code


@dataclass(frozen=True, slots=True)
class Judged:
    """One env file definition with a value, judged once: exposed or not, secret or not."""

    definition: Definition
    exposure: Exposure | None
    verdict: Verdict

    @property
    def value(self) -> str:
        return str(self.definition.value)


def judge(
    files: Iterable[EnvFile], profile: FrameworkProfile, matcher: Matcher, config: Config
) -> list[Judged]:
    """Every definition with a value, except in example files (documentation, not values)."""
    return [
        Judged(d, profile.exposure(d.name), classify(d.name, d.value, d.path, matcher, config))
        for env_file in files
        if env_file.environment != EXAMPLE
        for d in env_file.definitions
        if d.value
    ]


def rule_for(judged: Judged) -> str:
    if judged.verdict.level == "public":
        return PUBLIC_VALUE
    return CLIENT_EXPOSED if judged.exposure is not None else SERVER_VALUE


def needles(judged: Iterable[Judged]) -> list[Judged]:
    """The values worth searching for. Client values that are neither secret nor key-like
    belong in the bundle; a server value that a client variable also holds is not a leak."""
    client_values: set[str] = set()
    candidates: list[Judged] = []
    for j in judged:
        if len(j.value) < _MIN_LENGTH:
            continue
        if j.exposure is not None:
            client_values.add(j.value)
            if j.verdict.level == "no":
                continue
        elif j.verdict.level == "no" and not looks_random(j.value):
            continue
        candidates.append(j)
    # One needle per value: a client definition explains a value better than a server one.
    chosen: dict[str, Judged] = {}
    for n in sorted(candidates, key=lambda n: n.exposure is None):
        if n.exposure is None and n.value in client_values:
            continue
        chosen.setdefault(n.value, n)
    return list(chosen.values())


def _forms(value: str) -> list[bytes]:
    """The value as a bundler writes it: as is, and inside a JSON/JS string literal."""
    raw = value.encode("utf-8", "surrogateescape")
    quoted = json.dumps(value)[1:-1].encode()
    return [raw] if quoted == raw else [raw, quoted]


class BundleProof:
    """The per-unit check the pipeline runs beside the rules (thread-safe: read-only)."""

    def __init__(self, found: list[Judged], *, backend: str) -> None:
        self._owners: list[Judged] = []
        forms: list[bytes] = []
        for needle in found:
            for form in _forms(needle.value):
                forms.append(form)
                self._owners.append(needle)
        self._literals = Literals(forms, backend=backend)

    def __call__(self, unit: Unit) -> list[Finding]:
        path = unit.origin.path
        # A map's sourcesContent is the original code, already reported at its generated spot.
        if "#" in path or path.endswith(".map"):
            return []
        hits = self._literals.first_occurrences(unit.data)
        if not hits:
            return []
        index = TextIndex(unit.data)
        seen: set[str] = set()
        out = []
        for ident, start in sorted(hits, key=lambda h: h[1]):
            needle = self._owners[ident]
            if needle.value in seen:
                continue
            seen.add(needle.value)
            line, column = index.position(start)
            out.append(_finding(needle, Location(path=path, line=line, column=column)))
        return out


def _finding(needle: Judged, where: Location) -> Finding:
    d, verdict = needle.definition, needle.verdict
    rule = rule_for(needle)
    if rule == PUBLIC_VALUE:
        severity = Severity.INFO
        message = f"{d.name} ({verdict.reason}) is in the bundle: public by design, safe to ship."
    elif needle.exposure is not None:
        severity = Severity.BLOCKER
        message = (
            f"{d.name} holds a secret ({verdict.reason}) and is in the bundle, shipped to every "
            f"browser ({needle.exposure.reason}): rotate it and keep it on the server."
        )
    else:
        severity = Severity.BLOCKER
        message = (
            f"The value of server-only {d.name} (from {d.path}:{d.line}) is in the bundle, "
            "shipped to every browser: rotate it and find the import that pulled it in."
        )
    return Finding(
        rule=rule,
        kind=Kind.ENV_EXPOSURE,
        severity=severity,
        provider=verdict.provider,
        identified_as=verdict.rule,
        location=where,
        secret=Secret(needle.value.encode("utf-8", "surrogateescape")),
        message=message,
        public_by_design=verdict.level == "public",
        env_var=d.name,
        exposure="client" if needle.exposure is not None else "server",
    )


def merge(findings: list[Finding], *, only_bundles: bool = False) -> list[Finding]:
    """Where a rule found a secret that an env value proof already reports, keep the proof:
    it names the variable and how the value got there. This covers the same spot and the
    copy of the code a source map carries in its sourcesContent."""
    values = [
        f.secret.raw_bytes()
        for f in findings
        if f.env_var is not None and f.kind is Kind.ENV_EXPOSURE
    ]
    if not values:
        return findings
    return [
        f
        for f in findings
        if f.kind is not Kind.SECRET
        or (only_bundles and not is_bundle_path(f.location.path))
        or not any(f.secret.raw_bytes() in v for v in values)
    ]
