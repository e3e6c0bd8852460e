"""`Matcher.find`: one unit in, confirmed matches out, including matches in decoded text."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from launchguard.engine.confirm import Match, confirm
from launchguard.engine.decode import Piece, decode_all
from launchguard.engine.hits import Backend
from launchguard.engine.table import RuleTable

MAX_DEPTH = 2
_SEPARATOR = b"\n\x00\n"


@dataclass(frozen=True, slots=True)
class Found:
    """A match; when it was inside encoded text, `piece` is that text (outermost layer)
    and `encodings` lists the layers, outermost first."""

    match: Match
    secret: bytes
    piece: Piece | None = None
    encodings: tuple[str, ...] = ()


class Matcher:
    def __init__(self, table: RuleTable, backend: Backend) -> None:
        self.table = table
        self.backend = backend

    @property
    def backend_name(self) -> str:
        return self.backend.name

    def find(self, data: bytes, depth: int = 0) -> list[Found]:
        hits = self.backend.hits(data)
        found = [
            Found(m, data[m.secret_start : m.secret_end]) for m in confirm(self.table, data, hits)
        ]
        if hits.decoder_ends and depth < MAX_DEPTH:
            pieces = decode_all(data, hits.decoder_ends)
            if pieces:
                found.extend(self._in_pieces(data, pieces, depth))
        return found

    def _in_pieces(self, data: bytes, pieces: list[Piece], depth: int) -> list[Found]:
        """Scan all decoded pieces as one buffer (one backend call), then map back."""
        starts: list[int] = []
        offset = 0
        for piece in pieces:
            starts.append(offset)
            offset += len(piece.data) + len(_SEPARATOR)
        buffer = _SEPARATOR.join(p.data for p in pieces)
        out = []
        for inner in self.find(buffer, depth + 1):
            index = bisect.bisect_right(starts, inner.match.secret_start) - 1
            piece = pieces[index]
            if inner.match.secret_end > starts[index] + len(piece.data):
                continue  # straddles two pieces: an artefact of the shared buffer
            if inner.secret in data[piece.start : piece.end]:
                continue  # visible without decoding: the plain scan reports it
            out.append(Found(inner.match, inner.secret, piece, (piece.encoding, *inner.encodings)))
        return out
