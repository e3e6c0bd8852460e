"""Source maps, `sourceMappingURL` links and notebooks: any bytes, and JSON of the right shape
with wrong parts (types, huge numbers, negative or cut VLQ, mismatched lengths, nulls, deep
nesting), give a result or a clean SourceMapError naming the map; valid maps give exactly the
positions a plain reference lookup gives.

tests/sources/test_structured.py covers random bytes and random JSON shapes for `expand`;
tests/sources/test_mappings.py covers known maps one by one.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote_from_bytes

from hypothesis import example, given
from hypothesis import strategies as st

from launchguard.errors import LaunchguardError
from launchguard.sources import notebooks, sourcemaps
from launchguard.sources.mappings import OriginalPosition, SourceMap, find_map, resolve_source
from launchguard.units import Origin, Unit
from tests.fuzz import targets
from tests.fuzz.checks import fuzz_settings, outcome
from tests.helpers.sourcemap import DIGITS, vlq

MAP_PATH = targets.MAP_PATH
FUZZ = fuzz_settings(300)

JSON_LEAF = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**31 - 2, max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8)
)
ANY_JSON = st.recursive(
    JSON_LEAF,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
# Mappings text: valid digits, separators, continuation digits (which make huge or cut-short
# values), and characters outside base64.
VLQ_TEXT = st.lists(
    st.sampled_from([*DIGITS, ";", ",", ";;", ",,", "gggggggg", "////", "+", "=", " ", "é", "\x00"])
    | st.integers(-(2**33), 2**33).map(vlq),
    max_size=40,
).map("".join)


def _maybe_wrong(right: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return right | ANY_JSON


SOURCE_NAMES = st.none() | st.text(max_size=12) | st.sampled_from(["webpack:///./a.ts", "/abs.js"])
MAP_DOCUMENT = st.fixed_dictionaries(
    {},
    optional={
        "version": _maybe_wrong(st.sampled_from([3, 3, 3, 2, "3", 3.0, True])),
        "sources": _maybe_wrong(st.lists(SOURCE_NAMES, max_size=4)),
        "sourceRoot": _maybe_wrong(st.sampled_from(["", "src", "https://x/", "webpack://"])),
        "names": _maybe_wrong(st.lists(st.none() | st.text(max_size=4), max_size=3)),
        "mappings": _maybe_wrong(VLQ_TEXT),
        "sourcesContent": _maybe_wrong(st.lists(st.none() | st.text(max_size=10), max_size=5)),
        "file": ANY_JSON,
    },
)


def _section(document: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    offset = (
        st.fixed_dictionaries({"line": st.integers(-2, 5), "column": st.integers(-2, 50)})
        | ANY_JSON
    )
    return st.fixed_dictionaries({"offset": offset, "map": document}) | ANY_JSON


INDEX_MAP = st.recursive(
    MAP_DOCUMENT,
    lambda inner: st.fixed_dictionaries(
        {"version": st.just(3), "sections": st.lists(_section(inner), max_size=3)}
    ),
    max_leaves=4,
)


def _check_map(data: bytes) -> None:
    targets.source_map(data, Path())


@FUZZ
@given(INDEX_MAP)
@example({"version": 3, "sources": ["a"], "mappings": "gggggggggA"})
@example({"version": 3, "sources": ["a"], "mappings": "AAAA;D"})  # a negative column
@example({"version": 3, "sources": ["a"], "mappings": "AAAA,DAAA"})  # sorted back again
@example({"version": 3, "sources": [], "mappings": "AAAA"})  # source index out of range
@example({"version": 3, "sources": ["a"], "mappings": "ADAA"})  # a negative original line
@example({"version": 3, "sources": [None], "names": [1], "mappings": "AAAAC"})
@example({"version": 3, "sections": [{"offset": {"line": 0, "column": 0}, "url": "x"}]})
@example({"version": 3, "sections": [{"offset": {"line": True, "column": 0}, "map": {}}]})
@example({"version": 2**80, "sources": ["a"], "mappings": ""})
def test_structured_wrong_maps_are_clean_errors(document: Any) -> None:
    _check_map(json.dumps(document).encode())


@FUZZ
@given(st.binary(max_size=500))
@example(b")]}'\n{}")
@example(b"\xff\xfe{\x00}\x00")  # UTF-16, as json.loads detects it
@example(b'{"version": 3, "mappings": "' + b"A" * 5000 + b'", "x": 1' + b"0" * 5000 + b"}")
def test_any_bytes_are_a_map_or_a_clean_error(data: bytes) -> None:
    _check_map(data)


@fuzz_settings(200)
@given(st.data())
def test_a_valid_map_mutated_is_a_map_or_a_clean_error(data: st.DataObject) -> None:
    valid = _encode([[(0, 0, 0, 0), (4, 0, 1, 2, 0)], [(2,), (7, 0, 3, 1)]], ["a.ts"], ["n"])
    start = data.draw(st.integers(0, len(valid)))
    end = data.draw(st.integers(start, len(valid)))
    junk = data.draw(st.binary(max_size=8) | st.sampled_from([b'"', b"[", b"-1", b"\\ud800"]))
    _check_map(valid[:start] + junk + valid[end:])


def test_nesting_deeper_than_json_can_follow_is_a_clean_error() -> None:
    for depth in (900, 1000, 5000, 100_000):
        for data in (b"[" * depth + b"]" * depth, b'{"version": 3, "x": ' + b"[" * depth):
            found = outcome(lambda data=data: SourceMap.parse(data, MAP_PATH), names=MAP_PATH)
            assert isinstance(found, LaunchguardError)


# (generated column, source, original line, original column[, name]) or (generated column,):
# absolute values, as a bundler knows them before it writes deltas.
Segment = tuple[int, ...]
_SEGMENT = st.one_of(
    st.tuples(st.integers(0, 300)),
    st.tuples(st.integers(0, 300), st.integers(0, 2), st.integers(0, 50), st.integers(0, 80)),
    st.tuples(
        st.integers(0, 300),
        st.integers(0, 2),
        st.integers(0, 2**30),
        st.integers(0, 80),
        st.integers(0, 3),  # 3 is past the names list: the position stays, the name goes
    ),
)


def _encode(lines: list[list[Segment]], sources: list[str], names: list[str]) -> bytes:
    """A v3 map of absolute segments: columns restart on each line, the other fields carry on."""
    state = [0, 0, 0, 0]
    text_lines = []
    for line in lines:
        column = 0
        parts = []
        for segment in line:
            fields = [vlq(segment[0] - column)]
            column = segment[0]
            for n, value in enumerate(segment[1:]):
                fields.append(vlq(value - state[n]))
                state[n] = value
            parts.append("".join(fields))
        text_lines.append(",".join(parts))
    document = {"version": 3, "sources": sources, "names": names, "mappings": ";".join(text_lines)}
    return json.dumps(document).encode()


def _expected(
    lines: list[list[Segment]], sources: list[str], names: list[str], line: int, column: int
) -> OriginalPosition | None:
    """The reference lookup: the last segment at or before the column, in generated-column
    order (map order among equal columns)."""
    if not 1 <= line <= len(lines):
        return None
    before = [s for s in sorted(lines[line - 1], key=lambda s: s[0]) if s[0] <= column - 1]
    if not before or len(before[-1]) == 1:
        return None
    source, original_line, original_column, *name = before[-1][1:]
    label = names[name[0]] if name and name[0] < len(names) else None
    resolved = resolve_source(MAP_PATH, None, sources[source])
    return OriginalPosition(resolved, original_line + 1, original_column + 1, label)


@fuzz_settings(200)
@given(
    lines=st.lists(st.lists(_SEGMENT, max_size=150), max_size=5),
    queries=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 320)), max_size=12),
)
@example(lines=[[(5, 0, 1, 1), (5, 1, 2, 2), (0,)]], queries=[(1, 6), (1, 1)])
@example(lines=[[(n, 0, n, 0) for n in range(200, 0, -1)]], queries=[(1, 65), (1, 130)])
def test_valid_maps_answer_as_the_reference_lookup(
    lines: list[list[Segment]], queries: list[tuple[int, int]]
) -> None:
    sources, names = ["a.ts", "src/b.ts", "webpack:///./c.js"], ["x", "y", "z"]
    parsed = SourceMap.parse(_encode(lines, sources, names), MAP_PATH)
    # Increasing order reads the mappings once; any order must give the same answers.
    for line, column in [*sorted(queries), *queries]:
        assert parsed.original(line, column) == _expected(lines, sources, names, line, column)


# sourceMappingURL comments: JS (`//#`, `//@`, ended by white space) and CSS (`/*#`, ended by
# `*/` too), each with what may follow the URL.
_COMMENTS = st.sampled_from(
    [
        (b"//# ", b""),
        (b"//# ", b"\n"),
        (b"//@ ", b"\r\nx = 1"),
        (b"//# ", b" trailing"),
        (b"/*# ", b" */"),
        (b"/* @ ", b"*/\n"),
    ]
)


@FUZZ
@given(payload=st.binary(max_size=200), before=st.binary(max_size=60), comment=_COMMENTS)
@example(payload=b"", before=b"", comment=(b"//# ", b""))
@example(payload=b'{"a": "\xff"}', before=b'"//# sourceMappingURL=x"\n', comment=(b"/*# ", b" */"))
def test_a_base64_data_url_gives_back_its_bytes(
    payload: bytes, before: bytes, comment: tuple[bytes, bytes]
) -> None:
    opener, after = comment
    url = b"data:application/json;charset=utf-8;base64," + base64.b64encode(payload)
    generated = before + b"\n" + opener + b"sourceMappingURL=" + url + after
    found = find_map("dist/app.js", generated, lambda path: None)
    assert found == (payload, "dist/app.js.map")


@FUZZ
@given(payload=st.binary(max_size=200))
def test_a_percent_encoded_data_url_gives_back_its_bytes(payload: bytes) -> None:
    url = b"data:application/json," + quote_from_bytes(payload, safe="").encode()
    found = find_map("a.css", b"/*# sourceMappingURL=" + url + b" */", lambda path: None)
    assert found == (payload, "a.css.map")


@FUZZ
@given(st.binary(max_size=300) | VLQ_TEXT.map(lambda t: ("//# sourceMappingURL=" + t).encode()))
@example(b"//# sourceMappingURL=data:;base64,A")  # base64 of a length no padding completes
@example(b"//# sourceMappingURL=data:,%ZZ%")
@example(b"//# sourceMappingURL=data:x;base64,====")
@example(b"//# sourceMappingURL=%2e%2e/%2e%2e/%00x.map")
@example(b"/*# sourceMappingURL=data:application/json,{} */")
def test_any_generated_file_finds_a_map_or_a_clean_error(data: bytes) -> None:
    targets.source_map_link(data, Path())


# Source map and notebook expansion into units.
NOTEBOOK = st.fixed_dictionaries(
    {},
    optional={
        "cells": _maybe_wrong(
            st.lists(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "source": _maybe_wrong(st.text(max_size=8) | st.lists(st.text(max_size=4))),
                        "outputs": _maybe_wrong(
                            st.lists(
                                st.fixed_dictionaries(
                                    {},
                                    optional={"text": ANY_JSON, "data": ANY_JSON},
                                )
                            )
                        ),
                    },
                )
                | ANY_JSON,
                max_size=4,
            )
        ),
        "metadata": ANY_JSON,
    },
)


@FUZZ
@given(MAP_DOCUMENT | NOTEBOOK)
@example({"sourcesContent": ["\ud800 lone"], "sources": ["a"]})
@example({"cells": [{"source": "\udfff", "outputs": [{"text": ["\ud83d"]}]}]})
def test_maps_and_notebooks_expand_into_units(document: Any) -> None:
    """A JSON `\\ud800` escape in sourcesContent or a cell once raised UnicodeEncodeError."""
    data = json.dumps(document).encode()
    targets.embedded_sources(data, Path())
    for expand, path in ((sourcemaps.expand, "x.map"), (notebooks.expand, "x.ipynb")):
        for unit in expand(Unit(data, Origin(path=path))):
            assert unit.data or unit.origin.path == path
