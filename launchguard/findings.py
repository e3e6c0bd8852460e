"""Findings are plain data: one type for every kind of problem launchguard reports."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal


class Kind(StrEnum):
    SECRET = "secret"  # noqa: S105  # a finding kind, not a credential
    ENV_EXPOSURE = "env-exposure"
    ENV_FILE = "env-file"
    UNSAFE_LOG = "unsafe-log"


class Severity(StrEnum):
    BLOCKER = "blocker"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse: used for --fail-on comparisons and ordering."""
        return _RANKS[self]


_RANKS = {
    Severity.BLOCKER: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}


@dataclass(frozen=True, slots=True)
class Secret:
    """Holds the raw bytes; str(), repr() and f-strings show only the safe preview."""

    _raw: bytes = field(repr=False)

    def __repr__(self) -> str:
        return f"Secret({self.redacted})"

    __str__ = __repr__

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self._raw).hexdigest()

    @property
    def redacted(self) -> str:
        from launchguard.redact import preview

        return preview(self._raw)

    def reveal(self) -> str:
        """The raw value: only report.records calls this, and only with --show-secrets."""
        return self._raw.decode("utf-8", "replace")

    def raw_bytes(self) -> bytes:
        """The raw bytes, for hashing against baselines and scrubbing error text."""
        return self._raw


@dataclass(frozen=True, slots=True)
class Original:
    """Where generated code came from, read through its source map."""

    path: str
    line: int
    column: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    path: str
    line: int
    column: int
    commit: str | None = None
    blob: str | None = None  # git blob id, for findings read from git objects
    author: str | None = None
    date: str | None = None
    refs: tuple[str, ...] = ()
    in_head: bool | None = None
    original: Original | None = None  # for bundle findings with a source map


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    rule: str
    kind: Kind
    severity: Severity
    provider: str | None
    location: Location
    secret: Secret
    message: str
    public_by_design: bool = False
    env_var: str | None = None
    exposure: Literal["client", "server"] | None = None
    decoded: str | None = None  # "base64", "percent", "escape" when found inside encoded text
    # For an env finding about a value: the provider rule that recognised the value
    # (`openai-project-key`), so the audit can name the credential and say how to rotate it.
    identified_as: str | None = None

    @property
    def fingerprint(self) -> str:
        """Stable identity without line or commit: sha256(rule, path, secret sha256)."""
        key = "\0".join((self.rule, self.location.path, self.secret.sha256))
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per (fingerprint, line, column, commit, blob), in a stable order."""
    seen: set[tuple[str, int, int, str | None, str | None]] = set()
    out = []
    for f in sorted(findings, key=sort_key):
        loc = f.location
        key = (f.fingerprint, loc.line, loc.column, loc.commit, loc.blob)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def sort_key(f: Finding) -> tuple[int, str, int, int, str]:
    return (-f.severity.rank, f.location.path, f.location.line, f.location.column, f.rule)
