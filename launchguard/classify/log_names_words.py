"""Names as words, and which names denote a secret, an auth header or a signature; which
calls make a secret safe to log.

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
GLUED_WORDS = frozenset(_GLUED)

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
AUTH_TOKEN_QUALIFIERS = _words(
    "access refresh auth api bearer id session oauth jwt personal service admin bot user app"
)
# `key` alone is a dict key, a cache key, a sort key: only these make it a secret key.
KEY_QUALIFIERS = _words(
    "api private priv secret signing sign session encryption encrypt decryption master access"
    " auth client hmac webhook admin service license fernet jwt root shared symmetric ssh gpg"
    " pgp rsa totp otp mfa recovery stripe openai anthropic aws github sendgrid twilio mailgun"
    " slack mailchimp groq mistral cohere replicate huggingface hf pinecone deepgram resend"
    " postmark brevo"
)
# `pass`/`pw` is a password only next to what it opens: `db_pass`, not `first_pass`.
PASS_QUALIFIERS = _words(
    "db database smtp mail email user admin root redis mysql postgres pg ftp sftp proxy basic"
    " ldap rabbit rabbitmq amqp mongo mongodb app login auth account wifi"
)
# A `code` that logs someone in: the OAuth authorization code, a one-time code.
CODE_QUALIFIERS = _words("auth authorization otp verification mfa totp recovery backup reset login")
_SESSION = frozenset({"session"})  # a session id is the session: whoever has it is logged in
_WEB_SESSION = frozenset(
    {"user", "http", "web", "login", "auth", "browser", "django", "flask", "cookie", "current"}
)
_QUALIFIED_HEADS: dict[str, frozenset[str]] = {
    "tokens": AUTH_TOKEN_QUALIFIERS,
    "key": KEY_QUALIFIERS,
    "keys": KEY_QUALIFIERS,
    "pass": PASS_QUALIFIERS,
    "pw": PASS_QUALIFIERS,
    "code": CODE_QUALIFIERS,
    "codes": CODE_QUALIFIERS,
    "id": _SESSION,
}
SIG_QUALIFIERS = _words(
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
        return "signature" if qualifier in SIG_QUALIFIERS else None
    if head in ("header", "headers"):
        return _HEADER_QUALIFIERS.get(qualifier)
    return None


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
