"""Which functions are worth parsing: a text-only check that runs before `ast`.

A log call can only leak something a sensitive word leads to: its own text names it
(`token`, `request.headers`, `os.environ["SECRET"]`), or it writes a name that a statement
holding such a word, or holding a name already reached, assigns or fills
(`t = os.environ["KEY"]` ... `log.info(t)`; `headers.update(auth_header)`). A parameter is
reached when its own name holds a sensitive word. Which lines hold one comes from the
file's Hyperscan marks (logs_python_marks).

The check over-approximates the dataflow in logs_python_scope so that it may parse a function
for nothing, never skip one the analysis would report: everything left of a statement's
last `=` outside brackets counts as assigned (keyword arguments are not targets; where the
brackets do not balance, the last `=` of any kind), every loop and comprehension
variable, every walrus target, the receiver of every mutating call; statements are joined
across open brackets with string contents removed, and a stray closing bracket only ends a
statement early where one would not have been reached anyway. The names a sink's statement
logs are those of its code, not of its plain one-line strings. Most log calls write names
that nothing sensitive reaches (`log.info("processed %s", order_id)`), and those functions
are never parsed.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import accumulate

from launchguard.classify.log_names import EVENT_NAMES

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BRACKET = re.compile(r"[()\[\]{}]")
_STRING = re.compile(r""""[^"\\\n]*"|'[^'\\\n]*'""")
# A one-line string that is not an f-string, escapes read (`f"..."` and `rf"..."` keep the
# names of their fields: the prefix is the whole word before the quote).
_PLAIN_STRING = re.compile(
    r"""(?<!\w)(?:[rRbBuU]|[rR][bB]|[bB][rR])?(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
)
_MAX_STATEMENT_LINES = 60  # a statement longer than this is cut (and its parts still read)
_MAX_NAMES = 200  # names followed per function before giving up (and parsing)
_NOT_NAMES = frozenset(
    {"self", "cls", "None", "True", "False", "if", "else", "for", "in", "not", "and", "or",
     "is", "return", "await", "lambda", "str", "int", "len", "print", "logger", "log",
     "logging", "info", "debug", "warning", "error", "exception", "critical", "f"}
)  # fmt: skip
_ASSIGN_OR_BRACKET = re.compile(r"[()\[\]{}]|(?<![=!<>])=(?!=)")
_FOR_TARGET = re.compile(r"\bfor\s+(.+?)\s+in\b")
_WALRUS = re.compile(r"([A-Za-z_]\w*)\s*:=")
_MUTATION = re.compile(r"([A-Za-z_][\w.]*)\s*\.\s*(?:update|append|extend|add|insert|setdefault)\(")
_DEF_HEAD = re.compile(r"\s*(?:async\s+)?def\s+\w+\s*\((.*)\)", re.DOTALL)
_LAMBDA_CONTEXT = frozenset({"context", "ctx", "_context", "lambda_context", "_ctx"})


def worth_parsing(lines: list[str], first: int, sinks: list[int], hints: frozenset[int]) -> bool:
    """`lines`: a piece of the file that starts at its 0-based line `first`; `sinks`: 1-based
    lines of the piece that hold a log call; `hints`: the file's 0-based lines with a
    sensitive word."""
    own = _own_hints(hints, first, len(lines))
    if not own:
        return False
    statements = _Statements(lines)
    logged: set[str] = set()
    for number in sinks:
        span = statements.span_of(number - 1)
        if any(first + index in hints for index in span):
            return True
        logged.update(_logged_names(lines, span))
    logged -= _NOT_NAMES
    return bool(logged) and _reaches(statements, own, logged)


def _logged_names(lines: list[str], span: range) -> list[str]:
    """The names a sink's statement holds, less the words of its plain one-line strings
    (`log.info("Running command %s", cmd)` logs `cmd`, not `command`). Strings are left in
    when a line could start inside one: a triple quote in the statement, or a line (the one
    before it included) continued by a backslash."""
    text = "\n".join(lines[index] for index in span)
    before = lines[span.start - 1] if span.start > 0 else ""
    if '"""' in text or "'''" in text or "\\\n" in text or before.endswith("\\"):
        return _NAME.findall(text)
    return _NAME.findall(_PLAIN_STRING.sub('""', text))


class _Statements:
    """The piece's logical statements: lines joined while brackets stay open."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.start_of: list[int] = []
        self.ends: dict[int, int] = {}
        start, depth = 0, 0
        for index, line in enumerate(lines):
            if depth == 0:
                start = index
            self.start_of.append(start)
            if _BRACKET.search(line) is not None:
                depth = max(0, depth + _opening(_STRING.sub("", line).split("#", 1)[0]))
                if index - start >= _MAX_STATEMENT_LINES:
                    depth = 0
            if depth == 0:
                self.ends[start] = index + 1
        self.ends.setdefault(start, len(lines))

    def span_of(self, index: int) -> range:
        start = self.start_of[index]
        return range(start, self.ends.get(start, len(self.lines)))

    def text(self, start: int) -> str:
        return "\n".join(self.lines[start : self.ends.get(start, len(self.lines))])


def _opening(text: str) -> int:
    return (
        text.count("(") + text.count("[") + text.count("{")
        - text.count(")") - text.count("]") - text.count("}")
    )  # fmt: skip


def _own_hints(hints: frozenset[int], first: int, count: int) -> list[int]:
    """The piece's lines (0-based in the piece) with a sensitive word, ascending."""
    ordered = _sorted(hints)
    low, high = bisect_left(ordered, first), bisect_left(ordered, first + count)
    return [hint - first for hint in ordered[low:high]]


@functools.lru_cache(maxsize=8)
def _sorted(hints: frozenset[int]) -> list[int]:
    """A file's hint lines in order, sorted once for all of its pieces."""
    return sorted(hints)


def _reaches(statements: _Statements, own: list[int], logged: set[str]) -> bool:
    """Whether a sensitive word reaches a `logged` name by assignment, forward from the
    statements that hold one (`own`: their lines); True as soon as one is, or when too many
    names are reached to follow."""
    tainted: set[str] = set()
    done: set[int] = set()
    work: list[str] = []

    def follow(index: int) -> bool:
        start = statements.start_of[index]
        if start in done:
            return False
        done.add(start)
        new = _targets(statements.text(start)) - tainted
        tainted.update(new)
        work.extend(new)
        return not logged.isdisjoint(new) or len(tainted) > _MAX_NAMES

    if any(follow(index) for index in own):
        return True
    lines = statements.lines
    text = "\n".join(lines)
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    while work:
        name = work.pop()
        if any(follow(index) for index in _lines_naming(text, starts, name)):
            return True
    return False


def _targets(statement: str) -> set[str]:
    """The names a statement may assign or fill; of a `def`, the parameters it seeds."""
    head = _DEF_HEAD.match(statement)
    if head is not None:
        return _sensitive_params(head.group(1))
    found: set[str] = set()
    bare = _STRING.sub('""', statement)
    assigned = _assigned_until(bare)
    if assigned >= 0:  # chained targets included
        found.update(_NAME.findall(bare, 0, assigned))
    for loop in _FOR_TARGET.finditer(bare):
        found.update(_NAME.findall(loop.group(1)))
    found.update(_WALRUS.findall(bare))
    for receiver in _MUTATION.findall(bare):
        found.update(_NAME.findall(receiver))
    return found - _NOT_NAMES


def _assigned_until(bare: str) -> int:
    """Where the targets of a statement end: at its last `=` outside brackets (a keyword
    argument assigns nothing); at its last `=` of any kind when its brackets do not balance
    (a string the line-by-line reading did not remove); -1 without one."""
    depth, last_top, last_any, balanced = 0, -1, -1, True
    for found in _ASSIGN_OR_BRACKET.finditer(bare):
        char = found.group()
        if char == "=":
            last_any = found.start()
            if depth == 0:
                last_top = last_any
        elif char in "([{":
            depth += 1
        else:
            depth -= 1
            balanced = balanced and depth >= 0
    return last_top if balanced and depth == 0 else last_any


def _sensitive_params(params: str) -> set[str]:
    """Parameters whose own text holds a sensitive word, and an AWS Lambda handler's event."""
    names = [part.split(":")[0].split("=")[0].strip(" *\n\t") for part in params.split(",")]
    found = {name for name in names if name and _name_hints(name)}
    if len(names) >= 2 and names[0] in EVENT_NAMES and names[1] in _LAMBDA_CONTEXT:
        found.add(names[0])
    return found


@functools.lru_cache(maxsize=4096)
def _name_hints(name: str) -> bool:
    from launchguard.classify.logs_python_marks import hint_lines

    return bool(hint_lines(name.encode("utf-8", "surrogatepass")))


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
