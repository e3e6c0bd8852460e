"""Placeholder, templated and documented example values: never a real credential."""

from __future__ import annotations

import re

from launchguard.filters.candidate import Candidate

_PLACEHOLDER = re.compile(
    rb"""(?ix)
      example | placeholder | change[_-]?me | dummy | redacted | replace[_-]?me
    | your[_-]?(?:[a-z0-9]{1,12}[_-]?){0,3}(?:key|token|secret|password|pass|id|here)
    | insert[_-]?(?:your|key|token|here)
    | x{4,} | \*{3,} | \.{3} | \xe2\x80\xa6                 # xxxx, ***, ..., an ellipsis
    | <[^<>]{1,60}> | \$\{[^}]{0,80}\} | \{\{.{0,80}\}\}    # <token>, ${VAR}, {{ .Values.x }}
    | %\([a-z_]{1,40}\)s                                  # %(name)s
    | (.)\1{5,}                                           # one character repeated
    """
)
# Values published in providers' own documentation as examples.
_DOCUMENTED = frozenset(
    {
        b"sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        b"pk_test_TYooMQauvdEDq54NiTphI7jx",
        b"sk_test_BQokikJOvBiI2HlWgH4olfQ2",
    }
)


def is_placeholder(c: Candidate) -> str | None:
    if c.secret in _DOCUMENTED:
        return "documented example value"
    if _PLACEHOLDER.search(c.secret):
        return "placeholder"
    return None
