"""The config file and rule files: wrong types at every key, regexes that do not compile (or
compile only past the engine's limits), odd keys and odd text give a Config or a Rule, or a
clean ConfigError / RuleError naming the file; a rule that loads survives the compiled-matcher
cache unchanged.

tests/test_config_fuzz.py feeds `load_config` random text and random YAML mappings.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from launchguard.config import Config, load_config, parse_config
from launchguard.errors import ConfigError
from launchguard.rule import RULE_KEYS, Rule, parse_rule
from launchguard.rulecodec import rule_from_dict
from launchguard.ruleset import builtin_rules_dir, load_file
from tests.fuzz import targets
from tests.fuzz.checks import fuzz_settings, outcome

SOURCE = Path("proj/.launchguard.yaml")
RULE_SOURCE = "custom.yaml"

# Everything a YAML safe loader can hand over: scalars of every type, dates, bytes, sets.
YAML_LEAF = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**64)
    | st.floats()
    | st.text(max_size=10)
    | st.binary(max_size=4)
    | st.dates()
    | st.datetimes()
    | st.sampled_from(["", "\n", "a\nb", "\x00", "\udcff", "\u2028"])
)
YAML_VALUE = st.recursive(
    YAML_LEAF,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=6) | st.integers() | st.none(), inner, max_size=3)
        | st.frozensets(st.integers(), max_size=2)
    ),
    max_leaves=8,
)
# Regexes from their syntax: most do not compile; some nest past the parser's recursion, ask
# for repeats past the engine's limit, or backtrack catastrophically.
REGEX_PIECES = [
    *"()[]{}*+?|^$.\\-,",
    *["a", "b", "1", "\\d", "\\w", "(?:", "(?P<n>", "(?P=n)", "(?<=a)", "(?!", "\\1", "{2,9}"],
    *["{99999999999}", "{4294967296,}", "\\N{", "\\N{DIGIT ONE}", "(?i)", "[^", "\\x", "\\u00"],
    *["(?#", "(?x)", "é", "\x00", "\n", "\udcff"],
]
REGEX = st.lists(st.sampled_from(REGEX_PIECES), max_size=16).map("".join) | st.sampled_from(
    ["(" * 5000 + ")" * 5000, "(?:" * 2000 + "a" + ")" * 2000, "(a+)+$", "(\\w|\\d)+"]
)


def _config_mapping() -> st.SearchStrategy[dict[Any, Any]]:
    allow_entry = (
        st.fixed_dictionaries(
            {},
            optional={
                "value": REGEX | YAML_VALUE,
                "sha256": st.text(max_size=8) | YAML_VALUE,
                "rule": st.text(max_size=8) | YAML_VALUE,
                "path": st.text(max_size=8) | YAML_VALUE,
                "reason": st.text(max_size=8) | YAML_VALUE,
            },
        )
        | YAML_VALUE
    )
    return st.fixed_dictionaries(
        {},
        optional={
            "exclude": st.lists(st.text(max_size=6)) | YAML_VALUE,
            "allow": st.lists(allow_entry, max_size=3) | YAML_VALUE,
            "disable": st.lists(st.text(max_size=6)) | YAML_VALUE,
            "rules": st.lists(st.text(max_size=6)) | YAML_VALUE,
            "fail-on": st.sampled_from(["blocker", "high", "low", "HIGH"]) | YAML_VALUE,
            "max-file-size": st.sampled_from(["25MB", "1k", "0", "9" * 5000, "1 G"]) | YAML_VALUE,
        },
    ) | st.dictionaries(YAML_VALUE.filter(lambda v: v.__hash__ is not None), YAML_VALUE, max_size=2)


@fuzz_settings(400)
@given(_config_mapping())
@example({"max-file-size": "9" * 5000})  # int() of the digits raised ValueError
@example({"allow": [{"value": "a{99999999999}"}]})  # re.compile raised OverflowError
@example({"allow": [{"value": "(" * 5000 + ")" * 5000}]})  # and RecursionError
@example({"exclud\ne": []})  # the key's newline broke the message's one line
@example({None: 1})
@example({"allow": [{None: "x"}]})
@example({"fail-on": datetime.date(2020, 1, 1)})
def test_any_config_mapping_is_a_config_or_a_clean_error(data: Any) -> None:
    config = outcome(lambda: parse_config(data, SOURCE), names=str(SOURCE))
    if isinstance(config, Config):
        assert config.max_file_size > 0
        assert len(config.allow) == len(data.get("allow", []))


@fuzz_settings(200)
@given(data=_config_mapping())
def test_any_config_written_as_yaml_loads_or_fails_cleanly(
    data: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    try:
        text = yaml.safe_dump(data, allow_unicode=True)
    except (yaml.YAMLError, UnicodeEncodeError):
        return  # not every Python value has a YAML form
    folder = tmp_path_factory.mktemp("config")
    targets.config_yaml(text.encode("utf-8", "surrogatepass"), folder)


def _toml_texts() -> st.SearchStrategy[bytes]:
    pieces = ["[tool.launchguard]\n", "[tool]\n", "tool = ", "launchguard = ", "exclude = ", "1"]
    pieces += ['"x"', "[", "]", "{", "}", "\n", "max-file-size = ", '"9MB"', "fail-on = ", ","]
    return st.lists(st.sampled_from(pieces), max_size=20).map(lambda p: "".join(p).encode())


@fuzz_settings(200)
@given(data=st.binary(max_size=200) | _toml_texts())
@example(data=b"[tool.launchguard]\nexclude = 1")
@example(data=b"tool = 1")  # `tool` not a table: .get on an int raised AttributeError
@example(data=b'tool = "launchguard"\n[x]')
@example(data=b"[tool]\nlaunchguard = []")
@example(data=b"[tool.launchguard]\n" + b"a = " + b"[" * 5000)
def test_any_pyproject_is_a_config_or_a_clean_error(
    data: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    targets.config_pyproject(data, tmp_path_factory.mktemp("pyproject"))


@pytest.mark.parametrize(
    "text", ["max-file-size: " + "1" * 5000, "fail-on: 2020-99-99", "fail-on: 2020-02-30"]
)
def test_yaml_values_python_cannot_build_are_config_errors(text: str, tmp_path: Path) -> None:
    path = tmp_path / ".launchguard.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError):
        load_config(path, tmp_path)


# Rules: every shipped rule, with one key given a wrong value, a regex from the syntax
# pieces, or a key that does not exist.
def _shipped_rules() -> list[dict[str, Any]]:
    found = []
    for path in sorted(builtin_rules_dir().glob("*.yaml"))[:40]:
        found += yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
    return found


SHIPPED = _shipped_rules()


@st.composite
def _mutated_rule(draw: st.DrawFn) -> Any:
    raw = dict(draw(st.sampled_from(SHIPPED)))
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from([*RULE_KEYS, "id", "pattern", "path", "unknown"]) | YAML_VALUE)
        if key.__hash__ is None:
            continue
        if key in ("pattern", "path"):
            raw[key] = draw(REGEX | YAML_VALUE)
        elif draw(st.booleans()):
            raw.pop(key, None)
        else:
            raw[key] = draw(YAML_VALUE)
    return raw


@fuzz_settings(400)
@given(_mutated_rule() | YAML_VALUE)
@example({**SHIPPED[0], "priority": float("inf")})  # int(inf) raised OverflowError
@example({**SHIPPED[0], "priority": float("nan")})  # int(nan) raised ValueError
@example({**SHIPPED[0], "priority": 10**400})  # float() of it raised OverflowError
@example({**SHIPPED[0], "entropy": float("nan")})
@example({**SHIPPED[0], None: 1})  # difflib on a None key raised TypeError
@example({**SHIPPED[0], 7: 1})
@example({**SHIPPED[0], "id": "demo-token\n"})  # `$` matched before the newline
@example({**SHIPPED[0], "pattern": "(a{4294967296})"})  # OverflowError
@example({**SHIPPED[0], "pattern": "(" * 5000 + ")" * 5000})  # RecursionError
@example({**SHIPPED[0], "pattern": "(\udcff)"})  # pattern.encode() raised UnicodeEncodeError
def test_any_rule_mapping_is_a_rule_or_a_clean_error(raw: Any) -> None:
    rule = outcome(lambda: parse_rule(raw, provider="demo", source=RULE_SOURCE), RULE_SOURCE)
    if isinstance(rule, Rule):
        assert "\n" not in rule.id
        targets.check_rule(rule)


@fuzz_settings(150)
@given(
    rules=st.lists(_mutated_rule(), min_size=1, max_size=3),
    provider=st.sampled_from(["demo", "", 1, None]),
)
def test_any_rule_file_loads_or_fails_cleanly(
    rules: list[Any], provider: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    try:
        text = yaml.safe_dump({"provider": provider, "rules": rules}, allow_unicode=True)
    except (yaml.YAMLError, UnicodeEncodeError):
        return
    targets.rule_yaml(text.encode("utf-8", "surrogatepass"), tmp_path_factory.mktemp("rules"))


@fuzz_settings(300)
@given(data=st.binary(max_size=300))
def test_any_rule_file_bytes_load_or_fail_cleanly(
    data: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    targets.rule_yaml(data, tmp_path_factory.mktemp("rules"))


def test_every_shipped_rule_survives_the_cache() -> None:
    for path in sorted(builtin_rules_dir().glob("*.yaml")):
        for rule in load_file(path):
            targets.check_rule(rule)


@fuzz_settings(300)
@given(st.dictionaries(st.sampled_from([*RULE_KEYS, "rotate", "source"]), YAML_VALUE) | YAML_VALUE)
@example(1)  # `data.pop` on an int raised AttributeError
@example({"rotate": [1], "jwt_claims": [], "kind": "secret", "severity": "low"})
@example({"rotate": "x", "jwt_claims": [], "kind": "secret", "severity": "low"})
def test_a_cache_entry_is_a_rule_or_an_error_the_cache_rebuilds_on(data: Any) -> None:
    """engine/compile.py rebuilds the cache on ValueError, KeyError, TypeError, RuleError."""
    try:
        text = json.dumps(data, default=str)
    except (TypeError, ValueError):
        return
    try:
        rule = rule_from_dict(json.loads(text))
    except targets.CACHE_ERRORS:
        return
    assert isinstance(rule, Rule)
