"""A small, tolerant reader of the object literals in JS/TS config files; not a parser.

It finds a property's value by name and splits object literals, arrays and call arguments into
their parts, skipping strings, template literals and comments. Regex literals are not
recognised: a quote inside one can derail the rest of the file, which then reads as "not
found". Every function is linear in its input and returns empty results on anything it cannot
read, because these files belong to the user and may be half-written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

# In code, only quotes and comments change how what follows reads, and braces inside a template
# literal's `${...}` (to find where it ends). The scanner jumps from one of these to the next.
_CODE_STOP = re.compile(r"['\"`]|/[/*]")
_INNER_CODE_STOP = re.compile(r"['\"`{}]|/[/*]")
_TEMPLATE_STOP = re.compile(r"[\\`]|\$\{")
_STRING_STOP = {"'": re.compile(r"[\\'\n]"), '"': re.compile(r'[\\"\n]')}
_BRACKET = re.compile(r"[()\[\]{}]")
_EXPRESSION_STOP = re.compile(r"[,;(\[{)\]}]")
_SPACE = re.compile(r"\s*")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
# An object key as it looks once strings are blanked: identifier, 'quoted' or number.
_KEY = re.compile(r"\s*(?:(?P<id>[A-Za-z_$][\w$]*)|(?P<str>(?P<q>['\"]) *(?P=q))|(?P<num>\d+))\s*")
# A whole value that is one string literal, once its content is blanked (`${` stays visible).
_LONE_STRING = re.compile(r"\s*(?P<open>['\"`]) *(?P<close>(?P=open))\s*")
_BOUND = re.compile(r"(?:const|let|var)\s+(?P<name>[A-Za-z_$][\w$]*)\s*=\s*(?:await\s+)?$")
_BOUND_WINDOW = 120  # `const name = await ` fits in this many characters before the callee
_KEY_LOOKBACK = 4096  # how many blanks (spaces, comments) may sit between `{` or `,` and a key


class Call(NamedTuple):
    """A call found in the source: `bound` is `x` in `const x = callee(...)`."""

    bound: str | None
    args: list[str]


def code_only(source: str) -> str:
    """`source` with the inside of strings and template text and all comments blanked to
    spaces, same length, so structure can be found by plain searches."""
    out = io.StringIO()  # not a list of parts: a million tiny strings would cost far more
    last = 0
    for start, end in _blank_spans(source):
        out.write(source[last:start])
        out.write(" " * (end - start))
        last = end
    out.write(source[last:])
    return out.getvalue()


def property_values(source: str, key: str) -> list[str]:
    """The raw text of the value of every `key: <value>` in `source` (object, array, string or
    any expression), with the key written as an identifier or quoted. A dotted key such as
    `runtimeConfig.public` finds the first part anywhere, then each next part as a key of the
    object found so far. A key nested inside the value of the same key is not reported
    again, so the texts returned never overlap."""
    first, *rest = key.split(".")
    if not first or first not in source:
        return []
    code = _Code.of(source)
    values = [source[start:end].strip() for start, end in _values_of(code, first)]
    for part in rest:
        values = [value for text in values for name, value in object_entries(text) if name == part]
    return [value for value in values if value]


def object_entries(obj_text: str) -> list[tuple[str, str]]:
    """(key, raw value text) of each top-level entry of the object literal `{...}`; shorthand
    `{ A }` gives ("A", "A"). Spreads, methods and computed keys are left out."""
    code = _Code.of(obj_text)
    start = code.skip_space(0)
    if not code.masked.startswith("{", start):
        return []
    end = min(code.close(start), len(obj_text))
    return [entry for a, b in code.parts(start + 1, end) if (entry := _entry(code, a, b))]


def object_keys(obj_text: str) -> list[str]:
    """The top-level keys of the object literal `{...}`."""
    return [key for key, _ in object_entries(obj_text)]


def string_values(value_text: str) -> list[str]:
    """'A' -> [A]; ['A', "B"] -> [A, B] (elements that are not string literals are skipped);
    anything else -> []. Template literals count only without `${`."""
    code = _Code.of(value_text)
    start = code.skip_space(0)
    if code.masked.startswith("[", start):
        end = min(code.close(start), len(value_text))
        found = (_string_at(code, a, b) for a, b in code.parts(start + 1, end))
        return [value for value in found if value is not None]
    value = _string_at(code, start, len(value_text))
    return [] if value is None else [value]


def calls(source: str, callee: str) -> list[Call]:
    """Every call of `callee` (the last name of a dotted callee: `DefinePlugin` also finds
    `new webpack.DefinePlugin(...)`), with the raw text of each argument. Calls nested in the
    arguments of another call of `callee` are not reported again."""
    if not callee or callee not in source:
        return []
    code = _Code.of(source)
    found: list[Call] = []
    end = 0
    for m in re.finditer(rf"(?<![\w$]){re.escape(callee)}\s*\(", code.masked):
        if m.start() < end:
            continue
        opener = m.end() - 1
        end = min(code.close(opener), len(source))
        args = [source[a:b].strip() for a, b in code.parts(opener + 1, end)]
        found.append(Call(_bound_name(code.masked, m.start()), [arg for arg in args if arg]))
    return found


def _bound_name(masked: str, start: int) -> str | None:
    window = max(0, start - _BOUND_WINDOW)
    if "=" not in masked[window:start]:
        return None
    bound = _BOUND.search(masked, window, start)
    return None if bound is None else bound.group("name")


@dataclass(frozen=True, slots=True)
class _Code:
    text: str
    masked: str  # code_only(text)

    @classmethod
    def of(cls, text: str) -> _Code:
        return cls(text, code_only(text))

    def close(self, opener: int) -> int:
        """Where the bracket at `opener` closes (counting all three kinds alike, which is
        exact on code that runs); an unclosed one runs to the end. Callers never ask twice
        about the same stretch of text, so this stays linear without a table of pairs."""
        depth = 0
        for m in _BRACKET.finditer(self.masked, opener):
            depth += 1 if m.group() in "([{" else -1
            if depth == 0:
                return m.start()
        return len(self.text)

    def skip_space(self, i: int) -> int:
        m = _SPACE.match(self.masked, i)
        return i if m is None else m.end()

    def expression_end(self, i: int, end: int) -> int:
        """Where the expression at `i` ends: a top-level `,` or `;`, a closer it did not open,
        or `end`. Brackets are jumped over, so each character is looked at once per level."""
        while (m := _EXPRESSION_STOP.search(self.masked, i, end)) is not None:
            if m.group() not in "([{":
                return m.start()
            i = self.close(m.start()) + 1
        return end

    def parts(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The spans of the comma-separated parts between `start` and `end`."""
        i = start
        while i < end:
            j = self.expression_end(i, end)
            yield i, j
            i = j + 1


