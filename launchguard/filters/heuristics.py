"""detect-secrets' own heuristic filters, applied to loose (generic) rules.

detect-secrets is imported only when a candidate needs judging: it costs ~100 ms to import,
more than a whole pre-commit run on a clean commit.
"""

from __future__ import annotations

import re

from launchguard.filters.candidate import Candidate

_HEX_DIGEST = re.compile(rb"^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$", re.I)
_HASH_NAME = re.compile(rb"(?i)hash|digest|checksum|sha\d*|md5|etag|fingerprint|integrity")


_LABEL = re.compile(rb"^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)+$")
_SECRET_WORD = re.compile(rb"secret|token|passw|key|auth|credential")


def is_secret_word_label(c: Candidate) -> bool:
    """A lowercase kebab/snake identifier that names a secret (`unsafe-log-secret`,
    `has_token`, `csrf-token`) is a label in code, not a value. A passphrase of plain words
    (`correct-horse-battery-staple`) does not name a secret, so it is kept."""
    return bool(_LABEL.match(c.secret) and _SECRET_WORD.search(c.secret))


# `server/app.py:10`, `./config/settings.yaml`: a relative path with a file extension and
# maybe a line and column. Standard base64 has no `.`, so secrets rarely take this shape.
_FILE_LOCATION = re.compile(
    rb"^(?:\.{1,2}/)?(?:[\w.-]+/)+[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{1,6}(?::\d+){0,2}$"
)


def is_file_location(c: Candidate) -> bool:
    """A file path (with a line number, as reports write it) is where something is, not a
    secret: `secret: server/app.py:10` in a report or a log."""
    return bool(_FILE_LOCATION.match(c.secret))


def is_hash_digest(c: Candidate) -> bool:
    """A hex digest under a name that says so (`hashed_secret`, `password_hash`): a hash of a
    secret, as a detect-secrets baseline stores it, is not the secret."""
    if not _HEX_DIGEST.match(c.secret):
        return False
    at = c.line.find(c.secret)
    return at > 0 and bool(_HASH_NAME.search(c.line[max(0, at - 80) : at]))


def is_heuristic_false_positive(c: Candidate) -> str | None:
    from detect_secrets.filters import heuristic as h

    text = c.text
    if h.is_sequential_string(text):
        return "sequential string"
    if not c.rule.is_generic:
        return None
    line = c.line.decode("utf-8", "replace")
    checks = (
        (is_hash_digest(c), "hash digest"),
        (is_secret_word_label(c), "identifier naming a secret"),
        (is_file_location(c), "file path"),
        (h.is_potential_uuid(text), "UUID"),
        (h.is_likely_id_string(text, line), "identifier"),
        (h.is_templated_secret(text), "templated value"),
        (h.is_prefixed_with_dollar_sign(text), "variable reference"),
        (h.is_not_alphanumeric_string(text), "no letters or digits"),
        (h.is_lock_file(c.path), "lock file"),
        (h.is_swagger_file(c.path), "API description file"),
    )
    return next((reason for hit, reason in checks if hit), None)
