"""Text gates that run before `ast`: which possible sink calls may write something, and
the outermost functions, found by indentation alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_NAME_AT_END = re.compile(rb"\w+\Z")
_RECEIVER_CHARS = 400  # a receiver chain is shorter than this
# `(` then nothing or one plain (not f-) string literal and `)`: a call that writes a constant.
_CONSTANT_CALL = re.compile(rb"""\(\s*(?:[rRbBuU]{0,2}(?:"[^"\\\n]*"|'[^'\\\n]*'))?\s*\)""")


def may_write(data: bytes, paren: int, bound: Callable[[], frozenset[str]] = frozenset) -> bool:
    """False when the call whose `(` is at `paren` cannot be a sink that writes something:
    it sits in a comment or a doctest; it writes nothing or one plain string literal and has
    no call in its receiver (whose arguments structlog's `bind` also writes); or its receiver
    cannot be a logger or a standard stream (see _may_be_sink). `bound()`: names the file binds
    to a logger (`audit = logging.getLogger(...)`)."""
    start = data.rfind(b"\n", max(0, paren - _RECEIVER_CHARS), paren) + 1
    if start == 0 and paren > _RECEIVER_CHARS:  # a very long line: do not guess
        return True
    prefix = data[start:paren]
    if prefix.lstrip().startswith((b"#", b">>>")):
        return False
    name = _NAME_AT_END.search(prefix)
    receiver = prefix[: name.start()] if name else prefix
    if b")" in receiver:  # a chain begun further up, or `log.bind(token=t).info("x")`
        return True
    if _CONSTANT_CALL.match(data, paren):
        return False
    return name is None or _may_be_sink(
        name.group().decode(), receiver.decode("utf-8", "replace"), bound
    )


def _may_be_sink(name: str, receiver: str, bound: Callable[[], frozenset[str]]) -> bool:
    """`print(` always; `.write(` on something std*; a log method on a receiver with `log`
    in it (`warnings.warn(` and `math.log(` are not) or continuing from the line above."""
    if name in ("print", "pprint", "echo", "secho") or receiver.lstrip().startswith("."):
        return True
    lower = receiver.lower()
    if name in ("write", "writelines"):
        return "std" in lower
    if "log" in lower or "console" in lower:
        return True
    owner = _NAME_AT_END.search(receiver.rstrip(". \t").encode())
    return owner is not None and owner.group().decode() in bound()


@dataclass(frozen=True, slots=True)
class OuterDef:
    head: int  # first line (0-based) of the decorators, or of `def` when there are none
    start: int  # the `def` line
    end: int  # one past the last line
    indent: int


_DEF_PREFIXES = ("def ", "def\t", "async def ", "async\tdef")
_ENDERS: dict[int, re.Pattern[bytes]] = {}


def _ender(indent: int) -> re.Pattern[bytes]:
    """The start of a statement indented no deeper than `indent`."""
    found = _ENDERS.get(indent)
    if found is None:
        found = _ENDERS[indent] = re.compile(rb"\n[ \t]{0,%d}(?=[^ \t\n#)\]}])" % indent)
    return found


def function_spans(data: bytes, def_ends: list[int]) -> list[tuple[int, int, int]]:
    """(start, end, indent) of every outermost function as byte offsets: from its `def` line
    to the start of the line that ends it (or the end of `data`), by the same rule as
    outer_defs. `def_ends`: where each line-starting `def ` ends (logs_python_marks)."""
    spans: list[tuple[int, int, int]] = []
    reached = 0
    for end in def_ends:
        start = data.rfind(b"\n", 0, end) + 1
        if start < reached:
            continue  # nested in the function before
        head = data[start:end]
        indent = len(head) - len(head.lstrip(b" \t"))
        end_line = _ender(indent).search(data, end)
        reached = len(data) if end_line is None else end_line.start() + 1
        spans.append((start, reached, indent))
    return spans


def outer_defs(lines: list[str]) -> list[OuterDef]:
    """Every outermost function (methods included), by indentation alone. A function ends
    at the next statement indented no deeper than its `def`; lines that open with a closing
    bracket continue the statement before them. A string that breaks this (text at column 0
    inside a docstring) only makes a piece fail to parse, and the whole file is parsed.
    A plain loop over the lines: several times faster than a multi-line regex here."""
    found: list[OuterDef] = []
    open_def: tuple[int, int, int] | None = None  # head, start, indent
    decorator: tuple[int, int] | None = None  # first decorator line, its indent
    for number, line in enumerate(lines):
        body = line.lstrip()
        if not body or body[0] in "#)]}":
            continue
        indent = len(line) - len(body)
        if open_def is not None:
            if indent > open_def[2]:
                continue
            found.append(OuterDef(open_def[0], open_def[1], number, open_def[2]))
            open_def = None
        if body.startswith(_DEF_PREFIXES):
            open_def = (number if decorator is None else decorator[0], number, indent)
            decorator = None
        elif decorator is not None and (indent > decorator[1] or body[0] == "@"):
            continue  # the arguments of a decorator, or the next decorator
        else:
            decorator = (number, indent) if body[0] == "@" else None
    if open_def is not None:
        found.append(OuterDef(open_def[0], open_def[1], len(lines), open_def[2]))
    return found