def _blank_spans(source: str) -> Iterator[tuple[int, int]]:
    """The spans of string contents, template text and comments, in order."""
    depths: list[int] = []  # for each open `${`, how many `{` are open inside it
    i = 0
    while (m := (_INNER_CODE_STOP if depths else _CODE_STOP).search(source, i)) is not None:
        mark, i = m.group(), m.end()
        if mark in "{}" and not _resumes_template(mark, depths):
            continue
        if mark in ("//", "/*"):
            end = _comment_end(source, i, mark)
            yield m.start(), end
            i = end
        elif mark in "'\"":
            end = _string_end(source, i, mark)
            yield i, end
            i = end + 1
        else:  # a template literal starts, or resumes after the `}` that closes a `${`
            end, nested = _template_end(source, i)
            yield i, end
            if nested:
                depths.append(0)
            i = end + (2 if nested else 1)


def _resumes_template(mark: str, depths: list[int]) -> bool:
    """Track braces inside `${...}`; True when this `}` closes the `${`."""
    if not depths:
        return False
    if mark == "{":
        depths[-1] += 1
        return False
    if depths[-1] == 0:
        depths.pop()
        return True
    depths[-1] -= 1
    return False


def _comment_end(source: str, i: int, mark: str) -> int:
    end = source.find("\n" if mark == "//" else "*/", i)
    if end < 0:
        return len(source)
    return end if mark == "//" else end + 2


def _string_end(source: str, i: int, quote: str) -> int:
    """The closing quote of the string whose content starts at `i`, or where it breaks off
    (a newline or the end of the text)."""
    stop = _STRING_STOP[quote]
    while (m := stop.search(source, i)) is not None:
        if m.group() != "\\":
            return m.start()
        i = m.end() + 1
    return len(source)


def _template_end(source: str, i: int) -> tuple[int, bool]:
    """The end of template text starting at `i`: (offset, True) at a `${`, else (offset of the
    closing backtick or the end of the text, False)."""
    while (m := _TEMPLATE_STOP.search(source, i)) is not None:
        if m.group() != "\\":
            return m.start(), m.group() == "${"
        i = m.end() + 1
    return len(source), False


def _values_of(code: _Code, key: str) -> Iterator[tuple[int, int]]:
    name = re.escape(key)
    end = 0
    for m in re.finditer(rf"(?<![\w$.])(?:{name}|'{name}'|\"{name}\")\s*:", code.text):
        in_code = code.masked[m.start()] == code.text[m.start()]  # not blanked: not in a string
        if m.start() < end or not in_code or code.masked[m.end() - 1] != ":":
            continue
        if _is_key_position(code.masked, m.start()):
            start = code.skip_space(m.end())
            end = code.expression_end(start, len(code.text))
            yield start, end


def _is_key_position(masked: str, i: int) -> bool:
    """An object key follows `{` or `,`; this keeps out ternaries, labels and `case x:`.
    Walks back over blanks only, so the cost is the blanks themselves."""
    stop = max(0, i - _KEY_LOOKBACK)
    i -= 1
    while i >= stop and masked[i].isspace():
        i -= 1
    return i >= 0 and masked[i] in "{,"


def _entry(code: _Code, start: int, end: int) -> tuple[str, str] | None:
    m = _KEY.match(code.masked, start, end)
    if m is None:
        return None
    if m.group("str"):
        key = _unescape(code.text[m.start("str") + 1 : m.end("str") - 1])
    else:
        key = m.group("id") or m.group("num")
    if m.end() == end:
        return (key, key) if m.group("id") else None
    if code.masked[m.end()] != ":":
        return None  # a method, getter, spread, computed key or garbage
    return key, code.text[m.end() + 1 : end].strip()


def _string_at(code: _Code, start: int, end: int) -> str | None:
    m = _LONE_STRING.fullmatch(code.masked, start, end)
    if m is None:
        return None
    return _unescape(code.text[m.end("open") : m.start("close")])


def _unescape(text: str) -> str:
    """Good enough for names and prefixes: each escape becomes the character escaped."""
    return _ESCAPE.sub(lambda m: m.group(1), text)
