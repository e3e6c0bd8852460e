"""The forward dataflow inside one function, class body or module: statements in order,
branches merged, sink calls reported with the worst value they write.
"""

from __future__ import annotations

import ast
import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from launchguard.classify.log_names import EVENT_NAMES, SEVERITY
from launchguard.classify.logs_python_sinks import META_KWARGS, sink_name, written_calls
from launchguard.classify.logs_python_taint import (
    CLEAN,
    WHOLE_KINDS,
    Env,
    Taint,
    by_name,
    const_str,
    dotted,
    known_by_path,
    last_part,
    method_name,
    worst,
)
from launchguard.classify.logs_python_values import Values

_ORDERING = frozenset({"sorted", "list", "reversed", "tuple"})
_LAMBDA_CONTEXT = frozenset({"context", "ctx", "_context", "lambda_context", "_ctx"})
# What an application's settings are typed as; `config: ATNConfig` or `config: Path` is
# something else that happens to be called config.
_CONFIG_TYPES = frozenset(
    {"dict", "Dict", "Mapping", "MutableMapping", "Any", "Config", "AppConfig", "Configuration"}
)


@dataclass(frozen=True, slots=True)
class RawHit:
    call: ast.Call
    sink: str
    taint: Taint


@dataclass
class Scope:
    """One function, class body or module: statements in order, branches merged."""

    values: Values
    sink_lines: list[int]  # ascending: statements without one are not searched for calls
    hits: list[RawHit] = field(default_factory=list)
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
        key = dotted(node.target)
        grown = worst(self.values.leak(node.target), self.values.leak(node.value))
        if key is not None and grown is not None:
            self.values.env[key] = Taint(grown.leak, grown.detail)

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
        key = dotted(target)
        if key is None:
            return
        found = self.values.leak(value)
        if found is not None:
            self.values.env[key] = Taint(found.leak, found.detail)
        elif self.values.is_built_here(value) or _names_a_file(key, value):
            self.values.env[key] = CLEAN
        else:
            self.values.env.pop(key, None)

    def forget(self, target: ast.expr) -> None:
        if isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self.forget(element)
            return
        key = dotted(target.value if isinstance(target, ast.Starred) else target)
        if key is not None:
            self.values.env.pop(key, None)

    def store_into(self, container: ast.expr, found: Taint | None) -> None:
        """`headers["Authorization"] = f"Bearer {token}"` makes `headers` carry a secret."""
        key = dotted(container)
        if key is None or found is None:
            return
        grown = worst(self.values.leak(container), found)
        if grown is not None:
            self.values.env[key] = Taint(grown.leak, grown.detail)

    def mutation(self, node: ast.expr) -> None:
        """`headers.update({...})`, `parts.append(token)`: the container takes the value."""
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            return
        if node.func.attr not in ("update", "append", "extend", "add", "insert", "setdefault"):
            return
        found = self.values.worst_of(node.args)
        for keyword in node.keywords:
            found = worst(found, self.values.entry(_located(keyword.arg, keyword), keyword.value))
        self.store_into(node.func.value, found)

    def bind_loop(self, target: ast.expr, iterable: ast.expr) -> None:
        """A loop over secrets yields secrets; over a whole object's `.values()` or
        `.items()`, its values; over anything else (a lexer's tokens), nothing."""
        iterable = _unordered(iterable)
        found = self.values.leak(iterable)
        method = method_name(iterable)
        if isinstance(target, ast.Tuple) and len(target.elts) == 2 and method == "items":
            self.forget(target)
            name, value = target.elts
            self.hold(name, None)
            self.hold(value, found if known_by_path(found) else None)
        elif isinstance(target, ast.Name):
            keep = found is not None and (found.leak == "secret" or method == "values")
            self.hold(target, found if keep else None)
        else:
            self.forget(target)

    def hold(self, target: ast.expr, found: Taint | None) -> None:
        key = dotted(target)
        if key is not None:
            self.values.env[key] = CLEAN if found is None else Taint(found.leak, found.detail)

    # -- sinks -------------------------------------------------------------------------

    def sinks(self, node: ast.stmt | ast.expr) -> None:
        first = bisect.bisect_left(self.sink_lines, node.lineno)
        if first == len(self.sink_lines) or self.sink_lines[first] > (node.end_lineno or 0):
            return
        for call in ast.walk(node):
            if isinstance(call, ast.Call):
                sink = sink_name(call, self.values.loggers)
                if sink is not None:
                    self.report(call, sink)

    def report(self, call: ast.Call, sink: str) -> None:
        best: Taint | None = None
        for written in written_calls(call):
            for arg in written.args:
                best = worst(best, _at(self.values.leak(arg), arg))
            for keyword in written.keywords:
                best = worst(best, _at(self.keyword(keyword), keyword))
        if best is not None:
            self.hits.append(RawHit(call, sink, best))

    def keyword(self, keyword: ast.keyword) -> Taint | None:
        """structlog and loguru write the keyword next to its value: `password=pw` logs a
        password whatever `pw` is called, unless the value is visibly safe."""
        if keyword.arg in META_KWARGS:
            return None
        if keyword.arg is None:
            return self.values.leak(keyword.value)
        return self.values.entry(_located(keyword.arg, keyword), keyword.value)


