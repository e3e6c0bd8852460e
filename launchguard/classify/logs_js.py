"""JavaScript and TypeScript log statements that write a secret, authentication headers, a
webhook signature, a whole request body or a whole configuration.

The work is lazy because it runs on every JS/TS file of a scan: a textual prefilter finds the
candidate sink calls (`console.log(`, `logger.info(`, `this.logger?.warn(`...), tree-sitter
parses only files that have one, and only the arguments of those calls are evaluated. A
variable in an argument is followed to its binding in the same file (the last assignment before
the call in the innermost enclosing function that binds it), so `const t = process.env.KEY;
logger.info(t)` is found without walking the whole tree in Python.

Generated files are skipped before anything else: a line over 1,000 characters in the first
4 KB (minified), a bundler banner or runtime, transpiler boilerplate, a trailing
`sourceMappingURL`, or more than 512 KB. Bundles are not where a log statement gets fixed; their
sources are scanned on their own (or through their source maps).

The vocabulary (what a secret name, an auth header or a whole payload is) comes from
`log_names`, shared with the Python analyzer; this module only knows JavaScript's shapes.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

import tree_sitter_javascript as tsjs
import tree_sitter_typescript as tsts
from tree_sitter import Language, Node, Parser, Query, QueryCursor

from launchguard.classify.env_secrets import name_level
from launchguard.classify.log_names import (
    EVENT_NAMES,
    REQUEST_NAMES,
    SEVERITY,
    config_kind,
    header_kind,
    is_masking_call,
    name_words,
    payload_kind,
    payload_name_kind,
    secret_name_kind,
)
from launchguard.classify.log_types import Leak, LogHit

Dialect = Literal["js", "ts", "tsx"]

_SUFFIXES: dict[str, Dialect] = {
    ".js": "js",
    ".jsx": "js",
    ".mjs": "js",
    ".cjs": "js",
    ".ts": "ts",
    ".mts": "ts",
    ".cts": "ts",
    ".tsx": "tsx",
}
# Declaration files hold no statements and minified files are bundles, not code anyone logs from.
_NOT_CODE = (".d.ts", ".d.mts", ".d.cts", ".min.js", ".min.mjs", ".min.cjs")


def dialect_for(path: str) -> Dialect | None:
    """The grammar for a path by its suffix; None for what is not analyzed (.vue, .svelte,
    declaration files, minified files)."""
    low = path.lower()
    if low.endswith(_NOT_CODE):
        return None
    dot = low.rfind(".")
    return _SUFFIXES.get(low[dot:]) if dot >= 0 else None


# ---------------------------------------------------------------------------------------------
# Prefilter: which files cannot contain a hit, cheaply.

_MAX_BYTES = 512 * 1024  # hand-written modules are far smaller; bigger files are bundles
_MAX_LINE = 1000
# Build output and vendored bundles: a banner, a bundler runtime, transpiler boilerplate.
_GENERATED_HEAD = re.compile(
    rb"@generated|DO NOT EDIT|@license|/\*!|__webpack_require__|/\*{6}/|var __defProp\b"
    rb"|Object\.defineProperty\(exports, ['\"]__esModule['\"]"
)
_GENERATED_TAIL = re.compile(rb"sourceMappingURL=")
_CONSOLE_METHODS = frozenset({"log", "info", "warn", "error", "debug", "trace", "dir", "table"})
_LOGGER_METHODS = frozenset(
    {"log", "info", "warn", "warning", "error", "debug", "trace", "fatal", "verbose", "silly"}
    | {"http"}
)
# The method half of every sink shape. Starting with a literal dot keeps `re` near 1 GB/s (a
# lookbehind or a leading class costs 10x); the object half is checked by looking back.
_SINK_METHOD = re.compile(
    rb"\.\s*("
    + b"|".join(m.encode() for m in sorted(_LOGGER_METHODS | _CONSOLE_METHODS))
    + rb"|write)\s*(?:\?\.\s*)?\("
)
_IDENT_TAIL = re.compile(rb"[\w$]+\Z")
_SINK_OBJECT_NAMES = frozenset({b"console", b"winston", b"bunyan", b"stdout", b"stderr"})


def _looks_generated(text: bytes) -> bool:
    head = text[:4096]
    if any(len(line) > _MAX_LINE for line in head.split(b"\n")):
        return True
    return bool(_GENERATED_HEAD.search(head) or _GENERATED_TAIL.search(text[-512:]))


def _sink_sites(text: bytes) -> list[tuple[int, int]]:
    """Byte spans of the method names of calls shaped like a sink: `<name> . <method> (` where
    <name> is console/winston/bunyan/stdout/stderr, ends in log or logger (any case), or is a
    closing parenthesis (`getLogger('x').info(`, `logger.child({...}).warn(`), with optional
    whitespace, `!` and `?.` between. Sinks are only looked for at these spans, so this
    prefilter cannot drop a call the analyzer reports; the one shape it leaves out, and the
    analyzer with it, is a comment between the object and the dot."""
    sites = []
    for match in _SINK_METHOD.finditer(text):
        start = match.start()
        before = text[max(0, start - 256) : start].rstrip(b" \t\r\n?!")
        if before.endswith(b")"):
            sites.append(match.span(1))
            continue
        name = _IDENT_TAIL.search(before[-64:])
        if name is not None and _sinkish_object(name.group()):
            sites.append(match.span(1))
    return sites


def _sinkish_object(name: bytes) -> bool:
    low = name.lower()
    return low.endswith((b"log", b"logger")) or low in _SINK_OBJECT_NAMES


# ---------------------------------------------------------------------------------------------
# Parsers: languages and queries once per process, parsers once per thread (not thread-safe).

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
def _binding_query(dialect: Dialect) -> Query:
    extra = _DIALECT_BINDINGS["js" if dialect == "js" else "ts"]
    return Query(_language(dialect), _COMMON_BINDINGS + extra)


def _parser(dialect: Dialect) -> Parser:
    parsers: dict[Dialect, Parser] | None = getattr(_local, "parsers", None)
    if parsers is None:
        parsers = _local.parsers = {}
    parser = parsers.get(dialect)
    if parser is None:
        parser = parsers[dialect] = Parser(_language(dialect))
    return parser


# ---------------------------------------------------------------------------------------------
# Values: what an expression is known to be.


@dataclass(frozen=True, slots=True)
class _Found:
    leak: Leak
    node: Node  # the leaking expression as written
    detail: str


@dataclass(frozen=True, slots=True)
class _Val:
    found: _Found | None = None
    path: tuple[str, ...] | None = None  # `req.headers` -> ("req", "headers")
    safe: bool = False  # provably says nothing of a secret: a literal, a length, a hash


_SAFE = _Val(safe=True)
_UNKNOWN = _Val()


def _worst(founds: Iterable[_Found | None]) -> _Found | None:
    best: _Found | None = None
    for found in founds:
        if found is not None and (best is None or SEVERITY[found.leak] > SEVERITY[best.leak]):
            best = found
    return best


def _composite(vals: Iterable[_Val]) -> _Val:
    """A value built from parts (a template, a concatenation, an object literal) leaks what its
    parts leak and nothing else: a fresh object of harmless parts is harmless."""
    found = _worst(val.found for val in vals)
    return _SAFE if found is None else _Val(found)


_FUNCTIONS = frozenset(
    {"function_declaration", "function_expression", "function", "arrow_function"}
    | {"method_definition", "generator_function", "generator_function_declaration", "program"}
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
_SIZE_PROPS = frozenset({"length", "size", "byteLength"})
# Methods that return their receiver's content, changed in form only.
_SAME_CONTENT_METHODS = frozenset(
    {"toString", "trim", "trimStart", "trimEnd", "toUpperCase", "toLowerCase", "replace"}
    | {"replaceAll", "split", "concat", "padStart", "padEnd", "normalize", "valueOf", "toJSON"}
    | {"at", "join", "flat", "clone", "entries", "values", "slice", "substring", "substr"}
)
# Functions that return their arguments' content: serializers and encodings hide nothing.
_SAME_CONTENT_FUNCTIONS = frozenset(
    {"JSON.stringify", "JSON.parse", "String", "util.inspect", "inspect", "util.format"}
    | {"format", "Buffer.from", "btoa", "atob", "encodeURIComponent", "decodeURIComponent"}
    | {"encodeURI", "decodeURI", "structuredClone", "Object.entries", "Object.values"}
    | {"Object.assign", "Object.fromEntries", "Array.from", "escape", "unescape"}
)
_SAME_CONTENT_CLASSES = frozenset({"Headers", "URLSearchParams", "Map", "Set", "String", "URL"})
_ERRORS = ("Error", "Exception")
# Results that say something about a value and nothing of it. Not in log_names because they are
# JavaScript's own (log_names has `startswith`, `len`, `bool`); merge there if shared.
_SAFE_CALLS = frozenset(
    {"Boolean", "Number", "isNaN", "Array.isArray", "Object.keys", "parseInt", "parseFloat"}
    | {"startsWith", "endsWith", "includes", "test", "has", "indexOf", "lastIndexOf", "equals"}
    | {"timingSafeEqual", "some", "every", "localeCompare"}
    # A verified or decoded JWT is its claims, not the token.
    | {"jwt.verify", "jwt.decode", "jsonwebtoken.verify", "jsonwebtoken.decode", "jwtDecode"}
    | {"jwtVerify", "decodeJwt"}
)
_GETTERS = frozenset({"get", "header", "getHeader", "getAll", "getItem"})
_HEADER_GETTERS = frozenset({"header", "getHeader"})
_BODY_METHODS = frozenset({"json", "text", "formData", "arrayBuffer", "blob"})
# h3/Nuxt `readBody(event)`, micro `buffer(req)`, `getRawBody(req)`: the whole body.
_BODY_READERS = frozenset(
    {"readBody", "readRawBody", "getRawBody", "rawBody", "buffer", "text", "json", "getBody"}
)
_ENV_ROOTS = frozenset({("process", "env"), ("import.meta", "env"), ("Bun", "env")})
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_GETTER_NAME = re.compile(r"^get[A-Z]")
_COOKIE_JARS = frozenset({"cookies", "signedCookies"})
_COOKIE_WORDS = frozenset({"session", "sid", "auth"})
# Receivers whose `headers` are the caller's, beside log_names' request names:
# Hono/Fastify `req.raw.headers`, socket.io `socket.handshake.headers`.
_JS_HEADER_RECEIVERS = frozenset({"raw", "handshake"})
# `req.get('Authorization')` (Express), `ctx.get('X-Api-Key')` (Koa) read a request header.
_HEADER_READERS = REQUEST_NAMES | {"ctx"}
_LOGGER_FACTORIES = frozenset({"getLogger", "createLogger", "pino", "bunyan"})
_DESTRUCTURING_ROOTS = frozenset({"variable_declarator", "assignment_expression"})
# Parameters are judged by name; loop variables and array elements are not followed.
_NOT_DESTRUCTURED = _FUNCTIONS | {
    "array_pattern",
    "formal_parameters",
    "for_in_statement",
    "catch_clause",
}
_BINDING_CONSTRUCTS = _DESTRUCTURING_ROOTS | {"augmented_assignment_expression"}
_LAMBDA_TYPES = re.compile(r"APIGateway|ALBEvent|LambdaFunctionURL|Handler<")
_LAMBDA_HANDLERS = frozenset({"handler", "lambdaHandler", "lambda_handler"})
_MAX_DEPTH = 60
_SMALL_SLICE = 8


def _kids(node: Node) -> list[Node]:
    return [kid for kid in node.named_children if kid.type != "comment"]


def _string_value(node: Node | None) -> str | None:
    """The value of a string literal without escapes or substitutions."""
    if node is None or node.type not in ("string", "template_string"):
        return None
    kids = _kids(node)
    if any(kid.type != "string_fragment" for kid in kids):
        return None
    raw = node.text or b""
    return raw[1:-1].decode("utf-8", "replace")


def _int_value(node: Node) -> int | None:
    raw = (node.text or b"").replace(b" ", b"")
    return int(raw) if re.fullmatch(rb"-?[0-9]{1,6}", raw) else None


def _small_slice(method: str, args: list[Node]) -> bool:
    """`token.slice(-4)`, `token.substring(0, 6)`: a few characters are a safe preview."""
    bounds = [_int_value(arg) for arg in args]
    if not bounds or len(bounds) > 2 or any(b is None for b in bounds):
        return False
    ints = [b for b in bounds if b is not None]
    if method == "substr":
        return len(ints) == 2 and ints[1] <= _SMALL_SLICE
    if len(ints) == 1:
        return method == "slice" and -_SMALL_SLICE <= ints[0] < 0
    return abs(ints[1] - ints[0]) <= _SMALL_SLICE and (ints[0] >= 0) == (ints[1] >= 0)


def _name_found(name: str, node: Node) -> _Found | None:
    """What an identifier's own name says: `token`, `webhookPayload`, `config`."""
    kind = secret_name_kind(name)
    if kind is not None:
        return _Found(kind, node, f"secret-named value `{name}`")
    kind = payload_name_kind(name) or config_kind(name)
    if kind is not None:
        return _Found(kind, node, f"`{name}` is a whole {kind}")
    return None


