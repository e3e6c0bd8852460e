"""Source maps read backwards: exact original positions for maps built by hand.

Maps are written with a small VLQ encoder (below), so every test knows the absolute position
each segment stands for and can compare `original()` with a brute-force answer.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from launchguard.sources.mappings import (
    OriginalPosition,
    SourceMap,
    SourceMapError,
    find_map,
    resolve_source,
)
from tests.helpers.fake import aws_key_id, github_classic
from tests.helpers.sourcemap import DIGITS, vlq

# A segment as absolute, 0-based numbers: (generated column,) or
# (generated column, source, original line, original column[, name]).
Segment = tuple[int, ...]


def encode(lines: Sequence[Sequence[Segment]]) -> str:
    """`mappings` for absolute segments: the generated column restarts on each line, the
    other fields are relative to the previous segment that has them, across lines."""
    previous = [0, 0, 0, 0]
    out = []
    for segments in lines:
        column, parts = 0, []
        for segment in segments:
            fields = [segment[0] - column]
            column = segment[0]
            for i, value in enumerate(segment[1:]):
                fields.append(value - previous[i])
                previous[i] = value
            parts.append("".join(map(vlq, fields)))
        out.append(",".join(parts))
    return ";".join(out)


def make_map(
    lines: Sequence[Sequence[Segment]],
    sources: Sequence[str | None] = ("src/a.js",),
    names: Sequence[str] = (),
    **extra: object,
) -> bytes:
    document = {"version": 3, "sources": list(sources), "names": list(names)}
    document["mappings"] = encode(lines)
    return json.dumps(document | extra).encode()


def brute_force(
    lines: Sequence[Sequence[Segment]],
    position: tuple[int, int],
    sources: Sequence[str],
    names: Sequence[str] = (),
) -> OriginalPosition | None:
    line, column = position
    segments = lines[line - 1] if line <= len(lines) else []
    candidates = [(s[0], i, s) for i, s in enumerate(segments) if s[0] <= column - 1]
    if not candidates:
        return None
    best = max(candidates)[2]
    if len(best) == 1:
        return None
    name = names[best[4]] if len(best) == 5 else None
    return OriginalPosition(sources[best[1]], best[2] + 1, best[3] + 1, name)


class Reader:
    """The caller's file access, as a dict of display path -> bytes; records every read."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.reads: list[str] = []

    def __call__(self, path: str) -> bytes | None:
        self.reads.append(path)
        return self.files.get(path)


def test_vlq_encoder_matches_the_spec_examples() -> None:
    assert [vlq(v) for v in (0, 1, -1, 15, 16, -17, 511, 512)] == [
        "A",
        "C",
        "D",
        "e",
        "gB",
        "jB",
        "+f",
        "ggB",
    ]


def test_multi_line_map() -> None:
    lines: list[list[Segment]] = [
        [(0, 0, 0, 0), (4, 0, 0, 6)],
        [],
        [(2, 1, 10, 4), (9, 0, 1, 0)],
    ]
    sm = SourceMap.parse(make_map(lines, ["src/a.js", "src/b.js"]), "app.js.map")
    assert sm.original(1, 1) == OriginalPosition("src/a.js", 1, 1, None)
    assert sm.original(1, 4) == OriginalPosition("src/a.js", 1, 1, None)
    assert sm.original(1, 5) == OriginalPosition("src/a.js", 1, 7, None)
    assert sm.original(1, 500) == OriginalPosition("src/a.js", 1, 7, None)
    assert sm.original(2, 1) is None  # an empty generated line
    assert sm.original(3, 2) is None  # before the line's first segment
    assert sm.original(3, 3) == OriginalPosition("src/b.js", 11, 5, None)
    assert sm.original(3, 10) == OriginalPosition("src/a.js", 2, 1, None)
    assert sm.original(4, 1) is None  # past the last line
    assert sm.original(0, 1) is None
    assert sm.original(1, 0) is None


