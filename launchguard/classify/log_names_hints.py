"""A text-only check that a piece of code may mention something the log_names functions
report, so that an analyzer can skip the rest unread.
"""

from __future__ import annotations

import re

from launchguard.classify.log_names_words import (
    CODE_QUALIFIERS,
    KEY_QUALIFIERS,
    PASS_QUALIFIERS,
    SIG_QUALIFIERS,
)

# Lower-case words one of which is in every name, key, header, path or environment read that
# the log_names functions report, except the qualified heads (`api_key`, `db_pass`, `auth_code`,
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
    ("key", _qualifiers_at_end(KEY_QUALIFIERS)),
    ("pass", _qualifiers_at_end(PASS_QUALIFIERS)),
    ("pw", _qualifiers_at_end(PASS_QUALIFIERS)),
    ("code", _qualifiers_at_end(CODE_QUALIFIERS)),
    ("sig", _qualifiers_at_end(SIG_QUALIFIERS)),
    ("body", _qualifiers_at_end(frozenset({"request", "req", "webhook", "raw", "post"}))),
)
_LONGEST_QUALIFIER = max(
    len(word)
    for words in (KEY_QUALIFIERS, PASS_QUALIFIERS, CODE_QUALIFIERS, SIG_QUALIFIERS)
    for word in words
)


def has_sensitive_hint(text: str) -> bool:
    """False only when `text` cannot contain anything the log_names functions report, so an
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
