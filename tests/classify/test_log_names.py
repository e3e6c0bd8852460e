"""The shared log vocabulary: names, headers, masking calls, whole-object paths, and the
prefilter that must never skip a text the vocabulary would flag."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from launchguard.classify.log_names import (
    AUTH_HEADERS,
    SIGNATURE_HEADERS,
    config_kind,
    has_sensitive_hint,
    header_kind,
    is_masking_call,
    name_words,
    path_kind,
    payload_kind,
    payload_name_kind,
    secret_name_kind,
    worst,
)
from launchguard.classify.log_types import Leak

SECRET_NAMES = [
    ("token", "secret"),
    ("access_token", "secret"),
    ("refreshToken", "secret"),
    ("id_token", "secret"),
    ("ID_TOKEN", "secret"),
    ("jwt", "secret"),
    ("password", "secret"),
    ("passwd", "secret"),
    ("pwd", "secret"),
    ("passphrase", "secret"),
    ("secret", "secret"),
    ("client_secret", "secret"),
    ("clientSecret", "secret"),
    ("api_key", "secret"),
    ("apikey", "secret"),
    ("apiKey", "secret"),
    ("APIKey", "secret"),
    ("X-Api-Key", "secret"),
    ("private_key", "secret"),
    ("priv_key", "secret"),
    ("privkey", "secret"),
    ("credential", "secret"),
    ("credentials", "secret"),
    ("creds", "secret"),
    ("session_id", "secret"),
    ("sessionid", "secret"),
    ("sessionId", "secret"),
    ("user_session_id", "secret"),
    ("session_token", "secret"),
    ("session_key", "secret"),
    ("signing_key", "secret"),
    ("secret_key", "secret"),
    ("SECRET_KEY", "secret"),
    ("STRIPE_SECRET_KEY", "secret"),
    ("AWS_SECRET_ACCESS_KEY", "secret"),
    ("auth_token", "secret"),
    ("bearer", "secret"),
    ("bearer_token", "secret"),
    ("otp", "secret"),
    ("csrf_token", "secret"),
    ("db_pass", "secret"),
    ("DB_PASSWORD", "secret"),
    ("password2", "secret"),
    ("password_confirmation", "secret"),
    ("token_value", "secret"),
    ("raw_token", "secret"),
    ("SecretString", "secret"),
    ("auth_code", "secret"),
    ("api_keys", "secret"),
    ("access_tokens", "secret"),
    ("webhook_secret", "secret"),
    ("authorization", "auth-header"),
    ("Authorization", "auth-header"),
    ("auth_header", "auth-header"),
    ("authHeader", "auth-header"),
    ("cookie", "auth-header"),
    ("cookies", "auth-header"),
    ("set_cookie", "auth-header"),
    ("session_cookie", "auth-header"),
    ("signature", "signature"),
    ("webhook_signature", "signature"),
    ("expected_sig", "signature"),
    ("sig_header", "signature"),
    ("hmac_sig", "signature"),
]

NOT_SECRET_NAMES = [
    "token_count",
    "token_type",
    "token_expiry",
    "expires_at",
    "tokens_used",
    "max_tokens",
    "num_tokens",
    "password_reset_url",
    "has_token",
    "is_secret",
    "token_id",
    "secret_name",
    "password_length",
    "token_url",
    "api_key_id",
    "AWS_ACCESS_KEY_ID",
    "key",
    "keys",
    "cache_key",
    "public_key",
    "sort_key",
    "user_id",
    "request_id",
    "hashed_password",
    "password_hash",
    "token_digest",
    "token_masked",
    "token_redacted",
    "token_preview",
    "token_last4",
    "token_suffix",
    "token_prefix",
    "token_fingerprint",
    "password_field",
    "password_policy",
    "secret_arn",
    "secrets_manager",
    "credentials_path",
    "cookie_name",
    "SESSION_COOKIE_AGE",
    "tokens",
    "next_page_token",
    "eos_token",
    "pad_token",
    "prompt_tokens",
    "cancellation_token",
    "pin",
    "sig",
    "signature_method",
    "first_pass",
    "access_key",
    "game_session_id",
    "start_cookie",
    "jwt_algorithm",
    "value",
    "",
    "_",
    "123",
]


@pytest.mark.parametrize(("name", "kind"), SECRET_NAMES)
def test_secret_names(name: str, kind: str) -> None:
    assert secret_name_kind(name) == kind


@pytest.mark.parametrize("name", NOT_SECRET_NAMES)
def test_not_secret_names(name: str) -> None:
    assert secret_name_kind(name) is None


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("refreshTokenValue", ["refresh", "token", "value"]),
        ("X-Api-Key", ["x", "api", "key"]),
        ("HTTPSConnection", ["https", "connection"]),
        ("password2", ["password"]),
        ("sessionid", ["session", "id"]),
        ("__dict__", ["dict"]),
    ],
)
def test_name_words(name: str, words: list[str]) -> None:
    assert name_words(name) == words


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Authorization", "auth-header"),
        ("cookie", "auth-header"),
        ("Set-Cookie", "auth-header"),
        ("X-API-Key", "auth-header"),
        ("HTTP_AUTHORIZATION", "auth-header"),
        ("Stripe-Signature", "signature"),
        ("HTTP_STRIPE_SIGNATURE", "signature"),
        ("X-Hub-Signature-256", "signature"),
        ("X-Shopify-Hmac-Sha256", "signature"),
        ("x-gitlab-token", "signature"),
        ("X-Acme-Signature", "signature"),
        ("User-Agent", None),
        ("Content-Type", None),
        ("X-Request-Id", None),
        ("HTTP_HOST", None),
    ],
)
def test_header_kind(header: str, kind: str | None) -> None:
    assert header_kind(header) == kind


def test_hint_sees_every_known_header() -> None:
    for header in SIGNATURE_HEADERS | AUTH_HEADERS:
        assert has_sensitive_hint(header), header
        assert has_sensitive_hint("HTTP_" + header.upper().replace("-", "_")), header


def test_header_sets_are_lower_case_and_disjoint() -> None:
    for header in SIGNATURE_HEADERS | AUTH_HEADERS:
        assert header == header.lower()
    assert not SIGNATURE_HEADERS & AUTH_HEADERS


@pytest.mark.parametrize(
    "name",
    [
        "mask",
        "mask_token",
        "redactSecret",
        "redact",
        "hashlib.sha256",
        "hashlib.sha256().hexdigest",
        "crypto.createHash",
        "bcrypt.hashpw",
        "len",
        "bool",
        "type",
        "fingerprint",
        "truncate",
        "preview",
        "last4",
        "anonymize",
        "obfuscate",
        "scrub_secrets",
        "sanitize",
        "censor",
        "token.startswith",
        "is_valid_token",
        "verify_signature",
        "token.count",
        "sha256",
    ],
)
def test_masking_calls(name: str) -> None:
    assert is_masking_call(name)


@pytest.mark.parametrize(
    "name", ["print", "str", "json.dumps", "get_token", "token.strip", "format", "send", ""]
)
def test_not_masking_calls(name: str) -> None:
    assert not is_masking_call(name)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("request.headers", "auth-header"),
        ("req.headers", "auth-header"),
        ("request.META", "auth-header"),
        ("request.cookies", "auth-header"),
        ("req.signedCookies", "auth-header"),
        ("ctx.headers", "auth-header"),
        ("ctx.request.headers", "auth-header"),
        ("event.headers", "auth-header"),
        ('event["headers"]', "auth-header"),
        ("self.headers", "auth-header"),
        ("self.META", None),
        ("request.body", "payload"),
        ("request.json", "payload"),
        ("request.get_json()", "payload"),
        ("request.POST", "payload"),
        ("request.form", "payload"),
        ("request.data", "payload"),
        ("req.body", "payload"),
        ("ctx.request.body", "payload"),
        ("event.body", "payload"),
        ("event['body']", "payload"),
        ("self.request.body", "payload"),
        ("request.args", None),
        ("request.GET", None),
        ("req.query", None),
        ("resp.headers", None),
        ("response.body", None),
        ("event.data", None),
        ("ctx.body", None),
        ("request", None),
        ("headers", None),
    ],
)
def test_payload_kind(path: str, kind: str | None) -> None:
    assert payload_kind(path) == kind


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("settings", "config"),
        ("config", "config"),
        ("CONFIG", "config"),
        ("app.config", "config"),
        ("current_app.config", "config"),
        ("os.environ", "config"),
        ("process.env", "config"),
        ("self.config", None),
        ("settings.DEBUG", None),
        ("conf", None),
        ("request.headers", None),
    ],
)
def test_config_kind(path: str, kind: str | None) -> None:
    assert config_kind(path) == kind


def test_path_kind_combines_both() -> None:
    assert path_kind("request.headers") == "auth-header"
    assert path_kind("app.config") == "config"
    assert path_kind("user.name") is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("payload", "payload"),
        ("webhook_payload", "payload"),
        ("rawPayload", "payload"),
        ("request_body", "payload"),
        ("raw_body", "payload"),
        ("body", None),
        ("data", None),
        ("jwt_payload", None),
        ("payload_size", None),
    ],
)
def test_payload_name_kind(name: str, kind: str | None) -> None:
    assert payload_name_kind(name) == kind


def test_worst_orders_leaks_by_severity() -> None:
    order: list[Leak] = ["config", "payload", "signature", "auth-header", "secret"]
    for low, high in itertools.pairwise(order):
        assert worst(low, high) == high
        assert worst(high, low) == high
    assert worst(None, "config") == "config"
    assert worst(None, None) is None


@pytest.mark.parametrize(("name", "kind"), SECRET_NAMES)
def test_hint_sees_every_secret_name(name: str, kind: str) -> None:
    assert has_sensitive_hint(f"log.info({name})")


@pytest.mark.parametrize(
    "text",
    ["", "x = 1\nprint(x)\n", "def add(a, b):\n    return a + b\n", "first_pass = True"],
)
def test_hint_skips_harmless_text(text: str) -> None:
    assert not has_sensitive_hint(text)


_WORDS = [
    "api", "key", "token", "pass", "db", "smtp", "private", "sig", "webhook", "code",
    "auth", "session", "id", "cookie", "secret", "access", "count", "value", "user", "2",
    "otp", "signing", "header", "hmac", "stripe", "x", "payload", "request", "body",
]  # fmt: skip
# No newline: a name is on one line, and the hint marks lines.
_SEPARATORS = ["_", "-", "", ".", " ", "__", "2", "ä", "\t", '="', "['"]


@st.composite
def _names(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4))
    out = ""
    for word in words:
        styled = draw(st.sampled_from([word, word.upper(), word.capitalize()]))
        out += (draw(st.sampled_from(_SEPARATORS)) if out else "") + styled
    return out


@settings(max_examples=2000, deadline=None)
@given(_names())
def test_hint_never_misses_a_flagged_name(name: str) -> None:
    # The prefilter may only skip a text the vocabulary would not flag.
    flagged = secret_name_kind(name) or payload_name_kind(name) or config_kind(name)
    if flagged is not None:
        assert has_sensitive_hint(name), name


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_vocabulary_never_raises(text: str) -> None:
    secret_name_kind(text)
    header_kind(text)
    is_masking_call(text)
    path_kind(text)
    payload_name_kind(text)
    has_sensitive_hint(text)