def test_one_line_map_across_many_blocks() -> None:
    """500 segments on one line, some sharing a column, checked at every column."""
    segments: list[Segment] = []
    for i in range(500):
        column = 3 * (i - 1) if i % 7 == 0 and i else 3 * i  # every 7th: the previous column
        segments.append((column, i % 3, i // 10, (i * 7) % 40, i % 5) if i % 4 else (column,))
        if i % 50 == 0:
            segments.append((column, 2, 1, 1))  # same column as the segment before: it wins
    lines = [sorted(segments, key=lambda s: s[0])]
    sources, names = ["a.js", "b.js", "c.js"], ["n0", "n1", "n2", "n3", "n4"]
    sm = SourceMap.parse(make_map(lines, sources, names), "bundle.js.map")
    for column in range(1, 3 * 500 + 5):
        assert sm.original(1, column) == brute_force(lines, (1, column), sources, names), column


def test_queries_in_any_order_reuse_decoded_lines() -> None:
    lines = [[(0, 0, line, 0), (5, 0, line, 3, 0)] for line in range(300)]
    sm = SourceMap.parse(make_map(lines, names=["x"]), "m.map")
    assert sm.original(300, 6) == OriginalPosition("src/a.js", 300, 4, "x")
    assert sm.original(2, 1) == OriginalPosition("src/a.js", 2, 1, None)
    assert sm.original(150, 7) == OriginalPosition("src/a.js", 150, 4, "x")
    assert sm.original(301, 1) is None


def test_names_carry_over_and_only_five_field_segments_have_one() -> None:
    lines: list[list[Segment]] = [
        [(0, 0, 0, 0, 1), (3, 0, 0, 4), (6, 0, 0, 8, 1), (9, 0, 0, 9, 0)],
    ]
    sm = SourceMap.parse(make_map(lines, names=["alpha", "beta"]), "m.map")
    assert [sm.original(1, c) for c in (1, 4, 7, 10)] == [
        OriginalPosition("src/a.js", 1, 1, "beta"),
        OriginalPosition("src/a.js", 1, 5, None),
        OriginalPosition("src/a.js", 1, 9, "beta"),  # name delta 0: the same name again
        OriginalPosition("src/a.js", 1, 10, "alpha"),
    ]


def test_one_field_segment_has_no_original() -> None:
    lines: list[list[Segment]] = [[(0, 0, 2, 2), (5,), (8, 0, 2, 6)]]
    sm = SourceMap.parse(make_map(lines), "m.map")
    assert sm.original(1, 5) == OriginalPosition("src/a.js", 3, 3, None)
    assert sm.original(1, 6) is None
    assert sm.original(1, 8) is None
    assert sm.original(1, 9) == OriginalPosition("src/a.js", 3, 7, None)


def test_segments_out_of_order_are_sorted_by_generated_column() -> None:
    lines: list[list[Segment]] = [[(10, 0, 5, 0), (0, 0, 1, 0), (4, 0, 2, 0)], [(0, 0, 7, 1)]]
    sm = SourceMap.parse(make_map(lines), "m.map")
    assert [sm.original(1, c).line for c in (1, 5, 11)] == [2, 3, 6]  # type: ignore[union-attr]
    # The next line continues from the last segment in map order, not in column order.
    assert sm.original(2, 1) == OriginalPosition("src/a.js", 8, 2, None)


def test_empty_segments_and_trailing_separators_are_tolerated() -> None:
    document = {"version": 3, "sources": ["a.js"], "names": [], "mappings": "AAAA,,EAAE,;;"}
    sm = SourceMap.parse(json.dumps(document).encode(), "m.map")
    assert sm.original(1, 3) == OriginalPosition("a.js", 1, 3, None)
    assert sm.original(2, 1) is None


def test_source_root_and_relative_sources() -> None:
    data = make_map([[(0, 0, 0, 0), (2, 1, 0, 0)]], ["a.ts", "../lib/b.ts"], sourceRoot="src/")
    sm = SourceMap.parse(data, "dist/app.js.map")
    assert sm.sources == ["dist/src/a.ts", "dist/lib/b.ts"]
    assert sm.original(1, 3) == OriginalPosition("dist/lib/b.ts", 1, 1, None)


def test_webpack_and_vite_source_names() -> None:
    sources = ["webpack://_N_E/./src/app/page.tsx", "webpack:///./lib/x.js", "../../src/main.js"]
    data = make_map([[(0, 0, 0, 0), (1, 1, 0, 0), (2, 2, 0, 0)]], sources)
    sm = SourceMap.parse(data, "dist/assets/index-abc.js.map")
    assert sm.sources == ["src/app/page.tsx", "lib/x.js", "src/main.js"]
    assert sm.original(1, 3) == OriginalPosition("src/main.js", 1, 1, None)


def test_null_sources_are_skipped() -> None:
    sm = SourceMap.parse(make_map([[(0, 1, 0, 0), (4, 0, 0, 0)]], [None, "a.js"]), "m.map")
    assert sm.sources == ["a.js"]
    assert sm.original(1, 1) == OriginalPosition("a.js", 1, 1, None)
    assert sm.original(1, 5) is None  # the map does not know that file


def test_anti_xssi_prefix_is_skipped() -> None:
    sm = SourceMap.parse(b")]}'\n" + make_map([[(0, 0, 0, 0)]]), "m.map")
    assert sm.original(1, 1) == OriginalPosition("src/a.js", 1, 1, None)


@pytest.mark.parametrize(
    ("map_path", "root", "source", "expected"),
    [
        ("dist/assets/index.js.map", None, "../../src/main.js", "src/main.js"),
        (
            ".next/static/chunks/page.js.map",
            None,
            "webpack://_N_E/./src/app/page.tsx",
            "src/app/page.tsx",
        ),
        ("dist/x.js.map", None, "webpack:///./src/a.js", "src/a.js"),
        ("dist/x.js.map", None, "webpack:///src/a.js", "src/a.js"),
        ("dist/x.js.map", None, "webpack://app/webpack/bootstrap", "webpack/bootstrap"),
        ("dist/x.js.map", None, "vite:src/main.ts", "src/main.ts"),
        ("dist/x.js.map", None, "file:///home/me/app/src/a%20b.js", "/home/me/app/src/a b.js"),
        ("dist/x.js.map", None, "./a.js", "dist/a.js"),
        ("x.js.map", None, "./a.js", "a.js"),
        ("x.js.map", None, "../../src/main.js", "../../src/main.js"),
        ("dist/x.js.map", None, "../../src/main.js", "../src/main.js"),
        ("dist/x.js.map", None, "src\\win\\a.js", "dist/src/win/a.js"),
        ("dist/x.js.map", None, "C:\\proj\\a.js", "C:/proj/a.js"),
        ("dist/x.js.map", None, "/abs/a.js", "/abs/a.js"),
        ("dist/x.js.map", None, "https://cdn.example.com/a.js", "https://cdn.example.com/a.js"),
        ("dist/x.js.map", "src", "a.js", "dist/src/a.js"),
        ("dist/x.js.map", "../src/", "a.js", "src/a.js"),
        ("dist/x.js.map", "/", "a.js", "/a.js"),
        ("dist/x.js.map", "webpack:///", "./src/a.js", "src/a.js"),
        (
            "dist/x.js.map",
            "https://cdn.example.com/src/",
            "a.js",
            "https://cdn.example.com/src/a.js",
        ),
        ("dist/x.js.map", "src", "/abs/a.js", "/abs/a.js"),
        ("dist/x.js.map", None, "", "dist"),
        ("x.js.map", None, "", "."),
        ("x.js.map", None, "webpack://", "."),
    ],
)
def test_resolve_source(map_path: str, root: str | None, source: str, expected: str) -> None:
    assert resolve_source(map_path, root, source) == expected


@given(st.text(max_size=30), st.none() | st.text(max_size=20), st.text(max_size=30))
def test_resolve_source_is_never_empty(map_path: str, root: str | None, source: str) -> None:
    assert resolve_source(map_path, root, source)


def _index_map(sections: list[object]) -> bytes:
    return json.dumps({"version": 3, "sections": sections}).encode()


def _section(line: int, column: int, document: bytes) -> dict[str, object]:
    return {"offset": {"line": line, "column": column}, "map": json.loads(document)}


def test_index_map_delegates_to_the_section_at_the_position() -> None:
    first = make_map([[(0, 0, 0, 0), (5, 0, 0, 5)]], ["a.js"])
    second = make_map([[(0, 0, 3, 0)], [(0, 0, 4, 2, 0)]], ["b.js"], ["fn"])
    third = make_map([[(0, 0, 9, 9)]], ["a.js"])
    data = _index_map([_section(0, 0, first), _section(0, 10, second), _section(2, 5, third)])
    sm = SourceMap.parse(data, "dist/app.js.map")
    assert sm.sources == ["dist/a.js", "dist/b.js"]
    assert sm.original(1, 1) == OriginalPosition("dist/a.js", 1, 1, None)
    assert sm.original(1, 10) == OriginalPosition("dist/a.js", 1, 6, None)
    assert sm.original(1, 11) == OriginalPosition("dist/b.js", 4, 1, None)
    # The column offset applies on the section's first line only.
    assert sm.original(2, 1) == OriginalPosition("dist/b.js", 5, 3, "fn")
    assert sm.original(3, 5) is None  # still the second section, which has no line 3
    assert sm.original(3, 6) == OriginalPosition("dist/a.js", 10, 10, None)
    assert sm.original(3, 16) == OriginalPosition("dist/a.js", 10, 10, None)
    assert sm.original(4, 1) is None


def test_index_map_nested_and_offset_before_first_section() -> None:
    inner = _index_map([_section(0, 2, make_map([[(0, 0, 1, 1)]]))])
    sm = SourceMap.parse(_index_map([_section(1, 0, inner)]), "m.map")
    assert sm.original(1, 1) is None
    assert sm.original(2, 2) is None
    assert sm.original(2, 3) == OriginalPosition("src/a.js", 2, 2, None)


def test_realistic_minified_file() -> None:
    """src/greet.js, minified by hand into one line; the map is computed by hand too."""
    original = (
        'const greeting = "hello";\n'
        "export function greet(name) {\n"
        '  return greeting + ", " + name;\n'
        "}\n"
    )
    generated = 'const a="hello";export function greet(n){return a+", "+n}'
    mappings = "AAAA,MAAMA,EAAW,QACjB,gBAAgBC,MAAMC,GACpB,MAAOF,EAAW,KAAOE,CAC3B"
    segments: list[Segment] = [
        (0, 0, 0, 0),
        (6, 0, 0, 6, 0),
        (8, 0, 0, 17),
        (16, 0, 1, 0),
        (32, 0, 1, 16, 1),
        (38, 0, 1, 22, 2),
        (41, 0, 2, 2),
        (47, 0, 2, 9, 0),
        (49, 0, 2, 20),
        (54, 0, 2, 27, 2),
        (55, 0, 3, 0),
    ]
    assert encode([segments]) == mappings  # the hand computation and the encoder agree
    document = {
        "version": 3,
        "file": "greet.min.js",
        "sources": ["../src/greet.js"],
        "sourcesContent": [original],
        "names": ["greeting", "greet", "name"],
        "mappings": mappings,
    }
    sm = SourceMap.parse(json.dumps(document).encode(), "dist/greet.min.js.map")
    source_lines = original.splitlines()

    def text_at(position: OriginalPosition | None, length: int) -> str:
        assert position is not None
        return source_lines[position.line - 1][position.column - 1 :][:length]

    for token in ('"hello"', "greet", "n)", "a+", '", "', "+n}"):
        column = generated.index(token) + 1
        found = sm.original(1, column)
        assert found is not None
        assert found.source == "src/greet.js"
    assert sm.original(1, generated.index('"hello"') + 1) == OriginalPosition(
        "src/greet.js", 1, 18, None
    )
    assert text_at(sm.original(1, generated.index('"hello"') + 1), 7) == '"hello"'
    assert sm.original(1, 7) == OriginalPosition("src/greet.js", 1, 7, "greeting")
    assert text_at(sm.original(1, 48), 8) == "greeting"  # `a` inside `return a+...`
    assert sm.original(1, 55) == OriginalPosition("src/greet.js", 3, 28, "name")
    assert text_at(sm.original(1, 55), 4) == "name"
    assert sm.original(1, 56) == OriginalPosition("src/greet.js", 4, 1, None)
    assert sm.original(1, 1000) == OriginalPosition("src/greet.js", 4, 1, None)


PARSE_ERRORS = [
    (b"{", "invalid JSON at line 1"),
    (b'{"version": 3,\n"sources": [', "invalid JSON at line 2"),
    (b'{"a": "\xff"}', "not UTF-8 text"),
    (b"[" * 100_000, "invalid JSON (nested too deeply or huge)"),
    (b"[]", "not a JSON object"),
    (b'{"version": 2, "sources": [], "mappings": ""}', "unsupported version 2 (only 3 is)"),
    (b'{"version": "3", "sources": [], "mappings": ""}', "unsupported version (only 3 is)"),
    (b'{"version": true}', "unsupported version (only 3 is)"),
    (b'{"version": 3, "sources": []}', "`mappings` is missing or not a string"),
    (b'{"version": 3, "sources": [], "mappings": 1}', "`mappings` is missing or not a string"),
    (b'{"version": 3, "mappings": ""}', "`sources` is missing or not a list of strings"),
    (
        b'{"version": 3, "sources": [1], "mappings": ""}',
        "`sources` is missing or not a list of strings",
    ),
    (b'{"version": 3, "sources": [], "names": {}, "mappings": ""}', "`names` is not a list"),
    (b'{"version": 3, "sections": {}}', "`sections` is not a list"),
    (
        b'{"version": 3, "sections": [1]}',
        "section 1: `offset` needs non-negative integer `line` and `column`",
    ),
    (
        b'{"version": 3, "sections": [{"offset": {"line": -1, "column": 0}}]}',
        "section 1: `offset` needs non-negative integer `line` and `column`",
    ),
    (
        b'{"version": 3, "sections": [{"offset": {"line": 0, "column": 0}, "url": "a.map"}]}',
        "section 1: `url` sections are not supported",
    ),
    (
        b'{"version": 3, "sections": [{"offset": {"line": 0, "column": 0}}]}',
        "section 1: not a JSON object",
    ),
]


@pytest.mark.parametrize(("data", "message"), PARSE_ERRORS)
def test_parse_errors(data: bytes, message: str) -> None:
    with pytest.raises(SourceMapError) as caught:
        SourceMap.parse(data, "dist/a.js.map")
    assert str(caught.value) == f"dist/a.js.map: {message}"


def test_index_map_errors_name_the_section() -> None:
    ok = json.loads(make_map([[(0, 0, 0, 0)]]))
    unordered = _index_map([{"offset": {"line": 1, "column": 0}, "map": ok}] * 2)
    with pytest.raises(SourceMapError, match=r"^m.map: section 2: offset is not after"):
        SourceMap.parse(unordered, "m.map")
    version_two = _index_map([{"offset": {"line": 0, "column": 0}, "map": ok | {"version": 2}}])
    with pytest.raises(SourceMapError, match=r"^m.map: section 1: unsupported version 2"):
        SourceMap.parse(version_two, "m.map")
    nested = ok
    for _ in range(5):
        nested = {"version": 3, "sections": [{"offset": {"line": 0, "column": 0}, "map": nested}]}
    with pytest.raises(SourceMapError, match=r"index maps nested too deeply$"):
        SourceMap.parse(json.dumps(nested).encode(), "m.map")


@pytest.mark.parametrize(
    ("mappings", "message"),
    [
        ("AAAA,A$AA", "a character outside base64"),
        ("AAAg", "a value cut short"),
        ("AA", "a segment of 2 fields"),
        ("AAAAAA", "a segment of 6 fields"),
        ("gggggggB", "a value longer than 32 bits"),
        ("AAA+/////P", "a value longer than 32 bits"),
        ("AEAA", "source index 2 out of range"),
        ("AADA", "a negative original line or column"),
        ("AAAD", "a negative original line or column"),
        ("DAAA", "a negative generated column"),
        ("EAAA,HAAA", "a negative generated column"),
    ],
)
def test_bad_mappings_raise_when_their_line_is_read(mappings: str, message: str) -> None:
    document = {"version": 3, "sources": ["a.js"], "names": [], "mappings": "AAAA;" + mappings}
    sm = SourceMap.parse(json.dumps(document).encode(), "dist/a.js.map")
    assert sm.original(1, 1) == OriginalPosition("dist/a.js", 1, 1, None)  # lazy: line 1 is fine
    with pytest.raises(SourceMapError) as caught:
        sm.original(2, 100)
    assert str(caught.value) == f"dist/a.js.map: mappings line 2: {message}"


def test_a_bad_name_index_loses_only_the_name() -> None:
    document = {"version": 3, "sources": ["a.js"], "names": [], "mappings": "AAAAC"}
    sm = SourceMap.parse(json.dumps(document).encode(), "dist/a.js.map")
    assert sm.original(1, 5) == OriginalPosition("dist/a.js", 1, 1, None)


def test_error_messages_never_quote_map_content() -> None:
    key, token = aws_key_id(), github_classic()
    broken: list[bytes] = [
        f'{{"version": 3, "sourcesContent": ["k = \'{key}\'"'.encode(),  # cut short
        json.dumps({"version": key, "sources": [], "mappings": ""}).encode(),
        json.dumps({"version": 3, "sources": [key, 7], "mappings": ""}).encode(),
        json.dumps({"version": 3, "sources": [], "names": token, "mappings": ""}).encode(),
        json.dumps({"version": 3, "sections": [{"offset": {"line": key}}]}).encode(),
    ]
    messages = []
    for data in broken:
        with pytest.raises(SourceMapError) as caught:
            SourceMap.parse(data, "dist/a.js.map")
        messages.append(str(caught.value))
    content = {"version": 3, "sources": [key], "names": [token], "sourcesContent": [key]}
    sm = SourceMap.parse(json.dumps(content | {"mappings": key + ",AAAAC"}).encode(), "a.map")
    with pytest.raises(SourceMapError) as caught:
        sm.original(1, 1)
    messages.append(str(caught.value))
    bad_url = f"x;\n//# sourceMappingURL=data:application/json;base64,{key}!{token}".encode()
    with pytest.raises(SourceMapError) as caught:
        find_map("dist/a.js", bad_url, Reader({}))
    messages.append(str(caught.value))
    for message in messages:
        assert key not in message
        assert token not in message
        assert "\n" not in message


def test_error_message_is_one_line_even_for_a_strange_path() -> None:
    with pytest.raises(SourceMapError) as caught:
        SourceMap.parse(b"[]", "dist/a\nb\u2028.js.map")
    assert str(caught.value) == "dist/a\\x0ab\\x2028.js.map: not a JSON object"


MAP = make_map([[(0, 0, 0, 0)]])


@pytest.mark.parametrize(
    "url",
    [
        "data:application/json;base64," + base64.b64encode(MAP).decode(),
        "data:application/json;charset=utf-8;base64," + base64.b64encode(MAP).decode(),
        "data:application/json;base64," + base64.b64encode(MAP).decode().rstrip("="),
        "data:application/json," + quote(MAP.decode()),
    ],
)
def test_find_map_inline_data_url(url: str) -> None:
    read = Reader({})
    data = f"console.log(1);\n//# sourceMappingURL={url}\n".encode()
    assert find_map("dist/a.js", data, read) == (MAP, "dist/a.js.map")
    assert read.reads == []


@pytest.mark.parametrize(
    ("comment", "expected_path"),
    [
        ("//# sourceMappingURL=a.js.map", "dist/a.js.map"),
        ("//@ sourceMappingURL=a.js.map", "dist/a.js.map"),
        ("//# sourceMappingURL=maps/a.js.map?v=3#frag", "dist/maps/a.js.map"),
        ("//# sourceMappingURL=../maps/a%20b.js.map", "maps/a b.js.map"),
        ("//# sourceMappingURL=./x.map\r\n", "dist/x.map"),
        ("/*# sourceMappingURL=a.css.map */", "dist/a.css.map"),
        ("/*# sourceMappingURL=a.css.map*/", "dist/a.css.map"),
    ],
)
def test_find_map_relative_url(comment: str, expected_path: str) -> None:
    read = Reader({expected_path: MAP})
    assert find_map("dist/a.js", b"x=1;\n" + comment.encode(), read) == (MAP, expected_path)
    assert read.reads == [expected_path]


def test_find_map_reads_each_path_once() -> None:
    read = Reader({})
    assert find_map("dist/a.js", b"//# sourceMappingURL=./a.js.map", read) is None
    assert read.reads == ["dist/a.js.map"]


def test_find_map_uses_the_last_real_comment() -> None:
    data = (
        b"//# sourceMappingURL=old.js.map\n"
        b"f();\n//# sourceMappingURL=new.js.map\n"
        b'const s = "sourceMappingURL=fake.map"; // sourceMappingURL=nope.map\n'
    )
    read = Reader({"dist/new.js.map": MAP, "dist/old.js.map": b"{}"})
    assert find_map("dist/a.js", data, read) == (MAP, "dist/new.js.map")
    assert read.reads == ["dist/new.js.map"]


@pytest.mark.parametrize(
    "data",
    [
        b"f();\n//# sourceMappingURL=https://cdn.example.com/a.js.map\n",
        b"f();\n//# sourceMappingURL=/assets/a.js.map\n",
        b"f();\n//# sourceMappingURL=missing.js.map\n",
        b"f();\n//# sourceMappingURL=\n",
        b"f();\n",
    ],
)
def test_find_map_falls_back_to_the_sibling(data: bytes) -> None:
    read = Reader({"dist/a.js.map": MAP})
    assert find_map("dist/a.js", data, read) == (MAP, "dist/a.js.map")
    assert read.reads[-1] == "dist/a.js.map"
    assert find_map("dist/b.js", data, Reader({})) is None


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("data:application/json;base64,e30*", "sourceMappingURL data URL is not valid base64"),
        ("data:application/json;base64,e", "sourceMappingURL data URL is not valid base64"),
        ("data:application/json;base64", "sourceMappingURL data URL has no comma"),
    ],
)
def test_find_map_bad_data_url(url: str, message: str) -> None:
    with pytest.raises(SourceMapError) as caught:
        find_map("dist/a.js", f"//# sourceMappingURL={url}".encode(), Reader({}))
    assert str(caught.value) == f"dist/a.js: {message}"


