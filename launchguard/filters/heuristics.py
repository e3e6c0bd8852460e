"""detect-secrets' own heuristic filters, applied to loose (generic) rules.

detect-secrets is imported only when a candidate needs judging: it costs ~100 ms to import,
more than a whole pre-commit run on a clean commit.
"""

from __future__ import annotations

from launchguard.filters.candidate import Candidate


def is_heuristic_false_positive(c: Candidate) -> str | None:
    from detect_secrets.filters import heuristic as h

    text = c.text
    if h.is_sequential_string(text):
        return "sequential string"
    if not c.rule.is_generic:
        return None
    line = c.line.decode("utf-8", "replace")
    checks = (
        (h.is_potential_uuid(text), "UUID"),
        (h.is_likely_id_string(text, line), "identifier"),
        (h.is_templated_secret(text), "templated value"),
        (h.is_prefixed_with_dollar_sign(text), "variable reference"),
        (h.is_not_alphanumeric_string(text), "no letters or digits"),
        (h.is_lock_file(c.path), "lock file"),
        (h.is_swagger_file(c.path), "API description file"),
    )
    return next((reason for hit, reason in checks if hit), None)