def _cookie_found(key: str, node: Node) -> _Found | None:
    if secret_name_kind(key) or _COOKIE_WORDS.intersection(name_words(key)):
        return _Found("auth-header", node, f"cookie {key}")
    return None


def _env_found(path: tuple[str, ...], node: Node, secret_vars: frozenset[str]) -> _Found | None:
    var = path[2]
    if var in secret_vars or name_level(var) == "secret":
        return _Found("secret", node, f"env var {var}")
    return None


def _header_found(path: tuple[str, ...], node: Node) -> _Found | None:
    if path[-1] == "headers" and path[-2] in _JS_HEADER_RECEIVERS:
        return _Found("auth-header", node, "whole request headers")
    if path[-2] == "headers":
        kind = header_kind(path[-1])
        return None if kind is None else _Found(kind, node, f"header {path[-1]}")
    if path[-2] in _COOKIE_JARS:
        return _cookie_found(path[-1], node)
    return None


def _whole_found(path: tuple[str, ...], node: Node) -> _Found | None:
    dotted = ".".join(path)
    kind = payload_kind(dotted)
    if kind is None:
        kind = config_kind(dotted) or (
            config_kind(".".join(path[1:])) if path[0] == "this" else None
        )
    return None if kind is None else _Found(kind, node, f"whole `{dotted}`")


