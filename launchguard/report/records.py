"""Finding -> the contract dict. Every reporter goes through here, so redaction lives once."""

from __future__ import annotations

import json
import re
from typing import Any

from launchguard.findings import Finding

# Lone surrogates: what surrogateescape keeps of bytes that are not UTF-8 (a commit author, a
# branch name), or a `\ud800` escape read from JSON. No UTF-8 report can hold one.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _shown(match: re.Match[str]) -> str:
    """An undecodable byte as `\\xNN` (as units.printable_path shows it in file names); any
    other surrogate as `\\uNNNN`."""
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def printable_text(text: str) -> str:
    """`text` with every lone surrogate written out, so every encoder accepts it."""
    return _SURROGATE.sub(_shown, text) if _SURROGATE.search(text) else text


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return printable_text(value)
    if isinstance(value, list):
        return [_printable(v) for v in value]
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    return value


def dumps(document: Any) -> str:
    """A report as JSON text that any UTF-8 writer accepts: a lone surrogate left anywhere in
    the document (stats, rule texts) is written out as `printable_text` would, so the JSON
    decodes to the same values as the records."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if not _SURROGATE.search(text):
        return text
    # A surrogate can only stand inside a JSON string: its written-out form's backslash is
    # escaped for JSON there.
    return _SURROGATE.sub(lambda m: "\\" + _shown(m), text)


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
    return {key: _printable(value) for key, value in out.items()}
