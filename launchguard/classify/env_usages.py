"""Every place source code reads an environment variable, and the form of each read."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

Side = Literal["client", "server"]


@dataclass(frozen=True, slots=True)
class Usage:
    name: str  # the variable as the process environment names it
    path: str  # the path passed in, unchanged
    line: int  # 1-based
    column: int  # 1-based, characters
    how: str  # the access form: "process.env", "os.getenv", "$env/static/public", ...
    side: Side | None  # only when the access form itself decides the side


# Linear by construction: every pattern starts at a literal (a one-character lookbehind does
# not change that) and its only repetitions are single character classes ended by the next
# literal, so a failed attempt costs a constant, or the length of one name or one run of
# spaces, even on a 10 MB minified line. Two repetitions that could share characters never
# meet (`\s*(?:\(\s*)?`, not `\s*\(?\s*`, which splits a run of spaces quadratically many
# ways). The `[^()]{0,200}`-style gaps are bounded for the same reason.
_NAME = r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
_QUOTED = r"(?P<q>['\"`])" + _NAME + r"(?P=q)"
_ASSIGNMENT = re.compile(r"\s*=(?![=>])")  # `X = ...` after a member defines, it does not read
_NEWLINE = re.compile(r"\n")
# Not a property of something else (`foo.process.env`), though a spread (`...process.env`) is.
_NOT_MEMBER = r"(?<![\w$])(?:(?<=\.\.\.)|(?<!\.))"
_ENVIRON_CASTS = (
    "str|bool|int|float|decimal|list|tuple|dict|json|url|db|db_url|cache|cache_url|email"
    "|email_url|search_url|path|bytes"
)

_Hit = tuple[int, str, str, Side | None]  # (offset of the name, name, how, side)


@dataclass(frozen=True, slots=True)
class _Form:
    how: str
    keyword: str  # the form can only match where this literal occurs: skip the regex otherwise
    pattern: re.Pattern[str]  # group "name" is the variable
    lvalue: bool = False  # `<match> = value` is a write, not a read
    requires: re.Pattern[str] | None = None  # the form counts only if this is in the file


def _form(
    how: str, keyword: str, pattern: str, *, lvalue: bool = False, requires: str | None = None
) -> _Form:
    needs = None if requires is None else re.compile(requires)
    return _Form(how, keyword, re.compile(pattern), lvalue, needs)


def _member_forms(how: str, owner: str) -> tuple[_Form, _Form]:
    """`owner.NAME`, `owner?.NAME`, `owner["NAME"]`, `owner?.['NAME']` for a JS env object."""
    lead = rf"{_NOT_MEMBER}{owner}\s*"
    return (
        _form(how, how, rf"{lead}(?:\?\.|\.)\s*{_NAME}(?![\w$])", lvalue=True),
        _form(how, how, rf"{lead}(?:\?\.\s*)?\[\s*{_QUOTED}\s*\]", lvalue=True),
    )


def _call_form(
    how: str, keyword: str, callee: str, quotes: str = "'\"", *, requires: str | None = None
) -> _Form:
    """`callee("NAME"`: the first argument is the variable."""
    pattern = rf"{callee}\s*\(\s*(?P<q>[{quotes}]){_NAME}(?P=q)"
    return _form(how, keyword, pattern, requires=requires)


def _from_os(name: str) -> str:
    """`from os import ..., name` somewhere in the file (bare `environ` is otherwise often a
    WSGI request dict, not the process environment)."""
    return rf"\bfrom\s+os\s+import\s+[\w\s,()]{{0,200}}?\b{name}\b"


_JS_FORMS = (
    *_member_forms("process.env", r"process\.env"),
    *_member_forms("import.meta.env", r"import\.meta\.env"),
    *_member_forms("Bun.env", r"Bun\.env"),
    _call_form("Deno.env", "Deno.env", r"(?<![\w$.])Deno\.env\.get", "'\"`"),
)
_PY_FORMS = (
    _form("os.environ", "environ", rf"(?<![\w.])os\.environ\s*\[\s*{_QUOTED}\s*\]", lvalue=True),
    _call_form("os.environ", "environ", r"(?<![\w.])os\.environ\.get"),
    _call_form("os.getenv", "getenv", r"(?<![\w.])os\.getenv"),
    _form(
        "os.environ",
        "environ",
        rf"(?<![\w.])environ\s*\[\s*{_QUOTED}\s*\]",
        lvalue=True,
        requires=_from_os("environ"),
    ),
    _call_form("os.environ", "environ", r"(?<![\w.])environ\.get", requires=_from_os("environ")),
    _call_form("os.getenv", "getenv", r"(?<![\w.])getenv", requires=_from_os("getenv")),
    _call_form("env()", "env", rf"(?<![\w.])env(?:\.(?:{_ENVIRON_CASTS}))?"),
)
_RUBY_FORMS = (
    _form("ENV", "ENV", rf"(?<![\w$.])ENV\s*\[\s*{_QUOTED}\s*\]", lvalue=True),
    _form("ENV", "ENV", rf"(?<![\w$.])ENV\.fetch\s*(?:\(\s*)?{_QUOTED}"),
)
_GO_FORMS = (
    _call_form("os.Getenv", "Getenv", r"(?<![\w.])os\.Getenv", '"`'),
    _call_form("os.LookupEnv", "LookupEnv", r"(?<![\w.])os\.LookupEnv", '"`'),
)
_PHP_FORMS = (
    _call_form("getenv", "getenv", r"(?<![\w$>:])getenv"),
    _form("$_ENV", "$_ENV", rf"(?<![\w$])\$_ENV\s*\[\s*{_QUOTED}\s*\]", lvalue=True),
    _call_form("env()", "env", r"(?<![\w$>:])env"),
)
_JVM_FORMS = (_call_form("System.getenv", "getenv", r"(?<![\w.])System\.getenv", '"'),)
_CS_FORMS = (
    _call_form(
        "Environment.GetEnvironmentVariable",
        "GetEnvironmentVariable",
        r"(?<![\w$])Environment\.GetEnvironmentVariable",
        '"',
    ),
)
_RUST_FORMS = (
    _call_form("env::var", "env::var", r"(?<![\w:])(?:std::)?env::var(?:_os)?", '"'),
    _call_form("env!", "env!", r"(?<![\w:])(?:option_)?env!", '"'),
)
_ELIXIR_FORMS = (
    _form(
        "System.get_env",
        "System.",
        rf"(?<![\w.])System\.(?:get_env|fetch_env!?)\s*(?:\(\s*)?(?P<q>\"){_NAME}(?P=q)",
    ),
)

# `const { A, B: b, C = "d" } = process.env` (and Nuxt's `= useRuntimeConfig()`): the pattern's
# `{` is found by walking back from `}` at most _PATTERN_WINDOW characters.
_DESTRUCTURE = re.compile(
    r"\}\s*=\s*(?:await\s+)?(?P<owner>process\.env|import\.meta\.env|Bun\.env"
    r"|useRuntimeConfig\s*\([^()]{0,200}\))(?!\s*(?:\?\.|\.|\[)|[\w$])"
)
_PATTERN_WINDOW = 2000
_PATTERN_KEY = re.compile(
    r"\s*(?:(?P<q>['\"])(?P<quoted>[A-Za-z_$][\w$]*)(?P=q)|(?P<plain>[A-Za-z_$][\w$]*))"
    r"\s*(?=[:=]|$)"
)
_SVELTEKIT_IMPORT = re.compile(
    r"(?<![\w$.])import\s*\{(?P<names>[^{}]{0,2000})\}\s*from\s*"
    r"(?P<q>['\"])\$env/(?P<kind>static|dynamic)/(?P<scope>private|public)(?P=q)"
)
_IMPORTED = re.compile(r"(?P<name>[A-Za-z_$][\w$]*)(?:\s+as\s+(?P<alias>[A-Za-z_$][\w$]*))?")
_IS_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUXT_BINDING = re.compile(
    r"(?<![\w$.])(?:const|let|var)\s+(?P<var>[A-Za-z_$][\w$]*)\s*=\s*(?:await\s+)?useRuntimeConfig\s*\("
)
_NUXT_INLINE = re.compile(r"(?<![\w$.])useRuntimeConfig\s*\([^()]{0,200}\)")
_SEGMENT = re.compile(r"\s*(?:\?\.|\.)\s*(?P<key>[A-Za-z_$][\w$]*)")
# Nuxt maps runtimeConfig keys to NUXT_<SNAKE_PATH>; `public` and `app` are sent to the browser.
_NUXT_GROUPS: dict[str, tuple[str, Side]] = {
    "public": ("NUXT_PUBLIC_", "client"),
    "app": ("NUXT_APP_", "client"),
}
_WORD = re.compile(r"[A-Z]+[0-9]*(?![a-z])|[A-Z]?[a-z]+[0-9]*|[0-9]+")


def screaming_snake(key: str) -> str:
    """`apiBase` -> `API_BASE`, `baseURL` -> `BASE_URL`: how Nuxt names runtimeConfig keys in
    the environment."""
    return "_".join(word.upper() for word in _WORD.findall(key[:200]))


def member_reads(text: str, owners: Iterable[str]) -> list[tuple[int, str]]:
    """(offset, name) of each `owner.NAME` / `owner["NAME"]` read, for identifiers that hold an
    env object (SvelteKit's `env`, the result of Vite's `loadEnv`)."""
    names = "|".join(re.escape(owner) for owner in owners)
    if not names:
        return []
    forms = _member_forms("", f"(?:{names})")
    return [(offset, name) for offset, name, _, _ in _form_hits(text, forms)]


def _destructured(text: str) -> Iterator[_Hit]:
    if "} =" not in text and "}=" not in text:
        return
    floor = 0  # a pattern never reaches back past the previous match: each walk is new text
    for m in _DESTRUCTURE.finditer(text):
        owner = m.group("owner")
        keys = list(_pattern_keys(text, m.start(), max(floor, m.start() - _PATTERN_WINDOW)))
        floor = m.end()
        for offset, key in keys:
            if owner.startswith("useRuntimeConfig"):
                if key not in _NUXT_GROUPS:
                    yield offset, "NUXT_" + screaming_snake(key), "useRuntimeConfig", "server"
            elif _IS_NAME.fullmatch(key):
                yield offset, key, owner, None


def _pattern_keys(text: str, close: int, floor: int) -> Iterator[tuple[int, str]]:
    """The top-level keys of the destructuring pattern whose `}` is at `close` and whose `{`
    is at `floor` or later."""
    depth, start = 0, -1
    for i in range(close, floor - 1, -1):
        depth += {"}": 1, "{": -1}.get(text[i], 0)
        if depth == 0:
            start = i
            break
    if start < 0:
        return
    depth, entry = 0, start + 1
    for i in range(start + 1, close + 1):
        char = text[i]
        if depth == 0 and char in ",}":
            m = _PATTERN_KEY.match(text, entry, i)
            if m is not None:
                name = "quoted" if m.group("quoted") else "plain"
                yield m.start(name), m.group(name)
            entry = i + 1
        depth += {"{": 1, "[": 1, "(": 1, "}": -1, "]": -1, ")": -1}.get(char, 0)


def _sveltekit(text: str) -> Iterator[_Hit]:
    if "$env/" not in text:
        return
    dynamic: dict[str, tuple[str, Side]] = {}  # local name of `env` -> (how, side)
    for m in _SVELTEKIT_IMPORT.finditer(text):
        how = f"$env/{m.group('kind')}/{m.group('scope')}"
        side: Side = "client" if m.group("scope") == "public" else "server"
        base = m.start("names")
        for imported in _IMPORTED.finditer(m.group("names")):
            name, alias = imported.group("name"), imported.group("alias")
            if m.group("kind") == "static" and _IS_NAME.fullmatch(name):
                yield base + imported.start("name"), name, how, side
            elif name == "env":
                dynamic[alias or "env"] = (how, side)
    for alias, (how, side) in dynamic.items():  # once per name, however often it is imported
        yield from ((offset, name, how, side) for offset, name in member_reads(text, [alias]))


def _nuxt(text: str) -> Iterator[_Hit]:
    if "useRuntimeConfig" not in text:
        return
    starts = [m.end() for m in _NUXT_INLINE.finditer(text)]
    owners = {m.group("var") for m in _NUXT_BINDING.finditer(text)}
    if owners:
        names = "|".join(re.escape(owner) for owner in sorted(owners))
        starts += [m.end() for m in re.finditer(rf"(?<![\w$.])(?:{names})(?![\w$])", text)]
    for start in starts:
        hit = _nuxt_path(text, start)
        if hit is not None:
            yield hit


def _nuxt_path(text: str, start: int) -> _Hit | None:
    """`.apiSecret` -> NUXT_API_SECRET (server); `.public.apiBase` -> NUXT_PUBLIC_API_BASE."""
    first = _SEGMENT.match(text, start)
    if first is None:
        return None
    key = first.group("key")
    if key not in _NUXT_GROUPS:
        return first.start("key"), "NUXT_" + screaming_snake(key), "useRuntimeConfig", "server"
    second = _SEGMENT.match(text, first.end())
    if second is None:
        return None
    prefix, side = _NUXT_GROUPS[key]
    name = prefix + screaming_snake(second.group("key"))
    return second.start("key"), name, "useRuntimeConfig", side


@dataclass(frozen=True, slots=True)
class _Language:
    forms: tuple[_Form, ...]
    finders: tuple[Callable[[str], Iterator[_Hit]], ...] = ()
    comments: tuple[str, ...] = ("//", "/*", "*")  # a line starting so is skipped


_JS = _Language(_JS_FORMS, (_destructured, _sveltekit, _nuxt))
_JS_SUFFIXES = (".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".mts", ".cts", ".vue", ".svelte")
_LANGUAGES: dict[str, _Language] = {
    **dict.fromkeys((*_JS_SUFFIXES, ".astro"), _JS),
    ".py": _Language(_PY_FORMS, comments=("#",)),
    ".rb": _Language(_RUBY_FORMS, comments=("#",)),
    ".go": _Language(_GO_FORMS),
    ".php": _Language(_PHP_FORMS, comments=("//", "#", "/*", "*")),
    # .kts: Gradle build scripts, which often call System.getenv.
    **dict.fromkeys((".java", ".kt", ".kts"), _Language(_JVM_FORMS)),
    ".cs": _Language(_CS_FORMS),
    ".rs": _Language(_RUST_FORMS),
    **dict.fromkeys((".ex", ".exs"), _Language(_ELIXIR_FORMS, comments=("#",))),
}
# Lower-case suffixes of the files worth reading. Data files (.json, .yaml, .toml, .env) are left
# out: they hold values or declare wiring but never read the process environment, and the
# config files that do (next.config.js, vite.config.ts) are code with a suffix listed here.
USAGE_SUFFIXES: frozenset[str] = frozenset(_LANGUAGES)
# Any other suffix: every form, since the caller chose to read the file; `#` stays out of the
# comment markers because in JS it starts private fields.
_ANY = _Language(
    tuple(dict.fromkeys(form for lang in _LANGUAGES.values() for form in lang.forms)),
    _JS.finders,
    comments=("//", "/*"),
)


def find_usages(text: str, path: str) -> list[Usage]:
    """Each read of an environment variable in `text`, in order; the forms looked for depend on
    the suffix of `path` (see USAGE_SUFFIXES), all of them for an unknown suffix."""
    language = _LANGUAGES.get(PurePosixPath(path).suffix.lower(), _ANY)
    hits = [*_form_hits(text, language.forms)]
    hits += [hit for finder in language.finders for hit in finder(text)]
    if not hits:
        return []
    starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
    usages: dict[tuple[str, int, int], Usage] = {}
    for offset, name, how, side in sorted(hits, key=lambda hit: hit[0]):
        index = bisect.bisect_right(starts, offset) - 1
        if _is_commented(text, starts[index], offset, language.comments):
            continue
        line, column = index + 1, offset - starts[index] + 1
        usages.setdefault((name, line, column), Usage(name, path, line, column, how, side))
    return list(usages.values())


def _form_hits(text: str, forms: Iterable[_Form]) -> Iterator[_Hit]:
    for form in forms:
        if form.keyword not in text:
            continue
        if form.requires is not None and form.requires.search(text) is None:
            continue
        for m in form.pattern.finditer(text):
            if form.lvalue and _ASSIGNMENT.match(text, m.end()):
                continue
            yield m.start("name"), m.group("name"), form.how, None


def _is_commented(text: str, line_start: int, offset: int, markers: tuple[str, ...]) -> bool:
    """The line starts with a comment marker before the match (and no `*/` closes it first).
    Only short prefixes are looked at, so a minified line costs nothing per match."""
    if offset - line_start > 400:
        return False
    head = text[line_start:offset]
    return head.lstrip().startswith(markers) and "*/" not in head
