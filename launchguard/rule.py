"""Rule: one detector, as loaded from a YAML rule file, validated field by field."""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any

from launchguard.errors import RuleError
from launchguard.findings import Kind, Severity

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")
CHECKSUMS = ("github-crc32", "npm-crc32")
# Bytes before a Hyperscan end offset that the confirm step looks at, for patterns whose
# width analysis says "unbounded" (only possible for custom rules written carelessly).
MAX_WINDOW = 16_384

RULE_KEYS = {
    "id": "stable kebab-case id, <provider>-<what>",
    "name": "human name",
    "kind": "secret or env-file",
    "severity": "blocker|high|medium|low|info",
    "public_by_design": "true when the credential is meant to ship to browsers",
    "keywords": "literal substrings; the rule runs only where one occurs (case-insensitive)",
    "pattern": "regex; group 1 is the secret",
    "path": "regex on the file's base name (env-file rules)",
    "entropy": "Shannon entropy floor of group 1, bits per character",
    "checksum": "token checksum to verify: " + ", ".join(CHECKSUMS),
    "jwt_claims": "claims group 1 (a JWT) must carry, e.g. {role: service_role}",
    "priority": "which rule wins when two report the same secret (higher wins)",
    "description": "what the credential gives access to",
    "rotate": "{url, steps, review}: how to rotate it; optional review: where to spot misuse",
    "references": "documentation links",
    "examples": "texts the rule must find",
    "negative_examples": "texts the rule must not find",
}


@dataclass(frozen=True, slots=True)
class Rotation:
    url: str
    steps: tuple[str, ...]
    # Where in the provider's console to look for misuse of the leaked credential; the audit
    # appends "since <first commit date>".
    review: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    id: str
    name: str
    provider: str
    kind: Kind
    severity: Severity
    public_by_design: bool = False
    keywords: tuple[str, ...] = ()
    pattern: str | None = None
    path: str | None = None
    entropy: float | None = None
    checksum: str | None = None
    jwt_claims: tuple[tuple[str, str], ...] = ()
    priority: int = 0
    description: str = ""
    rotate: Rotation | None = None
    references: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    negative_examples: tuple[str, ...] = ()
    source: str = field(default="", compare=False)

    @property
    def is_generic(self) -> bool:
        return self.provider == "generic"

    def compiled(self) -> re.Pattern[bytes]:
        """The Python form of the pattern (confirm stage and fallback backend)."""
        assert self.pattern is not None  # noqa: S101  # only content rules are compiled
        return re.compile(self.pattern.encode())

    def max_width(self) -> int:
        """Longest text the pattern can match: the confirm window behind a hit."""
        assert self.pattern is not None  # noqa: S101  # only content rules have a width
        _, hi = re._parser.parse(self.pattern).getwidth()  # type: ignore[attr-defined]
        return min(int(hi), MAX_WINDOW)


def _suggest(key: object) -> str:
    close = difflib.get_close_matches(str(key), RULE_KEYS, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}: expected a list of strings")
    return tuple(value)


def _enum(cls: type[Kind] | type[Severity], value: Any, where: str) -> Any:
    try:
        return cls(value)
    except ValueError:
        choices = "|".join(m.value for m in cls)
        raise RuleError(f"{where}: {value!r} is not one of {choices}") from None


def _rotation(value: Any, where: str) -> Rotation:
    if not isinstance(value, dict) or set(value) - {"url", "steps", "review"}:
        raise RuleError(f"{where}: expected a mapping with 'url', 'steps' and optional 'review'")
    url, steps, review = value.get("url"), value.get("steps"), value.get("review", "")
    if not isinstance(url, str) or not url.startswith("https://"):
        raise RuleError(f"{where}.url: expected an https:// URL")
    if not isinstance(review, str):
        raise RuleError(f"{where}.review: expected a string")
    return Rotation(url=url, steps=_str_list(steps, f"{where}.steps"), review=review.strip())


def _compile(pattern: str | bytes, where: str) -> re.Pattern[Any]:
    """re.compile, with every way a pattern can fail to compile as a RuleError: a syntax
    error, a repeat count past the engine's limit, or nesting deeper than its parser goes."""
    try:
        return re.compile(pattern)
    except re.error as e:
        raise RuleError(f"{where}: does not compile: {e}") from None
    except OverflowError:
        raise RuleError(f"{where}: does not compile: a repeat count is too large") from None
    except RecursionError:
        raise RuleError(f"{where}: does not compile: nested too deeply") from None


