"""Unsafe log statements: the per-unit check `scan`, `staged` and `hook` run beside the rules.

Python goes through the standard library's `ast`, JavaScript and TypeScript through
tree-sitter; both report LogHits, turned into `unsafe-log-*` findings here.
"""

from __future__ import annotations

from launchguard.classify.log_types import Leak, LogHit
from launchguard.filters.allowlist import line_allows
from launchguard.findings import Finding, Kind, Location, Secret, Severity
from launchguard.units import Unit

RULES: dict[Leak, str] = {
    "secret": "unsafe-log-secret",
    "auth-header": "unsafe-log-auth-header",
    "signature": "unsafe-log-signature",
    "payload": "unsafe-log-payload",
    "config": "unsafe-log-config",
}
_WHAT: dict[Leak, tuple[str, str]] = {
    "secret": ("a secret", "log a masked form (the last 4 characters) or nothing"),
    "auth-header": (
        "authentication headers",
        "log header names only, or drop Authorization and Cookie first",
    ),
    "signature": ("a webhook signature", "log whether the signature verified, not the header"),
    "payload": ("a whole customer payload", "log the fields you need (ids, event type)"),
    "config": ("a whole configuration object", "log the specific non-secret settings"),
}
_JS_SUFFIXES = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts")


class LogCheck:
    """Callable per unit (thread-safe: each analyzer keeps per-thread parsers)."""

    def __init__(self, secret_env_vars: frozenset[str] = frozenset()) -> None:
        self._secret_vars = secret_env_vars

    def __call__(self, unit: Unit) -> list[Finding]:
        path = unit.origin.path
        hits = self._hits(path, unit.data)
        if not hits:
            return []
        lines = unit.data.split(b"\n")
        return [
            _finding(hit, RULES[hit.leak], unit)
            for hit in hits
            if not line_allows(_line(lines, hit.line), _line(lines, hit.line - 1))
        ]

    def _hits(self, path: str, data: bytes) -> list[LogHit]:
        name = path.rsplit("#", 1)[-1].lower()
        if name.endswith(".py"):
            from launchguard.classify.logs_python import analyze_python

            return analyze_python(data.decode("utf-8", "replace"), self._secret_vars)
        if name.endswith(_JS_SUFFIXES):
            from launchguard.classify.logs_js import analyze_js, dialect_for

            dialect = dialect_for(name)
            return [] if dialect is None else analyze_js(data, dialect, self._secret_vars)
        return []


def _line(lines: list[bytes], number: int) -> bytes:
    return lines[number - 1] if 0 < number <= len(lines) else b""


def _finding(hit: LogHit, rule: str, unit: Unit) -> Finding:
    what, fix = _WHAT[hit.leak]
    origin = unit.origin
    return Finding(
        rule=rule,
        kind=Kind.UNSAFE_LOG,
        severity=Severity.MEDIUM,
        provider=None,
        location=Location(
            path=origin.path,
            line=hit.line,
            column=hit.column,
            commit=origin.commit,
            blob=origin.blob,
        ),
        # The leaking expression identifies the finding; it is code, not a credential.
        secret=Secret(hit.expression.encode()),
        message=f"{hit.sink}() writes {what} to the logs ({hit.detail}): {fix}.",
    )
