"""Python log statements that write a secret, auth headers, a webhook signature, a whole
request body or a whole configuration.

Cheapest first; no stage can drop a call that the last one would report:
1. No sink word in the text (`log`, `print`, `stdout`...): no sink call can be written.
2. The lines where a sink call may start (`print(`, `.info(`...), less those that cannot
   write anything: in a comment or a doctest, one plain string literal as the only argument,
   a log method on a receiver without `log` in it that does not continue a chain from the
   line above and is not a name the file binds to `getLogger(...)`/`get_logger(...)` (every
   logger logs_python_sinks accepts is one of these).
3. Only the outermost functions that hold such a line are cut out and parsed, and only if
   their text passes log_names' `has_sensitive_hint`. A function is its own dataflow scope,
   and every verdict below starts from a name, key, header, path or env read that the hint
   words cover (test_log_names checks the hint against the vocabulary), so a function
   without one cannot be reported. Module-level code is parsed with the functions blanked.
4. `ast`, and a small forward dataflow inside each scope.
A piece that does not parse alone (text at column 0 inside a docstring ends a function early)
makes the whole file parsed instead; a file that does not parse as a whole reports nothing.
"""

from __future__ import annotations

import ast
import bisect
from dataclasses import dataclass

from launchguard.classify.log_names import has_sensitive_hint
from launchguard.classify.log_types import LogHit
from launchguard.classify.logs_python_gate import worth_parsing
from launchguard.classify.logs_python_prefilter import (
    SINK_WORDS,
    OuterDef,
    find_sink_lines,
    outer_defs,
)
from launchguard.classify.logs_python_scope import RawHit, Scope, seed_params
from launchguard.classify.logs_python_sinks import logger_bindings
from launchguard.classify.logs_python_values import Values

_ALLOW = "launchguard:allow"
# A file that lexes or tokenizes text means a lexer token by `token`.
_LEXER_WORDS = ("tokeniz", "lexer", "Lexer", "pygments", "shlex", "import token", "from token ")
_EXPRESSION_CHARS = 80


@dataclass(frozen=True, slots=True)
class _Piece:
    """Some lines of the file, dedented, parsed on their own."""

    text: str
    first: int  # 0-based line of the file where the piece starts
    removed: list[int]  # characters removed from the front of each line
    sinks: list[int]  # 1-based lines of the piece with a sink call, ascending

    @classmethod
    def cut(cls, lines: list[str], where: OuterDef, sinks: list[int]) -> _Piece:
        out, removed = [], []
        for line in lines[where.start : where.end]:
            cut = len(line) - len(line.lstrip()) if line[: where.indent].strip() else where.indent
            out.append(line[cut:])
            removed.append(cut)
        return cls("\n".join(out), where.start, removed, [n - where.start + 1 for n in sinks])

    @classmethod
    def module(cls, lines: list[str], defs: list[OuterDef], sinks: list[int]) -> _Piece:
        """The file with every function replaced by `pass` (decorators included), so
        module-level code parses without them. Line numbers do not move."""
        out = list(lines)
        for where in defs:
            out[where.head : where.end] = [""] * (where.end - where.head)
            out[where.head] = " " * where.indent + "pass"
        return cls("\n".join(out), 0, [0] * len(out), [n + 1 for n in sinks])


def analyze_python(text: str, secret_env_vars: frozenset[str] = frozenset()) -> list[LogHit]:
    """One LogHit per log, print or stdout/stderr call that writes a secret, auth headers, a
    webhook signature, a whole payload or a whole config. Never raises on bad input."""
    if not any(word in text for word in SINK_WORDS):
        return []
    if "\r" in text:  # `ast` ends lines at a lone CR too: count lines the same way
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        return _analyze(text, secret_env_vars)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []


def _analyze(text: str, secret_env: frozenset[str]) -> list[LogHit]:
    lines = text.split("\n")
    loggers = logger_bindings(text)
    sink_lines = find_sink_lines(text, lines, loggers)
    if not sink_lines or not has_sensitive_hint(text):
        return []  # no piece of a file without a hint word can pass worth_parsing
    defs = outer_defs(lines)
    pieces = _pieces(lines, defs, sink_lines)
    hits: list[LogHit] = []
    lexer: bool | None = None
    for piece in pieces:
        if not worth_parsing(piece.text, piece.sinks):
            continue
        if lexer is None:
            lexer = any(word in text for word in _LEXER_WORDS)
        found = _analyze_piece(piece, lines, secret_env, lexer, loggers)
        if found is None:  # did not parse alone: parse the file
            whole = _Piece(text, 0, [0] * len(lines), [n + 1 for n in sink_lines])
            hits = _analyze_piece(whole, lines, secret_env, lexer, loggers) or []
            break
        hits.extend(found)
    return sorted(hits, key=lambda hit: (hit.line, hit.column))


def _pieces(lines: list[str], defs: list[OuterDef], sink_lines: list[int]) -> list[_Piece]:
    """The outermost functions that hold a sink line, then module-level code if a sink line
    is outside every function."""
    starts = [where.start for where in defs]
    wanted: dict[int, list[int]] = {}
    module_lines: list[int] = []
    for number in sink_lines:
        index = bisect.bisect_right(starts, number) - 1
        if index >= 0 and number < defs[index].end:
            wanted.setdefault(index, []).append(number)
        else:
            module_lines.append(number)
    pieces = [_Piece.cut(lines, defs[index], found) for index, found in wanted.items()]
    if module_lines:
        pieces.append(_Piece.module(lines, defs, module_lines))
    return pieces


def _analyze_piece(
    piece: _Piece,
    lines: list[str],
    secret_env: frozenset[str],
    lexer: bool,
    loggers: frozenset[str] = frozenset(),
) -> list[LogHit] | None:
    try:
        tree = ast.parse(piece.text)
    except (SyntaxError, ValueError):
        return None
    hits: list[LogHit] = []
    work: list[ast.AST] = [tree]
    while work:
        node = work.pop()
        scope = Scope(Values(secret_env, lexer, loggers=loggers), piece.sinks)
        seed_params(node, scope.values)
        scope.block(_body(node))
        work.extend(scope.nested)
        hits.extend(
            _log_hit(raw, piece, lines)
            for raw in scope.hits
            if not _allowed(raw.call, piece, lines)
        )
    return hits


def _body(node: ast.AST) -> list[ast.stmt]:
    if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
        return node.body
    return []


def _allowed(call: ast.Call, piece: _Piece, lines: list[str]) -> bool:
    first = piece.first + call.lineno - 1
    last = piece.first + (call.end_lineno or call.lineno) - 1
    if any(_ALLOW in line for line in lines[first : last + 1]):
        return True
    return first > 0 and f"{_ALLOW}-next-line" in lines[first - 1]


def _log_hit(raw: RawHit, piece: _Piece, lines: list[str]) -> LogHit:
    number = piece.first + raw.call.lineno - 1
    column = _characters(lines[number][piece.removed[raw.call.lineno - 1] :], raw.call.col_offset)
    node = raw.taint.node or raw.call
    expression = ast.get_source_segment(piece.text, node) or ""
    expression = " ".join(expression.split())
    if len(expression) > _EXPRESSION_CHARS:
        expression = expression[: _EXPRESSION_CHARS - 3] + "..."
    return LogHit(
        line=number + 1,
        column=column + piece.removed[raw.call.lineno - 1] + 1,
        sink=raw.sink,
        leak=raw.taint.leak,
        expression=expression,
        detail=raw.taint.describe(),
    )


def _characters(line: str, byte_offset: int) -> int:
    """ast columns count UTF-8 bytes; a report counts characters."""
    return len(line.encode("utf-8", "surrogatepass")[:byte_offset].decode("utf-8", "replace"))