# ---------------------------------------------------------------------------------------------
# The analysis of one parsed file.


@dataclass(frozen=True, slots=True)
class _Binding:
    kind: str  # decl, assign, destructure, param, loop, opaque (the query's capture names)
    name: Node


class _File:
    def __init__(
        self, text: bytes, root: Node, dialect: Dialect, secret_vars: frozenset[str]
    ) -> None:
        self.text = text
        self.root = root
        self.dialect = dialect
        self.secret_vars = secret_vars
        self._bindings: dict[str, list[_Binding]] | None = None
        self._owners: dict[int, int] = {}
        self._memo: dict[int, _Val] = {}
        self._busy: set[int] = set()
        self._depth = 0
        self._handlers: dict[str, Callable[[Node], _Val]] = {
            "identifier": self._ident,
            "shorthand_property_identifier": self._ident,
            "this": lambda _node: _Val(path=("this",)),
            "meta_property": lambda _node: _Val(path=("import.meta",)),
            "member_expression": self._member,
            "subscript_expression": self._subscript,
            "call_expression": self._call,
            "new_expression": self._new,
            "template_string": lambda node: _composite(map(self.eval, _kids(node))),
            "array": lambda node: _composite(map(self.eval, _kids(node))),
            "binary_expression": self._binary,
            "ternary_expression": self._ternary,
            "object": self._object,
            "assignment_expression": lambda node: self.eval(node.child_by_field_name("right")),
            "sequence_expression": lambda node: self.eval(_kids(node)[-1]),
        }

    def src(self, node: Node) -> str:
        return self.text[node.start_byte : node.end_byte].decode("utf-8", "replace")

    # -- expressions ---------------------------------------------------------------------------

    def eval(self, node: Node | None) -> _Val:
        # The depth cap bounds recursion on adversarial nesting (`((((...))))`, long chains).
        if node is None or self._depth > _MAX_DEPTH:
            return _UNKNOWN
        self._depth += 1
        try:
            return self._dispatch(node)
        finally:
            self._depth -= 1

    def _dispatch(self, node: Node) -> _Val:
        kind = node.type
        if kind in _WRAPPERS:
            kids = _kids(node)
            return self.eval(kids[-1] if kind == "type_assertion" else kids[0]) if kids else _SAFE
        handler = self._handlers.get(kind)
        if handler is not None:
            return handler(node)
        return _SAFE if kind in _LITERALS else _UNKNOWN

    def _binary(self, node: Node) -> _Val:
        op = node.child_by_field_name("operator")
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        op_text = op.type if op is not None else ""
        if op_text in _PASS_THROUGH_OPS:
            return _composite([self.eval(left), self.eval(right)])
        # `token && token.slice(-4)` is the right side; comparisons and arithmetic are safe.
        return _composite([self.eval(right)]) if op_text == "&&" else _SAFE

    def _ternary(self, node: Node) -> _Val:
        parts = (node.child_by_field_name(f) for f in ("consequence", "alternative"))
        return _composite(self.eval(part) for part in parts)

    def _object(self, node: Node, overridden: frozenset[str] = frozenset()) -> _Val:
        """An object literal leaks what its properties leak. A property written after a spread
        replaces the spread's: `{ ...body, password: 'XXXXX' }` does not log the password."""
        props = _kids(node)
        founds: list[_Found | None] = []
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
        found = _worst(founds)
        return _SAFE if found is None else _Val(found)

    def _spread(self, spread: Node, overridden: frozenset[str]) -> _Found | None:
        kids = _kids(spread)
        inner = _unwrap(kids[0]) if kids else None
        if inner is not None and inner.type == "identifier" and overridden:
            binding = self._resolve(inner, self.src(inner))
            literal = binding.name.parent if binding and binding.kind == "decl" else None
            value = literal.child_by_field_name("value") if literal is not None else None
            if value is not None and value.type == "object":
                found = self._object(value, overridden).found
                name = self.src(inner)
                return found and _Found(found.leak, inner, f"`{name}` holds {found.detail}")
        if inner is not None and inner.type == "object":
            return self._object(inner, overridden).found
        return self.eval(spread).found

    def _key(self, prop: Node) -> str | None:
        if prop.type == "shorthand_property_identifier":
            return self.src(prop)
        key = prop.child_by_field_name("key") if prop.type == "pair" else None
        if key is None:
            return None
        return _string_value(key) if key.type == "string" else self.src(key)

    def _pair(self, pair: Node) -> _Found | None:
        key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
        val = self.eval(value)
        name = self._key(pair) if key is not None and key.type != "computed_property_name" else None
        if not name or val.safe or val.found is not None or self._explains(value, name):
            return val.found
        kind = secret_name_kind(name)
        return None if kind is None else _Found(kind, pair, f"secret-named key `{name}`")

    def _explains(self, value: Node | None, key: str) -> bool:
        """`{ token: tokenCount }`, `{ secrets: secretNames }`: a value named after the key
        that is not itself secret says what it is about the secret, so the key does not."""
        if value is None or value.type not in ("identifier", "member_expression"):
            return False
        prop = value.child_by_field_name("property") if value.type == "member_expression" else value
        name = self.src(prop) if prop is not None else ""
        stems = {word.rstrip("s") for word in name_words(name)}
        return bool(stems & {word.rstrip("s") for word in name_words(key)})

    def _ident(self, node: Node) -> _Val:
        name = self.src(node)
        if name == "undefined":
            return _SAFE
        binding = self._resolve(node, name)
        val = _UNKNOWN if binding is None else self._binding_value(binding)
        if val.safe:
            return _SAFE
        found = val.found
        if found is not None:
            found = _Found(found.leak, node, f"`{name}` holds {found.detail}")
        own = _name_found(name, node)
        return _Val(_worst([found, own]), val.path if val.path is not None else (name,))

    def _member(self, node: Node) -> _Val:
        prop_node = node.child_by_field_name("property")
        prop = self.src(prop_node).lstrip("#") if prop_node is not None else ""
        if prop in _SIZE_PROPS:
            return _SAFE
        base = self.eval(node.child_by_field_name("object"))
        return self._extend(base, prop, node)

    def _subscript(self, node: Node) -> _Val:
        key = _string_value(node.child_by_field_name("index"))
        base = self.eval(node.child_by_field_name("object"))
        if key is not None:
            return _SAFE if key in _SIZE_PROPS else self._extend(base, key, node)
        index = node.child_by_field_name("index")
        if index is not None and index.type == "number":
            return _Val(base.found)  # an element of a leaking array: `auth.split(' ')[1]`
        return _UNKNOWN

    def _extend(self, base: _Val, prop: str, node: Node) -> _Val:
        if base.path is None:
            kind = secret_name_kind(prop)
            return _Val(None if kind is None else _Found(kind, node, f"secret-named `{prop}`"))
        path = (*base.path, prop)
        found = self.path_found(path, node)
        if found is None and len(path) == 3 and path[:2] in _ENV_ROOTS:
            return _SAFE  # a non-secret env var (PORT, NODE_ENV) is safe under any key
        return _Val(found, path)

    def path_found(self, path: tuple[str, ...], node: Node) -> _Found | None:
        if path[:2] in _ENV_ROOTS:
            # An env var is judged by env_secrets alone: NEXT_PUBLIC_STRIPE_KEY is public.
            if len(path) == 2:
                return _Found("config", node, f"whole `{'.'.join(path)}`")
            return _env_found(path, node, self.secret_vars) if len(path) == 3 else None
        header = _header_found(path, node)
        if header is not None or path[-2] == "headers":
            return header
        own = secret_name_kind(path[-1])
        named = None if own is None else _Found(own, node, f"secret-named `{path[-1]}`")
        return _worst([named, _whole_found(path, node)])

    # -- calls ---------------------------------------------------------------------------------

    def _call(self, node: Node) -> _Val:
        func = node.child_by_field_name("function")
        args_node = node.child_by_field_name("arguments")
        args = _kids(args_node) if args_node is not None else []
        if func is None:
            return _UNKNOWN
        if any(is_masking_call(name) for name in self._called_names(func)):
            return _SAFE
        if func.type == "member_expression":
            return self._method_call(func, args, node)
        dotted = self.src(func)
        return _SAFE if dotted in _SAFE_CALLS else self._function_call(dotted, args, node)

    def _new(self, node: Node) -> _Val:
        """`new Headers(req.headers)`, `new Error(`bad ${token}`)`: the arguments' content."""
        ctor = node.child_by_field_name("constructor")
        name = self.src(ctor).rsplit(".", 1)[-1] if ctor is not None else ""
        args_node = node.child_by_field_name("arguments")
        if args_node is None or not (name in _SAME_CONTENT_CLASSES or name.endswith(_ERRORS)):
            return _UNKNOWN
        return _Val(_worst(self.eval(arg).found for arg in _kids(args_node)))

    def _called_names(self, func: Node) -> list[str]:
        """The names of the functions called along a chain, and the outermost callee's dotted
        path: `crypto.createHash('x').update(t).digest` -> [digest, update, createHash, crypto],
        `bcrypt.hash` -> [bcrypt.hash, hash]. A masking call anywhere makes the result safe."""
        path = _syntax_path(func, self.text)
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

    def _method_call(self, func: Node, args: list[Node], call: Node) -> _Val:
        prop = func.child_by_field_name("property")
        method = self.src(prop) if prop is not None else ""
        obj = func.child_by_field_name("object")
        if method in ("slice", "substring", "substr") and _small_slice(method, args):
            return _SAFE
        base = self.eval(obj)
        dotted = ".".join((*base.path, method)) if base.path else method
        if method in _SAFE_CALLS or dotted in _SAFE_CALLS:
            return _SAFE
        if dotted in _SAME_CONTENT_FUNCTIONS:
            return self._function_call(dotted, args, call)
        read = self._read(base, method, args, call)
        if read is not None:
            return _Val(read)
        if method in _SAME_CONTENT_METHODS:
            return _Val(base.found, base.path if method == "clone" else None)
        return self._function_call(dotted, args, call)

    def _read(self, base: _Val, method: str, args: list[Node], call: Node) -> _Found | None:
        """A read from a request, headers, cookies or a config by a literal key."""
        key = _string_value(args[0]) if args else None
        if method in _GETTERS and key is not None:
            return self._getter(base, method, key, call)
        if method in _BODY_METHODS and base.path is not None:
            kind = payload_kind(".".join((*base.path, method)))
            return None if kind is None else _Found(kind, call, "whole request body")
        return None

    def _function_call(self, dotted: str, args: list[Node], call: Node) -> _Val:
        if dotted in _SAME_CONTENT_FUNCTIONS:
            return _Val(_worst(self.eval(arg).found for arg in args))
        if dotted in _BODY_READERS and args and args[0].type == "identifier":
            receiver = self.src(args[0])
            if receiver in REQUEST_NAMES or receiver in EVENT_NAMES:
                return _Val(_Found("payload", call, "whole request body"))
        # Next.js `headers()` and `cookies()` from next/headers: the caller's own.
        if dotted == "headers" and not args:
            return _Val(_Found("auth-header", call, "whole request headers"), ("headers",))
        if dotted == "cookies" and not args:
            return _Val(_Found("auth-header", call, "request cookies"), ("cookies",))
        # A getter named for a secret returns it: `getAccessToken()`, `session.getApiKey()`.
        name = dotted.rsplit(".", 1)[-1]
        kind = secret_name_kind(name[3:]) if _GETTER_NAME.match(name) else None
        return _UNKNOWN if kind is None else _Val(_Found(kind, call, f"`{name}()` returns it"))

    def _getter(self, base: _Val, method: str, key: str, call: Node) -> _Found | None:
        """`req.get('Authorization')`, `headers.get('stripe-signature')`, `cookies().get('sid')`,
        `configService.get('JWT_SECRET')`, `Deno.env.get('KEY')`, `params.get('token')`."""
        path = base.path or ()
        last = path[-1] if path else ""
        if last == "headers" or method in _HEADER_GETTERS or last in _HEADER_READERS:
            kind = header_kind(key)
            return None if kind is None else _Found(kind, call, f"header {key}")
        if last in _COOKIE_JARS:
            return _cookie_found(key, call)
        if _ENV_NAME.match(key):
            return _env_found(("", "", key), call, self.secret_vars)
        kind = secret_name_kind(key.rsplit(".", 1)[-1])
        return None if kind is None else _Found(kind, call, f"secret-named `{key}`")

    # -- bindings ------------------------------------------------------------------------------

    def _index(self) -> dict[str, list[_Binding]]:
        if self._bindings is None:
            self._bindings = {}
            captures = QueryCursor(_binding_query(self.dialect)).captures(self.root)
            for kind, nodes in captures.items():
                for name in nodes:
                    self._bindings.setdefault(self.src(name), []).append(_Binding(kind, name))
            for found in self._bindings.values():
                found.sort(key=lambda b: b.name.start_byte)
        return self._bindings

    def _owner(self, node: Node) -> int:
        """The function (or program) whose scope a binding belongs to."""
        cached = self._owners.get(node.id)
        if cached is not None:
            return cached
        scope: Node | None = node.parent
        while scope is not None and scope.type not in _FUNCTIONS:
            scope = scope.parent
        owner = scope.id if scope is not None else self.root.id
        self._owners[node.id] = owner
        return owner

    def _resolve(self, ref: Node, name: str) -> _Binding | None:
        """The binding a use of `name` sees: in the innermost enclosing function that binds it,
        the last one completed before the use (or the first, for closures and hoisting)."""
        bindings = self._index().get(name)
        if not bindings:
            return None
        scope: Node | None = ref
        while scope is not None:
            if scope.type in _FUNCTIONS:
                here = [b for b in bindings if self._owner(b.name) == scope.id and b.name != ref]
                if here:
                    before = [b for b in here if _construct_end(b) <= ref.start_byte]
                    return before[-1] if before else here[0]
            scope = scope.parent
        return None

    def _binding_value(self, binding: _Binding) -> _Val:
        key = binding.name.id
        if key in self._memo:
            return self._memo[key]
        if key in self._busy:
            return _UNKNOWN
        self._busy.add(key)
        try:
            val = self._compute_binding(binding)
        finally:
            self._busy.discard(key)
        self._memo[key] = val
        return val

    def _compute_binding(self, binding: _Binding) -> _Val:
        parent = binding.name.parent
        if parent is None or binding.kind == "opaque":
            return _UNKNOWN
        if binding.kind == "decl":
            value = parent.child_by_field_name("value")
            return _UNKNOWN if value is None else self.eval(value)
        if binding.kind == "assign":
            return self.eval(parent.child_by_field_name("right"))
        if binding.kind == "param":
            return self._param_value(binding.name)
        if binding.kind == "loop":
            return self._loop_value(parent)
        return self._destructured(binding.name)

    def _loop_value(self, loop: Node) -> _Val:
        """`for (const k in o)` is a key; `for (const token of tokens)` an element of what
        `tokens` holds: its leak if it has one, else nothing a name could add."""
        operator = loop.child_by_field_name("operator")
        if operator is None or operator.type != "of":
            return _SAFE
        iterable = loop.child_by_field_name("right")
        val = self.eval(iterable)
        if val.found is not None:
            return _Val(val.found)
        named = iterable is not None and iterable.type in ("identifier", "member_expression")
        return _SAFE if named else _UNKNOWN

    def _destructured(self, name: Node) -> _Val:
        """`const { token } = req.body` -> the path req.body.token; `...rest` -> the whole."""
        keys: list[str] = []
        rest = False
        node = name
        parent = node.parent
        while parent is not None and parent.type not in _DESTRUCTURING_ROOTS:
            if parent.type in _NOT_DESTRUCTURED:
                return _UNKNOWN
            if node.type == "shorthand_property_identifier_pattern":
                keys.append(self.src(node))
            elif parent.type == "pair_pattern" and node == parent.child_by_field_name("value"):
                key = parent.child_by_field_name("key")
                keys.append((_string_value(key) or self.src(key)) if key is not None else "")
            rest = rest or parent.type == "rest_pattern"
            node, parent = parent, parent.parent
        if parent is None:
            return _UNKNOWN
        field = "right" if parent.type == "assignment_expression" else "value"
        base = self.eval(parent.child_by_field_name(field))
        if rest:
            return _Val(base.found)
        if base.path is None:
            return _UNKNOWN
        path = (*base.path, *reversed(keys))
        return _Val(self.path_found(path, name), path)

    def _param_value(self, name: Node) -> _Val:
        """Parameters are judged by their name, except a NestJS `@Body()`/`@Headers()` one and
        the event of an AWS Lambda handler."""
        param = name.parent
        if param is None:
            return _UNKNOWN
        for decorator in param.children_by_field_name("decorator"):
            found = self._decorated(decorator)
            if found is not None:
                return _Val(found)
        if self.src(name) in EVENT_NAMES and self._is_lambda(param):
            return _Val(_Found("payload", name, "whole Lambda event (headers and body)"))
        return _UNKNOWN

    def _decorated(self, decorator: Node) -> _Found | None:
        """`@Body() dto` is the whole body, `@Headers() h` the whole headers,
        `@Headers('authorization') auth` one header."""
        kids = _kids(decorator)
        call = kids[0] if kids else None
        func = call.child_by_field_name("function") if call is not None else None
        args_node = call.child_by_field_name("arguments") if call is not None else None
        if func is None or args_node is None:
            return None
        args = _kids(args_node)
        arg = _string_value(args[0]) if args else None
        name = self.src(func)
        if name == "Body" and not args:
            return _Found("payload", decorator, "whole request body")
        if name == "Headers" and (not args or arg is not None):
            kind = "auth-header" if arg is None else header_kind(arg)
            detail = "whole request headers" if arg is None else f"header {arg}"
            return None if kind is None else _Found(kind, decorator, detail)
        return None

    def _param_name(self, param: Node) -> str:
        pattern = param.child_by_field_name("pattern") or param
        return self.src(pattern)

    def _is_lambda(self, param: Node) -> bool:
        """`export const handler = async (event, context) =>`, `(event: APIGatewayProxyEvent)`:
        a Lambda event carries the caller's headers and body. A bare `event` elsewhere is a DOM
        or emitter event."""
        annotation = param.child_by_field_name("type")
        if annotation is not None and _LAMBDA_TYPES.search(self.src(annotation)):
            return True
        func = param if param.type in _FUNCTIONS else param.parent
        if func is not None and func.type == "formal_parameters":
            func = func.parent
        if func is None:
            return False
        params = func.child_by_field_name("parameters")
        names = {self._param_name(kid) for kid in _kids(params)} if params is not None else set()
        if names & {"context", "lambdaContext"}:
            return True
        return self._function_label(func) in _LAMBDA_HANDLERS

    def _function_label(self, func: Node) -> str:
        """`function handler`, `const handler = ...`, `exports.handler = ...` -> handler."""
        label = func.child_by_field_name("name")
        holder = func.parent
        if label is None and holder is not None:
            field = {"variable_declarator": "name", "assignment_expression": "left"}
            label = holder.child_by_field_name(field.get(holder.type, "-"))
        return self.src(label).rsplit(".", 1)[-1] if label is not None else ""


