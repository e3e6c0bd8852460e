"""The vocabulary the log analyzers share: which names, headers, paths and calls carry a
secret, a whole payload or a whole configuration, whatever the language.

Names are judged by their head word, the last word of the compound as English reads it:
`token_count` is a count, `password_reset_url` a URL, `api_key` a key. Only a few heads are
secret (token, password, secret, credentials...), and some only with a qualifier (`api_key`,
not `key` or `cache_key`; `db_pass`, not `first_pass`). Words that say the value was made safe
(`hashed_password`, `token_last4`) win over everything.

The functions taking a name are cached: a scan asks about the same few hundred names again
and again.
"""

from __future__ import annotations

import functools
import re

from launchguard.classify.log_types import Leak


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
# Compounds written as one word, split so the head rule can see them.
_GLUED: dict[str, tuple[str, ...]] = {
    "apikey": ("api", "key"),
    "apitoken": ("api", "token"),
    "accesstoken": ("access", "token"),
    "accesskey": ("access", "key"),
    "refreshtoken": ("refresh", "token"),
    "authtoken": ("auth", "token"),
    "authheader": ("auth", "header"),
    "idtoken": ("id", "token"),
    "sessionid": ("session", "id"),
    "sessiontoken": ("session", "token"),
    "sessionkey": ("session", "key"),
    "secretkey": ("secret", "key"),
    "privatekey": ("private", "key"),
    "privkey": ("private", "key"),
    "signingkey": ("signing", "key"),
    "clientsecret": ("client", "secret"),
    "webhooksecret": ("webhook", "secret"),
    "setcookie": ("set", "cookie"),
    "csrftoken": ("csrf", "token"),
    "xsrftoken": ("xsrf", "token"),
    "bearertoken": ("bearer", "token"),
    "jwttoken": ("jwt", "token"),
    "passwd": ("password",),
    "pwd": ("password",),
}

# Booleans and predicates about a secret are not the secret: `has_token`, `is_secret`.
_PREDICATE_FIRST = _words(
    "is has have had should must need needs require requires required use uses using allow"
    " allows enable enabled can no with without check verify validate valid invalid missing"
    " expect expects ignored unused supported known allowed"
)
# Any of these words anywhere means the value was made safe or is only about the secret.
_SAFE_ANYWHERE = _words(
    "hash hashed hashes digest masked mask redacted redact encrypted obfuscated sanitized"
    " scrubbed censored preview last4 fingerprint fp truncated partial short hint"
)
# Trailing words that leave the head unchanged: `token_value`, `password_confirmation`.
_TRANSPARENT_TAIL = _words(
    "value val values str string raw plain plaintext cleartext bytes b64 base64 encoded"
    " decoded text data response resp json dict confirm confirmation again repeat hex"
    " urlsafe"
)
_PASSWORD_HEADS = _words("password passwords passphrase passphrases")
_SECRET_HEADS = (
    _words("secret secrets jwt jwts credential credentials creds cred bearer otp") | _PASSWORD_HEADS
)
# `token` is a credential unless a modifier says it is a lexer, LLM, pagination or
# cancellation token: those are what most code that says "token" means.
_NOT_AUTH_TOKEN = _words(
    "page next prev previous pagination continuation cancellation cancel sync cursor eos bos"
    " pad unk sep cls special start end stop input output prompt completion cached reasoning"
    " max min num total n word lexer lex first last current cur curr device push fcm apns"
    " registration sentence sub subword bpe vocab test fake dummy mock sample example cache"
    " acquire release semaphore lock sequence starting resume marker"
)
# A marker written around output (`start_cookie`) is not an HTTP cookie.
_NOT_AUTH_COOKIE = _NOT_AUTH_TOKEN | {"pre", "post", "magic", "fortune"}
# A bare `tokens` is nearly always lexer or LLM tokens; a qualified one is credentials.
_AUTH_TOKEN_QUALIFIERS = _words(
    "access refresh auth api bearer id session oauth jwt personal service admin bot user app"
)
# `key` alone is a dict key, a cache key, a sort key: only these make it a secret key.
_KEY_QUALIFIERS = _words(
    "api private priv secret signing sign session encryption encrypt decryption master access"
    " auth client hmac webhook admin service license fernet jwt root shared symmetric ssh gpg"
    " pgp rsa totp otp mfa recovery stripe openai anthropic aws github sendgrid twilio mailgun"
    " slack mailchimp groq mistral cohere replicate huggingface hf pinecone deepgram resend"
    " postmark brevo"
)
# `pass`/`pw` is a password only next to what it opens: `db_pass`, not `first_pass`.
_PASS_QUALIFIERS = _words(
    "db database smtp mail email user admin root redis mysql postgres pg ftp sftp proxy basic"
    " ldap rabbit rabbitmq amqp mongo mongodb app login auth account wifi"
)
# A `code` that logs someone in: the OAuth authorization code, a one-time code.
_CODE_QUALIFIERS = _words(
    "auth authorization otp verification mfa totp recovery backup reset login"
)
_SESSION = frozenset({"session"})  # a session id is the session: whoever has it is logged in
_WEB_SESSION = frozenset(
    {"user", "http", "web", "login", "auth", "browser", "django", "flask", "cookie", "current"}
)
_QUALIFIED_HEADS: dict[str, frozenset[str]] = {
    "tokens": _AUTH_TOKEN_QUALIFIERS,
    "key": _KEY_QUALIFIERS,
    "keys": _KEY_QUALIFIERS,
    "pass": _PASS_QUALIFIERS,
    "pw": _PASS_QUALIFIERS,
    "code": _CODE_QUALIFIERS,
    "codes": _CODE_QUALIFIERS,
    "id": _SESSION,
}
_SIG_QUALIFIERS = _words(
    "webhook hmac request expected computed received header stripe github slack svix shopify"
    " twilio calculated provided sent"
)


