"""Every rule's examples and negative examples through the real engine and filters,
once per backend (the same checker `launchguard rules test` runs)."""

from __future__ import annotations

import re

import pytest

from launchguard.engine.scan import Matcher
from launchguard.rule import Rule
from launchguard.rulecheck import check_rule, rule_ids_on
from launchguard.ruleset import load_rules, rule_files

RULES = load_rules(rule_files())
CONTENT = [r for r in RULES if r.pattern]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples_pass(rule: Rule, matcher: Matcher) -> None:
    problems = [p for p in check_rule(rule, matcher) if not p.is_warning]
    assert problems == []


def test_catalogue_size() -> None:
    providers = {r.provider for r in RULES}
    assert len(RULES) >= 150
    assert len(providers) >= 80


@pytest.mark.parametrize("rule", [r for r in RULES if not r.public_by_design], ids=lambda r: r.id)
def test_every_private_credential_says_how_to_rotate(rule: Rule) -> None:
    assert rule.rotate is not None
    assert rule.rotate.url.startswith("https://")
    assert len(rule.rotate.steps) >= 2


@pytest.mark.parametrize("rule", CONTENT, ids=lambda r: r.id)
def test_group_one_is_the_whole_secret(rule: Rule) -> None:
    """Group 1 of every example is non-empty and carries no surrounding quote."""
    for text in rule.examples:
        m = re.search(rule.pattern.encode(), text.encode())  # type: ignore[union-attr]
        assert m is not None
        assert m.group(1)
        assert m.group(1)[:1] not in (b'"', b"'")
        assert m.group(1)[-1:] not in (b'"', b"'")


def test_public_by_design_keys_are_info() -> None:
    assert all(r.severity.value == "info" for r in RULES if r.public_by_design)


def test_firebase_context_wins_over_plain_google_key(matcher: Matcher) -> None:
    key = "AI" + "za" + "SyFAKE" + "k3yF0rT3st1ngOnly0123456789ab"
    ids = rule_ids_on(
        f'const firebaseConfig = {{ apiKey: "{key}", authDomain: "x.firebaseapp.com" }};', matcher
    )
    assert "gcp-api-key" not in ids
    assert any(i.startswith("firebase") for i in ids)
