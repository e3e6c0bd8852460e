"""Sink recognition for the JavaScript/TypeScript log analyzer: whether the call at a site the
prefilter found writes to a log (`console.log`, `this.logger?.warn`, `getLogger('x').info`,
`process.stderr.write`).
"""

from __future__ import annotations

from tree_sitter import Node

from launchguard.classify.log_names import name_words
from launchguard.classify.logs_js_syntax import syntax_path, unwrap
from launchguard.classify.logs_js_words import CONSOLE_METHODS, LOGGER_FACTORIES, LOGGER_METHODS


def _loggerish(name: str) -> bool:
    """`logger`, `log`, `LOG`, `this.auditLogger`, `fastify.log`, `winston`; not `catalog`."""
    words = name_words(name)
    if name.lower() in ("winston", "bunyan"):
        return True
    return bool(words) and words[-1] in ("log", "logger")


def _is_logger_factory(call: Node, text: bytes) -> bool:
    """`getLogger('x').info(`, `pino().info(`, `logger.child({ reqId }).warn(`."""
    func = unwrap(call.child_by_field_name("function"))
    path = syntax_path(func, text)
    if path is None:
        return False
    if path[-1] == "child":
        return len(path) > 1 and _loggerish(path[-2])
    return path[-1] in LOGGER_FACTORIES


def is_sink(member: Node, method: str, text: bytes) -> bool:
    """Whether `member` (the callee `<object>.<method>`) is a logging method."""
    obj = unwrap(member.child_by_field_name("object"))
    if obj is not None and obj.type == "call_expression":
        return method in LOGGER_METHODS and _is_logger_factory(obj, text)
    path = syntax_path(obj, text)
    if path is None:
        return False
    if path == ("console",):
        return method in CONSOLE_METHODS
    if path in (("process", "stdout"), ("process", "stderr")):
        return method == "write"
    return method in LOGGER_METHODS and _loggerish(path[-1])


def sink_call(root: Node, start: int, end: int, text: bytes) -> Node | None:
    """The sink call whose method name spans `start:end`, or None if it is not one."""
    prop = root.descendant_for_byte_range(start, end)
    member = prop.parent if prop is not None else None
    call = member.parent if member is not None else None
    if (
        prop is None
        or member is None
        or call is None
        or prop.type != "property_identifier"
        or member.type != "member_expression"
        or call.type != "call_expression"
        or call.child_by_field_name("function") != member
    ):
        return None
    method = text[start:end].decode("ascii", "replace")
    return call if is_sink(member, method, text) else None
