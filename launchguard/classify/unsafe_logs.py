"""Unsafe log statements: the per-unit check `scan`, `staged` and `hook` run beside the rules.

Python goes through the standard library's `ast`, JavaScript and TypeScript through
tree-sitter; both report LogHits, turned into `unsafe-log-*` findings here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from launchguard.classify.log_types import Leak, LogHit
from launchguard.filters.allowlist import line_allows
from launchguard.findings import Finding, Kind, Location, Secret, Severity
from launchguard.units import Unit

if TYPE_CHECKING:
    from launchguard.classify.log_offload import Offload

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
# Python's ast needs about 2 KB per statement: a generated 50 MB module would need tens of GB.
# Hand-written modules stay below 1 MB; the rules still scan larger files in full.
MAX_PYTHON_BYTES = 1 << 20
_JS_SUFFIXES = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts")


class LogCheck:
    """Callable per unit (thread-safe: each analyzer keeps per-thread parsers). With a worker
    process (see log_offload), units go there; call `close()` after the last unit: it returns
    their findings, which the calls themselves return nothing for."""

    def __init__(
        self, secret_env_vars: frozenset[str] = frozenset(), *, offload: Offload | None = None
    ) -> None:
        self._secret_vars = secret_env_vars
        self._offload = offload
        if offload is not None:
            offload.configure(secret_env_vars)

    def __call__(self, unit: Unit) -> list[Finding]:
        path = unit.origin.path
        if not analysable(path):
            return []
        if self._offload is not None and self._offload.send(unit):
            return []
        return report(unit, analyze_unit(path, unit.data, self._secret_vars))

    def close(self) -> list[Finding]:
        if self._offload is None:
            return []
        return self._offload.findings(
            lambda path, data: analyze_unit(path, data, self._secret_vars)
        )


def warm_up() -> None:
    """Load both analyzers, their parsers and pattern database: a worker does this while
    the scan is still listing files, not on its first batch."""
    analyze_unit("warm.py", b"import logging\nlog = logging.getLogger()\nlog.info(token)\n")
    analyze_unit("warm.js", b"console.log(req.headers);\n")


def start_offload() -> Offload | None:
    """A worker process for a scan that may be large, started now so that its start-up
    overlaps the scan's; None on a single core or where no process can be started."""
    from launchguard.classify.log_offload import Offload, second_core

    if not second_core():
        return None
    try:
        return Offload(report)
    except OSError:
        return None


def report(unit: Unit, hits: list[LogHit]) -> list[Finding]:
    """The findings for a file's hits, less those on lines marked `launchguard:allow`."""
    if not hits:
        return []
    lines = unit.data.split(b"\n")
    return [
        _finding(hit, RULES[hit.leak], unit)
        for hit in hits
        if not line_allows(_line(lines, hit.line), _line(lines, hit.line - 1))
    ]


def analysable(path: str) -> bool:
    name = path.rsplit("#", 1)[-1].lower()
    return name.endswith(".py") or name.endswith(_JS_SUFFIXES)


def analyze_unit(
    path: str, data: bytes, secret_env_vars: frozenset[str] = frozenset()
) -> list[LogHit]:
    """The unsafe log calls in one file's content, by its name's language."""
    name = path.rsplit("#", 1)[-1].lower()
    if name.endswith(".py"):
        if len(data) > MAX_PYTHON_BYTES:
            return []
        from launchguard.classify.logs_python import analyze_python

        return analyze_python(data, secret_env_vars)
    if name.endswith(_JS_SUFFIXES):
        from launchguard.classify.logs_js import analyze_js, dialect_for

        dialect = dialect_for(name)
        return [] if dialect is None else analyze_js(data, dialect, secret_env_vars)
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
