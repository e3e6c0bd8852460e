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


REQUIRED_PROVIDERS = [
    "aws",
    "gcp",
    "azure",
    "github",
    "gitlab",
    "bitbucket",
    "slack",
    "stripe",
    "twilio",
    "sendgrid",
    "mailgun",
    "mailchimp",
    "postmark",
    "openai",
    "anthropic",
    "gemini",
    "huggingface",
    "cohere",
    "replicate",
    "groq",
    "mistral",
    "supabase",
    "firebase",
    "clerk",
    "auth0",
    "okta",
    "shopify",
    "square",
    "paypal",
    "plaid",
    "heroku",
    "digitalocean",
    "vercel",
    "netlify",
    "flyio",
    "render",
    "railway",
    "cloudflare",
    "fastly",
    "datadog",
    "newrelic",
    "sentry",
    "pagerduty",
    "npm",
    "pypi",
    "rubygems",
    "dockerhub",
    "jfrog",
    "hashicorp",
    "doppler",
    "onepassword",
    "linear",
    "notion",
    "airtable",
    "asana",
    "atlassian",
    "discord",
    "telegram",
    "mapbox",
    "algolia",
    "pinecone",
    "contentful",
    "segment",
    "intercom",
    "hubspot",
    "zendesk",
    "age",
    "privatekey",
    "jwt",
    "database",
    "url",
    "generic",
    "dotenv",
]


def test_every_required_provider_is_covered() -> None:
    assert sorted(set(REQUIRED_PROVIDERS) - {r.provider for r in RULES}) == []


@pytest.mark.parametrize(
    "rule_id",
    [
        "privatekey-rsa",
        "privatekey-ec",
        "privatekey-dsa",
        "privatekey-openssh",
        "privatekey-pkcs8",
        "privatekey-pgp",
        "aws-access-key-id",
        "supabase-service-role-key",
        "github-pat-classic",
    ],
)
def test_key_rules_are_blockers(rule_id: str) -> None:
    assert {r.id: r.severity.value for r in RULES}[rule_id] == "blocker"


def test_encrypted_private_keys_are_lower() -> None:
    severities = {r.id: r.severity.rank for r in RULES}
    assert severities["privatekey-pkcs8-encrypted"] < severities["privatekey-pkcs8"]
