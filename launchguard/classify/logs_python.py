"""Python log statements that write a secret, auth headers, a webhook signature, a whole
request body or a whole configuration.

Cheapest first; no stage can drop a call that the last one would report:
1. No sink word in the text (`log`, `print`, `stdout`...): no sink call can be written.
2. The lines where a sink call may start (`print(`, `.info(`...), less those that cannot
   write anything: in a comment or a doctest, one plain string literal as the only argument,
   a log method on a receiver without `log` in it that does not continue a chain from the
   line above (every logger `_is_logger` accepts has `log` in its name or its factory's).
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
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Final, Literal

from launchguard.classify.env_secrets import name_level
from launchguard.classify.log_names import (
    EVENT_NAMES,
    SEVERITY,
    config_kind,
    header_kind,
    is_masking_call,
    name_words,
    path_kind,
    payload_name_kind,
    secret_name_kind,
)
from launchguard.classify.log_types import Leak, LogHit
from launchguard.classify.logs_python_gate import worth_parsing

# Every sink is written with one of these (loggers are named `log`, `logger`, `LOG`...).
_SINK_WORDS = ("log", "LOG", "Log", "print", "stdout", "stderr", "echo", "console")
_SINK_NAMES = frozenset(
    {
        *("print", "echo", "secho", "write", "writelines"),
        *("debug", "info", "warning", "warn", "error", "exception", "critical", "fatal"),
        *("log", "msg", "success", "trace", "notice"),
        *("adebug", "ainfo", "awarning", "aerror", "aexception", "acritical", "alog"),
    }
)
# Where a sink call can start: its name right before `(`. Written as `(` followed by
# look-behinds because a literal first character lets the engine skip ahead: twice as
# fast as the same alternation written name first.
_SINK_CALL = re.compile(
    r"\((?:" + "|".join(f"(?<={name}\\()" for name in sorted(_SINK_NAMES)) + ")"
)
_LOG_METHODS = _SINK_NAMES - {"print", "echo", "secho", "write", "writelines"}
_LOGGER_WORDS = frozenset({"log", "logger", "logging"})
# Calls that return a logger: `logging.getLogger(__name__)`, `structlog.get_logger()`,
# `log.bind(user=...)`, loguru's `logger.opt(...)`.
_LOGGER_FACTORIES = frozenset({"getLogger", "get_logger", "getlogger"})
_LOGGER_DERIVED = frozenset({"bind", "opt", "new", "patch", "getChild", "child", "with_fields"})
_PRINTS = frozenset({"print", "pprint"})
_STREAMS = frozenset({"sys.stdout", "sys.stderr", "stdout", "stderr", "sys.__stdout__"})
# Keyword arguments that configure the call rather than being written.
_META_KWARGS = frozenset(
    {"exc_info", "stack_info", "stacklevel", "file", "sep", "end", "flush", "level", "depth"}
)
_ALLOW = "launchguard:allow"
# A file that lexes or tokenizes text means a lexer token by `token`.
_LEXER_WORDS = ("tokeniz", "lexer", "Lexer", "pygments", "shlex", "import token", "from token ")
_NAME_AT_END = re.compile(r"\w+\Z")
_RECEIVER_CHARS = 400  # a receiver chain is shorter than this
# `(` then nothing or one plain (not f-) string literal and `)`: a call that writes a constant.
_CONSTANT_CALL = re.compile(r"""\(\s*(?:[rRbBuU]{0,2}(?:"[^"\\\n]*"|'[^'\\\n]*'))?\s*\)""")

_ENVIRON = frozenset({"os.environ", "environ"})
_GETENV = frozenset({"os.getenv", "getenv", "os.environ.get", "environ.get"})
_LOOKUPS = frozenset({"get", "pop", "getlist", "getone", "setdefault"})
_COOKIE_BASES = frozenset({"cookies", "COOKIES", "signedCookies"})
_HEADER_BASES = frozenset({"headers", "META", "environ", "rawHeaders", "multiValueHeaders"})
_SESSION_COOKIE_WORDS = frozenset(
    [
        "session",
        "sessionid",
        "sid",
        "auth",
        "token",
        "jwt",
        "remember",
        "csrftoken",
        "csrf",
        "access",
        "refresh",
    ]
)
# Functions and methods whose result carries their argument or receiver whole.
_CARRY_FUNCS = frozenset(
    [
        "str",
        "repr",
        "bytes",
        "bytearray",
        "dict",
        "list",
        "tuple",
        "set",
        "frozenset",
        "sorted",
        "vars",
        "format",
        "dumps",
        "dump",
        "safe_dump",
        "loads",
        "pformat",
        "b64encode",
        "b64decode",
        "urlsafe_b64encode",
        "urlsafe_b64decode",
        "standard_b64encode",
        "encodebytes",
        "jsonify",
        "OrderedDict",
        "deepcopy",
        "copy",
        "asdict",
        "unquote",
        "quote",
        "MappingProxyType",
    ]
)
_ORDERING = frozenset({"sorted", "list", "reversed", "tuple"})
# What a token says about its holder, not the token: `jwt.decode(token, key)`.
_CLAIMS = frozenset({"jwt.decode", "jose.jwt.decode", "jwt.get_unverified_claims"})
_KEYS_ONLY = frozenset({"list", "tuple", "set", "frozenset", "sorted"})
_CARRY_METHODS = frozenset(
    [
        "strip",
        "lstrip",
        "rstrip",
        "lower",
        "upper",
        "casefold",
        "title",
        "encode",
        "decode",
        "replace",
        "split",
        "rsplit",
        "partition",
        "rpartition",
        "splitlines",
        "copy",
        "items",
        "values",
        "to_dict",
        "dict",
        "todict",
        "as_dict",
        "asdict",
        "model_dump",
        "model_dump_json",
        "json",
        "format",
        "format_map",
        "hex",
        "tobytes",
        "getvalue",
    ]
)
_GETTER_VERBS = frozenset(
    [
        "get",
        "fetch",
        "load",
        "read",
        "retrieve",
        "obtain",
        "generate",
        "gen",
        "create",
        "make",
        "issue",
        "build",
        "encode",
        "sign",
        "refresh",
        "mint",
        "new",
        "request",
        "exchange",
        "decrypt",
        "reveal",
        "acquire",
        "compute",
        "calculate",
        "derive",
        "lookup",
    ]
)
_READING_VERBS = frozenset({"get", "fetch", "load", "read", "retrieve", "obtain", "lookup"})
# Results that are safe whatever went in: `inspect.signature(f)`, `os.getcwd()`.
_CLEARING_CALLS = frozenset({"signature", "getcwd", "cwd", "getfullargspec", "signal"})
_WEBHOOK_EVENTS = frozenset({"construct_event", "construct_from"})
_ENV_NOT_VALUE = frozenset(
    [
        "arn",
        "name",
        "names",
        "path",
        "file",
        "dir",
        "id",
        "url",
        "uri",
        "region",
        "host",
        "ttl",
        "expiry",
        "length",
        "len",
        "count",
        "version",
        "type",
        "header",
        "prefix",
        "suffix",
        "field",
        "param",
        "env",
        "var",
        "enabled",
    ]
)
_LAMBDA_CONTEXT = frozenset({"context", "ctx", "_context", "lambda_context", "_ctx"})
_VALUE_ATTRS = frozenset({"data", "value", "text", "raw", "plain", "string", "bytes"})
_NAMED_KINDS: frozenset[Leak] = frozenset({"secret", "auth-header", "signature"})
_WHOLE_KINDS: frozenset[Leak] = frozenset({"auth-header", "payload", "config"})
_MASK_CHARS = 8  # a slice this short is a preview (`token[-4:]`), not the secret
_EXPRESSION_CHARS = 80


@dataclass(frozen=True, slots=True)
class _Taint:
    leak: Leak
    detail: str  # where it comes from: "env var STRIPE_KEY", "a value named `token`"
    node: ast.AST | None = None  # where it shows in the logged argument
    via: str | None = None  # the variable that carried it there

    def describe(self) -> str:
        return self.detail if self.via is None else f"`{self.via}` holds {self.detail}"


_CLEAN: Final = "clean"  # the name holds a value built here from nothing sensitive
_Held = _Taint | Literal["clean"]
_Env = dict[str, _Held]


def _worst(a: _Taint | None, b: _Taint | None) -> _Taint | None:
    if a is None or b is None:
        return a or b
    return a if SEVERITY[a.leak] >= SEVERITY[b.leak] else b


def _const_str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _dotted(node: ast.AST) -> str | None:
    """`request.headers`, `event.body` for `event["body"]`, `hashlib.sha256().hexdigest`."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Await):
        return _dotted(node.value)
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    if isinstance(node, ast.Call):
        base = _dotted(node.func)
        return None if base is None else f"{base}()"
    if isinstance(node, ast.Subscript):
        key = _const_str(node.slice)
        base = _dotted(node.value)
        return None if key is None or base is None else f"{base}.{key}"
    return None


def _last(path: str) -> str:
    return path.rsplit(".", 1)[-1].removesuffix("()")


def _named(name: str, node: ast.AST, *, whole: bool = True) -> _Taint | None:
    """Judge a value by what it is called. Attributes are not judged as whole objects:
    `self.config` is any object's config and `packet.payload` any packet's; `settings` and
    `payload` alone are the app's and the request's."""
    kind = secret_name_kind(name)
    if kind is not None:
        return _Taint(kind, f"a value named `{name}`", node)
    if whole and payload_name_kind(name) is not None:
        return _Taint("payload", f"the whole payload `{name}`", node)
    if whole and config_kind(name) is not None:
        return _Taint("config", f"the whole config `{name}`", node)
    return None


def _small_int(node: ast.expr | None) -> int | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _small_int(node.operand)
        return None if inner is None else -inner
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return None


def _is_masking_slice(piece: ast.Slice) -> bool:
    """`token[:4]`, `token[-4:]`, `token[2:6]`: at most a few characters of the value."""
    if piece.step is not None:
        return False
    lower = 0 if piece.lower is None else _small_int(piece.lower)
    upper = None if piece.upper is None else _small_int(piece.upper)
    if lower is None or (piece.upper is not None and upper is None):
        return False
    if upper is None:  # `[-4:]`
        return -_MASK_CHARS <= lower < 0
    if (lower < 0) != (upper < 0):  # `[:-4]` is all but the end
        return False
    return 0 <= upper - lower <= _MASK_CHARS


@dataclass
class _Values:
    """What an expression carries, given what the names of the scope hold so far."""

    secret_env: frozenset[str]
    lexer: bool = False  # the file tokenizes text: its `token` is a lexer token
    env: _Env = field(default_factory=dict)

    def named(self, name: str, node: ast.AST, *, whole: bool = True) -> _Taint | None:
        if self.lexer and name_words(name) == ["token"]:
            return None
        return _named(name, node, whole=whole)

    def leak(self, node: ast.AST) -> _Taint | None:
        """The most severe thing `node` carries, or None. Dispatch on the node type to the
        `leak_<Type>` methods below; node types without one carry nothing (constants,
        comparisons, lambdas, arithmetic)."""
        handler: Callable[[ast.AST], _Taint | None] | None
        handler = getattr(self, f"leak_{type(node).__name__}", None)
        return None if handler is None else handler(node)

    def worst_of(self, nodes: Iterable[ast.AST]) -> _Taint | None:
        found: _Taint | None = None
        for node in nodes:
            found = _worst(found, self.leak(node))
        return found

    def held(self, key: str, node: ast.AST) -> _Taint | Literal[False] | None:
        """The tracked value of `key`, None when known safe, False when not tracked."""
        value = self.env.get(key)
        if value is None:
            return False
        if value == _CLEAN:
            return None
        return _Taint(value.leak, value.detail, node, via=key)

    def leak_Name(self, node: ast.Name) -> _Taint | None:
        held = self.held(node.id, node)
        return self.named(node.id, node) if held is False else held

    def leak_Attribute(self, node: ast.Attribute) -> _Taint | None:
        path = _dotted(node)
        held = False if path is None else self.held(path, node)
        if held is not False:
            return held
        whole = path_kind(path) if path else None
        if whole is not None:
            return _Taint(whole, f"the whole `{path}`", node)
        if node.attr == "__dict__" or node.attr in _VALUE_ATTRS:
            base = self.leak(node.value)
            if base is not None and (node.attr == "__dict__" or base.leak in _NAMED_KINDS):
                return _Taint(base.leak, base.detail, node, base.via)
        return self.named(node.attr, node, whole=False)

    def leak_Subscript(self, node: ast.Subscript) -> _Taint | None:
        if isinstance(node.slice, ast.Slice):
            return None if _is_masking_slice(node.slice) else self.leak(node.value)
        key = _const_str(node.slice)
        if key is not None:
            return self.keyed(node.value, key, node)
        base = self.leak(node.value)
        # One element of a whole object (`request.headers[name]`) is not the whole object.
        return base if base is not None and base.leak in _NAMED_KINDS else None

    def keyed(self, base: ast.AST, key: str, node: ast.AST) -> _Taint | None:
        """`base[key]`, `base.get(key)`, `getattr(base, key)`: judged by the key."""
        path = _dotted(base) or ""
        if path in _ENVIRON:
            return self.env_read(key, node)
        last = _last(path)
        if last in _COOKIE_BASES:
            return _cookie(key, node)
        base_leak = self.leak(base) if path else None
        if last in _HEADER_BASES or (base_leak is not None and base_leak.leak == "auth-header"):
            kind = header_kind(key)
            return None if kind is None else _Taint(kind, f"the {key} header", node)
        whole = path_kind(f"{path}.{key}") if path else None
        if whole is not None:
            return _Taint(whole, f"the whole `{path}[{key!r}]`", node)
        return _named(key, node, whole=False)

    def env_read(self, name: str, node: ast.AST) -> _Taint | None:
        """A secret variable's value. `API_KEY_SECRET_ARN` is named after a secret but holds
        where it is kept: the last word decides."""
        words = name_words(name)
        named = name_level(name) == "secret" and bool(words) and words[-1] not in _ENV_NOT_VALUE
        if name in self.secret_env or named:
            return _Taint("secret", f"env var {name}", node)
        return None

    def leak_Call(self, node: ast.Call) -> _Taint | None:
        callee = _dotted(node.func) or ""
        if callee and is_masking_call(callee):
            return None
        looked_up = self.lookup(node, callee)
        if looked_up is not False:
            return looked_up
        source = _source_call(node, callee)
        if source is not None:
            return source
        return self.carried(node, callee)

    def lookup(self, node: ast.Call, callee: str) -> _Taint | Literal[False] | None:
        """A read by a constant key: `os.getenv("X")`, `d.get("k")`, `getattr(o, "k")`."""
        first = _const_str(node.args[0]) if node.args else None
        if first is None:
            return False
        if callee in _GETENV:
            return self.env_read(first, node)
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in _LOOKUPS:
            return self.keyed(func.value, first, node)
        if callee == "getattr" and len(node.args) >= 2:
            key = _const_str(node.args[1])
            return False if key is None else self.keyed(node.args[0], key, node)
        return False

    def carried(self, node: ast.Call, callee: str) -> _Taint | None:
        func = node.func
        if not isinstance(func, ast.Attribute):
            return self.carried_by_function(node, callee)
        if func.attr in ("format", "join") and isinstance(func.value, ast.Constant):
            return self.worst_of(_call_values(node))
        if func.attr in _CARRY_FUNCS and func.attr not in _CARRY_METHODS:  # json.dumps(x)
            return self.worst_of(_call_values(node))
        if func.attr in _CARRY_METHODS and callee not in _CLAIMS:
            return self.leak(func.value)
        return None

    def carried_by_function(self, node: ast.Call, callee: str) -> _Taint | None:
        if callee in _KEYS_ONLY and node.args and _method(node.args[0]) not in ("items", "values"):
            # `list(request.headers)`, `sorted(os.environ)`: the names, not the values
            found = self.leak(node.args[0])
            return found if found is not None and found.leak in _NAMED_KINDS else None
        return self.worst_of(_call_values(node)) if callee in _CARRY_FUNCS else None

    def leak_JoinedStr(self, node: ast.JoinedStr) -> _Taint | None:
        return self.worst_of(v.value for v in node.values if isinstance(v, ast.FormattedValue))

    def leak_BinOp(self, node: ast.BinOp) -> _Taint | None:
        if isinstance(node.op, ast.Add):
            return _worst(self.leak(node.left), self.leak(node.right))
        if isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant | ast.JoinedStr):
            return _worst(self.leak(node.left), self.leak(node.right))
        return None

    def leak_Dict(self, node: ast.Dict) -> _Taint | None:
        found: _Taint | None = None
        for key, value in zip(node.keys, node.values, strict=True):
            found = _worst(found, self.entry(key, value))
        return found

    def entry(self, key: ast.expr | None, value: ast.expr) -> _Taint | None:
        """`{"token": t}` writes the value next to a secret's name: report it unless the
        value is visibly safe (a constant, a mask, a length)."""
        found = self.leak(value)
        name = _const_str(key)
        kind = None if name is None else secret_name_kind(name)
        if kind is not None and key is not None and not self.is_safe(value):
            span = ast.Constant(value=None)
            ast.copy_location(span, key)
            span.end_lineno, span.end_col_offset = value.end_lineno, value.end_col_offset
            found = _worst(found, _Taint(kind, f"a value written as `{name}`", span))
        return found

    def leak_ListComp(self, node: ast.ListComp | ast.SetComp | ast.DictComp) -> _Taint | None:
        """An unfiltered copy of a whole object is the whole object; a filtered one is not."""
        first = node.generators[0]
        if len(node.generators) > 1 or first.ifs:
            return None
        found = self.leak(first.iter)
        return found if found is not None and found.leak in _WHOLE_KINDS else None

    leak_SetComp = leak_ListComp
    leak_DictComp = leak_ListComp

    def leak_Await(self, node: ast.Await | ast.Starred | ast.NamedExpr) -> _Taint | None:
        return self.leak(node.value)

    leak_Starred = leak_Await
    leak_NamedExpr = leak_Await

    def leak_FormattedValue(self, node: ast.FormattedValue) -> _Taint | None:
        return self.leak(node.value)

    def leak_List(self, node: ast.List | ast.Tuple | ast.Set) -> _Taint | None:
        return self.worst_of(node.elts)

    leak_Tuple = leak_List
    leak_Set = leak_List

    def leak_IfExp(self, node: ast.IfExp) -> _Taint | None:
        return _worst(self.leak(node.body), self.leak(node.orelse))

    def leak_BoolOp(self, node: ast.BoolOp) -> _Taint | None:
        return self.worst_of(node.values)

    def is_safe(self, node: ast.AST | None) -> bool:
        """Visibly harmless whatever the names: a constant, a comparison, a mask, a length."""
        if node is None or isinstance(node, ast.Constant | ast.Compare):
            return True
        if isinstance(node, ast.UnaryOp):
            return isinstance(node.op, ast.Not) or self.is_safe(node.operand)
        if isinstance(node, ast.BoolOp | ast.JoinedStr | ast.IfExp | ast.FormattedValue):
            return all(self.is_safe(child) for child in _safe_parts(node))
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            return _is_masking_slice(node.slice)
        if isinstance(node, ast.Call):
            callee = _dotted(node.func) or ""
            return bool(callee) and (is_masking_call(callee) or _last(callee) in _CLEARING_CALLS)
        key = _dotted(node)
        return key is not None and self.env.get(key) == _CLEAN

    def is_built_here(self, node: ast.AST) -> bool:
        """A value put together in this scope from parts that carry nothing: a literal
        container, an f-string, a number. A bare string literal is not: `API_KEY = "..."`
        is still a key (and the rules report the literal)."""
        if isinstance(node, ast.Constant):
            return not isinstance(node.value, str)
        if isinstance(node, ast.Dict | ast.List | ast.Tuple | ast.Set | ast.JoinedStr):
            return True
        return self.is_safe(node)


def _safe_parts(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.BoolOp):
        return list(node.values)
    if isinstance(node, ast.JoinedStr):
        return list(node.values)
    if isinstance(node, ast.FormattedValue):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return [node.body, node.orelse]
    return []


def _cookie(key: str, node: ast.AST) -> _Taint | None:
    """A cookie read by name is a credential when its name says session or auth;
    `theme` or `locale` is not."""
    words = set(name_words(key))
    if secret_name_kind(key) is None and not words & _SESSION_COOKIE_WORDS:
        return None
    return _Taint("auth-header", f"the {key} cookie", node)


def _call_values(node: ast.Call) -> Iterator[ast.expr]:
    yield from node.args
    for keyword in node.keywords:
        yield keyword.value


def _source_call(node: ast.Call, callee: str) -> _Taint | None:
    """Calls that produce something sensitive: `request.get_json()`, `get_token()`,
    `stripe.Webhook.construct_event(...)`, `jwt.encode(...)`."""
    if not callee:
        return None
    whole = path_kind(callee)
    if whole is not None:
        return _Taint(whole, f"the whole `{callee}`", node)
    last = _last(callee)
    if last in _WEBHOOK_EVENTS:
        return _Taint("payload", "a whole webhook event", node)
    if callee == "jwt.encode" or (callee.startswith("secrets.token_")):
        return _Taint("secret", f"a new secret from {callee}()", node)
    return _getter_result(last, node)


def _getter_result(last: str, node: ast.Call) -> _Taint | None:
    """`get_token()`, `create_access_token(...)`, `load_settings()`."""
    words = name_words(last)
    if len(words) < 2 or words[0] not in _GETTER_VERBS:
        return None
    rest = words[1:]
    # `get_token()` is as often a lexer's as a credential; `get_access_token()` is not.
    kind = None if rest in (["token"], ["tokens"]) else secret_name_kind("_".join(rest))
    if rest == ["settings"]:  # FastAPI's `get_settings()`; a `read_config()` may be anything
        kind = "config"
    # A made-up cookie or header is a marker; a read one is the caller's.
    if kind is None or (kind == "auth-header" and words[0] not in _READING_VERBS):
        return None
    return _Taint(kind, f"the result of {last}()", node)


def _severity(taint: _Taint) -> int:
    return SEVERITY[taint.leak]


def _merge(envs: list[_Env]) -> _Env:
    """After branches: tainted if any branch tainted it, clean only if all cleaned it."""
    merged: _Env = {}
    for key in set().union(*envs):
        held = [env.get(key) for env in envs]
        taints: list[_Taint] = [h for h in held if isinstance(h, _Taint)]
        if taints:
            strongest = max(taints, key=_severity)
            merged[key] = strongest
        elif all(h == _CLEAN for h in held):
            merged[key] = _CLEAN
    return merged


def _is_logger(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        words = name_words(node.id)
        return bool(words) and words[-1] in _LOGGER_WORDS
    if isinstance(node, ast.Attribute):
        words = name_words(node.attr)
        return bool(words) and words[-1] in _LOGGER_WORDS
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name):
            return func.id in _LOGGER_FACTORIES
        if isinstance(func, ast.Attribute):
            if func.attr in _LOGGER_FACTORIES:
                return True
            return func.attr in _LOGGER_DERIVED and _is_logger(func.value)
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


def _sink_name(call: ast.Call) -> str | None:
    """The callee as written when `call` writes to a log or the console, else None."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id if func.id in _PRINTS else None
    if not isinstance(func, ast.Attribute):
        return None
    receiver = _dotted(func.value)
    text = f"{receiver}.{func.attr}" if receiver else func.attr
    if func.attr in _LOG_METHODS and _is_logger(func.value):
        return text
    if func.attr in ("write", "writelines") and receiver in _STREAMS:
        return text
    return text if receiver is not None and (func.attr, _last(receiver)) in _OTHER_SINKS else None


@dataclass(frozen=True, slots=True)
class _RawHit:
    call: ast.Call
    sink: str
    taint: _Taint


@dataclass
class _Scope:
    """One function, class body or module: statements in order, branches merged."""

    values: _Values
    sink_lines: list[int]  # ascending: statements without one are not searched for calls
    hits: list[_RawHit] = field(default_factory=list)
    nested: list[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef] = field(
        default_factory=list
    )

    def block(self, statements: Iterable[ast.stmt]) -> None:
        for statement in statements:
            handler: Callable[[ast.stmt], None] | None
            handler = getattr(self, f"stmt_{type(statement).__name__}", None)
            if handler is None:
                self.sinks(statement)
            else:
                handler(statement)

    def branches(self, bodies: list[list[ast.stmt]]) -> None:
        before = self.values.env
        after = []
        for body in bodies:
            self.values.env = dict(before)
            self.block(body)
            after.append(self.values.env)
        self.values.env = _merge(after)

    # -- statements --------------------------------------------------------------------

    def stmt_Assign(self, node: ast.Assign) -> None:
        self.sinks(node.value)
        for target in node.targets:
            self.bind(target, node.value)

    def stmt_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.sinks(node.value)
            self.bind(node.target, node.value)

    def stmt_AugAssign(self, node: ast.AugAssign) -> None:
        self.sinks(node.value)
        key = _dotted(node.target)
        grown = _worst(self.values.leak(node.target), self.values.leak(node.value))
        if key is not None and grown is not None:
            self.values.env[key] = _Taint(grown.leak, grown.detail)

    def stmt_Expr(self, node: ast.Expr) -> None:
        self.sinks(node.value)
        self.mutation(node.value)

    def stmt_If(self, node: ast.If) -> None:
        self.sinks(node.test)
        self.branches([node.body, node.orelse])

    def stmt_While(self, node: ast.While) -> None:
        self.sinks(node.test)
        self.branches([node.body + node.orelse, []])

    def stmt_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.sinks(node.iter)
        self.bind_loop(node.target, node.iter)
        self.branches([node.body + node.orelse, []])

    stmt_AsyncFor = stmt_For

    def stmt_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            self.sinks(item.context_expr)
            if item.optional_vars is not None:
                self.forget(item.optional_vars)
        self.block(node.body)

    stmt_AsyncWith = stmt_With

    def stmt_Try(self, node: ast.Try | ast.TryStar) -> None:
        self.block(node.body)
        self.branches([handler.body for handler in node.handlers] + [node.orelse])
        self.block(node.finalbody)

    stmt_TryStar = stmt_Try

    def stmt_Match(self, node: ast.Match) -> None:
        self.sinks(node.subject)
        self.branches([case.body for case in node.cases] + [[]])

    def stmt_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.nested.append(node)

    stmt_AsyncFunctionDef = stmt_FunctionDef

    def stmt_ClassDef(self, node: ast.ClassDef) -> None:
        self.nested.append(node)

    # -- names -------------------------------------------------------------------------

    def bind(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Tuple | ast.List):  # unpacking: not followed
            for element in target.elts:
                self.forget(element)
        elif isinstance(target, ast.Subscript):
            self.store_into(target.value, self.values.entry(target.slice, value))
        else:
            self.assign(target, value)

    def assign(self, target: ast.expr, value: ast.expr) -> None:
        key = _dotted(target)
        if key is None:
            return
        found = self.values.leak(value)
        if found is not None:
            self.values.env[key] = _Taint(found.leak, found.detail)
        elif self.values.is_built_here(value) or _names_a_file(key, value):
            self.values.env[key] = _CLEAN
        else:
            self.values.env.pop(key, None)

    def forget(self, target: ast.expr) -> None:
        if isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self.forget(element)
            return
        key = _dotted(target.value if isinstance(target, ast.Starred) else target)
        if key is not None:
            self.values.env.pop(key, None)

    def store_into(self, container: ast.expr, found: _Taint | None) -> None:
        """`headers["Authorization"] = f"Bearer {token}"` makes `headers` carry a secret."""
        key = _dotted(container)
        if key is None or found is None:
            return
        grown = _worst(self.values.leak(container), found)
        if grown is not None:
            self.values.env[key] = _Taint(grown.leak, grown.detail)

    def mutation(self, node: ast.expr) -> None:
        """`headers.update({...})`, `parts.append(token)`: the container takes the value."""
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            return
        if node.func.attr not in ("update", "append", "extend", "add", "insert", "setdefault"):
            return
        found = self.values.worst_of(node.args)
        for keyword in node.keywords:
            found = _worst(found, self.values.entry(_located(keyword.arg, keyword), keyword.value))
        self.store_into(node.func.value, found)

    def bind_loop(self, target: ast.expr, iterable: ast.expr) -> None:
        """A loop over secrets yields secrets; over a whole object's `.values()` or
        `.items()`, its values; over anything else (a lexer's tokens), nothing."""
        iterable = _unordered(iterable)
        found = self.values.leak(iterable)
        method = _method(iterable)
        if isinstance(target, ast.Tuple) and len(target.elts) == 2 and method == "items":
            self.forget(target)
            name, value = target.elts
            self.hold(name, None)
            self.hold(value, found if _by_path(found) else None)
        elif isinstance(target, ast.Name):
            keep = found is not None and (found.leak == "secret" or method == "values")
            self.hold(target, found if keep else None)
        else:
            self.forget(target)

    def hold(self, target: ast.expr, found: _Taint | None) -> None:
        key = _dotted(target)
        if key is not None:
            self.values.env[key] = _CLEAN if found is None else _Taint(found.leak, found.detail)

    # -- sinks -------------------------------------------------------------------------

    def sinks(self, node: ast.stmt | ast.expr) -> None:
        first = bisect.bisect_left(self.sink_lines, node.lineno)
        if first == len(self.sink_lines) or self.sink_lines[first] > (node.end_lineno or 0):
            return
        for call in ast.walk(node):
            if isinstance(call, ast.Call):
                sink = _sink_name(call)
                if sink is not None:
                    self.report(call, sink)

    def report(self, call: ast.Call, sink: str) -> None:
        best: _Taint | None = None
        for written in _written_calls(call):
            for arg in written.args:
                best = _worst(best, _at(self.values.leak(arg), arg))
            for keyword in written.keywords:
                best = _worst(best, _at(self.keyword(keyword), keyword))
        if best is not None:
            self.hits.append(_RawHit(call, sink, best))

    def keyword(self, keyword: ast.keyword) -> _Taint | None:
        """structlog and loguru write the keyword next to its value: `password=pw` logs a
        password whatever `pw` is called, unless the value is visibly safe."""
        if keyword.arg in _META_KWARGS:
            return None
        if keyword.arg is None:
            return self.values.leak(keyword.value)
        return self.values.entry(_located(keyword.arg, keyword), keyword.value)


def _written_calls(call: ast.Call) -> Iterator[ast.Call]:
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


def _names_a_file(key: str, value: ast.expr) -> bool:
    """`config = "setup.cfg"`: a string given to a payload- or config-named variable is a
    name or a path, not the object (a secret-named one keeps its name's verdict)."""
    if _const_str(value) is None:
        return False
    named = _named(_last(key), value)
    return named is not None and named.leak in _WHOLE_KINDS


_BY_NAME = ("a value named", "the whole payload `", "the whole config `")  # see _named


def _by_path(found: _Taint | None) -> bool:
    """A whole object known by where it was read (`request.headers`, `os.environ`), not by
    a name alone (`settings` may be any dict): its values are worth following."""
    return found is not None and not found.detail.startswith(_BY_NAME)


def _at(found: _Taint | None, node: ast.AST) -> _Taint | None:
    if found is None or found.node is not None:
        return found
    return _Taint(found.leak, found.detail, node, found.via)


def _located(name: str | None, where: ast.keyword) -> ast.Constant:
    """A keyword's name as a constant placed where the keyword starts."""
    return ast.copy_location(ast.Constant(value=name), where)


def _unordered(node: ast.expr) -> ast.expr:
    """`sorted(os.environ.items())` iterates as `os.environ.items()`."""
    while isinstance(node, ast.Call) and _dotted(node.func) in _ORDERING and node.args:
        node = node.args[0]
    return node


def _method(node: ast.expr) -> str | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


# -- driver -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Def:
    head: int  # first line (0-based) of the decorators, or of `def` when there are none
    start: int  # the `def` line
    end: int  # one past the last line
    indent: int


_DEF_PREFIXES = ("def ", "def\t", "async def ", "async\tdef")


def _outer_defs(lines: list[str]) -> list[_Def]:
    """Every outermost function (methods included), by indentation alone. A function ends
    at the next statement indented no deeper than its `def`; lines that open with a closing
    bracket continue the statement before them. A string that breaks this (text at column 0
    inside a docstring) only makes a piece fail to parse, and the whole file is parsed.
    A plain loop over the lines: several times faster than a multi-line regex here."""
    found: list[_Def] = []
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
            found.append(_Def(open_def[0], open_def[1], number, open_def[2]))
            open_def = None
        if body.startswith(_DEF_PREFIXES):
            open_def = (number if decorator is None else decorator[0], number, indent)
            decorator = None
        elif decorator is not None and (indent > decorator[1] or body[0] == "@"):
            continue  # the arguments of a decorator, or the next decorator
        else:
            decorator = (number, indent) if body[0] == "@" else None
    if open_def is not None:
        found.append(_Def(open_def[0], open_def[1], len(lines), open_def[2]))
    return found


@dataclass(frozen=True, slots=True)
class _Piece:
    """Some lines of the file, dedented, parsed on their own."""

    text: str
    first: int  # 0-based line of the file where the piece starts
    removed: list[int]  # characters removed from the front of each line
    sinks: list[int]  # 1-based lines of the piece with a sink call, ascending

    @classmethod
    def cut(cls, lines: list[str], where: _Def, sinks: list[int]) -> _Piece:
        out, removed = [], []
        for line in lines[where.start : where.end]:
            cut = len(line) - len(line.lstrip()) if line[: where.indent].strip() else where.indent
            out.append(line[cut:])
            removed.append(cut)
        return cls("\n".join(out), where.start, removed, [n - where.start + 1 for n in sinks])

    @classmethod
    def module(cls, lines: list[str], defs: list[_Def], sinks: list[int]) -> _Piece:
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
    if not any(word in text for word in _SINK_WORDS):
        return []
    if "\r" in text:  # `ast` ends lines at a lone CR too: count lines the same way
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        return _analyze(text, secret_env_vars)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []


def _analyze(text: str, secret_env: frozenset[str]) -> list[LogHit]:
    lines = text.split("\n")
    sink_lines = _sink_lines(text, lines)
    if not sink_lines:
        return []
    defs = _outer_defs(lines)
    pieces = _pieces(lines, defs, sink_lines)
    hits: list[LogHit] = []
    lexer: bool | None = None
    for piece in pieces:
        if not worth_parsing(piece.text, piece.sinks):
            continue
        if lexer is None:
            lexer = any(word in text for word in _LEXER_WORDS)
        found = _analyze_piece(piece, lines, secret_env, lexer)
        if found is None:  # did not parse alone: parse the file
            whole = _Piece(text, 0, [0] * len(lines), [n + 1 for n in sink_lines])
            hits = _analyze_piece(whole, lines, secret_env, lexer) or []
            break
        hits.extend(found)
    return sorted(hits, key=lambda hit: (hit.line, hit.column))


def _sink_lines(text: str, lines: list[str]) -> list[int]:
    """0-based lines where a sink call may write something, judged on the line alone."""
    numbers: list[int] = []
    line, at = 0, 0
    for match in _SINK_CALL.finditer(text):
        line += text.count("\n", at, match.start())
        at = match.start()
        if (not numbers or numbers[-1] != line) and _may_write(text, match.start(), lines[line]):
            numbers.append(line)
    return numbers


def _may_write(text: str, paren: int, line: str) -> bool:
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
    return name is None or _may_be_sink(name.group(), receiver)


def _may_be_sink(name: str, receiver: str) -> bool:
    """`print(` always; `.write(` on something std*; a log method on a receiver with `log`
    in it (`warnings.warn(` and `math.log(` are not) or continuing from the line above."""
    if name in ("print", "pprint", "echo", "secho") or receiver.lstrip().startswith("."):
        return True
    lower = receiver.lower()
    if name in ("write", "writelines"):
        return "std" in lower
    return "log" in lower or "console" in lower


def _pieces(lines: list[str], defs: list[_Def], sink_lines: list[int]) -> list[_Piece]:
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
    piece: _Piece, lines: list[str], secret_env: frozenset[str], lexer: bool
) -> list[LogHit] | None:
    try:
        tree = ast.parse(piece.text)
    except (SyntaxError, ValueError):
        return None
    hits: list[LogHit] = []
    work: list[ast.AST] = [tree]
    while work:
        node = work.pop()
        scope = _Scope(_Values(secret_env, lexer), piece.sinks)
        _seed(node, scope.values)
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


