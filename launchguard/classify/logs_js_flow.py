"""The per-function dataflow of the JavaScript/TypeScript log analyzer: which binding a use of a
name sees, and what that binding holds.

A variable is followed to its binding in the same file (the last assignment before the use in
the innermost enclosing function that binds it), so `const t = process.env.KEY; logger.info(t)`
is found without walking the whole tree in Python. Bindings are indexed once per file by one
tree-sitter query; their values are computed on demand and memoized.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tree_sitter import Node, QueryCursor

from launchguard.classify.log_names import EVENT_NAMES, header_kind
from launchguard.classify.logs_js_syntax import (
    FUNCTIONS,
    Dialect,
    binding_query,
    named_kids,
    string_value,
)
from launchguard.classify.logs_js_values import SAFE, UNKNOWN, Found, Val, path_found
from launchguard.classify.logs_js_words import LAMBDA_HANDLERS, LAMBDA_TYPES

_DESTRUCTURING_ROOTS = frozenset({"variable_declarator", "assignment_expression"})
# Parameters are judged by name; loop variables and array elements are not followed.
_NOT_DESTRUCTURED = FUNCTIONS | {
    "array_pattern",
    "formal_parameters",
    "for_in_statement",
    "catch_clause",
}
_BINDING_CONSTRUCTS = _DESTRUCTURING_ROOTS | {"augmented_assignment_expression"}


@dataclass(frozen=True, slots=True)
class Binding:
    kind: str  # decl, assign, destructure, param, loop, opaque (the query's capture names)
    name: Node


class Flow:
    """The bindings of one parsed file. `evaluate` is the expression evaluator, called back for
    the right-hand side of a binding."""

    def __init__(
        self,
        text: bytes,
        root: Node,
        dialect: Dialect,
        secret_vars: frozenset[str],
        evaluate: Callable[[Node | None], Val],
    ) -> None:
        self.text = text
        self.root = root
        self.dialect = dialect
        self.secret_vars = secret_vars
        self._eval = evaluate
        self._bindings: dict[str, list[Binding]] | None = None
        self._owners: dict[int, int] = {}
        self._memo: dict[int, Val] = {}
        self._busy: set[int] = set()

    def src(self, node: Node) -> str:
        return self.text[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def _index(self) -> dict[str, list[Binding]]:
        if self._bindings is None:
            self._bindings = {}
            captures = QueryCursor(binding_query(self.dialect)).captures(self.root)
            for kind, nodes in captures.items():
                for name in nodes:
                    self._bindings.setdefault(self.src(name), []).append(Binding(kind, name))
            for found in self._bindings.values():
                found.sort(key=lambda b: b.name.start_byte)
        return self._bindings

    def _owner(self, node: Node) -> int:
        """The function (or program) whose scope a binding belongs to."""
        cached = self._owners.get(node.id)
        if cached is not None:
            return cached
        scope: Node | None = node.parent
        while scope is not None and scope.type not in FUNCTIONS:
            scope = scope.parent
        owner = scope.id if scope is not None else self.root.id
        self._owners[node.id] = owner
        return owner

    def resolve(self, ref: Node, name: str) -> Binding | None:
        """The binding a use of `name` sees: in the innermost enclosing function that binds it,
        the last one completed before the use (or the first, for closures and hoisting)."""
        bindings = self._index().get(name)
        if not bindings:
            return None
        scope: Node | None = ref
        while scope is not None:
            if scope.type in FUNCTIONS:
                here = [b for b in bindings if self._owner(b.name) == scope.id and b.name != ref]
                if here:
                    before = [b for b in here if _construct_end(b) <= ref.start_byte]
                    return before[-1] if before else here[0]
            scope = scope.parent
        return None

    def value(self, binding: Binding) -> Val:
        """What a binding holds; a binding met again while computing itself is unknown."""
        key = binding.name.id
        if key in self._memo:
            return self._memo[key]
        if key in self._busy:
            return UNKNOWN
        self._busy.add(key)
        try:
            val = self._compute_binding(binding)
        finally:
            self._busy.discard(key)
        self._memo[key] = val
        return val

    def _compute_binding(self, binding: Binding) -> Val:
        parent = binding.name.parent
        if parent is None or binding.kind == "opaque":
            return UNKNOWN
        if binding.kind == "decl":
            value = parent.child_by_field_name("value")
            return UNKNOWN if value is None else self._eval(value)
        if binding.kind == "assign":
            return self._eval(parent.child_by_field_name("right"))
        if binding.kind == "param":
            return self._param_value(binding.name)
        if binding.kind == "loop":
            return self._loop_value(parent)
        return self._destructured(binding.name)

    def _loop_value(self, loop: Node) -> Val:
        """`for (const k in o)` is a key; `for (const token of tokens)` an element of what
        `tokens` holds: its leak if it has one, else nothing a name could add."""
        operator = loop.child_by_field_name("operator")
        if operator is None or operator.type != "of":
            return SAFE
        iterable = loop.child_by_field_name("right")
        val = self._eval(iterable)
        if val.found is not None:
            return Val(val.found)
        named = iterable is not None and iterable.type in ("identifier", "member_expression")
        return SAFE if named else UNKNOWN

    def _destructured(self, name: Node) -> Val:
        """`const { token } = req.body` -> the path req.body.token; `...rest` -> the whole."""
        keys: list[str] = []
        rest = False
        node = name
        parent = node.parent
        while parent is not None and parent.type not in _DESTRUCTURING_ROOTS:
            if parent.type in _NOT_DESTRUCTURED:
                return UNKNOWN
            if node.type == "shorthand_property_identifier_pattern":
                keys.append(self.src(node))
            elif parent.type == "pair_pattern" and node == parent.child_by_field_name("value"):
                key = parent.child_by_field_name("key")
                keys.append((string_value(key) or self.src(key)) if key is not None else "")
            rest = rest or parent.type == "rest_pattern"
            node, parent = parent, parent.parent
        if parent is None:
            return UNKNOWN
        field = "right" if parent.type == "assignment_expression" else "value"
        base = self._eval(parent.child_by_field_name(field))
        if rest:
            return Val(base.found)
        if base.path is None:
            return UNKNOWN
        path = (*base.path, *reversed(keys))
        return Val(path_found(path, name, self.secret_vars), path)

    def _param_value(self, name: Node) -> Val:
        """Parameters are judged by their name, except a NestJS `@Body()`/`@Headers()` one and
        the event of an AWS Lambda handler."""
        param = name.parent
        if param is None:
            return UNKNOWN
        for decorator in param.children_by_field_name("decorator"):
            found = self._decorated(decorator)
            if found is not None:
                return Val(found)
        if self.src(name) in EVENT_NAMES and self._is_lambda(param):
            return Val(Found("payload", name, "whole Lambda event (headers and body)"))
        return UNKNOWN

    def _decorated(self, decorator: Node) -> Found | None:
        """`@Body() dto` is the whole body, `@Headers() h` the whole headers,
        `@Headers('authorization') auth` one header."""
        kids = named_kids(decorator)
        call = kids[0] if kids else None
        func = call.child_by_field_name("function") if call is not None else None
        args_node = call.child_by_field_name("arguments") if call is not None else None
        if func is None or args_node is None:
            return None
        args = named_kids(args_node)
        arg = string_value(args[0]) if args else None
        name = self.src(func)
        if name == "Body" and not args:
            return Found("payload", decorator, "whole request body")
        if name == "Headers" and (not args or arg is not None):
            kind = "auth-header" if arg is None else header_kind(arg)
            detail = "whole request headers" if arg is None else f"header {arg}"
            return None if kind is None else Found(kind, decorator, detail)
        return None

    def _param_name(self, param: Node) -> str:
        pattern = param.child_by_field_name("pattern") or param
        return self.src(pattern)

    def _is_lambda(self, param: Node) -> bool:
        """`export const handler = async (event, context) =>`, `(event: APIGatewayProxyEvent)`:
        a Lambda event carries the caller's headers and body. A bare `event` elsewhere is a DOM
        or emitter event."""
        annotation = param.child_by_field_name("type")
        if annotation is not None and LAMBDA_TYPES.search(self.src(annotation)):
            return True
        func = param if param.type in FUNCTIONS else param.parent
        if func is not None and func.type == "formal_parameters":
            func = func.parent
        if func is None:
            return False
        params = func.child_by_field_name("parameters")
        names = (
            {self._param_name(kid) for kid in named_kids(params)} if params is not None else set()
        )
        if names & {"context", "lambdaContext"}:
            return True
        return self._function_label(func) in LAMBDA_HANDLERS

    def _function_label(self, func: Node) -> str:
        """`function handler`, `const handler = ...`, `exports.handler = ...` -> handler."""
        label = func.child_by_field_name("name")
        holder = func.parent
        if label is None and holder is not None:
            field = {"variable_declarator": "name", "assignment_expression": "left"}
            label = holder.child_by_field_name(field.get(holder.type, "-"))
        return self.src(label).rsplit(".", 1)[-1] if label is not None else ""


def _construct_end(binding: Binding) -> int:
    """Where a binding takes effect: after its whole declaration or assignment, so that the
    `t` in `t = t.trim()` sees the binding before it."""
    node: Node | None = binding.name
    if binding.kind in ("param", "opaque"):
        return binding.name.end_byte
    for _ in range(12):
        if node is None or node.type in _BINDING_CONSTRUCTS:
            break
        node = node.parent
    return (node or binding.name).end_byte
