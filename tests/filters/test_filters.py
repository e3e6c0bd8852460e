"""Each filter on its own: what it drops and, as importantly, what it keeps."""

from __future__ import annotations

import pytest

from launchguard.engine.scan import Matcher
from launchguard.filters.allowlist import has_allow_comment, matches_glob
from launchguard.filters.candidate import Candidate
from launchguard.filters.checksums import has_valid_checksum
from launchguard.filters.entropy import is_low_entropy, shannon
from launchguard.filters.heuristics import is_heuristic_false_positive
from launchguard.filters.jwt import lacks_claims
from launchguard.filters.placeholders import is_placeholder
from launchguard.findings import Kind, Severity
from launchguard.rule import Rule
from launchguard.rulecheck import rule_ids_on
from tests.helpers.fake import github_classic, jwt, stripe_live

RULE = Rule(
    id="test-rule",
    name="Test",
    provider="test",
    kind=Kind.SECRET,
    severity=Severity.HIGH,
    pattern="(x)",
    examples=("x",),
    entropy=3.0,
)
GENERIC = Rule(
    id="generic-test",
    name="Generic",
    provider="generic",
    kind=Kind.SECRET,
    severity=Severity.MEDIUM,
    pattern="(x)",
    examples=("x",),
)


def cand(
    secret: str, *, rule: Rule = RULE, line: str = "", prev: str = "", path: str = "a.py"
) -> Candidate:
    return Candidate(
        rule=rule,
        secret=secret.encode(),
        path=path,
        line=line.encode(),
        previous_line=prev.encode(),
    )


@pytest.mark.parametrize(
    "value",
    [
        "AKIAIOSFODNN7EXAMPLE",
        "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
        "<your-token>",
        "${STRIPE_KEY}",
        "{{ .Values.apiKey }}",
        "changeme",
        "your_api_key_here",
        "sk_live_...",
        "********",
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "aaaaaaaaaaaa",
    ],
)
def test_placeholders_are_dropped(value: str) -> None:
    assert is_placeholder(cand(value)) is not None


@pytest.mark.parametrize(
    "value",
    [stripe_live(), "access_token$production$abc123def456$0f1e2d3c4b5a69788796a5b4c3d2e1f0"],
)
def test_real_looking_values_are_kept(value: str) -> None:
    assert is_placeholder(cand(value)) is None


def test_entropy_floor() -> None:
    assert shannon(b"") == 0
    assert shannon(b"aaaa") == 0
    assert shannon(b"ab") == 1
    assert is_low_entropy(cand("passwordpassword")) is not None
    assert is_low_entropy(cand("Zx9Qw2Lk7Rt5Yp3N")) is None


def test_github_checksum() -> None:
    assert has_valid_checksum("github-crc32", github_classic().encode())
    assert not has_valid_checksum("github-crc32", github_classic(valid=False).encode())
    assert not has_valid_checksum("github-crc32", b"ghp_short")


def test_jwt_claims() -> None:
    rule = Rule(
        id="supa-key",
        name="S",
        provider="s",
        kind=Kind.SECRET,
        severity=Severity.BLOCKER,
        pattern="(x)",
        examples=("x",),
        jwt_claims=(("role", "service_role"),),
    )
    assert lacks_claims(cand(jwt({"role": "service_role"}), rule=rule)) is None
    assert (
        lacks_claims(cand(jwt({"role": "anon"}), rule=rule)) == "JWT claims do not match the rule"
    )
    assert lacks_claims(cand("not.a.jwt", rule=rule)) == "not a JWT"
    assert lacks_claims(cand("anything")) is None  # rules without claims are not judged


def test_heuristics_apply_to_generic_rules() -> None:
    uuid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
    assert is_heuristic_false_positive(cand(uuid, rule=GENERIC)) == "UUID"
    assert is_heuristic_false_positive(cand(uuid)) is None
    assert is_heuristic_false_positive(cand("abcdefghijklmnop")) == "sequential string"
    assert (
        is_heuristic_false_positive(cand("Zx9Qw2Lk7Rt5", rule=GENERIC, path="poetry.lock"))
        == "lock file"
    )


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("unsafe-log-secret", True),
        ("has_token", True),
        ("csrf-token", True),
        ("correct-horse-battery-staple", False),  # a passphrase names no secret: kept
        ("Zx9-Qw2-token", False),  # not all lowercase
        ("secret", False),  # one word: left to the other filters
    ],
)
def test_identifiers_naming_a_secret_are_labels(value: str, label: bool) -> None:
    reason = is_heuristic_false_positive(cand(value, rule=GENERIC))
    assert (reason == "identifier naming a secret") is label


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ("server/app.py:10", True),  # a report's location: `writes a secret: server/app.py:10`
        ("./config/settings.yaml", True),
        ("src/a.b.ts:4:7", True),
        ("hunter2/xx.yyZZ9aa", False),  # the "extension" has digits: not a file name
        ("Zx9Qw2Lk7Rt5/abc", False),  # no extension
        ("app.py", False),  # no folder: as likely a value as a name
    ],
)
def test_file_locations_are_not_secrets(value: str, path: bool) -> None:
    reason = is_heuristic_false_positive(cand(value, rule=GENERIC))
    assert (reason == "file path") is path


@pytest.mark.parametrize(
    ("line", "prev", "allowed"),
    [
        ("k = 'v'  # launchguard:allow", "", True),
        ("k = 'v'  # pragma: allowlist secret", "", True),
        ("k = 'v'", "# launchguard:allow-next-line", True),
        ("k = 'v'", "# pragma: allowlist nextline secret", True),
        ("k = 'v'  # launchguard:allow-next-line", "", False),
        ("k = 'v'", "# launchguard:allow", False),
    ],
)
def test_inline_allow_comments(line: str, prev: str, allowed: bool) -> None:
    assert (has_allow_comment(cand("v", line=line, prev=prev)) is not None) == allowed


@pytest.mark.parametrize(
    ("path", "pattern", "hit"),
    [
        ("fixtures/a/b.txt", "fixtures/", True),
        ("fixtures/a/b.txt", "fixtures/**", True),
        ("src/fixtures/b.txt", "fixtures/", False),
        ("dist/app.min.js", "*.min.js", True),
        ("src/app.js", "src/*.js", True),
        ("src/deep/app.js", "src/*.js", True),
    ],
)
def test_globs(path: str, pattern: str, hit: bool) -> None:
    assert matches_glob(path, pattern) == hit


def test_azure_emulator_connection_string_is_documented(hyperscan_matcher: Matcher) -> None:
    from launchguard.filters.placeholders import _DOCUMENTED

    azurite = next(v for v in _DOCUMENTED if v.startswith(b"Eby8"))
    text = (
        "AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        f"AccountKey={azurite.decode()};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"
    )
    assert rule_ids_on(text, hyperscan_matcher) == set()
