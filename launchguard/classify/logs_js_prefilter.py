"""The textual prefilter of the JavaScript/TypeScript log analyzer: which files cannot contain a
hit, and where the candidate sink calls are, found without parsing.

Generated files are skipped: a line over 1,000 characters in the first 4 KB (minified), a
bundler banner or runtime, transpiler boilerplate, a trailing `sourceMappingURL`, or more than
512 KB. Bundles are not where a log statement gets fixed; their sources are scanned on their own
(or through their source maps).
"""

from __future__ import annotations

import re

from launchguard.classify.logs_js_words import CONSOLE_METHODS, LOGGER_METHODS

MAX_BYTES = 512 * 1024  # hand-written modules are far smaller; bigger files are bundles
_MAX_LINE = 1000
# Build output and vendored bundles: a banner, a bundler runtime, transpiler boilerplate.
# Rolldown (Vite 7 and later) opens each bundled module with `//#region <its path>`.
_GENERATED_HEAD = re.compile(
    rb"@generated|DO NOT EDIT|@license|/\*!|__webpack_require__|/\*{6}/|var __defProp\b"
    rb"|Object\.defineProperty\(exports, ['\"]__esModule['\"]"
    rb"|^//#region \S+\.[cm]?[jt]sx?$",
    re.MULTILINE,
)
_GENERATED_TAIL = re.compile(rb"sourceMappingURL=")
# The method half of every sink shape. Starting with a literal dot keeps `re` near 1 GB/s (a
# lookbehind or a leading class costs 10x); the object half is checked by looking back.
_SINK_METHOD = re.compile(
    rb"\.\s*("
    + b"|".join(m.encode() for m in sorted(LOGGER_METHODS | CONSOLE_METHODS))
    + rb"|write)\s*(?:\?\.\s*)?\("
)
_IDENT_TAIL = re.compile(rb"[\w$]+\Z")
_SINK_OBJECT_NAMES = frozenset({b"console", b"winston", b"bunyan", b"stdout", b"stderr"})


def looks_generated(text: bytes) -> bool:
    head = text[:4096]
    if any(len(line) > _MAX_LINE for line in head.split(b"\n")):
        return True
    return bool(_GENERATED_HEAD.search(head) or _GENERATED_TAIL.search(text[-512:]))


def sink_sites(text: bytes) -> list[tuple[int, int]]:
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
