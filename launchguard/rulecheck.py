"""The one rule checker: `launchguard rules test` and the test suite both call it.

Every example runs through the real engine and filters and must be reported by its rule;
no negative example may be.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from launchguard.analyze import analyze, path_findings
from launchguard.config import Config
from launchguard.engine.scan import Matcher
from launchguard.rule import Rule
from launchguard.units import Origin, Unit


@dataclass(frozen=True, slots=True)
class Problem:
    rule: str
    message: str
    is_warning: bool = False


def rule_ids_on(text: str, matcher: Matcher, path: str = "example.txt") -> set[str]:
    """Ids of the rules that report something on `text` after every filter."""
    unit = Unit(text.encode(), Origin(path=path))
    return {f.rule for f in analyze(unit, matcher, Config(), Counter())}


def _path_rule_fires(rule: Rule, name: str, matcher: Matcher) -> bool:
    return rule.id in {f.rule for f in path_findings(Origin(path=name), matcher.table, Config())}


def _check_path_rule(rule: Rule, matcher: Matcher) -> list[Problem]:
    problems = []
    for name in rule.examples:
        if not _path_rule_fires(rule, name, matcher):
            problems.append(Problem(rule.id, f"example file name not matched: {name}"))
    for name in rule.negative_examples:
        if _path_rule_fires(rule, name, matcher):
            problems.append(Problem(rule.id, f"negative file name matched: {name}"))
    return problems


def check_rule(rule: Rule, matcher: Matcher) -> list[Problem]:
    if rule.path is not None:
        return _check_path_rule(rule, matcher)
    problems = []
    for i, text in enumerate(rule.examples, 1):
        if rule.id not in rule_ids_on(text, matcher):
            problems.append(Problem(rule.id, f"example {i} is not reported"))
    for i, text in enumerate(rule.negative_examples, 1):
        if rule.id in rule_ids_on(text, matcher):
            problems.append(Problem(rule.id, f"negative example {i} is reported"))
    if not rule.negative_examples:
        problems.append(Problem(rule.id, "has no negative examples", is_warning=True))
    return problems


def check_all(matcher: Matcher) -> list[Problem]:
    table = matcher.table
    return [p for rule in (*table.content, *table.path_rules) for p in check_rule(rule, matcher)]
