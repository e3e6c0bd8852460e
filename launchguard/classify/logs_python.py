"""Python log statements that write a secret, auth headers, a webhook signature, a whole
request body or a whole configuration.

Cheapest first; no stage can drop a call that the last one would report:
1. Hyperscan (logs_python_marks) marks the possible sink calls (`print(`, `.info(`...).
   Those that cannot write anything are dropped: in a comment or a doctest, one plain
   string literal as the only argument, a log method on a receiver without `log` in it that
   does not continue a chain from the line above and is not a name the file binds to
   `getLogger(...)`/`get_logger(...)`.
2. Where one is left, a second pass marks the sensitive words (log_hint_pattern: every
   verdict below starts from a name, key, header, path or env read they cover;
   test_log_names checks this) and the `def` lines. A function is its own dataflow scope:
   only sink calls whose outermost function (or module-level code) holds a sensitive word
   are kept, less those a text walk places inside a string or a comment
   (logs_python_strings); words that only a constant message holds do not count.
3. Those functions are cut out, and parsed only if a sensitive statement reaches a logged
   name through assignments (logs_python_gate). Module-level code is parsed with the
   functions blanked.
4. `ast`, and a small forward dataflow inside each scope.
A piece that does not parse alone (text at column 0 inside a docstring ends a function early)
makes the whole file parsed instead; a file that does not parse as a whole reports nothing.
Hits inside a string literal are dropped (a `def` in a code sample parses when cut out alone).
"""

from __future__ import annotations

import ast
import bisect
import functools
import re
import warnings
from dataclasses import dataclass

from launchguard.classify.log_types import LogHit
from launchguard.classify.logs_python_gate import worth_parsing
from launchguard.classify.logs_python_marks import lines_of, sensitive_words, sink_calls
from launchguard.classify.logs_python_prefilter import (
    OuterDef,
    function_spans,
    may_write,
    outer_defs,
)
from launchguard.classify.logs_python_scope import RawHit, Scope, seed_params
from launchguard.classify.logs_python_sinks import logger_bindings
from launchguard.classify.logs_python_strings import Calls, code_calls, message_words
from launchguard.classify.logs_python_values import Values

_ALLOW = "launchguard:allow"

# Parsing someone's code is not compiling ours: their `"\d"` must not print "invalid escape
# sequence" on our stderr (a SyntaxWarning from Python 3.12, a DeprecationWarning before).
warnings.filterwarnings("ignore", category=SyntaxWarning)
warnings.filterwarnings("ignore", "invalid escape sequence", DeprecationWarning)
# A file that lexes or tokenizes text means a lexer token by `token`.
_LEXER_WORDS = ("tokeniz", "lexer", "Lexer", "pygments", "shlex", "import token", "from token ")
_EXPRESSION_CHARS = 80
_NEWLINE = re.compile(rb"\n")


@dataclass(frozen=True, slots=True)
class _Piece:
    """Some lines of the file, dedented, parsed on their own."""

    lines: list[str]
    first: int  # 0-based line of the file where the piece starts
    removed: list[int]  # characters removed from the front of each line
    sinks: list[int]  # 1-based lines of the piece with a sink call, ascending

    def text(self) -> str:
        return "\n".join(self.lines)

    @classmethod
    def cut(cls, lines: list[str], where: OuterDef, sinks: list[int]) -> _Piece:
        out, removed = [], []
        for line in lines[where.start : where.end]:
            cut = len(line) - len(line.lstrip()) if line[: where.indent].strip() else where.indent
            out.append(line[cut:])
            removed.append(cut)
        return cls(out, where.start, removed, [n - where.start + 1 for n in sinks])

    @classmethod
    def module(cls, lines: list[str], defs: list[OuterDef], sinks: list[int]) -> _Piece:
        """The file with every function replaced by `pass` (decorators included), so
        module-level code parses without them. Line numbers do not move."""
        out = list(lines)
        for where in defs:
            out[where.head : where.end] = [""] * (where.end - where.head)
            out[where.head] = " " * where.indent + "pass"
        return cls(out, 0, [0] * len(out), [n + 1 for n in sinks])