def name_words(name: str) -> list[str]:
    """`X-Api-Key` -> [x, api, key]; `refreshTokenValue` -> [refresh, token, value];
    digits dropped (`password2`), glued compounds split (`apikey`, `sessionid`)."""
    words: list[str] = []
    for part in re.split(r"[^A-Za-z0-9]+", name):
        for word in _CAMEL.findall(part):
            low = word.lower()
            if not low.isdigit():
                words.extend(_GLUED.get(low, (low,)))
    return words


@functools.lru_cache(maxsize=8192)
def secret_name_kind(name: str) -> Leak | None:
    """Does an identifier, attribute or key name denote a secret value? The kind, or None.

    `pin` is not a secret name: it is a PIN as often as a pinned version or a GPIO pin.
    A bare `sig` is not either (signal handlers, `inspect.signature`): a signature read from
    a webhook header is found by where it was read, not by what it is called.
    """
    words = name_words(name)
    if not words or words[0] in _PREDICATE_FIRST or _SAFE_ANYWHERE.intersection(words):
        return None
    while len(words) > 1 and words[-1] in _TRANSPARENT_TAIL:
        words.pop()
    return _head_kind(words[-1], words[:-1])


def _head_kind(head: str, mods: list[str]) -> Leak | None:
    qualifier = mods[-1] if mods else ""
    if head in _SECRET_HEADS:
        return "secret"
    if head == "token":
        return None if _NOT_AUTH_TOKEN.intersection(mods) else "secret"
    if head in _QUALIFIED_HEADS:
        return "secret" if _is_qualified(head, mods) else None
    return _header_head_kind(head, qualifier)


def _is_qualified(head: str, mods: list[str]) -> bool:
    qualifier = mods[-1] if mods else ""
    if qualifier not in _QUALIFIED_HEADS[head]:
        return False
    if head == "id":  # a web session; a game, SSM or database session id is only an id
        return len(mods) == 1 or mods[-2] in _WEB_SESSION
    if head in ("key", "keys") and qualifier == "access":  # an access key alone is an id
        return "secret" in mods
    return True


_DIRECT_HEADS: dict[str, Leak] = {
    "authorization": "auth-header",
    "cookie": "auth-header",
    "cookies": "auth-header",
    "signature": "signature",
    "signatures": "signature",
}
_HEADER_QUALIFIERS: dict[str, Leak] = {
    "auth": "auth-header",
    "authorization": "auth-header",
    "cookie": "auth-header",
    "sig": "signature",
    "signature": "signature",
}


def _header_head_kind(head: str, qualifier: str) -> Leak | None:
    if head in ("cookie", "cookies") and qualifier in _NOT_AUTH_COOKIE:
        return None
    if head in _DIRECT_HEADS:
        return _DIRECT_HEADS[head]
    if head == "sig":
        return "signature" if qualifier in _SIG_QUALIFIERS else None
    if head in ("header", "headers"):
        return _HEADER_QUALIFIERS.get(qualifier)
    return None


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


