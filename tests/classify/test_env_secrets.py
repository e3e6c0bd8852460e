"""Is a variable a secret: by its value through the real rules, then by its name."""

from __future__ import annotations

import pytest

from launchguard.classify.env_secrets import classify, looks_random, name_level
from launchguard.config import Config
from launchguard.engine.scan import Matcher
from tests.helpers.fake import jwt, openai_project, rand, stripe_live

FIREBASE = "AI" + "za" + rand(35, seed=91)


@pytest.mark.parametrize(
    ("name", "value", "level"),
    [
        ("VITE_OPENAI_API_KEY", openai_project(92), "secret"),
        ("STRIPE_KEY", stripe_live(93), "secret"),
        ("NEXT_PUBLIC_STRIPE_KEY", "pk_" + "live_" + rand(30, seed=94), "public"),
        ("VITE_FIREBASE_API_KEY", FIREBASE, "public"),  # the value decides, not "API_KEY"
        ("SUPABASE_KEY", jwt({"role": "anon", "iss": "supabase"}, 95), "public"),
        ("SUPABASE_KEY", jwt({"role": "service_role", "iss": "supabase"}, 96), "secret"),
        ("DATABASE_URL", f"postgres://app:{rand(20, seed=97)}@db.example.com:5432/app", "secret"),
        ("SESSION_SECRET", "short", "secret"),  # named like a secret, with a real value
        ("JWT_SECRET", "changeme", "no"),  # a placeholder: nothing to leak yet
        ("JWT_SECRET", "", "no"),
        ("BUILD_SEED", rand(40, seed=98), "secret"),  # random-looking, whatever its name
        ("VITE_APP_TITLE", "My Shop", "no"),
        ("NEXT_PUBLIC_SITE_URL", "https://shop.example.org", "no"),
        ("VITE_ALGOLIA_SEARCH_KEY", rand(32, "0123456789abcdef", seed=99), "public"),
        ("GIT_SHA", "3f2a" * 10, "no"),
    ],
)
def test_classify(hyperscan_matcher: Matcher, name: str, value: str, level: str) -> None:
    assert classify(name, value, ".env", hyperscan_matcher, Config()).level == level


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("NEXT_PUBLIC_OPENAI_API_KEY", "secret"),
        ("VITE_SUPABASE_ANON_KEY", "public"),
        ("STRIPE_PUBLISHABLE_KEY", "public"),
        ("NEXT_PUBLIC_CLIENT_ID", "public"),
        ("GITHUB_TOKEN", "secret"),
        ("DB_PASSWORD", "secret"),
        ("PUBLIC_POSTHOG_HOST", "public"),
        ("APP_NAME", "no"),
    ],
)
def test_name_level(name: str, level: str) -> None:
    assert name_level(name) == level


def test_looks_random_needs_length_and_mix() -> None:
    assert looks_random(rand(24, seed=100))
    assert not looks_random("aaaaaaaaaaaaaaaaaaaaaaaa1")
    assert not looks_random("https://example.org/" + rand(24, seed=101))
