"""The regular expressions behind the sensitive-word hint: every word the log_names functions
need before they report a name, key, header, path or environment read, matched as a whole
word the way `name_words` splits names.

`name_words` cuts names at non-alphanumeric characters and at case changes, so a word starts
after a non-letter (`x_token`, `2token`), at a capital after any letter (`accessToken`,
`XToken`) or, all in capitals, after a non-capital (`myTOKEN`); it ends before anything that
is not a lower-case letter. `mytoken`, `tokenizer` and `requirement` hold no word of the
vocabulary and do not match. Matching is on bytes and needs no look-behind, so the same
expressions run in Hyperscan and in `re`.
"""

from __future__ import annotations

from launchguard.classify.log_names_paths import (
    BODY_ATTRS,
    EVENT_NAMES,
    HEADER_ATTRS,
    REQUEST_NAMES,
)
from launchguard.classify.log_names_words import (
    AUTH_TOKEN_QUALIFIERS,
    CODE_QUALIFIERS,
    GLUED_WORDS,
    KEY_QUALIFIERS,
    PASS_QUALIFIERS,
    SIG_QUALIFIERS,
)

# Whole words, one of which is in everything the vocabulary reports, except the qualified
# heads below (`api_key`, `db_pass`), the paths after them and the substrings. A bare
# `tokens` (lexer or LLM tokens), `session`, `header` or `headers` is never reported alone.
WORDS = (
    *("token", "secret", "secrets", "jwt", "jwts", "bearer", "otp"),
    *("credential", "credentials", "creds", "cred"),
    *("password", "passwords", "passphrase", "passphrases"),
    *("authorization", "cookie", "cookies", "signature", "signatures", "payload", "settings"),
    *sorted(GLUED_WORDS),
)
# Heads that are secret only after a qualifier word: `api_key`, `apiKey`, `X-Api-Key`.
QUALIFIED: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = (
    (("key", "keys"), KEY_QUALIFIERS),
    (("pass", "pw"), PASS_QUALIFIERS),
    (("code", "codes"), CODE_QUALIFIERS),
    (("sig",), SIG_QUALIFIERS),
    (("body",), frozenset({"request", "req", "webhook", "raw", "post"})),
    (("tokens",), AUTH_TOKEN_QUALIFIERS),
    (("id", "ids"), frozenset({"session"})),
    (("header", "headers"), frozenset({"auth", "sig"})),
)
_IDENT_BEFORE = "(?:^|[^A-Za-z0-9_])"
_IDENT_AFTER = "(?:[^A-Za-z0-9_]|$)"
# `.attr`, `?.attr`, `["key"]`, `.get("key"` and the other lookups logs_python_values reads.
_LOOKUP = r"""(?:get|pop|getlist|getone|setdefault)\([ \t]*["']"""
_ACCESS = r"""[ \t]*(?:\??\.[ \t]*(?:""" + _LOOKUP + r""")?|\[[ \t]*["'])"""
# Whole objects reached through a path (log_names_paths.payload_kind and config_kind):
# a request's body or headers, an event's, a handler's own headers, the configuration, and
# an AWS Lambda handler's event (`def handler(event, context)`).
PATHS = (
    _IDENT_BEFORE
    + "(?:" + "|".join(sorted(REQUEST_NAMES | EVENT_NAMES)) + ")"
    + _ACCESS
    + "(?:" + "|".join(sorted(BODY_ATTRS | HEADER_ATTRS)) + ")"
    + _IDENT_AFTER,
    _IDENT_BEFORE
    + "(?:self|ctx|context|scope)"
    + _ACCESS
    + "(?:" + "|".join(sorted(HEADER_ATTRS)) + ")"
    + _IDENT_AFTER,
    _IDENT_BEFORE + "(?:config|CONFIG|SETTINGS)" + _IDENT_AFTER,
    _IDENT_BEFORE
    + "(?:" + "|".join(sorted(EVENT_NAMES)) + ")"
    + r"\s*(?::[^,\n]*)?,\s*(?:_?context|_?ctx|lambda_context)"
    + _IDENT_AFTER,
)  # fmt: skip
# Rare enough to match anywhere: `hmac` in a header name, Stripe's webhook constructors, and
# the Python taints that start from these calls.
SUBSTRINGS = (
    *("hmac", "passw", "authoriz", "plaid.verification"),
    *("construct_from", "construct_event"),
)
# Separators a name may hold between a qualifier and its head (`api__key`, `api-2-key`).
_GAP = r"[^A-Za-z\n]{0,8}"
# The environment, read whole or by key: the key decides (see logs_python_marks).
ENV_READS = (_IDENT_BEFORE + "(?:environ|getenv)" + _IDENT_AFTER,)


def _forms(word: str) -> tuple[str, str, str]:
    return word, word.capitalize(), word.upper()


def _starts(words: tuple[str, ...] | frozenset[str]) -> str:
    """Words at a word start: lower-case after a non-letter, capitalised anywhere, upper-case
    after a non-capital. The character before is part of the match (no look-behind)."""
    lower = "|".join(sorted(words))
    capital = "|".join(sorted(word.capitalize() for word in words))
    upper = "|".join(sorted(word.upper() for word in words))
    return rf"(?:(?:^|[^A-Za-z])(?:{lower})|(?:{capital})|(?:^|[^A-Z])(?:{upper}))"


def _ends(words: tuple[str, ...]) -> str:
    forms = "|".join(sorted({form for word in words for form in _forms(word)}))
    return rf"(?:{forms})(?:[^a-z]|$)"


def expressions() -> list[str]:
    """The hint's expressions, one per alternative: Hyperscan runs them together."""
    found = [_starts(WORDS) + r"(?:[^a-z]|$)"]
    for heads, qualifiers in QUALIFIED:
        found.append(_starts(qualifiers) + _GAP + _ends(heads))
    found.extend(PATHS)
    found.extend("(?i:" + word + ")" for word in SUBSTRINGS)
    return found
