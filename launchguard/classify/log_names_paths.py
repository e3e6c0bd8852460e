"""Headers read by name, and the dotted paths that hold a whole request body, the whole set
of request headers or a whole configuration. Cached like log_names_words' functions.
"""

from __future__ import annotations

import functools
import re

from launchguard.classify.log_names_words import name_words, secret_name_kind
from launchguard.classify.log_types import Leak

SIGNATURE_HEADERS = frozenset(
    {
        "stripe-signature",
        "x-hub-signature",
        "x-hub-signature-256",
        "x-slack-signature",
        "svix-signature",
        "webhook-signature",
        "x-twilio-signature",
        "x-twilio-email-event-webhook-signature",
        "x-shopify-hmac-sha256",
        "paddle-signature",
        "x-razorpay-signature",
        "x-signature",
        "x-line-signature",
        "linear-signature",
        "x-gitlab-token",
        "x-square-hmacsha256-signature",
        "x-square-signature",
        "x-hubspot-signature",
        "x-hubspot-signature-v3",
        "x-cal-signature-256",
        "x-webhook-signature",
        "x-zm-signature",
        "x-pagerduty-signature",
        "x-plaid-verification",
        "typeform-signature",
        "x-mailgun-signature",
        "x-postmark-signature",
        "x-resend-signature",
        "x-clerk-signature",
        "x-lemon-squeezy-signature",
        "x-signature-ed25519",
        "x-intercom-signature",
        "x-discord-signature",
    }
)
# Headers whose value lets the reader act as the caller. The CSRF token is tied to a
# session and lets a reader forge that user's requests, so it counts.
AUTH_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "apikey",
        "x-auth-token",
        "x-access-token",
        "x-csrf-token",
        "x-csrftoken",
        "x-xsrf-token",
        "x-amz-security-token",
        "x-goog-api-key",
        "x-session-token",
        "x-refresh-token",
        "x-id-token",
        "x-vercel-oidc-token",
    }
)


@functools.lru_cache(maxsize=8192)
def header_kind(name: str) -> Leak | None:
    """The kind of a single header read by name: `Authorization` -> auth-header,
    `Stripe-Signature` -> signature. Django/WSGI keys (`HTTP_STRIPE_SIGNATURE`) are
    normalised first. `User-Agent`, `Content-Type`, `X-Request-Id` -> None."""
    low = name.strip().lower()
    if low.startswith("http_"):
        low = low[5:]
    low = low.replace("_", "-")
    if low in SIGNATURE_HEADERS:
        return "signature"
    if low in AUTH_HEADERS:
        return "auth-header"
    if low.endswith(("-signature", "-signature-256")) or "hmac" in low:
        return "signature"
    kind = secret_name_kind(low)
    return "auth-header" if kind == "secret" else kind


# What a request is called: Flask/Django/FastAPI `request`, Express/Koa `req`, `ctx.request`.
REQUEST_NAMES = frozenset(
    {"request", "req", "http_request", "httprequest", "raw_request", "incoming_request"}
)
# AWS Lambda and similar event objects carry the request body and headers as keys.
EVENT_NAMES = frozenset({"event", "evt", "lambda_event", "apigw_event"})
# The whole body of a request. Query parameters (`request.args`, `request.GET`, `req.query`)
# are left out: they are usually ids and filters, and a token in a URL is a bug of its own.
BODY_ATTRS = frozenset(
    {
        "body",
        "data",
        "form",
        "json",
        "POST",
        "get_json",
        "get_data",
        "values",
        "raw_body",
        "rawBody",
        "raw_post_data",
        "text",
        "read",
        "payload",
        "formData",
        "stream",
    }
)
PAYLOAD_ATTRS = BODY_ATTRS  # the name the analyzers were told to import
HEADER_ATTRS = frozenset(
    {
        "headers",
        "META",
        "environ",
        "cookies",
        "COOKIES",
        "signedCookies",
        "rawHeaders",
        "multiValueHeaders",
    }
)
# An event's own fields (`event.type`, `event.id`, a DOM event's `data`) are not the request.
_EVENT_BODY_ATTRS = frozenset({"body", "rawBody", "raw_body", "payload"})
# Receivers whose headers are the caller's: a handler's own request, Koa's ctx, ASGI scope,
# `self.headers` of http.server's BaseHTTPRequestHandler. Response headers are left out:
# they are the server's own (a Set-Cookie read by name is still caught by header_kind).
_HEADER_ONLY_RECEIVERS = frozenset({"ctx", "context", "scope", "self"})
CONFIG_PATHS = frozenset(
    {
        "settings",
        "SETTINGS",
        "config",
        "CONFIG",
        "app.config",
        "current_app.config",
        "flask.current_app.config",
        "django.conf.settings",
        "os.environ",
        "environ",
        "process.env",
        "Deno.env",
        "import.meta.env",
    }
)
_PAYLOAD_NAME_SKIP = frozenset({"jwt", "token", "id", "claims", "decoded"})


def _split_path(path: str) -> list[str]:
    """`event["body"]` -> [event, body]; `request.get_json()` -> [request, get_json]."""
    flat = re.sub(r"\[\s*['\"`]([^'\"`\]]*)['\"`]\s*\]", r".\1", path)
    flat = re.sub(r"\((?:[^()]*)\)", "", flat).replace("?.", ".")
    return [p.strip() for p in flat.split(".") if p.strip()]


@functools.lru_cache(maxsize=8192)
def payload_kind(path: str) -> Leak | None:
    """A whole request body or whole set of request headers, by attribute path:
    `request.json`, `req.body`, `event["body"]`, `ctx.request.body` -> payload;
    `request.headers`, `request.META`, `req.cookies`, `event.headers` -> auth-header."""
    parts = _split_path(path)
    if len(parts) < 2:
        return None
    receiver, attr = parts[-2], parts[-1]
    is_request = receiver in REQUEST_NAMES or receiver in EVENT_NAMES
    # `self.META` is no request's: only a request has a Django META.
    header_only = receiver in _HEADER_ONLY_RECEIVERS and attr != "META"
    if attr in HEADER_ATTRS and (is_request or header_only):
        return "auth-header"
    if attr in BODY_ATTRS and receiver in REQUEST_NAMES:
        return "payload"
    if attr in _EVENT_BODY_ATTRS and receiver in EVENT_NAMES:
        return "payload"
    return None


@functools.lru_cache(maxsize=8192)
def payload_name_kind(name: str) -> Leak | None:
    """A variable or key named as a whole payload: `payload`, `webhook_payload`,
    `request_body`. A bare `body` or `data` is anything (an email, a node, a file), and a
    JWT's payload is claims: None."""
    words = name_words(name)
    if not words or _PAYLOAD_NAME_SKIP.intersection(words):
        return None
    head, mods = words[-1], words[:-1]
    if head == "payload":
        return "payload"
    if head == "body" and mods and mods[-1] in ("request", "req", "webhook", "raw", "post"):
        return "payload"
    return None


@functools.lru_cache(maxsize=8192)
def config_kind(path: str) -> Leak | None:
    """A whole configuration object or the whole environment: `settings`, `app.config`,
    `os.environ`, `process.env` -> config. Anything read from them is judged by its name."""
    return "config" if ".".join(_split_path(path)) in CONFIG_PATHS else None


def path_kind(path: str) -> Leak | None:
    """payload_kind, then config_kind: the whole-object kinds of a dotted path."""
    return payload_kind(path) or config_kind(path)
