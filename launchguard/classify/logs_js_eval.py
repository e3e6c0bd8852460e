"""Expression evaluation for the JavaScript/TypeScript log analyzer: what a log call's argument
is known to hold (a secret, an auth header, a whole payload or config, or provably nothing).

Names are followed to their bindings through `Flow`; the rest is JavaScript's shapes: templates,
concatenations, object literals and spreads, property reads, and the calls that keep, hide or
read a value (`JSON.stringify`, `hash(...)`, `req.get('Authorization')`, `await req.json()`).
"""

from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from launchguard.classify.log_names import (
    EVENT_NAMES,
    REQUEST_NAMES,
    header_kind,
    is_masking_call,
    name_words,
    payload_kind,
    secret_name_kind,
)
from launchguard.classify.logs_js_flow import Flow
from launchguard.classify.logs_js_syntax import (
    Dialect,
    named_kids,
    string_value,
    syntax_path,
    unwrap,
)
from launchguard.classify.logs_js_values import (
    SAFE,
    UNKNOWN,
    Found,
    Val,
    composite,
    cookie_found,
    env_found,
    name_found,
    path_found,
    small_slice,
    worst,
)
from launchguard.classify.logs_js_words import (
    BODY_METHODS,
    BODY_READERS,
    COOKIE_JARS,
    ENV_NAME,
    ENV_ROOTS,
    ERRORS,
    GETTER_NAME,
    GETTERS,
    HEADER_GETTERS,
    HEADER_READERS,
    SAFE_CALLS,
    SAME_CONTENT_CLASSES,
    SAME_CONTENT_FUNCTIONS,
    SAME_CONTENT_METHODS,
    SIZE_PROPS,
)

_WRAPPERS = frozenset(
    {"parenthesized_expression", "non_null_expression", "as_expression", "satisfies_expression"}
    | {"await_expression", "spread_element", "template_substitution", "type_assertion"}
)
# Values that cannot carry a secret: literals, functions, and unary results (`!token`,
# `typeof token`, `-n`, `void x`).
_LITERALS = frozenset(
    {"string", "number", "true", "false", "null", "undefined", "regex", "class"}
    | {"arrow_function", "function_expression", "unary_expression", "update_expression"}
)
_PASS_THROUGH_OPS = frozenset({"+", "||", "??"})
_MAX_DEPTH = 60


