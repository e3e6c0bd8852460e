"""Text gates that run before `ast`: the lines where a sink call may write something, and
the outermost functions, found by indentation alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from launchguard.classify.logs_python_sinks import SINK_NAMES

# Every sink is written with one of these (loggers are named `log`, `logger`, `LOG`...).
SINK_WORDS = ("log", "LOG", "Log", "print", "stdout", "stderr", "echo", "console")
# Where a sink call can start: its name right before `(`. Written as `(` followed by
# look-behinds because a literal first character lets the engine skip ahead: twice as
# fast as the same alternation written name first.
_SINK_CALL = re.compile(r"\((?:" + "|".join(f"(?<={name}\\()" for name in sorted(SINK_NAMES)) + ")")
_NAME_AT_END = re.compile(r"\w+\Z")
_RECEIVER_CHARS = 400  # a receiver chain is shorter than this
# `(` then nothing or one plain (not f-) string literal and `)`: a call that writes a constant.
_CONSTANT_CALL = re.compile(r"""\(\s*(?:[rRbBuU]{0,2}(?:"[^"\\\n]*"|'[^'\\\n]*'))?\s*\)""")


def find_sink_lines(text: str, lines: list[str], bound: frozenset[str] = frozenset()) -> list[int]:
    """0-based lines where a sink call may write something, judged on the line alone.
    `bound`: names the file binds to a logger (`audit = logging.getLogger(...)`)."""
    numbers: list[int] = []
    line, at = 0, 0
    for match in _SINK_CALL.finditer(text):
        line += text.count("\n", at, match.start())
        at = match.start()
        here = lines[line]
        if (not numbers or numbers[-1] != line) and _may_write(text, match.start(), here, bound):
            numbers.append(line)
    return numbers


def _may_write(text: str, paren: int, line: str, bound: frozenset[str]) -> bool:
    """False when the call at `paren` cannot be a sink that writes something: it sits in a
    comment or a doctest; it writes nothing or one plain string literal and has no call in
    its receiver (whose arguments structlog's `bind` also writes); or its receiver cannot be
    a logger or a standard stream (see _may_be_sink)."""
    if line.lstrip().startswith(("#", ">>>")):
        return False
    start = text.rfind("\n", max(0, paren - _RECEIVER_CHARS), paren) + 1
    if start == 0 and paren > _RECEIVER_CHARS:  # a very long line: do not guess
        return True
    prefix = text[start:paren]
    name = _NAME_AT_END.search(prefix)
    receiver = prefix[: name.start()] if name else prefix
    if ")" in receiver:  # a chain begun further up, or `log.bind(token=t).info("x")`
        return True
    if _CONSTANT_CALL.match(text, paren):
        return False
    return name is None or _may_be_sink(name.group(), receiver, bound)


def _may_be_sink(name: str, receiver: str, bound: frozenset[str]) -> bool:
    """`print(` always; `.write(` on something std*; a log method on a receiver with `log`
    in it (`warnings.warn(` and `math.log(` are not) or continuing from the line above."""
    if name in ("print", "pprint", "echo", "secho") or receiver.lstrip().startswith("."):
        return True
    lower = receiver.lower()
    if name in ("write", "writelines"):
        return "std" in lower
    if "log" in lower or "console" in lower:
        return True
    owner = _NAME_AT_END.search(receiver.rstrip(". \t"))
    return owner is not None and owner.group() in bound


@dataclass(frozen=True, slots=True)
class OuterDef:
    head: int  # first line (0-based) of the decorators, or of `def` when there are none
    start: int  # the `def` line
    end: int  # one past the last line
    indent: int


_DEF_PREFIXES = ("def ", "def\t", "async def ", "async\tdef")


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
