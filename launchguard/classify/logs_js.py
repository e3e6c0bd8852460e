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
`log_names`, shared with the Python analyzer; the `logs_js_*` modules only know JavaScript's
shapes. This module is the public API and the orchestration:

- `logs_js_prefilter`: the skip rules and the textual sink-site prefilter;
- `logs_js_syntax`: grammars, parsers, the binding query, node helpers;
- `logs_js_sinks`: whether the call at a site is a log call;
- `logs_js_eval`: what an argument is known to hold;
- `logs_js_flow`: which binding a name sees and what it holds;
- `logs_js_values`: the value model and what a name or property path says;
- `logs_js_words`: JavaScript's own vocabulary.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from launchguard.classify.log_types import LogHit
from launchguard.classify.logs_js_eval import Evaluator
from launchguard.classify.logs_js_prefilter import MAX_BYTES, looks_generated, sink_sites
from launchguard.classify.logs_js_sinks import is_sink, sink_call
from launchguard.classify.logs_js_syntax import Dialect, named_kids, parser_for
from launchguard.classify.logs_js_values import worst

__all__ = ["Dialect", "analyze_js", "dialect_for"]

# The names the tests reach the prefilter, the parsers and sink recognition by.
_parser, _sink_sites, _sink_call, _is_sink = parser_for, sink_sites, sink_call, is_sink

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


_AROUND_DOTS = re.compile(r"\s*(\??\.)\s*")  # `logger\n  .info` is written `logger.info`


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 80 else flat[:79] + "…"


def _allowed(text: bytes, call: Node) -> bool:
    start = text.rfind(b"\n", 0, call.start_byte) + 1
    end = text.find(b"\n", call.end_byte)
    return b"launchguard:allow" in text[start : end if end >= 0 else len(text)]


def _hit(file: Evaluator, call: Node) -> LogHit | None:
    text = file.text
    if _allowed(text, call):
        return None
    args = call.child_by_field_name("arguments")
    found = worst(file.eval(arg).found for arg in (named_kids(args) if args is not None else []))
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
    if len(text) > MAX_BYTES or looks_generated(text):
        return []
    sites = sink_sites(text)
    if not sites:
        return []
    root = parser_for(dialect).parse(text).root_node
    file = Evaluator(text, root, dialect, secret_env_vars)
    hits: list[LogHit] = []
    seen: set[int] = set()
    for start, end in sites:
        call = sink_call(root, start, end, text)
        if call is None or call.id in seen:
            continue
        seen.add(call.id)
        hit = _hit(file, call)
        if hit is not None:
            hits.append(hit)
    return hits
