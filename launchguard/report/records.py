"""Finding -> the contract dict. Every reporter goes through here, so redaction lives once."""

from __future__ import annotations

from typing import Any

from launchguard.findings import Finding


def record(f: Finding, *, show_secrets: bool) -> dict[str, Any]:
    loc = f.location
    out: dict[str, Any] = {
        "rule": f.rule,
        "kind": f.kind.value,
        "severity": f.severity.value,
        "provider": f.provider,
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "commit": loc.commit,
        "blob": loc.blob,
        "author": loc.author,
        "date": loc.date,
        "refs": list(loc.refs),
        "in_head": loc.in_head,
        "original": None
        if loc.original is None
        else {
            "path": loc.original.path,
            "line": loc.original.line,
            "column": loc.original.column,
        },
        "secret_sha256": f.secret.sha256,
        "redacted": f.secret.redacted,
        "env_var": f.env_var,
        "exposure": f.exposure,
        "public_by_design": f.public_by_design,
        "decoded": f.decoded,
        "fingerprint": f.fingerprint,
        "message": f.message,
    }
    if show_secrets:
        out["secret"] = f.secret.reveal()
    return out