def analyze_python(
    source: str | bytes, secret_env_vars: frozenset[str] = frozenset()
) -> list[LogHit]:
    """One LogHit per log, print or stdout/stderr call that writes a secret, auth headers, a
    webhook signature, a whole payload or a whole config. Never raises on bad input."""
    data = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source
    if b"\r" in data:  # `ast` ends lines at a lone CR too: count lines the same way
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    try:
        return _analyze(data, secret_env_vars)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []


@dataclass(frozen=True, slots=True)
class _Candidates:
    """What the text stages leave for the parser."""

    parens: list[int]  # the `(` of each sink call worth reading, ascending
    words: list[int]  # the sensitive words that may lead somewhere, ascending
    spans: list[tuple[int, int, int]]  # the outermost functions (function_spans)
    calls: Calls  # where the strings are (logs_python_strings)
    loggers: frozenset[str]  # names bound to a logger


def _candidates(data: bytes, secret_env: frozenset[str]) -> _Candidates | None:
    """Stages 1 and 2: sink calls that may write something, near sensitive words."""
    parens = sink_calls(data)
    if not parens:
        return None
    loggers = functools.cache(lambda: logger_bindings(data))  # most calls never ask
    parens = [paren for paren in parens if may_write(data, paren, loggers)]
    if not parens:
        return None
    marked = sensitive_words(data, secret_env)
    if not marked.offsets:
        return None
    spans = function_spans(data, marked.defs)
    calls = code_calls(data, _near_words(marked.offsets, parens, spans))
    words = marked.offsets
    messages = message_words(data, calls.in_code, words)
    if messages:  # words that only a constant message holds lead nowhere
        gone = set(messages)
        words = [word for word in words if word not in gone]
    parens = _near_words(words, calls.kept, spans)
    return _Candidates(parens, words, spans, calls, loggers()) if parens else None


def _analyze(data: bytes, secret_env: frozenset[str]) -> list[LogHit]:
    found = _candidates(data, secret_env)
    if found is None:
        return []
    text = data.decode("utf-8", "replace")
    lines = text.split("\n")
    hint_lines = frozenset(lines_of(data, found.words))
    hits: list[LogHit] = []
    lexer: bool | None = None
    for piece in _pieces(data, lines, found.spans, found.parens):
        if not worth_parsing(piece.lines, piece.first, piece.sinks, hint_lines):
            continue
        if lexer is None:
            lexer = any(word in text for word in _LEXER_WORDS)
        in_piece = _analyze_piece(piece, lines, secret_env, lexer, found.loggers)
        if in_piece is None:  # did not parse alone: parse the file
            sinks = sorted({line + 1 for line in lines_of(data, found.parens)})
            whole = _Piece(lines, 0, [0] * len(lines), sinks)
            hits = _analyze_piece(whole, lines, secret_env, lexer, found.loggers) or []
            break
        hits.extend(in_piece)
    if hits:
        hits = _outside_strings(data, text, hits, found.calls)
    return sorted(hits, key=lambda hit: (hit.line, hit.column))


def _outside_strings(data: bytes, text: str, hits: list[LogHit], calls: Calls) -> list[LogHit]:
    """A piece is cut by indentation, so a `def` written inside a string (a code sample, a
    test fixture) parses as code: hits on a line that starts inside a triple-quoted string
    are dropped. Where the text walk (logs_python_strings) cannot tell, the file is parsed
    whole; a file that does not parse whole keeps its hits."""
    line_starts = [0, *(found.end() for found in _NEWLINE.finditer(data))]
    kept: list[LogHit] = []
    unsure: list[LogHit] = []
    for hit in hits:
        start = line_starts[hit.line - 1]
        inside = calls.in_long_string(start)
        if inside is None or data[max(0, start - 2) : start] == b"\\\n":
            unsure.append(hit)
        elif not inside:
            kept.append(hit)
    return kept + (_parsed_outside_strings(text, unsure) if unsure else [])