def test_find_map_then_parse_a_large_one_line_bundle() -> None:
    segments: list[Segment] = [(i * 4, 0, i // 100, i % 100) for i in range(50_000)]
    data = make_map([segments])
    bundle = b"x;" * 100_000 + b"\n//# sourceMappingURL=app.js.map"
    found = find_map("dist/app.js", bundle, Reader({"dist/app.js.map": data}))
    assert found is not None
    sm = SourceMap.parse(*found)
    assert sm.original(1, 199_997) == OriginalPosition("dist/src/a.js", 500, 100, None)
    assert sm.original(1, 1) == OriginalPosition("dist/src/a.js", 1, 1, None)


# --- property tests -------------------------------------------------------------------------

SOURCES = ["a.js", "b.js", "c.js"]
NAMES = ["x", "y"]
segment_strategy = st.one_of(
    st.tuples(st.integers(0, 300)),
    st.tuples(st.integers(0, 300), st.integers(0, 2), st.integers(0, 2000), st.integers(0, 500)),
    st.tuples(
        st.integers(0, 300),
        st.integers(0, 2),
        st.integers(0, 2000),
        st.integers(0, 500),
        st.integers(0, 1),
    ),
)


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.lists(segment_strategy, max_size=150), max_size=4),
    shuffled=st.booleans(),
    queries=st.lists(st.tuples(st.integers(1, 5), st.integers(1, 310)), max_size=30),
)
def test_original_matches_brute_force(
    lines: list[list[Segment]], shuffled: bool, queries: list[tuple[int, int]]
) -> None:
    if not shuffled:
        lines = [sorted(line, key=lambda s: s[0]) for line in lines]
    sm = SourceMap.parse(make_map(lines, SOURCES, NAMES), "m.map")
    for query in queries:
        assert sm.original(*query) == brute_force(lines, query, SOURCES, NAMES)


