"""Is an environment variable a secret? By its value first (a rule match, or a random-looking
value), then by its name (`SECRET`, `TOKEN`, `API_KEY`... but not `PUBLISHABLE`, `ANON`).

A value that a rule marks public by design (Stripe publishable key, Supabase anon key, Firebase
web key) is `public` whatever the variable is called: `VITE_FIREBASE_API_KEY` is meant to ship.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from launchguard.config import Config
from launchguard.engine.scan import Matcher
from launchguard.filters.entropy import shannon
from launchguard.findings import Severity
from launchguard.units import Origin, Unit

Level = Literal["secret", "public", "no"]

# The framework's client prefix says nothing about the secret: NEXT_PUBLIC_OPENAI_KEY is a key.
_CLIENT_PREFIX = re.compile(
    r"^(?:NEXT_PUBLIC_|NUXT_PUBLIC_|EXPO_PUBLIC_|PUBLIC_|VITE_|REACT_APP_|GATSBY_|VUE_APP_|"
    r"STORYBOOK_|NUXT_)"
)
_SECRET_NAME = re.compile(
    r"SECRET|PRIVATE|PASSW(?:OR)?D|PASSPHRASE|TOKEN|SERVICE_?ROLE|API_?KEY|ACCESS_?KEY|AUTH_?KEY"
    r"|CREDENTIAL|SIGNING|ENCRYPTION|MASTER_?KEY|ADMIN_?KEY|(?:^|_)(?:PAT|KEY|SALT|PWD)$"
)
# Names of values meant to be seen: keys that only identify, search-only keys, public ids.
_PUBLIC_NAME = re.compile(
    r"PUBLISHABLE|(?:^|_)ANON(?:_|$)|(?:^|_)PUBLIC(?:_|$)|SITE_?KEY|MEASUREMENT_ID"
    r"|SEARCH_(?:ONLY_)?(?:API_)?KEY|(?:^|_)(?:ID|URL|URI|HOST|DOMAIN|REGION|BUCKET|PORT)$"
)
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_TOKEN_CHARS = re.compile(r"^[A-Za-z0-9_\-+/=.~]+$")


@dataclass(frozen=True, slots=True)
class Verdict:
    level: Level
    reason: str  # "Stripe secret key", "named like a secret", "random-looking value", ...
    rule: str | None = None
    provider: str | None = None


NOT_SECRET = Verdict("no", "")


def bare_name(name: str) -> str:
    return _CLIENT_PREFIX.sub("", name.upper())


def name_level(name: str) -> Level:
    bare = bare_name(name)
    if _PUBLIC_NAME.search(bare):
        return "public"
    return "secret" if _SECRET_NAME.search(bare) else "no"


def looks_random(value: str) -> bool:
    """A key-like value: long, one token, mixed characters, high entropy. Hex needs more
    length because its alphabet caps entropy at 4 bits per character."""
    if "://" in value or not _TOKEN_CHARS.match(value):
        return False
    raw = value.encode()
    if _HEX.match(value):
        return len(value) >= 32 and shannon(raw) >= 3.3
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    return len(value) >= 20 and has_digit and has_alpha and shannon(raw) >= 3.8


def value_verdict(
    name: str, value: str, path: str, matcher: Matcher, config: Config
) -> Verdict | None:
    """What the rules say of `NAME=value` (the name gives keyword rules their context)."""
    from launchguard.analyze import analyze

    unit = Unit(f"{name}={value}".encode("utf-8", "surrogateescape"), Origin(path=path))
    found = analyze(unit, matcher, config, Counter())
    live = [f for f in found if f.severity is not Severity.INFO or f.public_by_design]
    secret = next((f for f in live if not f.public_by_design), None)
    if secret is not None:
        return Verdict("secret", secret.message.split(":")[0], secret.rule, secret.provider)
    public = next((f for f in live if f.public_by_design), None)
    if public is not None:
        return Verdict("public", f"{public.message.split(':')[0]}, public by design", public.rule,
                       public.provider)  # fmt: skip
    return None


def classify(name: str, value: str | None, path: str, matcher: Matcher, config: Config) -> Verdict:
    """The verdict for one definition; an empty or placeholder value is never a secret
    (there is nothing to leak yet)."""
    from launchguard.filters.placeholders import looks_like_placeholder

    if not value:
        return NOT_SECRET
    # Rules first: they judge placeholders on the secret itself, so a database URL whose
    # host is `db.example.com` still counts for its password.
    by_value = value_verdict(name, value, path, matcher, config)
    if by_value is not None:
        return by_value
    if looks_like_placeholder(value.encode()):
        return NOT_SECRET
    return _by_name(name, value)


def _by_name(name: str, value: str) -> Verdict:
    level = name_level(name)
    if level == "public":
        return Verdict("public", "named as a public value") if looks_random(value) else NOT_SECRET
    if level == "secret":
        return Verdict("secret", "named like a secret")
    if looks_random(value):
        return Verdict("secret", "random-looking value")
    return NOT_SECRET


def strongest(verdicts: list[Verdict]) -> Verdict:
    """A variable is as secret as its most secret value."""
    order = {"secret": 2, "public": 1, "no": 0}
    return max(verdicts, key=lambda v: order[v.level], default=NOT_SECRET)