def _construct_end(binding: _Binding) -> int:
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


# ---------------------------------------------------------------------------------------------
# Sinks and hits.


def _unwrap(node: Node | None) -> Node | None:
    while node is not None and node.type in (
        "parenthesized_expression",
        "non_null_expression",
        "as_expression",
    ):
        kids = _kids(node)
        node = kids[0] if kids else None
    return node


def _syntax_path(node: Node | None, text: bytes) -> tuple[str, ...] | None:
    """`this.logger` -> ("this", "logger"); None for anything but names and properties."""
    parts: list[str] = []
    node = _unwrap(node)
    while node is not None and node.type == "member_expression":
        prop = node.child_by_field_name("property")
        if prop is None:
            return None
        parts.append(text[prop.start_byte : prop.end_byte].decode("utf-8", "replace"))
        node = _unwrap(node.child_by_field_name("object"))
    if node is None or node.type not in ("identifier", "this"):
        return None
    parts.append(text[node.start_byte : node.end_byte].decode("utf-8", "replace"))
    return tuple(reversed(parts))


def _loggerish(name: str) -> bool:
    """`logger`, `log`, `LOG`, `this.auditLogger`, `fastify.log`, `winston`; not `catalog`."""
    words = name_words(name)
    if name.lower() in ("winston", "bunyan"):
        return True
    return bool(words) and words[-1] in ("log", "logger")