mapping_text = st.text(alphabet=DIGITS + ",;$", max_size=60)
documents = st.fixed_dictionaries(
    {"version": st.sampled_from([3, 3, 2, "3"]), "mappings": mapping_text | st.integers()},
    optional={
        "sources": st.lists(st.none() | st.text(max_size=8), max_size=3) | st.text(max_size=3),
        "names": st.lists(st.text(max_size=3) | st.integers(), max_size=3),
        "sourceRoot": st.none() | st.text(max_size=8) | st.integers(),
    },
)
index_documents = st.builds(
    lambda parts: {"version": 3, "sections": parts},
    st.lists(
        st.fixed_dictionaries(
            {
                "offset": st.fixed_dictionaries(
                    {"line": st.integers(-1, 3), "column": st.integers(-1, 9)}
                ),
                "map": documents,
            }
        ),
        max_size=3,
    ),
)


def _exercise(data: bytes, queries: list[tuple[int, int]]) -> None:
    """Parse and query; the only exception allowed is a one-line SourceMapError."""
    message = ""
    try:
        sm = SourceMap.parse(data, "dist/m.map")
        sources = sm.sources
        found = [sm.original(*query) for query in queries]
    except SourceMapError as error:
        message = str(error)
    else:
        assert all(sources)  # resolved names are never empty
        assert all(f is None or (f.line >= 1 and f.column >= 1) for f in found)
    assert "\n" not in message


