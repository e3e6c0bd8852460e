"""What one value carries, judged on its own: the taint, its name, the cookie it was read
from, the call that produced it; and the helpers that turn `ast` nodes into dotted paths.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, Literal

from launchguard.classify.log_names import (
    SEVERITY,
    config_kind,
    name_words,
    path_kind,
    payload_name_kind,
    secret_name_kind,
)
from launchguard.classify.log_types import Leak

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
_WEBHOOK_EVENTS = frozenset({"construct_event", "construct_from"})
NAMED_KINDS: frozenset[Leak] = frozenset({"secret", "auth-header", "signature"})
WHOLE_KINDS: frozenset[Leak] = frozenset({"auth-header", "payload", "config"})
_MASK_CHARS = 8  # a slice this short is a preview (`token[-4:]`), not the secret


@dataclass(frozen=True, slots=True)
class Taint:
    leak: Leak
    detail: str  # where it comes from: "env var STRIPE_KEY", "a value named `token`"
    node: ast.AST | None = None  # where it shows in the logged argument
    via: str | None = None  # the variable that carried it there

    def describe(self) -> str:
        return self.detail if self.via is None else f"`{self.via}` holds {self.detail}"


CLEAN: Final = "clean"  # the name holds a value built here from nothing sensitive
_Held = Taint | Literal["clean"]
Env = dict[str, _Held]


def worst(a: Taint | None, b: Taint | None) -> Taint | None:
    if a is None or b is None:
        return a or b
    return a if SEVERITY[a.leak] >= SEVERITY[b.leak] else b


def const_str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def dotted(node: ast.AST) -> str | None:
    """`request.headers`, `event.body` for `event["body"]`, `hashlib.sha256().hexdigest`."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Await):
        return dotted(node.value)
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    if isinstance(node, ast.Call):
        base = dotted(node.func)
        return None if base is None else f"{base}()"
    if isinstance(node, ast.Subscript):
        key = const_str(node.slice)
        base = dotted(node.value)
        return None if key is None or base is None else f"{base}.{key}"
    return None


def last_part(path: str) -> str:
    return path.rsplit(".", 1)[-1].removesuffix("()")


def by_name(name: str, node: ast.AST, *, whole: bool = True) -> Taint | None:
    """Judge a value by what it is called. Attributes are not judged as whole objects:
    `self.config` is any object's config and `packet.payload` any packet's; `settings` and
    `payload` alone are the app's and the request's."""
    kind = secret_name_kind(name)
    if kind is not None:
        return Taint(kind, f"a value named `{name}`", node)
    if whole and payload_name_kind(name) is not None:
        return Taint("payload", f"the whole payload `{name}`", node)
    if whole and config_kind(name) is not None:
        return Taint("config", f"the whole config `{name}`", node)
    return None


_BY_NAME = ("a value named", "the whole payload `", "the whole config `")  # see by_name


def known_by_path(found: Taint | None) -> bool:
    """A whole object known by where it was read (`request.headers`, `os.environ`), not by
    a name alone (`settings` may be any dict): its values are worth following."""
    return found is not None and not found.detail.startswith(_BY_NAME)


def _small_int(node: ast.expr | None) -> int | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _small_int(node.operand)
        return None if inner is None else -inner
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return None


def is_masking_slice(piece: ast.Slice) -> bool:
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


def cookie_taint(key: str, node: ast.AST) -> Taint | None:
    """A cookie read by name is a credential when its name says session or auth;
    `theme` or `locale` is not."""
    words = set(name_words(key))
    if secret_name_kind(key) is None and not words & _SESSION_COOKIE_WORDS:
        return None
    return Taint("auth-header", f"the {key} cookie", node)


def call_values(node: ast.Call) -> Iterator[ast.expr]:
    yield from node.args
    for keyword in node.keywords:
        yield keyword.value


def source_call(node: ast.Call, callee: str) -> Taint | None:
    """Calls that produce something sensitive: `request.get_json()`, `get_token()`,
    `stripe.Webhook.construct_event(...)`, `jwt.encode(...)`."""
    if not callee:
        return None
    whole = path_kind(callee)
    if whole is not None:
        return Taint(whole, f"the whole `{callee}`", node)
    last = last_part(callee)
    if last in _WEBHOOK_EVENTS:
        return Taint("payload", "a whole webhook event", node)
    if callee == "jwt.encode" or (callee.startswith("secrets.token_")):
        return Taint("secret", f"a new secret from {callee}()", node)
    return _getter_result(last, node)


def _getter_result(last: str, node: ast.Call) -> Taint | None:
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
    return Taint(kind, f"the result of {last}()", node)


def method_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None
