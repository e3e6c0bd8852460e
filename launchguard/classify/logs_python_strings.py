"""Which possible sink calls are in code, found without parsing the file.

Docstrings and string tables hold text that looks like a sink call to a search
(`print(len(pool))` in a usage example, `r'print(_ret)?'` in a lexer's patterns); a function
or module whose only "sink" sits in a string or a comment need not be parsed.

The walk goes from one triple quote to the next and knows exactly which are inside a string,
until one could be inside a comment or a one-line string; from there on it claims nothing.
Up to that point, a call's own line is read from its start (or from where a triple-quoted
string on it closed) through comments and one-line strings. A line continued from the one
before by a backslash is not read. So a call in code is never taken for text. An f-string's
content is code too (its replacement fields): a call inside one is kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

_DOUBLE, _SINGLE = b'"""', b"'''"
# Code and whole one-line strings; it stops at a comment or a string that does not close.
_CODE = re.compile(rb"""(?:[^'"#\\\n]|\\.|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")*""")
_PREFIX = re.compile(rb"[A-Za-z]{1,2}\Z")
# Plain one-line string literals side by side (implicit concatenation), after a `(`.
_MESSAGE = re.compile(
    rb"""(?:\s*(?:[rRbBuU]|[rR][bB]|[bB][rR])?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"))+"""
)


@dataclass(frozen=True, slots=True)
class _Long:
    start: int  # the opening triple quote
    end: int  # just past the closing one


@dataclass(frozen=True, slots=True)
class Calls:
    kept: list[int]  # the calls that may be in code, ascending
    in_code: list[int]  # those of them certainly in code, ascending
    strings: list[_Long]  # the triple-quoted strings before the last call
    certain: int  # where what is known of them ends

    def in_long_string(self, offset: int) -> bool | None:
        """Whether `offset` is inside a triple-quoted string; None when unknown."""
        if offset >= self.certain:
            return None
        index = bisect_right(self.strings, offset, key=lambda string: string.end)
        return index < len(self.strings) and self.strings[index].start < offset


def code_calls(data: bytes, parens: list[int]) -> Calls:
    """The `parens` (ascending offsets of possible sink calls' `(`) that may be in code: all
    but those certainly inside a string literal (not an f-string) or a comment."""
    if not parens:
        return Calls([], [], [], 0)
    strings, certain = _long_strings(data, parens[-1])
    kept: list[int] = []
    in_code: list[int] = []
    index = 0  # the first long string that ends after the call
    for paren in parens:
        while index < len(strings) and strings[index].end <= paren:
            index += 1
        if index < len(strings) and strings[index].start < paren:
            if not _literal(data, strings[index].start, paren):
                kept.append(paren)
            continue
        before = strings[index - 1].end if index else 0
        place = _place(data, before, paren) if paren < certain else _UNKNOWN
        if place != _TEXT_AT:
            kept.append(paren)
        if place == _CODE_AT:
            in_code.append(paren)
    return Calls(kept, in_code, strings, certain)


def message_words(data: bytes, calls: list[int], words: list[int]) -> list[int]:
    """The `words` (ascending offsets of sensitive words) that are in the plain string
    literals a call opens with (`log.debug("Found credentials for %s", url)`): a constant
    message writes nothing, whatever it mentions. `calls`: `(` offsets known to be in code.
    A call's message is a string literal, or literals side by side, right after its `(`."""
    if not words:
        return []
    found: list[int] = []
    for paren in calls:
        message = _MESSAGE.match(data, paren + 1)
        if message is None or message.end() == paren + 1:
            continue
        low = bisect_left(words, paren + 1)
        high = bisect_left(words, message.end())
        found.extend(words[low:high])
    return found


def _long_strings(data: bytes, until: int) -> tuple[list[_Long], int]:
    """The triple-quoted strings that open before `until`, in order, and the offset up to
    which they are certain (where the walk stopped claiming anything, or just past
    `until`)."""
    found: list[_Long] = []
    ahead = _Ahead(data, until + 3)
    at = 0
    while (opening := ahead.next(at)) is not None:
        start, quote = opening
        if _place(data, at, start) != _CODE_AT:
            return found, start
        close = _closing(data, start + 3, quote)
        if close < 0:
            return found, start
        found.append(_Long(start, close + 3))
        at = close + 3
    return found, max(at, until + 1)


_CODE_AT, _TEXT_AT, _UNKNOWN = "code", "text", "unknown"


def _place(data: bytes, since: int, at: int) -> str:
    """Whether offset `at` is in code or in text (a comment, a one-line string that is not
    an f-string), reading its line from its start or from `since` (the end of a string that
    closes on it). Unknown when the line before continues into this one, or inside an
    f-string."""
    line_start = data.rfind(b"\n", 0, at) + 1
    if line_start >= since and line_start >= 2 and data[line_start - 2] == 0x5C:
        return _UNKNOWN  # a backslash ends the line before
    begin = max(since, line_start)
    code = _CODE.match(data, begin, at)  # it matches at least the empty string
    stop = code.end() if code is not None else begin
    if stop == at:
        return _CODE_AT
    if data[stop] == 0x23:  # "#"
        return _TEXT_AT
    if data[stop] in b"'\"" and _literal(data, stop, at):
        return _TEXT_AT
    return _UNKNOWN


def _literal(data: bytes, quote: int, at: int) -> bool:
    """Whether offset `at`, inside the string that opens at `quote`, is literal text: not an
    f-string, or an f-string with no replacement field (`{`) opened before `at`."""
    return not _f_string(data, quote) or data.find(b"{", quote, at) < 0


class _Ahead:
    """The next triple quote of either kind: a plain search per kind, repeated only once
    the position passes the one found (a regex alternation is several times slower)."""

    def __init__(self, data: bytes, end: int) -> None:
        self._data, self._end = data, end
        self._found = {_DOUBLE: -1, _SINGLE: -1}
        self._from = {_DOUBLE: 0, _SINGLE: 0}

    def next(self, at: int) -> tuple[int, bytes] | None:
        best: tuple[int, bytes] | None = None
        for quote in (_DOUBLE, _SINGLE):
            if self._found[quote] < at and self._from[quote] <= at:
                self._found[quote] = self._data.find(quote, at, self._end)
                self._from[quote] = at if self._found[quote] >= 0 else self._end + 1
            found = self._found[quote]
            if found >= at and (best is None or found < best[0]):
                best = (found, quote)
        return best


def _closing(data: bytes, at: int, quote: bytes) -> int:
    """Where the closing triple quote starts (-1: none): the first one not escaped, as in
    Python, where six quotes in a row end one string and open the next."""
    while (found := data.find(quote, at)) >= 0:
        if not _escaped(data, found):
            return found
        at = found + 1
    return -1


def _escaped(data: bytes, at: int) -> bool:
    slashes = 0
    while at - slashes > 0 and data[at - slashes - 1] == 0x5C:  # a backslash
        slashes += 1
    return slashes % 2 == 1


def _f_string(data: bytes, quote: int) -> bool:
    """Whether the string whose opening quote is at `quote` is an f-string."""
    prefix = _PREFIX.search(data, max(0, quote - 2), quote)
    return prefix is not None and b"f" in prefix.group().lower()
