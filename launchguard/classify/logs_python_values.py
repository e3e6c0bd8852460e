"""What an expression carries, given what the names of its scope hold so far."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from launchguard.classify.env_secrets import name_level
from launchguard.classify.log_names import (
    header_kind,
    is_masking_call,
    name_words,
    path_kind,
    secret_name_kind,
)
from launchguard.classify.logs_python_taint import (
    CLEAN,
    NAMED_KINDS,
    WHOLE_KINDS,
    Env,
    Taint,
    by_name,
    call_values,
    const_str,
    cookie_taint,
    dotted,
    is_masking_slice,
    last_part,
    method_name,
    source_call,
    worst,
)

_ENVIRON = frozenset({"os.environ", "environ"})
_GETENV = frozenset({"os.getenv", "getenv", "os.environ.get", "environ.get"})
_LOOKUPS = frozenset({"get", "pop", "getlist", "getone", "setdefault"})
_COOKIE_BASES = frozenset({"cookies", "COOKIES", "signedCookies"})
_HEADER_BASES = frozenset({"headers", "META", "environ", "rawHeaders", "multiValueHeaders"})
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
# Results that are safe whatever went in: `inspect.signature(f)`, `os.getcwd()`.
_CLEARING_CALLS = frozenset({"signature", "getcwd", "cwd", "getfullargspec", "signal"})
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
_VALUE_ATTRS = frozenset({"data", "value", "text", "raw", "plain", "string", "bytes"})


def secret_env_read(name: str, secret_env: frozenset[str]) -> bool:
    """Does reading env var `name` give a secret? Yes when the project's env files hold a
    secret under that name, or when the name says so (`API_KEY_SECRET_ARN` names where a
    secret is kept: the last word decides)."""
    if name in secret_env:
        return True
    words = name_words(name)
    return name_level(name) == "secret" and bool(words) and words[-1] not in _ENV_NOT_VALUE


@dataclass
class Values:
    """What an expression carries, given what the names of the scope hold so far."""

    secret_env: frozenset[str]
    lexer: bool = False  # the file tokenizes text: its `token` is a lexer token
    loggers: frozenset[str] = frozenset()  # names the file binds to a logger factory's result
    env: Env = field(default_factory=dict)

    def named(self, name: str, node: ast.AST, *, whole: bool = True) -> Taint | None:
        if self.lexer and name_words(name) == ["token"]:
            return None
        return by_name(name, node, whole=whole)

    def leak(self, node: ast.AST) -> Taint | None:
        """The most severe thing `node` carries, or None. Dispatch on the node type to the
        `leak_<Type>` methods below; node types without one carry nothing (constants,
        comparisons, lambdas, arithmetic)."""
        handler: Callable[[ast.AST], Taint | None] | None
        handler = getattr(self, f"leak_{type(node).__name__}", None)
        return None if handler is None else handler(node)

    def worst_of(self, nodes: Iterable[ast.AST]) -> Taint | None:
        found: Taint | None = None
        for node in nodes:
            found = worst(found, self.leak(node))
        return found

    def held(self, key: str, node: ast.AST) -> Taint | Literal[False] | None:
        """The tracked value of `key`, None when known safe, False when not tracked."""
        value = self.env.get(key)
        if value is None:
            return False
        if value == CLEAN:
            return None
        return Taint(value.leak, value.detail, node, via=key)

    def leak_Name(self, node: ast.Name) -> Taint | None:
        held = self.held(node.id, node)
        return self.named(node.id, node) if held is False else held

    def leak_Attribute(self, node: ast.Attribute) -> Taint | None:
        path = dotted(node)
        held = False if path is None else self.held(path, node)
        if held is not False:
            return held
        whole = path_kind(path) if path else None
        if whole is not None:
            return Taint(whole, f"the whole `{path}`", node)
        if node.attr == "__dict__" or node.attr in _VALUE_ATTRS:
            base = self.leak(node.value)
            if base is not None and (node.attr == "__dict__" or base.leak in NAMED_KINDS):
                return Taint(base.leak, base.detail, node, base.via)
        return self.named(node.attr, node, whole=False)

    def leak_Subscript(self, node: ast.Subscript) -> Taint | None:
        if isinstance(node.slice, ast.Slice):
            return None if is_masking_slice(node.slice) else self.leak(node.value)
        key = const_str(node.slice)
        if key is not None:
            return self.keyed(node.value, key, node)
        base = self.leak(node.value)
        # One element of a whole object (`request.headers[name]`) is not the whole object.
        return base if base is not None and base.leak in NAMED_KINDS else None

    def keyed(self, base: ast.AST, key: str, node: ast.AST) -> Taint | None:
        """`base[key]`, `base.get(key)`, `getattr(base, key)`: judged by the key."""
        path = dotted(base) or ""
        if path in _ENVIRON:
            return self.env_read(key, node)
        last = last_part(path)
        if last in _COOKIE_BASES:
            return cookie_taint(key, node)
        base_leak = self.leak(base) if path else None
        if last in _HEADER_BASES or (base_leak is not None and base_leak.leak == "auth-header"):
            kind = header_kind(key)
            return None if kind is None else Taint(kind, f"the {key} header", node)
        whole = path_kind(f"{path}.{key}") if path else None
        if whole is not None:
            return Taint(whole, f"the whole `{path}[{key!r}]`", node)
        return by_name(key, node, whole=False)

    def env_read(self, name: str, node: ast.AST) -> Taint | None:
        """A secret variable's value. `API_KEY_SECRET_ARN` is named after a secret but holds
        where it is kept: the last word decides."""
        if secret_env_read(name, self.secret_env):
            return Taint("secret", f"env var {name}", node)
        return None

    def leak_Call(self, node: ast.Call) -> Taint | None:
        callee = dotted(node.func) or ""
        if callee and is_masking_call(callee):
            return None
        looked_up = self.lookup(node, callee)
        if looked_up is not False:
            return looked_up
        source = source_call(node, callee)
        if source is not None:
            return source
        return self.carried(node, callee)

    def lookup(self, node: ast.Call, callee: str) -> Taint | Literal[False] | None:
        """A read by a constant key: `os.getenv("X")`, `d.get("k")`, `getattr(o, "k")`."""
        first = const_str(node.args[0]) if node.args else None
        if first is None:
            return False
        if callee in _GETENV:
            return self.env_read(first, node)
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in _LOOKUPS:
            return self.keyed(func.value, first, node)
        if callee == "getattr" and len(node.args) >= 2:
            key = const_str(node.args[1])
            return False if key is None else self.keyed(node.args[0], key, node)
        return False

    def carried(self, node: ast.Call, callee: str) -> Taint | None:
        func = node.func
        if not isinstance(func, ast.Attribute):
            return self.carried_by_function(node, callee)
        if func.attr in ("format", "join") and isinstance(func.value, ast.Constant):
            return self.worst_of(call_values(node))
        if func.attr in _CARRY_FUNCS and func.attr not in _CARRY_METHODS:  # json.dumps(x)
            return self.worst_of(call_values(node))
        if func.attr in _CARRY_METHODS and callee not in _CLAIMS:
            return self.leak(func.value)
        return None

    def carried_by_function(self, node: ast.Call, callee: str) -> Taint | None:
        if (
            callee in _KEYS_ONLY
            and node.args
            and method_name(node.args[0]) not in ("items", "values")
        ):
            # `list(request.headers)`, `sorted(os.environ)`: the names, not the values
            found = self.leak(node.args[0])
            return found if found is not None and found.leak in NAMED_KINDS else None
        return self.worst_of(call_values(node)) if callee in _CARRY_FUNCS else None

    def leak_JoinedStr(self, node: ast.JoinedStr) -> Taint | None:
        return self.worst_of(v.value for v in node.values if isinstance(v, ast.FormattedValue))

    def leak_BinOp(self, node: ast.BinOp) -> Taint | None:
        if isinstance(node.op, ast.Add):
            return worst(self.leak(node.left), self.leak(node.right))
        if isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant | ast.JoinedStr):
            return worst(self.leak(node.left), self.leak(node.right))
        return None

    def leak_Dict(self, node: ast.Dict) -> Taint | None:
        found: Taint | None = None
        for key, value in zip(node.keys, node.values, strict=True):
            found = worst(found, self.entry(key, value))
        return found

    def entry(self, key: ast.expr | None, value: ast.expr) -> Taint | None:
        """`{"token": t}` writes the value next to a secret's name: report it unless the
        value is visibly safe (a constant, a mask, a length)."""
        found = self.leak(value)
        name = const_str(key)
        kind = None if name is None else secret_name_kind(name)
        if kind is not None and key is not None and not self.is_safe(value):
            span = ast.Constant(value=None)
            ast.copy_location(span, key)
            span.end_lineno, span.end_col_offset = value.end_lineno, value.end_col_offset
            found = worst(found, Taint(kind, f"a value written as `{name}`", span))
        return found

    def leak_ListComp(self, node: ast.ListComp | ast.SetComp | ast.DictComp) -> Taint | None:
        """An unfiltered copy of a whole object is the whole object; a filtered one is not."""
        first = node.generators[0]
        if len(node.generators) > 1 or first.ifs:
            return None
        found = self.leak(first.iter)
        return found if found is not None and found.leak in WHOLE_KINDS else None

    leak_SetComp = leak_ListComp
    leak_DictComp = leak_ListComp

    def leak_Await(self, node: ast.Await | ast.Starred | ast.NamedExpr) -> Taint | None:
        return self.leak(node.value)

    leak_Starred = leak_Await
    leak_NamedExpr = leak_Await

    def leak_FormattedValue(self, node: ast.FormattedValue) -> Taint | None:
        return self.leak(node.value)

    def leak_List(self, node: ast.List | ast.Tuple | ast.Set) -> Taint | None:
        return self.worst_of(node.elts)

    leak_Tuple = leak_List
    leak_Set = leak_List

    def leak_IfExp(self, node: ast.IfExp) -> Taint | None:
        return worst(self.leak(node.body), self.leak(node.orelse))

    def leak_BoolOp(self, node: ast.BoolOp) -> Taint | None:
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
            return is_masking_slice(node.slice)
        if isinstance(node, ast.Call):
            callee = dotted(node.func) or ""
            return bool(callee) and (
                is_masking_call(callee) or last_part(callee) in _CLEARING_CALLS
            )
        key = dotted(node)
        return key is not None and self.env.get(key) == CLEAN

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
