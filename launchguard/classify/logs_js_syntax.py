"""The tree-sitter side of the JavaScript/TypeScript log analyzer: grammars, parsers, the query
that finds every binding of a file, and small helpers that read nodes.

Languages and queries are built once per process, parsers once per thread (a tree-sitter parser
is not thread-safe).
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Literal

import tree_sitter_javascript as tsjs
import tree_sitter_typescript as tsts
from tree_sitter import Language, Node, Parser, Query

Dialect = Literal["js", "ts", "tsx"]

# Nodes that open a scope: a binding belongs to the innermost one around it.
FUNCTIONS = frozenset(
    {"function_declaration", "function_expression", "function", "arrow_function"}
    | {"method_definition", "generator_function", "generator_function_declaration", "program"}
)

_local = threading.local()
_COMMON_BINDINGS = """
(variable_declarator name: (identifier) @decl)
(assignment_expression left: (identifier) @assign)
(augmented_assignment_expression left: (identifier) @assign)
(shorthand_property_identifier_pattern) @destructure
(pair_pattern value: (identifier) @destructure)
(pair_pattern value: (assignment_pattern left: (identifier) @destructure))
(rest_pattern (identifier) @destructure)
(arrow_function parameter: (identifier) @param)
(catch_clause parameter: (identifier) @opaque)
(for_in_statement left: (identifier) @loop)
(array_pattern (identifier) @opaque)
"""
_DIALECT_BINDINGS = {
    "js": """
(formal_parameters (identifier) @param)
(formal_parameters (assignment_pattern left: (identifier) @param))
""",
    "ts": """
(required_parameter pattern: (identifier) @param)
(optional_parameter pattern: (identifier) @param)
""",
}


@cache
def _language(dialect: Dialect) -> Language:
    if dialect == "js":
        return Language(tsjs.language())
    return Language(tsts.language_tsx() if dialect == "tsx" else tsts.language_typescript())


@cache
def binding_query(dialect: Dialect) -> Query:
    """Every name a file binds, captured as decl, assign, destructure, param, loop or opaque."""
    extra = _DIALECT_BINDINGS["js" if dialect == "js" else "ts"]
    return Query(_language(dialect), _COMMON_BINDINGS + extra)


def parser_for(dialect: Dialect) -> Parser:
    parsers: dict[Dialect, Parser] | None = getattr(_local, "parsers", None)
    if parsers is None:
        parsers = _local.parsers = {}
    parser = parsers.get(dialect)
    if parser is None:
        parser = parsers[dialect] = Parser(_language(dialect))
    return parser


def named_kids(node: Node) -> list[Node]:
    return [kid for kid in node.named_children if kid.type != "comment"]


def string_value(node: Node | None) -> str | None:
    """The value of a string literal without escapes or substitutions."""
    if node is None or node.type not in ("string", "template_string"):
        return None
    kids = named_kids(node)
    if any(kid.type != "string_fragment" for kid in kids):
        return None
    raw = node.text or b""
    return raw[1:-1].decode("utf-8", "replace")


def unwrap(node: Node | None) -> Node | None:
    while node is not None and node.type in (
        "parenthesized_expression",
        "non_null_expression",
        "as_expression",
    ):
        kids = named_kids(node)
        node = kids[0] if kids else None
    return node


def syntax_path(node: Node | None, text: bytes) -> tuple[str, ...] | None:
    """`this.logger` -> ("this", "logger"); None for anything but names and properties."""
    parts: list[str] = []
    node = unwrap(node)
    while node is not None and node.type == "member_expression":
        prop = node.child_by_field_name("property")
        if prop is None:
            return None
        parts.append(text[prop.start_byte : prop.end_byte].decode("utf-8", "replace"))
        node = unwrap(node.child_by_field_name("object"))
    if node is None or node.type not in ("identifier", "this"):
        return None
    parts.append(text[node.start_byte : node.end_byte].decode("utf-8", "replace"))
    return tuple(reversed(parts))