queries_strategy = st.lists(st.tuples(st.integers(-1, 6), st.integers(-1, 40)), max_size=8)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=200), queries=queries_strategy)
def test_random_bytes_never_raise_anything_else(
    data: bytes, queries: list[tuple[int, int]]
) -> None:
    _exercise(data, queries)


@settings(max_examples=300, deadline=None)
@given(document=documents | index_documents, queries=queries_strategy)
def test_random_documents_never_raise_anything_else(
    document: object, queries: list[tuple[int, int]]
) -> None:
    _exercise(json.dumps(document).encode(), queries)


@settings(max_examples=300, deadline=None)
@given(
    head=st.binary(max_size=40),
    url=st.text(max_size=40) | st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
    prefix=st.sampled_from(["//# ", "//@ ", "/*# ", "//#", "", "data:"]),
    files=st.dictionaries(st.sampled_from(["dist/a.js.map", "dist/x.map", "x.map"]), st.binary()),
)
def test_find_map_never_raises_anything_else(
    head: bytes, url: str, prefix: str, files: dict[str, bytes]
) -> None:
    data = head + (prefix + "sourceMappingURL=" + url).encode("utf-8", "surrogateescape")
    message = ""
    try:
        found = find_map("dist/a.js", data, Reader(files))
    except SourceMapError as error:
        message = str(error)
    else:
        assert found is None or isinstance(found[0], bytes)
    assert "\n" not in message
