"""Placeholder, templated and documented example values: never a real credential."""

from __future__ import annotations

import base64
import binascii
import re

from launchguard.filters.candidate import Candidate

_PLACEHOLDER = re.compile(
    rb"""(?ix)
      example | placeholder | change[_-]?(?:me|it)\b | dummy | redacted | replace[_-]?me
    | your[_-]?(?:[a-z0-9]{1,12}[_-]?){0,3}(?:key|token|secret|password|pass|id|here)
    | insert[_-]?(?:your|key|token|here)
    | x{4,} | \*{3,} | \.{3} | \xe2\x80\xa6                 # xxxx, ***, ..., an ellipsis
    | <[^<>]{1,60}> | \$\{[^}]{0,80}\} | \{\{.{0,80}\}\}    # <token>, ${VAR}, {{ .Values.x }}
    | %\([a-z_]{1,40}\)s                                  # %(name)s
    """
)
_RUN = re.compile(rb"(.)\1{5,}")
# Values published in providers' own documentation as examples.
_DOCUMENTED = frozenset(
    {
        b"sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        b"pk_test_TYooMQauvdEDq54NiTphI7jx",
        b"sk_test_BQokikJOvBiI2HlWgH4olfQ2",
        # Microsoft's published Azurite (storage) and Cosmos DB emulator keys
        b"Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        b"C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
    }
)


def is_placeholder(c: Candidate) -> str | None:
    if c.secret in _DOCUMENTED or _is_documented_jwt(c.secret):
        return "documented example value"
    if _is_placeholder_text(c.secret) or _is_placeholder_text(_base64_text(c.secret)):
        return "placeholder"
    return None


def looks_like_placeholder(value: bytes) -> bool:
    """A whole value (an env file's) that is a placeholder or a documented example."""
    return value in _DOCUMENTED or _is_documented_jwt(value) or _is_placeholder_text(value)


def _is_placeholder_text(value: bytes) -> bool:
    return bool(value) and bool(_PLACEHOLDER.search(value) or _is_mostly_one_character(value))


def _base64_text(value: bytes) -> bytes:
    """What a base64 value (a Kubernetes Secret's `data:`) says, when it is text."""
    if len(value) < 8 or len(value) % 4:
        return b""
    try:
        decoded = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return b""
    return decoded if decoded.isascii() and decoded.decode().isprintable() else b""


def _is_documented_jwt(value: bytes) -> bool:
    """jwt.io's sample token (subject 1234567890, John Doe), pasted into countless READMEs."""
    from launchguard.filters.jwt import claims

    payload = claims(value) if value.startswith(b"eyJ") else None
    return (
        payload is not None
        and payload.get("sub") == "1234567890"
        and (payload.get("name") == "John Doe")
    )


def _is_mostly_one_character(secret: bytes) -> bool:
    """`aaaaaaaaaaaa` or `sk_0000000000000000` is filler; a run of A's inside a 400-character
    OpenSSH key (zero bytes in base64) is not."""
    longest = max((len(m.group(0)) for m in _RUN.finditer(secret)), default=0)
    return longest >= 0.4 * len(secret)
