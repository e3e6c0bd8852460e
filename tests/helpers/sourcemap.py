"""Source-map mappings for tests: a VLQ encoder, so tests can build maps for known positions."""

from __future__ import annotations

DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def vlq(value: int) -> str:
    rest = (-value << 1) | 1 if value < 0 else value << 1
    out = ""
    while True:
        digit, rest = rest & 31, rest >> 5
        out += DIGITS[digit | (32 if rest else 0)]
        if not rest:
            return out


def segment(*deltas: int) -> str:
    """One segment of relative fields: (generated column, source, line, column[, name])."""
    return "".join(map(vlq, deltas))
