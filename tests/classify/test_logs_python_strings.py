"""The text walk that drops sink calls inside strings and comments: it may keep a call that is
text, never drop one that is code. `tokenize` is the reference."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from launchguard.classify.logs_python_strings import code_calls, message_words

ROOT = Path(__file__).resolve().parents[2]


def _parens(source: str) -> list[int]:
    return [m.start() for m in re.finditer(rb"\(", source.encode())]


def _text_spans(data: bytes) -> list[tuple[int, int, bool]]:
    """(start, end, is an f-string) of every comment and string token, in bytes."""
    lines = data.split(b"\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def at(row: int, col: int) -> int:
        return offsets[row - 1] + len(lines[row - 1].decode()[:col].encode())

    spans = []
    for token in tokenize.tokenize(io.BytesIO(data).readline):
        if token.type == tokenize.COMMENT:
            spans.append((at(*token.start), at(*token.end), False))
        elif token.type == tokenize.STRING:
            quote = min(i for i in (token.string.find("'"), token.string.find('"')) if i >= 0)
            f_string = "f" in token.string[:quote].lower()
            spans.append((at(*token.start), at(*token.end), f_string))
    return spans


def _dropped_only_text(source: str) -> list[int]:
    """The dropped `(` offsets that tokenize places in code (must be none)."""
    data = source.encode()
    parens = _parens(source)
    kept = set(code_calls(data, parens).kept)
    spans = _text_spans(data)
    wrong = []
    for paren in parens:
        if paren in kept:
            continue
        inside = [s for s in spans if s[0] < paren < s[1]]
        if not inside or (inside[0][2] and b"{" in data[inside[0][0] : paren]):
            wrong.append(paren)
    return wrong


def _kept_lines(source: str) -> list[int]:
    data = source.encode()
    return [data.count(b"\n", 0, p) + 1 for p in code_calls(data, _parens(source)).kept]


def test_calls_in_docstrings_comments_and_strings_are_dropped() -> None:
    source = (
        "def pool():\n"  # 1
        '    """Usage:\n'  # 2
        "        print(len(pool.connections))\n"  # 3
        '    """\n'  # 4
        "    # log.info(token)\n"  # 5
        "    PATTERN = r'print(_ret)?'\n"  # 6
        "    log.info(token)\n"  # 7
        "    x = f'{print(token)}'\n"  # 8: a replacement field is code
        "    y = f'print(token) {x}'\n"  # 9: before the `{`: text
    )
    assert _kept_lines(source) == [1, 7, 8]


def test_after_a_triple_quote_it_cannot_place_everything_is_kept() -> None:
    source = 'x = 1  # a stray """ in a comment\nprint(token)\n"""print(secret)"""\n'
    assert _kept_lines(source) == [2, 3]


def test_a_line_continued_by_a_backslash_is_not_read() -> None:
    source = "x = 'a' \\\n    'print(secret)'\n"
    assert _kept_lines(source) == [2]


@pytest.mark.parametrize(
    "source",
    [
        "s = '''it\"s \"\"\" not the end'''\nprint(token)\n",
        's = """a \\""" b"""\nprint(token)\n',
        's = """ends in a quote\\""""\nprint(token)\n',
        's = """a""""""print(secret)"""\nprint(token)\n',
        "s = ''\nprint(token)\n",
        "s = r'\\\\'\nprint(token)\n",
        'a, b = """x""", """y"""\nprint(token)\n',
    ],
)
def test_tricky_strings_end_where_python_ends_them(source: str) -> None:
    assert 2 in _kept_lines(source)
    assert _dropped_only_text(source) == []


def test_in_long_string_knows_inside_outside_and_unknown() -> None:
    data = b'x = 1\ns = """\nprint(a)\n"""\nprint(b)  # """\nprint(c)\n"""\n'
    calls = code_calls(data, _parens(data.decode()))
    inside_line = data.index(b"print(a)")
    after = data.index(b"print(b)")
    beyond = data.index(b"print(c)")
    assert calls.in_long_string(inside_line) is True
    assert calls.in_long_string(after) is False
    assert calls.in_long_string(beyond) is None  # past the last call: nothing is claimed


def test_message_words_are_those_of_the_leading_literals() -> None:
    data = (
        b"log.debug(\"Found credentials for %s\" ' and a password', url)\n"
        b'log.info(f"token={token}")\n'
        b'log.info({"token": t})\n'
    )
    words = sorted(m.end() - 1 for m in re.finditer(rb"credentials|password|token", data))
    calls = [m.end() - 1 for m in re.finditer(rb"\.(?:debug|info)\(", data)]
    dropped = message_words(data, calls, words)
    assert [data.count(b"\n", 0, w) + 1 for w in dropped] == [1, 1]


_FRAGMENTS = [
    "print(token)",
    "log.info('msg %s', token)",
    "x = 'print(a)'",
    'y = "it\'s print(b)"',
    "z = f'{print(c)}'",
    "w = rf'print(d)?{e}'",
    "# print(e)",
    '"""doc print(f)"""',
    "'''doc\nprint(g)\n'''",
    '"""a "quoted" print(h)"""',
    '"""a""""""print(n)""" + print(o)',
    "'''it\\'''s''' + print(p)",
    "s = '\\\\'",
    't = \'"""\' + print(i)',
    "u = \"'''\"  # print(j)",
    "v = (\n    'print(k)'\n)",
    'b = b"print(l)"',
    "c = 1 \\\n    + print(m)",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12))
def test_no_call_in_code_is_ever_dropped(parts: list[str]) -> None:
    source = "\n".join(parts) + "\n"
    try:
        list(tokenize.tokenize(io.BytesIO(source.encode()).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return  # not Python: no reference to compare with
    assert _dropped_only_text(source) == []


def test_no_call_in_this_projects_code_is_dropped() -> None:
    files = sorted((ROOT / "launchguard").rglob("*.py")) + sorted((ROOT / "tests").glob("*/*.py"))
    assert len(files) > 100
    dropped_text = 0
    for path in files:
        source = path.read_text()
        assert _dropped_only_text(source) == [], path
        kept = code_calls(source.encode(), _parens(source)).kept
        dropped_text += len(_parens(source)) - len(kept)
    assert dropped_text > 1000  # and it does drop what is text
