"""Byte offset -> (line, column), cheap even for many findings on a 10 MB single line."""

from __future__ import annotations

import bisect
import re

_NEWLINE = re.compile(rb"\n")
# UTF-8 continuation bytes: every other byte starts a character.
_CONTINUATION = bytes(range(0x80, 0xC0))
_CONTEXT = 2048


def _chars(segment: bytes) -> int:
    return len(segment.translate(None, _CONTINUATION))


class TextIndex:
    """Built once per unit that has findings; lines and columns are 1-based, columns count
    characters (as editors and SARIF do). Lookups in increasing offset order on the same line
    only count the bytes since the previous lookup."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._starts = [0] + [m.end() for m in _NEWLINE.finditer(data)]
        self._last = (0, 0, 1)  # (line index, offset, column) of the previous lookup

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        last_line, last_offset, last_column = self._last
        if line == last_line and offset >= last_offset:
            column = last_column + _chars(self._data[last_offset:offset])
        else:
            column = 1 + _chars(self._data[self._starts[line] : offset])
        self._last = (line, offset, column)
        return line + 1, column

    def line_text(self, line: int) -> bytes:
        """The bytes of a 1-based line, without its newline."""
        if line < 1 or line > len(self._starts):
            return b""
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self._data)
        return self._data[start:end]

    def context(self, line: int, offset: int) -> tuple[bytes, bytes]:
        """The text around `offset` on its line, and the end of the line before, each at most
        _CONTEXT bytes: enough for allow comments and variable names, and bounded on a
        10 MB minified line."""
        text = self.line_text(line)
        at = offset - self._starts[line - 1]
        window = text[max(0, at - _CONTEXT) : at + _CONTEXT]
        return window, self.line_text(line - 1)[-_CONTEXT:]

    def offset(self, line: int, column: int) -> int:
        """Inverse of `position` (used by tests and by mappings back to source)."""
        start = self._starts[line - 1]
        text = self.line_text(line).decode("utf-8", "replace")
        return start + len(text[: column - 1].encode("utf-8"))