def _check_pattern(pattern: str, where: str) -> None:
    try:
        encoded = pattern.encode()
    except UnicodeEncodeError:  # a `\udc80` escape in a double-quoted YAML string
        raise RuleError(f"{where}: holds a lone surrogate, which is not text") from None
    compiled = _compile(encoded, where)
    if compiled.groups < 1:
        raise RuleError(f"{where}: needs a capture group 1 around the secret")
    _, hi = re._parser.parse(pattern).getwidth()  # type: ignore[attr-defined]
    if hi >= MAX_WINDOW:
        raise RuleError(f"{where}: unbounded quantifier; use {{m,n}} so matches stay bounded")
    for bad, why in (("(?=", "lookahead"), ("(?!", "lookahead"), ("(?<", "lookbehind")):
        if bad in pattern.replace("(?<name>", ""):
            raise RuleError(f"{where}: {why} is not supported by the matcher")
    if re.search(r"\\[1-9]", pattern):
        raise RuleError(f"{where}: backreferences are not supported by the matcher")
    _check_backtracking(pattern, where)


def _check_backtracking(pattern: str, where: str) -> None:
    from launchguard.regex_safety import backtracking_risk

    if (why := backtracking_risk(pattern)) is not None:
        raise RuleError(f"{where}: can backtrack catastrophically: {why}; rewrite it")


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleError(f"{where}: expected a number")
    try:
        number = float(value)
    except OverflowError:  # an integer past any float
        raise RuleError(f"{where}: expected a number, not one this large") from None
    if not math.isfinite(number):  # YAML's .inf and .nan
        raise RuleError(f"{where}: expected a finite number")
    return number


def _claims(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise RuleError(f"{where}: expected a mapping of claim to string value")
    return tuple(sorted((str(k), v) for k, v in value.items()))


def _fields(raw: dict[str, Any], where: str) -> dict[str, Any]:
    """Validate each optional field and convert it to its typed form."""
    out: dict[str, Any] = {}
    converters: dict[str, Any] = {
        "name": lambda v, w: v if isinstance(v, str) and v else _fail(w, "a non-empty string"),
        "kind": lambda v, w: _enum(Kind, v, w),
        "severity": lambda v, w: _enum(Severity, v, w),
        "public_by_design": lambda v, w: v if isinstance(v, bool) else _fail(w, "true or false"),
        "keywords": lambda v, w: tuple(k.lower() for k in _str_list(v, w)),
        "pattern": lambda v, w: v if isinstance(v, str) else _fail(w, "a string"),
        "path": lambda v, w: v if isinstance(v, str) else _fail(w, "a string"),
        "entropy": _number,
        "checksum": lambda v, w: v if v in CHECKSUMS else _fail(w, " or ".join(CHECKSUMS)),
        "jwt_claims": _claims,
        "priority": lambda v, w: int(_number(v, w)),
        "description": lambda v, w: v if isinstance(v, str) else _fail(w, "a string"),
        "rotate": _rotation,
        "references": _str_list,
        "examples": _str_list,
        "negative_examples": _str_list,
    }
    for key, value in raw.items():
        if key == "id":
            continue
        if key not in converters:
            raise RuleError(f"{where}: unknown key {key!r}{_suggest(key)}")
        out[key] = converters[key](value, f"{where}: {key}")
    return out


def _fail(where: str, expected: str) -> Any:
    raise RuleError(f"{where}: expected {expected}")


def parse_rule(raw: Any, *, provider: str, source: str) -> Rule:
    """Turn one YAML mapping into a Rule, or raise RuleError naming file, rule and key."""
    if not isinstance(raw, dict):
        raise RuleError(f"{source}: each rule must be a mapping")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not ID_RE.fullmatch(rule_id):
        raise RuleError(f"{source}: rule id {rule_id!r} must be kebab-case <provider>-<what>")
    where = f"{source}: rule {rule_id}"
    fields = _fields(raw, where)
    for required in ("name", "kind", "severity"):
        if required not in fields:
            raise RuleError(f"{where}: missing '{required}'")
    if ("pattern" in fields) == ("path" in fields):
        raise RuleError(f"{where}: needs exactly one of 'pattern' (content) or 'path' (file name)")
    if "pattern" in fields:
        _check_pattern(fields["pattern"], f"{where}: pattern")
    else:
        _check_path(fields["path"], f"{where}: path")
    if not fields.get("examples"):
        raise RuleError(f"{where}: needs at least one example")
    if not fields.get("public_by_design") and "rotate" not in fields:
        raise RuleError(f"{where}: a credential that is not public needs 'rotate'")
    return Rule(id=rule_id, provider=provider, source=source, **fields)


def _check_path(pattern: str, where: str) -> None:
    _compile(pattern, where)
    _check_backtracking(pattern, where)
