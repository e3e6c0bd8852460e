"""What the JavaScript/TypeScript log analyzer knows of an expression (`Val`: a leak, a property
path, or provably safe), and what a name, a property path or a literal slice says on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tree_sitter import Node

from launchguard.classify.env_secrets import name_level
from launchguard.classify.log_names import (
    SEVERITY,
    config_kind,
    header_kind,
    name_words,
    payload_kind,
    payload_name_kind,
    secret_name_kind,
)
from launchguard.classify.log_types import Leak
from launchguard.classify.logs_js_words import (
    COOKIE_JARS,
    COOKIE_WORDS,
    ENV_ROOTS,
    JS_HEADER_RECEIVERS,
)

_SMALL_SLICE = 8


@dataclass(frozen=True, slots=True)
class Found:
    leak: Leak
    node: Node  # the leaking expression as written
    detail: str


@dataclass(frozen=True, slots=True)
class Val:
    found: Found | None = None
    path: tuple[str, ...] | None = None  # `req.headers` -> ("req", "headers")
    safe: bool = False  # provably says nothing of a secret: a literal, a length, a hash


SAFE = Val(safe=True)
UNKNOWN = Val()


def worst(founds: Iterable[Found | None]) -> Found | None:
    best: Found | None = None
    for found in founds:
        if found is not None and (best is None or SEVERITY[found.leak] > SEVERITY[best.leak]):
            best = found
    return best


def composite(vals: Iterable[Val]) -> Val:
    """A value built from parts (a template, a concatenation, an object literal) leaks what its
    parts leak and nothing else: a fresh object of harmless parts is harmless."""
    found = worst(val.found for val in vals)
    return SAFE if found is None else Val(found)


def _int_value(node: Node) -> int | None:
    raw = (node.text or b"").replace(b" ", b"")
    return int(raw) if re.fullmatch(rb"-?[0-9]{1,6}", raw) else None


def small_slice(method: str, args: list[Node]) -> bool:
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


def name_found(name: str, node: Node) -> Found | None:
    """What an identifier's own name says: `token`, `webhookPayload`, `config`."""
    kind = secret_name_kind(name)
    if kind is not None:
        return Found(kind, node, f"secret-named value `{name}`")
    kind = payload_name_kind(name) or config_kind(name)
    if kind is not None:
        return Found(kind, node, f"`{name}` is a whole {kind}")
    return None


def cookie_found(key: str, node: Node) -> Found | None:
    if secret_name_kind(key) or COOKIE_WORDS.intersection(name_words(key)):
        return Found("auth-header", node, f"cookie {key}")
    return None


def env_found(path: tuple[str, ...], node: Node, secret_vars: frozenset[str]) -> Found | None:
    var = path[2]
    if var in secret_vars or name_level(var) == "secret":
        return Found("secret", node, f"env var {var}")
    return None


def _header_found(path: tuple[str, ...], node: Node) -> Found | None:
    if path[-1] == "headers" and path[-2] in JS_HEADER_RECEIVERS:
        return Found("auth-header", node, "whole request headers")
    if path[-2] == "headers":
        kind = header_kind(path[-1])
        return None if kind is None else Found(kind, node, f"header {path[-1]}")
    if path[-2] in COOKIE_JARS:
        return cookie_found(path[-1], node)
    return None


def _whole_found(path: tuple[str, ...], node: Node) -> Found | None:
    dotted = ".".join(path)
    kind = payload_kind(dotted)
    if kind is None:
        kind = config_kind(dotted) or (
            config_kind(".".join(path[1:])) if path[0] == "this" else None
        )
    return None if kind is None else Found(kind, node, f"whole `{dotted}`")


def path_found(path: tuple[str, ...], node: Node, secret_vars: frozenset[str]) -> Found | None:
    """What a property path of two or more parts says: `process.env.KEY`, `req.headers.x`,
    `req.cookies.sid`, `this.config`, `user.password`."""
    if path[:2] in ENV_ROOTS:
        # An env var is judged by env_secrets alone: NEXT_PUBLIC_STRIPE_KEY is public.
        if len(path) == 2:
            return Found("config", node, f"whole `{'.'.join(path)}`")
        return env_found(path, node, secret_vars) if len(path) == 3 else None
    header = _header_found(path, node)
    if header is not None or path[-2] == "headers":
        return header
    own = secret_name_kind(path[-1])
    named = None if own is None else Found(own, node, f"secret-named `{path[-1]}`")
    return worst([named, _whole_found(path, node)])
