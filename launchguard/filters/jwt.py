"""JWT claims: tells a Supabase service_role key from the public anon key."""

from __future__ import annotations

import base64
import binascii
import json

from launchguard.filters.candidate import Candidate


def claims(token: bytes) -> dict[str, object] | None:
    """The payload of a JWT, or None when it is not one."""
    parts = token.split(b".")
    if len(parts) != 3:
        return None
    payload = parts[1] + b"=" * (-len(parts[1]) % 4)
    try:
        data = json.loads(base64.urlsafe_b64decode(payload))
    except (binascii.Error, ValueError):
        return None
    return data if isinstance(data, dict) else None


def lacks_claims(c: Candidate) -> str | None:
    if not c.rule.jwt_claims:
        return None
    payload = claims(c.secret)
    if payload is None:
        return "not a JWT"
    if any(str(payload.get(k)) != v for k, v in c.rule.jwt_claims):
        return "JWT claims do not match the rule"
    return None
