"""Byte offset -> (line, column), O(log n) per lookup even on a 10 MB single line."""

from __future__ import annotations

import bisect
import re

_NEWLINE = re.compile(rb"\n")


class TextIndex:
    """Built once per unit that has findings; lines and columns are 1-based."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._starts = [0] + [m.end() for m in _NEWLINE.finditer(data)]

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column (in characters, as editors and SARIF count them) of a byte offset."""
        line = bisect.bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        column = len(self._data[start:offset].decode("utf-8", "replace")) + 1
        return line + 1, column

    def line_text(self, line: int) -> bytes:
        """The bytes of a 1-based line, without its newline."""
        if line < 1 or line > len(self._starts):
            return b""
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self._data)
        return self._data[start:end]

    def offset(self, line: int, column: int) -> int:
        """Inverse of `position` (used by tests and by mappings back to source)."""
        start = self._starts[line - 1]
        text = self.line_text(line).decode("utf-8", "replace")
        return start + len(text[: column - 1].encode("utf-8"))