def _parsed_outside_strings(text: str, hits: list[LogHit]) -> list[LogHit]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return hits
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            end = node.end_lineno or node.lineno
            inside.update(range(node.lineno + 1, end + 1))  # lines after the opening quote
    return [hit for hit in hits if hit.line not in inside]


def _near_words(
    hint_offsets: list[int], parens: list[int], spans: list[tuple[int, int, int]]
) -> list[int]:
    """The `parens` (possible sink calls) that share their outermost function (or
    module-level code) with a sensitive word: a function is its own dataflow scope, so no
    other call can write what a sensitive word leads to."""
    if not hint_offsets:
        return []
    starts = [span[0] for span in spans]
    module_hint: bool | None = None
    near: list[int] = []
    for paren in parens:
        index = bisect.bisect_right(starts, paren) - 1
        if index >= 0 and paren < spans[index][1]:
            lo = bisect.bisect_left(hint_offsets, spans[index][0])
            if lo < len(hint_offsets) and hint_offsets[lo] < spans[index][1]:
                near.append(paren)
            continue
        if module_hint is None:
            module_hint = any(not _inside(spans, starts, at) for at in hint_offsets)
        if module_hint:
            near.append(paren)
    return near


def _inside(spans: list[tuple[int, int, int]], starts: list[int], at: int) -> bool:
    index = bisect.bisect_right(starts, at) - 1
    return index >= 0 and at < spans[index][1]


def _pieces(
    data: bytes, lines: list[str], spans: list[tuple[int, int, int]], parens: list[int]
) -> list[_Piece]:
    """The outermost functions that hold a sink call, then module-level code if a sink call
    is outside every function."""
    starts = [span[0] for span in spans]
    wanted: dict[int, list[int]] = {}
    module_parens: list[int] = []
    for paren in parens:
        index = bisect.bisect_right(starts, paren) - 1
        if index >= 0 and paren < spans[index][1]:
            wanted.setdefault(index, []).append(paren)
        else:
            module_parens.append(paren)
    pieces = []
    for index, found in wanted.items():
        start, end, indent = spans[index]
        first = data.count(b"\n", 0, start)
        last = first + data.count(b"\n", start, end) + (1 if end == len(data) else 0)
        where = OuterDef(first, first, last, indent)
        pieces.append(_Piece.cut(lines, where, sorted(set(lines_of(data, found)))))
    if module_parens:
        defs = outer_defs(lines)  # decorators too: the module piece blanks them
        pieces.append(_Piece.module(lines, defs, sorted(set(lines_of(data, module_parens)))))
    return pieces


def _analyze_piece(
    piece: _Piece,
    lines: list[str],
    secret_env: frozenset[str],
    lexer: bool,
    loggers: frozenset[str] = frozenset(),
) -> list[LogHit] | None:
    try:
        tree = ast.parse(piece.text())
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
    expression = " ".join(_segment(piece.lines, node).split())
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


def _segment(lines: list[str], node: ast.AST) -> str:
    """The source text of `node` in `lines`, as `ast.get_source_segment` gives it, without
    joining and splitting the whole piece again for every hit (quadratic in a function with
    thousands of them)."""
    first, last = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
    start, end = getattr(node, "col_offset", None), getattr(node, "end_col_offset", None)
    if first is None or last is None or start is None or end is None or last > len(lines):
        return ""
    parts = [line.encode("utf-8", "surrogatepass") for line in lines[first - 1 : last]]
    if len(parts) == 1:
        parts[0] = parts[0][start:end]
    else:
        parts[0], parts[-1] = parts[0][start:], parts[-1][:end]
    return "\n".join(part.decode("utf-8", "replace") for part in parts)


def _characters(line: str, byte_offset: int) -> int:
    """ast columns count UTF-8 bytes; a report counts characters."""
    return len(line.encode("utf-8", "surrogatepass")[:byte_offset].decode("utf-8", "replace"))