class Evaluator:
    """The expressions of one parsed file, evaluated on demand."""

    def __init__(
        self, text: bytes, root: Node, dialect: Dialect, secret_vars: frozenset[str]
    ) -> None:
        self.text = text
        self.secret_vars = secret_vars
        self.flow = Flow(text, root, dialect, secret_vars, self.eval)
        self.src: Callable[[Node], str] = self.flow.src  # the one reader of the source text
        self._depth = 0
        self._handlers: dict[str, Callable[[Node], Val]] = {
            "identifier": self._ident,
            "shorthand_property_identifier": self._ident,
            "this": lambda _node: Val(path=("this",)),
            "meta_property": lambda _node: Val(path=("import.meta",)),
            "member_expression": self._member,
            "subscript_expression": self._subscript,
            "call_expression": self._call,
            "new_expression": self._new,
            "template_string": lambda node: composite(map(self.eval, named_kids(node))),
            "array": lambda node: composite(map(self.eval, named_kids(node))),
            "binary_expression": self._binary,
            "ternary_expression": self._ternary,
            "object": self._object,
            "assignment_expression": lambda node: self.eval(node.child_by_field_name("right")),
            "sequence_expression": lambda node: self.eval(named_kids(node)[-1]),
        }

    # -- expressions ---------------------------------------------------------------------------

    def eval(self, node: Node | None) -> Val:
        # The depth cap bounds recursion on adversarial nesting (`((((...))))`, long chains).
        if node is None or self._depth > _MAX_DEPTH:
            return UNKNOWN
        self._depth += 1
        try:
            return self._dispatch(node)
        finally:
            self._depth -= 1

    def _dispatch(self, node: Node) -> Val:
        kind = node.type
        if kind in _WRAPPERS:
            kids = named_kids(node)
            return self.eval(kids[-1] if kind == "type_assertion" else kids[0]) if kids else SAFE
        handler = self._handlers.get(kind)
        if handler is not None:
            return handler(node)
        return SAFE if kind in _LITERALS else UNKNOWN

    def _binary(self, node: Node) -> Val:
        op = node.child_by_field_name("operator")
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        op_text = op.type if op is not None else ""
        if op_text in _PASS_THROUGH_OPS:
            return composite([self.eval(left), self.eval(right)])
        # `token && token.slice(-4)` is the right side; comparisons and arithmetic are safe.
        return composite([self.eval(right)]) if op_text == "&&" else SAFE

    def _ternary(self, node: Node) -> Val:
        parts = (node.child_by_field_name(f) for f in ("consequence", "alternative"))
        return composite(self.eval(part) for part in parts)

    def _object(self, node: Node, overridden: frozenset[str] = frozenset()) -> Val:
        """An object literal leaks what its properties leak. A property written after a spread
        replaces the spread's: `{ ...body, password: 'XXXXX' }` does not log the password."""
        # `_spread` comes back here without `eval`: `{...{...{...` needs the depth cap too.
        if self._depth > _MAX_DEPTH:
            return UNKNOWN
        self._depth += 1
        try:
            return self._properties(node, overridden)
        finally:
            self._depth -= 1

    def _properties(self, node: Node, overridden: frozenset[str]) -> Val:
        props = named_kids(node)
        founds: list[Found | None] = []
        for index, prop in enumerate(props):
            if self._key(prop) in overridden:
                continue
            if prop.type == "pair":
                founds.append(self._pair(prop))
            elif prop.type == "shorthand_property_identifier":
                founds.append(self.eval(prop).found)
            elif prop.type == "spread_element":
                later = frozenset(filter(None, map(self._key, props[index + 1 :])))
                founds.append(self._spread(prop, overridden | later))
        found = worst(founds)
        return SAFE if found is None else Val(found)

    def _spread(self, spread: Node, overridden: frozenset[str]) -> Found | None:
        kids = named_kids(spread)
        inner = unwrap(kids[0]) if kids else None
        if inner is not None and inner.type == "identifier" and overridden:
            binding = self.flow.resolve(inner, self.src(inner))
            literal = binding.name.parent if binding and binding.kind == "decl" else None
            value = literal.child_by_field_name("value") if literal is not None else None
            if value is not None and value.type == "object":
                found = self._object(value, overridden).found
                name = self.src(inner)
                return found and Found(found.leak, inner, f"`{name}` holds {found.detail}")
        if inner is not None and inner.type == "object":
            return self._object(inner, overridden).found
        return self.eval(spread).found

    def _key(self, prop: Node) -> str | None:
        if prop.type == "shorthand_property_identifier":
            return self.src(prop)
        key = prop.child_by_field_name("key") if prop.type == "pair" else None
        if key is None:
            return None
        return string_value(key) if key.type == "string" else self.src(key)

    def _pair(self, pair: Node) -> Found | None:
        key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
        val = self.eval(value)
        name = self._key(pair) if key is not None and key.type != "computed_property_name" else None
        if not name or val.safe or val.found is not None or self._explains(value, name):
            return val.found
        kind = secret_name_kind(name)
        return None if kind is None else Found(kind, pair, f"secret-named key `{name}`")

    def _explains(self, value: Node | None, key: str) -> bool:
        """`{ token: tokenCount }`, `{ secrets: secretNames }`: a value named after the key
        that is not itself secret says what it is about the secret, so the key does not."""
        if value is None or value.type not in ("identifier", "member_expression"):
            return False
        prop = value.child_by_field_name("property") if value.type == "member_expression" else value
        name = self.src(prop) if prop is not None else ""
        stems = {word.rstrip("s") for word in name_words(name)}
        return bool(stems & {word.rstrip("s") for word in name_words(key)})

    def _ident(self, node: Node) -> Val:
        name = self.src(node)
        if name == "undefined":
            return SAFE
        binding = self.flow.resolve(node, name)
        val = UNKNOWN if binding is None else self.flow.value(binding)
        if val.safe:
            return SAFE
        found = val.found
        if found is not None:
            found = Found(found.leak, node, f"`{name}` holds {found.detail}")
        own = name_found(name, node)
        return Val(worst([found, own]), val.path if val.path is not None else (name,))

    def _member(self, node: Node) -> Val:
        prop_node = node.child_by_field_name("property")
        prop = self.src(prop_node).lstrip("#") if prop_node is not None else ""
        if prop in SIZE_PROPS:
            return SAFE
        base = self.eval(node.child_by_field_name("object"))
        return self._extend(base, prop, node)

    def _subscript(self, node: Node) -> Val:
        key = string_value(node.child_by_field_name("index"))
        base = self.eval(node.child_by_field_name("object"))
        if key is not None:
            return SAFE if key in SIZE_PROPS else self._extend(base, key, node)
        index = node.child_by_field_name("index")
        if index is not None and index.type == "number":
            return Val(base.found)  # an element of a leaking array: `auth.split(' ')[1]`
        return UNKNOWN

    def _extend(self, base: Val, prop: str, node: Node) -> Val:
        if base.path is None:
            kind = secret_name_kind(prop)
            return Val(None if kind is None else Found(kind, node, f"secret-named `{prop}`"))
        path = (*base.path, prop)
        found = path_found(path, node, self.secret_vars)
        if found is None and len(path) == 3 and path[:2] in ENV_ROOTS:
            return SAFE  # a non-secret env var (PORT, NODE_ENV) is safe under any key
        return Val(found, path)

    # -- calls ---------------------------------------------------------------------------------

    def _call(self, node: Node) -> Val:
        func = node.child_by_field_name("function")
        args_node = node.child_by_field_name("arguments")
        args = named_kids(args_node) if args_node is not None else []
        if func is None:
            return UNKNOWN
        if any(is_masking_call(name) for name in self._called_names(func)):
            return SAFE
        if func.type == "member_expression":
            return self._method_call(func, args, node)
        dotted = self.src(func)
        return SAFE if dotted in SAFE_CALLS else self._function_call(dotted, args, node)

    def _new(self, node: Node) -> Val:
        """`new Headers(req.headers)`, `new Error(`bad ${token}`)`: the arguments' content."""
        ctor = node.child_by_field_name("constructor")
        name = self.src(ctor).rsplit(".", 1)[-1] if ctor is not None else ""
        args_node = node.child_by_field_name("arguments")
        if args_node is None or not (name in SAME_CONTENT_CLASSES or name.endswith(ERRORS)):
            return UNKNOWN
        return Val(worst(self.eval(arg).found for arg in named_kids(args_node)))

    def _called_names(self, func: Node) -> list[str]:
        """The names of the functions called along a chain, and the outermost callee's dotted
        path: `crypto.createHash('x').update(t).digest` -> [digest, update, createHash, crypto],
        `bcrypt.hash` -> [bcrypt.hash, hash]. A masking call anywhere makes the result safe."""
        path = syntax_path(func, self.text)
        names = [".".join(path)] if path is not None else []
        node: Node | None = func
        while node is not None and len(names) < 8:
            if node.type == "identifier":
                names.append(self.src(node))
                return names
            prop = node.child_by_field_name("property")
            if node.type != "member_expression" or prop is None:
                return names
            names.append(self.src(prop))
            obj = node.child_by_field_name("object")
            while obj is not None and obj.type == "member_expression":
                obj = obj.child_by_field_name("object")
            is_call = obj is not None and obj.type == "call_expression"
            node = obj.child_by_field_name("function") if obj is not None and is_call else None
        return names

    def _method_call(self, func: Node, args: list[Node], call: Node) -> Val:
        prop = func.child_by_field_name("property")
        method = self.src(prop) if prop is not None else ""
        obj = func.child_by_field_name("object")
        if method in ("slice", "substring", "substr") and small_slice(method, args):
            return SAFE
        base = self.eval(obj)
        dotted = ".".join((*base.path, method)) if base.path else method
        if method in SAFE_CALLS or dotted in SAFE_CALLS:
            return SAFE
        if dotted in SAME_CONTENT_FUNCTIONS:
            return self._function_call(dotted, args, call)
        read = self._read(base, method, args, call)
        if read is not None:
            return Val(read)
        if method in SAME_CONTENT_METHODS:
            return Val(base.found, base.path if method == "clone" else None)
        return self._function_call(dotted, args, call)

    def _read(self, base: Val, method: str, args: list[Node], call: Node) -> Found | None:
        """A read from a request, headers, cookies or a config by a literal key."""
        key = string_value(args[0]) if args else None
        if method in GETTERS and key is not None:
            return self._getter(base, method, key, call)
        if method in BODY_METHODS and base.path is not None:
            kind = payload_kind(".".join((*base.path, method)))
            return None if kind is None else Found(kind, call, "whole request body")
        return None

    def _function_call(self, dotted: str, args: list[Node], call: Node) -> Val:
        if dotted in SAME_CONTENT_FUNCTIONS:
            return Val(worst(self.eval(arg).found for arg in args))
        if dotted in BODY_READERS and args and args[0].type == "identifier":
            receiver = self.src(args[0])
            if receiver in REQUEST_NAMES or receiver in EVENT_NAMES:
                return Val(Found("payload", call, "whole request body"))
        # Next.js `headers()` and `cookies()` from next/headers: the caller's own.
        if dotted == "headers" and not args:
            return Val(Found("auth-header", call, "whole request headers"), ("headers",))
        if dotted == "cookies" and not args:
            return Val(Found("auth-header", call, "request cookies"), ("cookies",))
        # A getter named for a secret returns it: `getAccessToken()`, `session.getApiKey()`.
        name = dotted.rsplit(".", 1)[-1]
        kind = secret_name_kind(name[3:]) if GETTER_NAME.match(name) else None
        return UNKNOWN if kind is None else Val(Found(kind, call, f"`{name}()` returns it"))

    def _getter(self, base: Val, method: str, key: str, call: Node) -> Found | None:
        """`req.get('Authorization')`, `headers.get('stripe-signature')`, `cookies().get('sid')`,
        `configService.get('JWT_SECRET')`, `Deno.env.get('KEY')`, `params.get('token')`."""
        path = base.path or ()
        last = path[-1] if path else ""
        if last == "headers" or method in HEADER_GETTERS or last in HEADER_READERS:
            kind = header_kind(key)
            return None if kind is None else Found(kind, call, f"header {key}")
        if last in COOKIE_JARS:
            return cookie_found(key, call)
        if ENV_NAME.match(key):
            return env_found(("", "", key), call, self.secret_vars)
        kind = secret_name_kind(key.rsplit(".", 1)[-1])
        return None if kind is None else Found(kind, call, f"secret-named `{key}`")
