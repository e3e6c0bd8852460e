"""Which calls write to a log or the console, and which of their arguments are written."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from launchguard.classify.log_names import name_words
from launchguard.classify.logs_python_taint import dotted, last_part

SINK_NAMES = frozenset(
    {
        *("print", "echo", "secho", "write", "writelines"),
        *("debug", "info", "warning", "warn", "error", "exception", "critical", "fatal"),
        *("log", "msg", "success", "trace", "notice"),
        *("adebug", "ainfo", "awarning", "aerror", "aexception", "acritical", "alog"),
    }
)
_LOG_METHODS = SINK_NAMES - {"print", "echo", "secho", "write", "writelines"}
_LOGGER_WORDS = frozenset({"log", "logger", "logging"})
# Calls that return a logger: `logging.getLogger(__name__)`, `structlog.get_logger()`,
# `log.bind(user=...)`, loguru's `logger.opt(...)`.
_LOGGER_FACTORIES = frozenset({"getLogger", "get_logger", "getlogger"})
_LOGGER_DERIVED = frozenset({"bind", "opt", "new", "patch", "getChild", "child", "with_fields"})
_PRINTS = frozenset({"print", "pprint"})
_STREAMS = frozenset({"sys.stdout", "sys.stderr", "stdout", "stderr", "sys.__stdout__"})
# Keyword arguments that configure the call rather than being written.
META_KWARGS = frozenset(
    {"exc_info", "stack_info", "stacklevel", "file", "sep", "end", "flush", "level", "depth"}
)


# `audit = logging.getLogger("audit")`, `self.events = structlog.get_logger()`: a name bound
# to a logger factory's result is a logger whatever it is called.
_LOGGER_BINDING = re.compile(
    rb"[ \t]*(?:self\.)?([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[ \t]*[\w.]*(?:getLogger|get_logger)\(",
)


def logger_bindings(data: bytes) -> frozenset[str]:
    """Names the file binds to a logger factory's result. Only the lines that call a factory
    are matched: the pattern anchored at every line start costs more than the search."""
    names: set[str] = set()
    for factory in (b"getLogger(", b"get_logger("):
        at = data.find(factory)
        while at >= 0:
            start = data.rfind(b"\n", 0, at) + 1
            found = _LOGGER_BINDING.match(data, start, at + len(factory))
            if found is not None:
                names.add(found.group(1).decode())
            at = data.find(factory, at + len(factory))
    return frozenset(names)


def _is_logger(node: ast.AST, bound: frozenset[str] = frozenset()) -> bool:
    if isinstance(node, ast.Name):
        words = name_words(node.id)
        return node.id in bound or (bool(words) and words[-1] in _LOGGER_WORDS)
    if isinstance(node, ast.Attribute):
        words = name_words(node.attr)
        return node.attr in bound or (bool(words) and words[-1] in _LOGGER_WORDS)
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name):
            return func.id in _LOGGER_FACTORIES
        if isinstance(func, ast.Attribute):
            if func.attr in _LOGGER_FACTORIES:
                return True
            return func.attr in _LOGGER_DERIVED and _is_logger(func.value, bound)
    return False


_OTHER_SINKS = frozenset(
    {
        ("pprint", "pprint"),
        ("echo", "click"),
        ("secho", "click"),
        ("echo", "typer"),
        ("print", "console"),
        ("log", "console"),
        ("print", "rich"),
    }
)


def sink_name(call: ast.Call, bound: frozenset[str] = frozenset()) -> str | None:
    """The callee as written when `call` writes to a log or the console, else None.
    `bound`: names the file binds to a logger (see logger_bindings)."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id if func.id in _PRINTS else None
    if not isinstance(func, ast.Attribute):
        return None
    receiver = dotted(func.value)
    text = f"{receiver}.{func.attr}" if receiver else func.attr
    if func.attr in _LOG_METHODS and _is_logger(func.value, bound):
        return text
    if func.attr in ("write", "writelines") and receiver in _STREAMS:
        return text
    return (
        text if receiver is not None and (func.attr, last_part(receiver)) in _OTHER_SINKS else None
    )


def written_calls(call: ast.Call) -> Iterator[ast.Call]:
    """The sink call, then the calls in its receiver whose arguments go to the same line:
    structlog's `log.bind(password=pw).info("login")`, loguru's `logger.bind(...)`."""
    yield call
    node = call.func
    while isinstance(node, ast.Attribute):
        node = node.value
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in ("bind", "new"):
                yield node
            node = node.func