def _seed(node: ast.AST, values: _Values) -> None:
    """What the parameters hold before the first statement. An AWS Lambda handler's `event`
    is the whole request (`def handler(event, context)`); a `config: str` or
    `settings: Path` is a file name, not a configuration."""
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return
    params = node.args.posonlyargs + node.args.args
    names = [arg.arg for arg in params]
    if len(names) >= 2 and names[0] in EVENT_NAMES and names[1] in _LAMBDA_CONTEXT:
        values.env[names[0]] = _Taint("payload", "the whole Lambda event")
    for arg in params + node.args.kwonlyargs:
        named = _named(arg.arg, arg)
        if named is not None and named.leak == "config" and not _is_config_type(arg.annotation):
            values.env[arg.arg] = _CLEAN


# What an application's settings are typed as; `config: ATNConfig` or `config: Path` is
# something else that happens to be called config.
_CONFIG_TYPES = frozenset(
    {"dict", "Dict", "Mapping", "MutableMapping", "Any", "Config", "AppConfig", "Configuration"}
)


def _is_config_type(annotation: ast.expr | None) -> bool:
    """True when unannotated, or annotated as a mapping or as settings."""
    if annotation is None:
        return True
    if isinstance(annotation, ast.Subscript):
        return _is_config_type(annotation.value) or _is_config_type(annotation.slice)
    if isinstance(annotation, ast.BinOp | ast.Tuple):
        parts = (
            [annotation.left, annotation.right]
            if isinstance(annotation, ast.BinOp)
            else annotation.elts
        )
        return any(_is_config_type(part) for part in parts)
    name = _dotted(annotation) or _const_str(annotation) or ""
    last = _last(name)
    return last in _CONFIG_TYPES or "Settings" in last


def _allowed(call: ast.Call, piece: _Piece, lines: list[str]) -> bool:
    first = piece.first + call.lineno - 1
    last = piece.first + (call.end_lineno or call.lineno) - 1
    if any(_ALLOW in line for line in lines[first : last + 1]):
        return True
    return first > 0 and f"{_ALLOW}-next-line" in lines[first - 1]


def _log_hit(raw: _RawHit, piece: _Piece, lines: list[str]) -> LogHit:
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
