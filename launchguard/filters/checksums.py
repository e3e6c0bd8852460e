"""Checksums that token formats carry: a token that fails it is not a live token.

GitHub (ghp_/gho_/ghu_/ghs_/ghr_) and npm (npm_) tokens end in 6 base62 characters encoding
the CRC32 of the 30 random characters before them.
"""

from __future__ import annotations

import zlib

_DIGITS_UPPER_FIRST = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_DIGITS_LOWER_FIRST = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _base62(value: int, alphabet: str) -> str:
    out = ""
    while value:
        value, rem = divmod(value, 62)
        out = alphabet[rem] + out
    return out.rjust(6, "0")


def _crc32_tail_ok(token: str) -> bool:
    """Accept either base62 alphabet order and either CRC input (random part or prefix +
    random part): published descriptions differ, and a wrong guess would drop real tokens.
    A random tail passes one of the four by chance with probability ~7e-11."""
    prefix, _, rest = token.partition("_")
    if len(rest) != 36:
        return False
    body, tail = rest[:30], rest[30:]
    crcs = (zlib.crc32(body.encode()), zlib.crc32(f"{prefix}_{body}".encode()))
    alphabets = (_DIGITS_UPPER_FIRST, _DIGITS_LOWER_FIRST)
    return any(_base62(crc, a) == tail for crc in crcs for a in alphabets)


def checksum_tail(body: str) -> str:
    """The 6-character tail a well-formed token with this 30-character body carries."""
    return _base62(zlib.crc32(body.encode()), _DIGITS_UPPER_FIRST)


CHECKERS = {"github-crc32": _crc32_tail_ok, "npm-crc32": _crc32_tail_ok}


def has_valid_checksum(kind: str, secret: bytes) -> bool:
    return CHECKERS[kind](secret.decode("ascii", "replace"))