_MASK_WORDS = _words(
    "mask masked redact redacted redaction hash hashed hashpw hexdigest digest sha1 sha224"
    " sha256 sha384 sha512 sha3 md5 blake2b blake2s crc32 fingerprint len length count bool"
    " truncate truncated shorten preview last4 anonymize anonymise anonymized obfuscate"
    " obfuscated scrub scrubbed sanitize sanitise sanitized censor censored encrypt encrypted"
    " startswith endswith isinstance issubclass hasattr callable exists contains compare"
    " checkpw"
)
# Calls whose result says something about the value and nothing of it.
_MASK_EXACT = frozenset({"len", "bool", "type", "id", "isinstance", "hasattr", "callable"})
_MASK_PREDICATES = frozenset({"is", "has", "check", "verify", "validate"})
_HASH_MODULES = frozenset({"hashlib", "bcrypt", "hmac", "argon2", "passlib", "scrypt"})


@functools.lru_cache(maxsize=8192)
def is_masking_call(name: str) -> bool:
    """Does calling `name` make a secret safe to log? Judged by the called function (the last
    dotted part) and by hashing modules on the way: `mask_token`, `redactSecret`,
    `hashlib.sha256`, `crypto.createHash(...).digest`, `len`, `token.startswith`."""
    parts = [p for p in name.replace("()", "").split(".") if p]
    if not parts:
        return False
    last = parts[-1]
    if last in _MASK_EXACT or _HASH_MODULES.intersection(p.lower() for p in parts):
        return True
    words = name_words(last)
    # Digits are kept here: `sha256`, `last4`.
    glued = re.split(r"[^a-z0-9]+", last.lower())
    if words and words[0] in _MASK_PREDICATES:
        return True
    return bool(_MASK_WORDS.intersection(words) or _MASK_WORDS.intersection(glued))


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


SEVERITY: dict[Leak, int] = {
    "secret": 5,
    "auth-header": 4,
    "signature": 3,
    "payload": 2,
    "config": 1,
}


def worst(a: Leak | None, b: Leak | None) -> Leak | None:
    """The more severe of two leaks: secret > auth-header > signature > payload > config."""
    if a is None or b is None:
        return a or b
    return a if SEVERITY[a] >= SEVERITY[b] else b


# Lower-case words one of which is in every name, key, header, path or environment read that
# the functions above report, except the qualified heads (`api_key`, `db_pass`, `auth_code`,
# `webhook_sig`, `request_body`), which are checked by their qualifier below. Whole-object
# kinds need request/req/event, headers, environ, settings/config or payload.
_HINT_WORDS = (  # most frequent first: the test stops at the first one found
    "req",
    "conf",
    "token",
    "environ",
    "event",
    "header",
    ".env",
    "signature",
    "settings",
    "session",
    "passw",
    "secret",
    "getenv",
    "cookie",
    "otp",
    "cred",
    "payload",
    "authoriz",
    "pwd",
    "evt",
    "hmac",
    "passphrase",
    "jwt",
    "bearer",
    "verification",  # Plaid-Verification
    "construct_from",  # stripe.Event.construct_from
)


def _qualifiers_at_end(qualifiers: frozenset[str]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(sorted(qualifiers)) + r")\Z")


# name_words puts the qualifier word right before the head: `api_key`, `apiKey`,
# `X-Api-Key`, `apikey`, `api2key`, `api__key` all have the qualifier, then only characters
# that are not letters, then the head.
_QUALIFIED_HINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("key", _qualifiers_at_end(_KEY_QUALIFIERS)),
    ("pass", _qualifiers_at_end(_PASS_QUALIFIERS)),
    ("pw", _qualifiers_at_end(_PASS_QUALIFIERS)),
    ("code", _qualifiers_at_end(_CODE_QUALIFIERS)),
    ("sig", _qualifiers_at_end(_SIG_QUALIFIERS)),
    ("body", _qualifiers_at_end(frozenset({"request", "req", "webhook", "raw", "post"}))),
)
_LONGEST_QUALIFIER = max(
    len(word)
    for words in (_KEY_QUALIFIERS, _PASS_QUALIFIERS, _CODE_QUALIFIERS, _SIG_QUALIFIERS)
    for word in words
)


def has_sensitive_hint(text: str) -> bool:
    """False only when `text` cannot contain anything the functions above report, so an
    analyzer may skip it unread. Plain substring tests on the lower-cased text: a regex
    alternation of the same words runs a hundred times slower."""
    lower = text.lower()
    if any(word in lower for word in _HINT_WORDS):
        return True
    for head, qualifier in _QUALIFIED_HINTS:
        at = lower.find(head)
        while at >= 0:
            end = at
            while end > 0 and not ("a" <= lower[end - 1] <= "z"):
                end -= 1  # separators and digits between qualifier and head
            if qualifier.search(lower, max(0, end - _LONGEST_QUALIFIER), end):
                return True
            at = lower.find(head, at + 1)
    return False
