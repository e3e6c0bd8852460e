"""Refuse user regexes that can backtrack catastrophically, before they run.

Hyperscan never backtracks, but the confirm stage, the pure-Python fallback and allow-list
values run Python's `re`, where `(a+)+$` against thirty `a`s and a `b` takes minutes. Two
shapes cause that blow-up, and both are found on the parsed pattern:

- a repeat inside a repeat, when both can vary in count (`(a+)+`, `(\\w{1,9}){2,30}`): the
  same text splits between them in exponentially many ways;
- a repeated alternation whose branches can start with the same character (`(a|ab)*`,
  `(\\w|\\d)+`): each character can be taken by either branch.

Fixed inner counts (`(?:[a-z]{4}){10}`) and disjoint branches (`(?:-|[a-z]){8,40}`) stay
allowed: they have one way to match.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

_parser: Any = getattr(re, "_parser")  # noqa: B009  # sre's parser: the only public-ish AST
_c: Any = getattr(re, "_constants")  # noqa: B009

_ALL = frozenset(range(256))
_CATEGORIES: dict[Any, frozenset[int]] = {
    _c.CATEGORY_DIGIT: frozenset(b"0123456789"),
    _c.CATEGORY_SPACE: frozenset(b" \t\n\r\f\v"),
    _c.CATEGORY_WORD: frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"),
}
_NOT_CATEGORIES: dict[Any, Any] = {
    _c.CATEGORY_NOT_DIGIT: _c.CATEGORY_DIGIT,
    _c.CATEGORY_NOT_SPACE: _c.CATEGORY_SPACE,
    _c.CATEGORY_NOT_WORD: _c.CATEGORY_WORD,
}
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None))
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)


_MANY = 5  # a body repeated at most this often stays polynomial (and windows are bounded)


def backtracking_risk(pattern: str) -> str | None:
    """Why `pattern` could take exponential time in Python's `re`, or None when it cannot.
    The pattern must already compile."""
    try:
        with warnings.catch_warnings():  # the caller's compile already warned, once
            warnings.simplefilter("ignore")
            tree = _parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None  # reported by the caller's own compile check
    return _walk(list(tree))


def _walk(items: list[Any]) -> str | None:
    for op, arg in items:
        if op in _REPEATS and arg[1] > _MANY and (why := _ambiguous(list(arg[2]))) is not None:
            return why
        for child in _children(op, arg):
            if (why := _walk(child)) is not None:
                return why
    return None


def _children(op: Any, arg: Any) -> list[list[Any]]:
    """The sub-patterns inside one item of sre's parse tree."""
    if op in _REPEATS:
        return [list(arg[2])]
    if (body := _group(op, arg)) is not None:
        return [body]
    if op is _c.BRANCH:
        return [list(b) for b in arg[1]]
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [list(arg[1])]
    if op is _c.GROUPREF_EXISTS:
        return [list(b) for b in arg[1:] if b is not None]
    return []


def _group(op: Any, arg: Any) -> list[Any] | None:
    """The body of a group, capturing or not, or atomic; None for any other item."""
    if op is _c.SUBPATTERN:
        return list(arg[-1])
    if _ATOMIC is not None and op is _ATOMIC:
        return list(arg)
    return None


def _ambiguous(body: list[Any]) -> str | None:
    """Whether a body repeated many times can split the same text in more than one way."""
    if _overlapping_branch(body):
        return "a repeated alternation whose branches overlap (like `(a|ab)*`)"
    for i, (op, arg) in enumerate(body):
        if not _varies([(op, arg)]):
            continue
        chars = _repeat_chars(op, arg)
        follow = _first(body[i + 1 :] + body)  # what comes next: the rest, then the body again
        if chars is None or follow is None or chars & follow:
            return "a repeat inside a repeat (like `(a+)+`)"
    return None


def _repeat_chars(op: Any, arg: Any) -> frozenset[int] | None:
    """The bytes a simple repeat (`[a-z]{1,9}`, `x+`) consumes; None for anything larger."""
    if op not in _REPEATS or len(arg[2]) != 1:
        return None
    return _atom(*next(iter(arg[2])))


def _atom(op: Any, arg: Any) -> frozenset[int] | None:
    """The bytes one character-matching item matches; None when it is not one."""
    if op is _c.LITERAL:
        return _cased(arg)
    if op is _c.IN:
        return _class(arg)
    return _ALL if op is _c.ANY else None


def _varies(items: list[Any]) -> bool:
    """Whether the items can match texts of different lengths."""
    for op, arg in items:
        if op in _REPEATS and (arg[0] != arg[1] or _varies(list(arg[2]))):
            return True
        if (body := _group(op, arg)) is not None and _varies(body):
            return True
        if op is _c.BRANCH:
            widths = {b.getwidth() for b in arg[1]}
            if len(widths) > 1 or any(lo != hi for lo, hi in widths):
                return True
    return False


def _overlapping_branch(items: list[Any]) -> bool:
    """Whether the repeated body is (or starts with) an alternation with overlapping starts."""
    if not items:
        return False
    op, arg = items[0]
    if (body := _group(op, arg)) is not None:
        return _overlapping_branch(body)
    if op is not _c.BRANCH:
        return False
    seen: set[int] = set()
    for branch in arg[1]:
        first = _first(list(branch))
        if first is None or seen & first:
            return True
        seen |= first
    return False


def _first(items: list[Any]) -> frozenset[int] | None:
    """The bytes a match of `items` can start with; None when it can be empty or is unknown."""
    if not items:
        return None
    op, arg = items[0]
    if (chars := _atom(op, arg)) is not None:
        return chars
    if (body := _group(op, arg)) is not None:
        return _first([*body, *items[1:]])
    if op in _REPEATS:  # a repeat that may match nothing starts with it or what follows
        here = _first(list(arg[2]))
        rest = _first(items[1:]) if arg[0] == 0 else frozenset()
        return None if here is None or rest is None else here | rest
    if op is _c.BRANCH:
        firsts = [_first([*b, *items[1:]]) for b in arg[1]]
        return None if None in firsts else frozenset().union(*firsts)  # type: ignore[arg-type]
    return None


def _cased(code: int) -> frozenset[int]:
    return frozenset({code}) if code < 256 else frozenset()


def _class(arg: list[Any]) -> frozenset[int]:
    """The bytes a character class matches (Unicode beyond 255 is left out: it only ever
    overlaps itself, and the patterns here are compiled as bytes)."""
    out: set[int] = set()
    negated = False
    for op, value in arg:
        if op is _c.NEGATE:
            negated = True
        elif op is _c.LITERAL:
            out |= _cased(value)
        elif op is _c.RANGE:
            out |= set(range(value[0], min(value[1], 255) + 1))
        elif op is _c.CATEGORY and value in _CATEGORIES:
            out |= _CATEGORIES[value]
        elif op is _c.CATEGORY and value in _NOT_CATEGORIES:
            out |= _ALL - _CATEGORIES[_NOT_CATEGORIES[value]]
        else:
            return _ALL  # anything unusual: assume it overlaps everything
    return _ALL - out if negated else frozenset(out)
