"""Which functions are worth parsing: a text-only check that runs before `ast`.

A log call can only leak something a sensitive word leads to: its own text names it
(`token`, `request.headers`, `os.environ["SECRET"]`), or one of the names it writes is
connected, through the lines that mention it, to a line that does (`t = os.environ["KEY"]` ...
`log.info(t)`; a parameter is reached through the `def` line). Following every line that
mentions a name, not only assignments, keeps the check conservative: it may parse a function
for nothing, never skip one the analysis would report. Most log calls write names that no
sensitive line reaches (`log.info("processed %s", order_id)`), and those functions are never
parsed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate

from launchguard.classify.log_names import has_sensitive_hint

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MAX_CALL_LINES = 30  # a log call longer than this is followed no further (and parsed)
_MAX_NAMES = 200  # names followed per function before giving up (and parsing)
_NOT_NAMES = frozenset(
    {"self", "cls", "None", "True", "False", "if", "else", "for", "in", "not", "and", "or",
     "is", "return", "await", "lambda", "str", "int", "len", "print", "logger", "log",
     "logging", "info", "debug", "warning", "error", "exception", "critical", "f"}
)  # fmt: skip


def worth_parsing(text: str, sink_lines: list[int]) -> bool:
    """`sink_lines` are 1-based lines of `text` that hold a log call. A parameter is reached
    like any other name: the `def` line mentions it."""
    if not has_sensitive_hint(text):
        return False
    lines = text.split("\n")
    names: set[str] = set()
    for number in sink_lines:
        call = _call_text(lines, number - 1)
        if has_sensitive_hint(call):
            return True
        names.update(_NAME.findall(call))
    return _reaches_hint(lines, names - _NOT_NAMES)


def _call_text(lines: list[str], first: int) -> str:
    """The call's line and the lines that continue it while brackets stay open."""
    depth, out = 0, []
    for line in lines[first : first + _MAX_CALL_LINES]:
        out.append(line)
        depth += sum(line.count(c) for c in "([{") - sum(line.count(c) for c in ")]}")
        if depth <= 0:
            break
    return "\n".join(out)


def _reaches_hint(lines: list[str], start: set[str]) -> bool:
    """Whether some line that mentions one of the names, or a name mentioned alongside one
    of them, has a sensitive word. Occurrences are found with `str.find` (C speed); only the
    lines reached are split into names."""
    text = "\n".join(lines)
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    seen: set[str] = set()
    checked: set[int] = set()
    work = list(start)
    while work:
        name = work.pop()
        if name in seen:
            continue
        seen.add(name)
        if len(seen) > _MAX_NAMES:
            return True
        for index in _lines_naming(text, starts, name):
            if index in checked:
                continue
            checked.add(index)
            if has_sensitive_hint(lines[index]):
                return True
            work.extend(n for n in _NAME.findall(lines[index]) if n not in _NOT_NAMES)
    return False


def _lines_naming(text: str, starts: list[int], name: str) -> Iterator[int]:
    """Indexes of the lines where `name` occurs as a whole word."""
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            yield bisect_right(starts, at) - 1
        at = text.find(name, end)
