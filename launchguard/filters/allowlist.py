"""Inline allow comments and the config's allowlist entries."""

from __future__ import annotations

import fnmatch
import hashlib
import re
from dataclasses import dataclass

from launchguard.filters.candidate import Candidate

_ALLOW_LINE = re.compile(rb"launchguard:allow(?!-next-line)|pragma: ?allowlist secret")
_ALLOW_NEXT = re.compile(rb"launchguard:allow-next-line|pragma: ?allowlist nextline secret")


def has_allow_comment(c: Candidate) -> str | None:
    return "inline allow comment" if line_allows(c.line, c.previous_line) else None


def line_allows(line: bytes, previous_line: bytes) -> bool:
    """An allow comment on the line, or an allow-next-line comment on the line above."""
    return bool(_ALLOW_LINE.search(line) or _ALLOW_NEXT.search(previous_line))


@dataclass(frozen=True, slots=True, kw_only=True)
class AllowEntry:
    """One config allowlist entry; it matches when every field it sets matches."""

    value: re.Pattern[str] | None = None
    sha256: str | None = None
    rule: str | None = None
    path: str | None = None
    reason: str = ""

    def matches(self, c: Candidate) -> bool:
        return self.allows(c.rule.id, c.path, c.secret)

    def allows(self, rule: str, path: str, secret: bytes) -> bool:
        if self.rule is not None and self.rule != rule:
            return False
        if self.path is not None and not matches_glob(path, self.path):
            return False
        if self.sha256 is not None and hashlib.sha256(secret).hexdigest() != self.sha256:
            return False
        return self.value is None or bool(self.value.search(secret.decode("utf-8", "replace")))


def matches_glob(path: str, pattern: str) -> bool:
    """gitignore-like: `dir/` or `dir/**` covers everything below dir; `*.min.js` any depth."""
    pattern = pattern.rstrip("/") + "/**" if pattern.endswith("/") else pattern
    if pattern.endswith("/**") and (path + "/").startswith(pattern[:-2]):
        return True
    if "/" not in pattern:
        return fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], pattern)
    return fnmatch.fnmatchcase(path, pattern)