def _is_logger_factory(call: Node, text: bytes) -> bool:
    """`getLogger('x').info(`, `pino().info(`, `logger.child({ reqId }).warn(`."""
    func = _unwrap(call.child_by_field_name("function"))
    path = _syntax_path(func, text)
    if path is None:
        return False
    if path[-1] == "child":
        return len(path) > 1 and _loggerish(path[-2])
    return path[-1] in _LOGGER_FACTORIES


def _is_sink(member: Node, method: str, text: bytes) -> bool:
    obj = _unwrap(member.child_by_field_name("object"))
    if obj is not None and obj.type == "call_expression":
        return method in _LOGGER_METHODS and _is_logger_factory(obj, text)
    path = _syntax_path(obj, text)
    if path is None:
        return False
    if path == ("console",):
        return method in _CONSOLE_METHODS
    if path in (("process", "stdout"), ("process", "stderr")):
        return method == "write"
    return method in _LOGGER_METHODS and _loggerish(path[-1])


def _sink_call(root: Node, start: int, end: int, text: bytes) -> Node | None:
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
    return call if _is_sink(member, method, text) else None


_AROUND_DOTS = re.compile(r"\s*(\??\.)\s*")  # `logger\n  .info` is written `logger.info`


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 80 else flat[:79] + "…"


