"""The vocabulary the log analyzers share: which names, headers, paths and calls carry a
secret, a whole payload or a whole configuration, whatever the language.

log_names_words judges names (and masking calls), log_names_paths headers and whole-object
paths, log_names_hints whether a text may hold any of them; everything is importable from
here.
"""

from __future__ import annotations

from launchguard.classify.log_names_hints import has_sensitive_hint
from launchguard.classify.log_names_paths import (
    AUTH_HEADERS,
    BODY_ATTRS,
    CONFIG_PATHS,
    EVENT_NAMES,
    HEADER_ATTRS,
    PAYLOAD_ATTRS,
    REQUEST_NAMES,
    SIGNATURE_HEADERS,
    config_kind,
    header_kind,
    path_kind,
    payload_kind,
    payload_name_kind,
)
from launchguard.classify.log_names_words import is_masking_call, name_words, secret_name_kind
from launchguard.classify.log_types import Leak

__all__ = [
    "AUTH_HEADERS",
    "BODY_ATTRS",
    "CONFIG_PATHS",
    "EVENT_NAMES",
    "HEADER_ATTRS",
    "PAYLOAD_ATTRS",
    "REQUEST_NAMES",
    "SEVERITY",
    "SIGNATURE_HEADERS",
    "config_kind",
    "has_sensitive_hint",
    "header_kind",
    "is_masking_call",
    "name_words",
    "path_kind",
    "payload_kind",
    "payload_name_kind",
    "secret_name_kind",
    "worst",
]

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
