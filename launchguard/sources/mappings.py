"""Source maps read backwards: a position in generated JavaScript or CSS -> the original file.

A finding in `dist/assets/index-abc.js` at line 1, column 840123 means little to a user; the
same finding at `src/api.ts:12:7` tells them what to fix. This module parses source map v3
(and index maps), decodes `mappings` lazily, and finds the map that belongs to a bundle.

Columns: source maps count UTF-16 code units and launchguard counts characters. They differ
only for characters outside the Basic Multilingual Plane (emoji), which are rare in bundles,
so the two are treated as equal.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate, islice
from operator import itemgetter
from typing import Any

from launchguard.sources.sourcemap_links import (
    SourceMapError,
    find_map,
    one_line,
    resolve_source,
)

__all__ = ["OriginalPosition", "SourceMap", "SourceMapError", "find_map", "resolve_source"]

_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_BASE64 = {c: i for i, c in enumerate(_DIGITS)}


def _signed(vlq: int) -> int:
    """VLQ keeps the sign in the lowest bit."""
    return -(vlq >> 1) if vlq & 1 else vlq >> 1


# Values of one digit ([A-Za-f]) and of two (a continuation digit, then a final one): a table
# lookup instead of a loop over characters.
_SMALL = {c: _signed(i) for c, i in _BASE64.items() if i < 32}
_SHORT = _SMALL | {
    high + low: _signed(_BASE64[high] - 32 + (i << 5))
    for high in _DIGITS[32:]
    for low, i in _BASE64.items()
    if i < 32
}
_VLQ_MAX = 1 << 31  # the spec caps every field at a 32-bit signed integer
_CHECKPOINT = 64  # segments between stored absolute states: a lookup sums at most this many
_CACHE_LIMIT = 1 << 20  # distinct segment strings kept decoded; real maps repeat a few thousand
_MAX_NESTING = 4  # index maps inside index maps

# A segment's five fields (generated column, source, original line, original column, name)
# travel packed in one int, 64 bits each, so one C-level `accumulate` sums all of them at once;
# `_unpack` recovers the signed values.
_FIELD = 64
_HALF = 1 << (_FIELD - 1)
_MASK = (1 << _FIELD) - 1

# (packed deltas, field count, generated column delta) of one segment.
_Segment = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class OriginalPosition:
    source: str
    line: int
    column: int
    name: str | None


class _VlqError(ValueError):
    pass


def _low(packed: int) -> int:
    """The first packed field: the generated column."""
    return ((packed + _HALF) & _MASK) - _HALF


def _unpack(packed: int) -> list[int]:
    values = []
    for _ in range(5):
        low = _low(packed)
        values.append(low)
        packed = (packed - low) >> _FIELD
    return values


def _decode_long(text: str) -> list[int]:
    """Any VLQ text, one character at a time; `_decode_values` sends here what it cannot do."""
    values: list[int] = []
    value = shift = 0
    for char in text:
        digit = _BASE64.get(char)
        if digit is None:
            raise _VlqError("a character outside base64")
        value += (digit & 31) << shift
        if digit & 32:
            shift += 5
            if shift > 30:
                raise _VlqError("a value longer than 32 bits")
            continue
        if value >> 1 > _VLQ_MAX:
            raise _VlqError("a value longer than 32 bits")
        values.append(_signed(value))
        value = shift = 0
    if shift:
        raise _VlqError("a value cut short")
    return values


def _decode_values(text: str) -> list[int]:
    """Values of one or two digits (|value| < 512: nearly all of them) come from a table."""
    values: list[int] = []
    at, end = 0, len(text)
    while at < end:
        value = _SHORT.get(text[at])
        if value is None:
            value = _SHORT.get(text[at : at + 2])
            if value is None:
                return _decode_long(text)
            at += 1
        values.append(value)
        at += 1
    return values


def _decode_segment(text: str) -> _Segment:
    if text.isalpha() and max(text) < "g":  # every value fits one digit ([A-Za-f]): common
        values = [_SMALL[char] for char in text]
    else:
        values = _decode_values(text)
    count = len(values)
    if count not in (1, 4, 5):
        raise _VlqError(f"a segment of {count} fields")
    if count == 1:
        return values[0], 1, values[0]
    column, source, line, original_column, *name = values
    packed = column + (source << _FIELD) + (line << 2 * _FIELD) + (original_column << 3 * _FIELD)
    return packed + (name[0] << 4 * _FIELD if name else 0), count, column


class _SegmentCache(dict[str, _Segment]):
    """Minified maps repeat the same segment strings, so each is decoded once."""

    backwards = False  # set once a segment moves the generated column backwards

    def __missing__(self, text: str) -> _Segment:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        segment = self[text] = _decode_segment(text)
        if segment[2] < 0:
            self.backwards = True
        return segment


@dataclass(frozen=True, slots=True)
class _Line:
    """One decoded generated line, as blocks of `_CHECKPOINT` segments: the absolute state is
    stored only at the start of each block, and a lookup walks one block from there."""

    segments: list[_Segment]  # shared tuples from the cache: one pointer per segment
    checkpoints: list[int]  # packed absolute state before the first segment of each block
    firsts: list[int]  # generated column of the first segment of each block, ascending

    def find(self, column: int) -> tuple[int, int] | None:
        """(index, packed absolute state) of the last segment at or before `column`."""
        block = bisect_right(self.firsts, column) - 1
        if block < 0:
            return None
        start = block * _CHECKPOINT
        state = self.checkpoints[block]
        found = start
        for index, segment in enumerate(self.segments[start : start + _CHECKPOINT], start):
            after = state + segment[0]
            if _low(after) > column:
                break
            state, found = after, index
        return found, state


def _in_order(segments: list[_Segment], start: int) -> tuple[list[_Segment], int]:
    """Segments sorted by generated column (the spec allows any order; browsers sort), as
    deltas again, and the state after the last segment in map order. Rare, so plain Python."""
    states = list(accumulate(map(itemgetter(0), segments), initial=start))[1:]
    order = sorted(range(len(states)), key=lambda i: _low(states[i]))
    ordered, previous = [], start
    for index in order:
        delta = states[index] - previous
        ordered.append((delta, segments[index][1], _low(delta)))
        previous = states[index]
    return ordered, states[-1]


def _build_line(segments: list[_Segment], start: int, *, backwards: bool) -> tuple[_Line, int]:
    """The line and the state after it. `map`, `accumulate` and `islice` walk the segments in
    C: a 1.4-million-segment line costs one pass, not a Python loop."""
    end = None
    if backwards and min(islice(map(itemgetter(2), segments), 1, None), default=0) < 0:
        segments, end = _in_order(segments, start)
    if len(segments) <= _CHECKPOINT:
        checkpoints = [start]  # most lines of a multi-line map: skip the machinery
    else:
        running = accumulate(map(itemgetter(0), segments), initial=start)
        checkpoints = list(islice(running, 0, len(segments), _CHECKPOINT))
    blocks = zip(checkpoints, segments[::_CHECKPOINT], strict=True)
    firsts = [_low(state + segment[0]) for state, segment in blocks]
    if firsts[0] < 0:
        raise _VlqError("a negative generated column")
    if end is None:
        last_block = segments[(len(checkpoints) - 1) * _CHECKPOINT :]
        end = checkpoints[-1] + sum(map(itemgetter(0), last_block))
    return _Line(segments, checkpoints, firsts), end


class _Mappings:
    """A regular map. `mappings` is read only as far as queries reach: lines before the one
    asked for are summed (their end state is all the next line needs) and only queried lines
    are built for lookup; both are kept, so increasing queries read the text once."""

    def __init__(self, document: dict[str, Any], *, map_path: str, where: str) -> None:
        self._where = where
        self._sources = _sources(document, map_path, where)
        self._names = _names(document, where)
        self._text: str = document["mappings"]
        self._starts = [0]  # packed state at the start of each line reached so far
        self._offsets = [0]  # where each of those lines begins in the text
        self._more = True  # whether a line follows the last one in `_starts`
        self._built: dict[int, _Line | None] = {}
        self._cache = _SegmentCache()

    @property
    def sources(self) -> list[str]:
        return [s for s in self._sources if s is not None]

    def original(self, line: int, column: int) -> OriginalPosition | None:
        """0-based line and column."""
        decoded = self._line(line)
        found = decoded.find(column) if decoded is not None else None
        if decoded is None or found is None:
            return None
        index, state = found
        return self._position(state, decoded.segments[index][1], line)

    def _line(self, line: int) -> _Line | None:
        if line in self._built:
            return self._built[line]
        while len(self._starts) <= line and self._more:
            segments, end = self._segments(len(self._starts) - 1)
            self._reach(end, self._starts[-1] + sum(map(itemgetter(0), segments)))
        if line >= len(self._starts):
            return None
        segments, end = self._segments(line)
        built, after = None, self._starts[line]
        if segments:
            try:
                built, after = _build_line(segments, after, backwards=self._cache.backwards)
            except _VlqError as error:
                raise SourceMapError(f"{self._where}: mappings line {line + 1}: {error}") from None
        if line == len(self._starts) - 1:
            self._reach(end, after)
        self._built[line] = built
        return built

    def _segments(self, line: int) -> tuple[list[_Segment], int]:
        """The decoded segments of a reached line, and the offset of the `;` that ends it."""
        begin = self._offsets[line]
        end = self._text.find(";", begin)
        parts = self._text[begin : end if end >= 0 else len(self._text)].split(",")
        if "" in parts:
            parts = [part for part in parts if part]  # tolerate ",," and a trailing ","
        try:
            return list(map(self._cache.__getitem__, parts)), end
        except _VlqError as error:
            raise SourceMapError(f"{self._where}: mappings line {line + 1}: {error}") from None

    def _reach(self, end: int, state: int) -> None:
        """Record the line after the last reached one, which ended at `end` in `state`."""
        if end < 0:
            self._more = False
            return
        self._starts.append(state - _low(state))  # the generated column restarts per line
        self._offsets.append(end + 1)

    def _position(self, state: int, count: int, line: int) -> OriginalPosition | None:
        if count == 1:
            return None  # a 1-field segment: generated code with no original
        _, source, original_line, original_column, name = _unpack(state)
        problem = f"{self._where}: mappings line {line + 1}:"
        if not 0 <= source < len(self._sources):
            raise SourceMapError(f"{problem} source index {source} out of range")
        if original_line < 0 or original_column < 0:
            raise SourceMapError(f"{problem} a negative original line or column")
        # A name is a nicety: a bad name index (hand-edited maps have them) loses the name,
        # not the position, as browsers do.
        label = self._names[name] if count == 5 and 0 <= name < len(self._names) else None
        resolved = self._sources[source]
        if resolved is None:
            return None  # `sources` may hold null: the map does not know the file
        return OriginalPosition(resolved, original_line + 1, original_column + 1, label)


def _sources(document: dict[str, Any], map_path: str, where: str) -> list[str | None]:
    sources = document.get("sources")
    if not isinstance(sources, list) or not all(s is None or isinstance(s, str) for s in sources):
        raise SourceMapError(f"{where}: `sources` is missing or not a list of strings")
    root = document.get("sourceRoot")
    root = root if isinstance(root, str) else None
    return [None if s is None else resolve_source(map_path, root, s) for s in sources]


def _names(document: dict[str, Any], where: str) -> list[str | None]:
    names = document.get("names", [])
    if not isinstance(names, list):
        raise SourceMapError(f"{where}: `names` is not a list")
    return [n if isinstance(n, str) else None for n in names]


class _Sections:
    """An index map: each section is a map placed at an offset of the generated file."""

    def __init__(self, sections: list[tuple[tuple[int, int], _Mappings | _Sections]]) -> None:
        self._offsets = [offset for offset, _ in sections]
        self._maps = [part for _, part in sections]

    @property
    def sources(self) -> list[str]:
        every = (s for part in self._maps for s in part.sources)
        return list(dict.fromkeys(every))

    def original(self, line: int, column: int) -> OriginalPosition | None:
        found = bisect_right(self._offsets, (line, column)) - 1
        if found < 0:
            return None
        offset_line, offset_column = self._offsets[found]
        if line == offset_line:
            column -= offset_column  # the column offset applies to the section's first line only
        return self._maps[found].original(line - offset_line, column)


def _build(document: object, *, map_path: str, where: str, depth: int) -> _Mappings | _Sections:
    if not isinstance(document, dict):
        raise SourceMapError(f"{where}: not a JSON object")
    version = document.get("version")
    if type(version) is not int or version != 3:
        shown = f" {version}" if type(version) is int else ""
        raise SourceMapError(f"{where}: unsupported version{shown} (only 3 is)")
    if "sections" in document:
        return _build_sections(document["sections"], map_path=map_path, where=where, depth=depth)
    if not isinstance(document.get("mappings"), str):
        raise SourceMapError(f"{where}: `mappings` is missing or not a string")
    return _Mappings(document, map_path=map_path, where=where)


def _build_sections(sections: object, *, map_path: str, where: str, depth: int) -> _Sections:
    if depth >= _MAX_NESTING:
        raise SourceMapError(f"{where}: index maps nested too deeply")
    if not isinstance(sections, list):
        raise SourceMapError(f"{where}: `sections` is not a list")
    parts: list[tuple[tuple[int, int], _Mappings | _Sections]] = []
    for number, section in enumerate(sections, start=1):
        here = f"{where}: section {number}"
        offset = _offset(section, here)
        if parts and offset <= parts[-1][0]:
            raise SourceMapError(f"{here}: offset is not after the previous section's")
        if "url" in section:
            raise SourceMapError(f"{here}: `url` sections are not supported")
        nested = _build(section.get("map"), map_path=map_path, where=here, depth=depth + 1)
        parts.append((offset, nested))
    return _Sections(parts)


def _offset(section: object, where: str) -> tuple[int, int]:
    offset = section.get("offset") if isinstance(section, dict) else None
    if isinstance(offset, dict):
        line, column = offset.get("line"), offset.get("column")
        if type(line) is int and type(column) is int and line >= 0 and column >= 0:
            return line, column
    raise SourceMapError(f"{where}: `offset` needs non-negative integer `line` and `column`")


def _load(data: bytes, where: str) -> object:
    if data.startswith(b")]}'"):
        data = data.partition(b"\n")[2]  # the spec's anti-XSSI prefix line
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise SourceMapError(f"{where}: invalid JSON at line {error.lineno}") from None
    except UnicodeDecodeError:
        raise SourceMapError(f"{where}: not UTF-8 text") from None
    except (ValueError, RecursionError):
        raise SourceMapError(f"{where}: invalid JSON (nested too deeply or huge)") from None


class SourceMap:
    """A parsed source map; `original` decodes `mappings` only up to the line it is asked for
    and keeps what it decoded, so queries in increasing order cost one pass in total."""

    def __init__(self, lookup: _Mappings | _Sections) -> None:
        self._lookup = lookup

    @classmethod
    def parse(cls, data: bytes, map_path: str) -> SourceMap:
        where = one_line(map_path)
        return cls(_build(_load(data, where), map_path=map_path, where=where, depth=0))

    @property
    def sources(self) -> list[str]:
        return self._lookup.sources

    def original(self, line: int, column: int) -> OriginalPosition | None:
        """`line` and `column` are 1-based; the last segment at or before the column wins."""
        if line < 1 or column < 1:
            return None
        return self._lookup.original(line - 1, column - 1)