def _allowed(text: bytes, call: Node) -> bool:
    start = text.rfind(b"\n", 0, call.start_byte) + 1
    end = text.find(b"\n", call.end_byte)
    return b"launchguard:allow" in text[start : end if end >= 0 else len(text)]


def _hit(file: _File, call: Node) -> LogHit | None:
    text = file.text
    if _allowed(text, call):
        return None
    args = call.child_by_field_name("arguments")
    found = _worst(file.eval(arg).found for arg in (_kids(args) if args is not None else []))
    if found is None:
        return None
    func = call.child_by_field_name("function")
    row, col_bytes = call.start_point
    column = len(text[call.start_byte - col_bytes : call.start_byte].decode("utf-8", "replace"))
    return LogHit(
        line=row + 1,
        column=column + 1,
        sink=_clip(_AROUND_DOTS.sub(r"\1", file.src(func))) if func is not None else "",
        leak=found.leak,
        expression=_clip(file.src(found.node)),
        detail=found.detail,
    )


def analyze_js(
    text: bytes, dialect: Dialect, secret_env_vars: frozenset[str] = frozenset()
) -> list[LogHit]:
    """One LogHit per log call that writes something it should not, in source order."""
    if len(text) > _MAX_BYTES or _looks_generated(text):
        return []
    sites = _sink_sites(text)
    if not sites:
        return []
    root = _parser(dialect).parse(text).root_node
    file = _File(text, root, dialect, secret_env_vars)
    hits: list[LogHit] = []
    seen: set[int] = set()
    for start, end in sites:
        call = _sink_call(root, start, end, text)
        if call is None or call.id in seen:
            continue
        seen.add(call.id)
        hit = _hit(file, call)
        if hit is not None:
            hits.append(hit)
    return hits
