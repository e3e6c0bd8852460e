"""The shipped rotation guides are complete enough to follow, and `rotate.review` is loaded,
validated and cached like the rest of a rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from launchguard.errors import RuleError
from launchguard.rule import Rule
from launchguard.rulecodec import rule_from_dict, rule_to_dict
from launchguard.ruleset import load_file, load_rules, rule_files

RULES = load_rules(rule_files())
PRIVATE = [r for r in RULES if not r.public_by_design]
REVIEWED_PROVIDERS = ("aws", "github", "stripe", "openai", "supabase", "slack")
MAX_STEP = 300

_RULE_HEAD = (
    "provider: acme\nrules:\n  - id: acme-token\n    name: Acme token\n    kind: secret\n"
    "    severity: high\n    keywords: [acme_]\n    pattern: '\\b(acme_[a-z0-9]{20})\\b'\n"
    "    examples: ['t = acme_q8w7e6r5t4y3u2i1o9p8']\n"
)


def _rule_file(tmp_path: Path, rotate: str) -> Path:
    path = tmp_path / "acme.yaml"
    path.write_text(_RULE_HEAD + rotate)
    return path


@pytest.mark.parametrize("rule", PRIVATE, ids=lambda r: r.id)
def test_private_credential_has_a_full_guide(rule: Rule) -> None:
    assert rule.rotate is not None
    assert rule.rotate.url.startswith("https://")
    assert len(rule.rotate.steps) >= 3


@pytest.mark.parametrize("rule", PRIVATE, ids=lambda r: r.id)
def test_steps_are_short_enough_to_read(rule: Rule) -> None:
    assert rule.rotate is not None
    assert all(step.strip() for step in rule.rotate.steps)
    assert [s for s in rule.rotate.steps if len(s) > MAX_STEP] == []


def test_top_providers_say_where_to_look_for_misuse() -> None:
    rules = [r for r in PRIVATE if r.provider in REVIEWED_PROVIDERS]
    assert {r.provider for r in rules} == set(REVIEWED_PROVIDERS)
    missing = [r.id for r in rules if r.rotate is None or not r.rotate.review.strip()]
    assert missing == []


def test_review_round_trips_through_the_cache_codec() -> None:
    for rule in RULES:
        data = json.loads(json.dumps(rule_to_dict(rule)))
        assert rule_from_dict(data) == rule
    aws = next(r for r in RULES if r.id == "aws-secret-access-key")
    assert aws.rotate is not None
    assert aws.rotate.review
    decoded = rule_from_dict(json.loads(json.dumps(rule_to_dict(aws))))
    assert decoded.rotate is not None
    assert decoded.rotate.review == aws.rotate.review


def test_cache_entry_without_review_still_decodes() -> None:
    aws = next(r for r in RULES if r.id == "aws-secret-access-key")
    data = json.loads(json.dumps(rule_to_dict(aws)))
    del data["rotate"]["review"]
    decoded = rule_from_dict(data)
    assert decoded.rotate is not None
    assert decoded.rotate.review == ""


def test_review_is_loaded_from_yaml(tmp_path: Path) -> None:
    path = _rule_file(
        tmp_path,
        "    rotate:\n      url: 'https://acme.invalid/keys'\n"
        "      steps: [Revoke it., Redeploy.]\n      review: Check the Acme audit log.\n",
    )
    (rule,) = load_file(path)
    assert rule.rotate is not None
    assert rule.rotate.review == "Check the Acme audit log."


def test_review_is_optional_for_user_rules(tmp_path: Path) -> None:
    path = _rule_file(
        tmp_path, "    rotate: {url: 'https://acme.invalid/keys', steps: [Revoke it., Redeploy.]}\n"
    )
    (rule,) = load_file(path)
    assert rule.rotate is not None
    assert rule.rotate.review == ""


def test_non_string_review_is_rejected(tmp_path: Path) -> None:
    path = _rule_file(
        tmp_path,
        "    rotate: {url: 'https://acme.invalid/keys', steps: [Revoke it.], review: [1, 2]}\n",
    )
    expected = r"acme\.yaml: rule acme-token: rotate\.review: expected a string"
    with pytest.raises(RuleError, match=expected):
        load_file(path)


def test_unknown_rotate_key_is_rejected(tmp_path: Path) -> None:
    path = _rule_file(
        tmp_path,
        "    rotate: {url: 'https://acme.invalid/keys', steps: [Revoke it.], reveiw: Logs.}\n",
    )
    with pytest.raises(RuleError, match=r"rule acme-token: rotate: expected a mapping"):
        load_file(path)