def _names_a_file(key: str, value: ast.expr) -> bool:
    """`config = "setup.cfg"`: a string given to a payload- or config-named variable is a
    name or a path, not the object (a secret-named one keeps its name's verdict)."""
    if const_str(value) is None:
        return False
    named = by_name(last_part(key), value)
    return named is not None and named.leak in WHOLE_KINDS


def _at(found: Taint | None, node: ast.AST) -> Taint | None:
    if found is None or found.node is not None:
        return found
    return Taint(found.leak, found.detail, node, found.via)


def _located(name: str | None, where: ast.keyword) -> ast.Constant:
    """A keyword's name as a constant placed where the keyword starts."""
    return ast.copy_location(ast.Constant(value=name), where)


def _unordered(node: ast.expr) -> ast.expr:
    """`sorted(os.environ.items())` iterates as `os.environ.items()`."""
    while isinstance(node, ast.Call) and dotted(node.func) in _ORDERING and node.args:
        node = node.args[0]
    return node


def _severity(taint: Taint) -> int:
    return SEVERITY[taint.leak]


def _merge(envs: list[Env]) -> Env:
    """After branches: tainted if any branch tainted it, clean only if all cleaned it."""
    merged: Env = {}
    for key in set().union(*envs):
        held = [env.get(key) for env in envs]
        taints: list[Taint] = [h for h in held if isinstance(h, Taint)]
        if taints:
            strongest = max(taints, key=_severity)
            merged[key] = strongest
        elif all(h == CLEAN for h in held):
            merged[key] = CLEAN
    return merged


def seed_params(node: ast.AST, values: Values) -> None:
    """What the parameters hold before the first statement. An AWS Lambda handler's `event`
    is the whole request (`def handler(event, context)`); a `config: str` or
    `settings: Path` is a file name, not a configuration."""
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return
    params = node.args.posonlyargs + node.args.args
    names = [arg.arg for arg in params]
    if len(names) >= 2 and names[0] in EVENT_NAMES and names[1] in _LAMBDA_CONTEXT:
        values.env[names[0]] = Taint("payload", "the whole Lambda event")
    for arg in params + node.args.kwonlyargs:
        named = by_name(arg.arg, arg)
        if named is not None and named.leak == "config" and not _is_config_type(arg.annotation):
            values.env[arg.arg] = CLEAN


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
    name = dotted(annotation) or const_str(annotation) or ""
    last = last_part(name)
    return last in _CONFIG_TYPES or "Settings" in last
