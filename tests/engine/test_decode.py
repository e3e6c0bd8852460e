"""Secrets stored encoded: base64, percent-encoding and string escapes."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

from launchguard.engine.scan import Matcher
from tests.helpers.fake import stripe_live


def _decoded(m: Matcher, data: bytes) -> list[tuple[str, tuple[str, ...], bytes]]:
    return [
        (m.table.content[f.match.rule].id, f.encodings, f.secret)
        for f in m.find(data)
        if f.encodings
    ]


def test_kubernetes_secret_base64_value(matcher: Matcher) -> None:
    key = stripe_live()
    doc = f"kind: Secret\ndata:\n  STRIPE_KEY: {base64.b64encode(key.encode()).decode()}\n"
    assert ("stripe-secret-key", ("base64",), key.encode()) in _decoded(matcher, doc.encode())


def test_docker_config_auth(matcher: Matcher) -> None:
    key = stripe_live(5)
    auth = base64.b64encode(f"deploy:{key}".encode()).decode()
    doc = json.dumps({"auths": {"registry.invalid": {"auth": auth}}})
    assert ("stripe-secret-key", ("base64",), key.encode()) in _decoded(matcher, doc.encode())


def test_percent_encoded_query_string(matcher: Matcher) -> None:
    key = stripe_live(6)
    line = f"GET /pay?key={quote(key, safe='')}&x=1 HTTP/1.1".replace("_", "%5F")
    assert ("stripe-secret-key", ("percent",), key.encode()) in _decoded(matcher, line.encode())


def test_unicode_escapes_in_minified_js(matcher: Matcher) -> None:
    key = stripe_live(7)
    escaped = "".join(f"\\u{ord(c):04x}" if c == "_" else c for c in key)
    data = f'var e={{k:"{escaped}"}};'.encode()
    assert ("stripe-secret-key", ("escape",), key.encode()) in _decoded(matcher, data)


def test_double_encoding_is_followed(matcher: Matcher) -> None:
    key = stripe_live(8)
    inner = base64.b64encode(key.encode())
    outer = base64.b64encode(b"token=" + inner).decode()
    found = _decoded(matcher, f"value: {outer}\n".encode())
    assert ("stripe-secret-key", ("base64", "base64"), key.encode()) in found


def test_plain_secret_is_not_reported_twice(matcher: Matcher) -> None:
    key = stripe_live(9)
    data = f'x = "{key}"\\n'.encode()  # an escape next to a plain secret
    assert len(matcher.find(data)) == 1


def test_binary_base64_is_not_decoded(matcher: Matcher) -> None:
    blob = base64.b64encode(bytes(range(256)) * 4).decode()
    assert _decoded(matcher, f"img: data:image/png;base64,{blob}".encode()) == []
