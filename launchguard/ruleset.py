"""Load the shipped rules and user rule files into one validated, id-unique tuple."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from launchguard.errors import RuleError
from launchguard.rule import Rule, parse_rule
from launchguard.yamlio import load_yaml


def builtin_rules_dir() -> Path:
    """`rules/` inside the installed package, or the top-level one of a source checkout."""
    from importlib.resources import files

    shipped = Path(str(files("launchguard") / "rules"))
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parent.parent / "rules"


def rule_files(extra: Iterable[Path] = ()) -> list[Path]:
    """The shipped rule files in name order, then the user's, in the order given."""
    return sorted(builtin_rules_dir().glob("*.yaml")) + list(extra)


def fingerprint_files(paths: Iterable[Path]) -> str:
    """sha256 over names and contents: the key of the compiled-matcher cache."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError as e:
            raise RuleError(f"{path}: cannot read rule file: {e.strerror}") from None
    return digest.hexdigest()


def load_file(path: Path) -> list[Rule]:
    data = load_yaml(path, RuleError)
    name = path.name
    if not isinstance(data, dict) or set(data) - {"provider", "rules"}:
        raise RuleError(f"{name}: expected top-level keys 'provider' and 'rules'")
    provider = data.get("provider")
    if not isinstance(provider, str) or not provider:
        raise RuleError(f"{name}: missing 'provider'")
    rules = data.get("rules")
    if not isinstance(rules, list) or not rules:
        raise RuleError(f"{name}: 'rules' must be a non-empty list")
    return [parse_rule(raw, provider=provider, source=name) for raw in rules]


def load_rules(paths: Iterable[Path]) -> tuple[Rule, ...]:
    """Every rule from every file; a duplicate id is an error naming both files."""
    seen: dict[str, Rule] = {}
    for path in paths:
        for rule in load_file(path):
            if rule.id in seen:
                first = seen[rule.id].source
                raise RuleError(f"{rule.source}: rule {rule.id}: id already defined in {first}")
            seen[rule.id] = rule
    return tuple(seen.values())
