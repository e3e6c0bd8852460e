"""Decoders: find encoded text (base64, percent-encoding, string escapes) and decode it.

Each decoder has a trigger pattern that runs inside the one Hyperscan pass and reports only the
end of a candidate; the span is recovered here with C-speed byte operations (rstrip/lstrip),
so that decoding costs nothing on units without encoded text.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

MAX_RUN = 16_384  # longest encoded candidate we decode (bigger ones are images/fonts)
MAX_PIECES = 20_000  # decoded candidates per unit
MAX_DECODED = 8 << 20  # decoded bytes per unit
_B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_TOKEN_STOP = b" \t\r\n\"'`<>()[]{},;"
_TOKEN = bytes(c for c in range(33, 127) if c not in _TOKEN_STOP) + bytes(range(128, 256))
_PRINTABLE = bytes(range(32, 127)) + b"\t\n\r"
_PROBE = 64  # base64 chars decoded first, to reject images and random bytes cheaply


@dataclass(frozen=True, slots=True)
class Piece:
    """Decoded text and the span of the encoded text it came from."""

    start: int
    end: int
    data: bytes
    encoding: str


def _is_text(raw: bytes) -> bool:
    """At least 95% printable ASCII: decoded text, not an image or random bytes."""
    return len(raw) >= 8 and len(raw.translate(None, _PRINTABLE)) <= 0.05 * len(raw)


def _base64_span(data: bytes, hit: int) -> tuple[int, int]:
    """The base64 run (with its padding) around a trigger's end offset."""
    left = data[max(0, hit - MAX_RUN) : hit].rstrip(b"=")
    start = max(0, hit - MAX_RUN) + len(left.rstrip(_B64))
    right = data[hit : hit + MAX_RUN]
    stop = hit + len(right) - len(right.lstrip(_B64))
    padded = data[stop : stop + 2]
    return start, stop + len(padded) - len(padded.lstrip(b"="))


def _base64(data: bytes, end: int) -> tuple[int, Piece | None]:
    start, stop = _base64_span(data, end)
    text = data[start:stop]
    if len(text) < 16 or len(text) >= MAX_RUN or len(text.rstrip(b"=")) % 4 == 1:
        return stop, None
    try:
        if len(text) > _PROBE and not _is_text(base64.b64decode(text[:_PROBE])):
            return stop, None
        raw = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return stop, None
    return stop, Piece(start, stop, raw, "base64") if _is_text(raw) else None


def _token_span(data: bytes, hit_end: int) -> tuple[int, int]:
    """The run of token characters (no spaces, quotes or brackets) around a hit."""
    left = data[max(0, hit_end - MAX_RUN) : hit_end]
    start = hit_end - (len(left) - len(left.rstrip(_TOKEN)))
    right = data[hit_end : hit_end + MAX_RUN]
    return start, hit_end + (len(right) - len(right.lstrip(_TOKEN)))


def _percent(data: bytes, end: int) -> tuple[int, Piece | None]:
    start, stop = _token_span(data, end)
    text = data[start:stop]
    raw = unquote_to_bytes(text)
    return stop, Piece(start, stop, raw, "percent") if raw != text and len(raw) >= 8 else None


_ESCAPE = re.compile(rb"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(.))", re.DOTALL)
_SIMPLE = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"0": b"\0"}


def _unescape(match: re.Match[bytes]) -> bytes:
    code = match.group(1) or match.group(2)
    if code is not None:
        # surrogatepass: minified polyfills hold `\uD800`-`\uDFFF` escapes, lone surrogates
        # that strict UTF-8 refuses.
        return chr(int(code, 16)).encode("utf-8", "surrogatepass")
    char = match.group(3)
    return _SIMPLE.get(char, char)


def _escape(data: bytes, end: int) -> tuple[int, Piece | None]:
    start, stop = _token_span(data, end)
    text = data[start:stop]
    raw = _ESCAPE.sub(_unescape, text)
    return stop, Piece(start, stop, raw, "escape") if raw != text and len(raw) >= 8 else None


@dataclass(frozen=True, slots=True)
class Decoder:
    name: str
    triggers: tuple[bytes, ...]  # Hyperscan and Python `re` compatible; report candidate ends
    # (data, trigger end) -> (end of the examined span, decoded piece or None)
    decode: Callable[[bytes, int], tuple[int, Piece | None]]


DECODERS: tuple[Decoder, ...] = (
    # Base64 is found two cheap ways (a trigger that fires on every long identifier would cost
    # more than all the rules): a padded value (`...==`, `...x=`), or a value right after
    # `:` or `=` whose 4-character groups start with A-Z or a-f, as base64 of ASCII text does
    # (each group's first character encodes a byte below 0x80).
    Decoder(
        "base64",
        (
            rb"[A-Za-z0-9+/]{14}(?:==|[A-Za-z0-9+/]=)(?:[^A-Za-z0-9+/=]|$)",
            rb"[:=][ \t]{0,3}[\"'`]?(?:[A-Za-f][A-Za-z0-9+/]{3}){4}",
        ),
        _base64,
    ),
    Decoder("percent", (rb"%[0-9A-Fa-f]{2}",), _percent),
    Decoder("escape", (rb"\\(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|/)",), _escape),
)


# Every trigger, flattened, with the index of the decoder it belongs to.
TRIGGERS: tuple[tuple[int, bytes], ...] = tuple(
    (index, trigger) for index, d in enumerate(DECODERS) for trigger in d.triggers
)


def decode_all(data: bytes, ends: dict[int, list[int]]) -> list[Piece]:
    """Decode every triggered candidate once, within the per-unit budgets."""
    pieces: list[Piece] = []
    budget = MAX_DECODED
    for index, decoder in enumerate(DECODERS):
        examined = -1
        for end in sorted(set(ends.get(index, ()))):
            if end <= examined:  # another trigger inside a span already decoded
                continue
            examined, piece = decoder.decode(data, end)
            if piece is None:
                continue
            budget -= len(piece.data)
            if budget < 0 or len(pieces) >= MAX_PIECES:
                return pieces
            pieces.append(piece)
    return pieces
