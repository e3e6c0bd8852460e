"""`--format sarif`: real scans, validated against the official OASIS SARIF 2.1.0 schema."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from jsonschema import Draft4Validator

from launchguard.analysis_rules import ANALYSIS_RULES
from launchguard.findings import Finding, Kind, Location, Secret, Severity
from launchguard.report import RenderOptions
from launchguard.report.sarif import render
from launchguard.result import ScanResult
from launchguard.rule import Rule
from launchguard.ruleset import load_rules, rule_files
from tests.conftest import commit_all, git
from tests.helpers.cli import run
from tests.helpers.fake import (
    aws_key_id,
    github_classic,
    openai_project,
    pem_rsa_block,
    rand,
    stripe_live,
)
from tests.helpers.projects import vite_env_project
from tests.helpers.sourcemap import vlq

SCHEMA = Path(__file__).resolve().parent.parent / "data" / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
LEVEL = {"blocker": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    schema = json.loads(SCHEMA.read_text())
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


@pytest.fixture(scope="module")
def catalog() -> dict[str, Rule]:
    return {**ANALYSIS_RULES, **{r.id: r for r in load_rules(rule_files())}}


def test_schema_is_the_official_copy() -> None:
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256


def _valid(validator: Draft4Validator, text: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(text)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]
    assert errors == []
    return doc


def _scan(
    capsys: pytest.CaptureFixture[str], validator: Draft4Validator, *argv: str
) -> tuple[int, dict[str, Any], dict[str, Any]]:
    """The same scan as SARIF (schema-checked) and as JSON, the contract it must agree with."""
    r = run(capsys, *argv, "--format", "sarif", "--no-progress")
    doc = _valid(validator, r.out)
    report = run(capsys, *argv, "--format", "json", "--no-progress").json()
    results = doc["runs"][0]["results"]
    # partialFingerprints are the JSON report's fingerprints, finding for finding.
    assert [r["partialFingerprints"] for r in results] == [
        {"launchguardFingerprint/v1": f["fingerprint"]} for f in report["findings"]
    ]
    for result, f in zip(results, report["findings"], strict=True):
        assert result["message"]["text"].startswith(f"{f['message']} ({f['redacted']})")
    return r.code, doc, report


def _where(result: dict[str, Any]) -> tuple[str, str, str, dict[str, int]]:
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    uri = physical["artifactLocation"]["uri"]
    return result["ruleId"], result["level"], uri, physical["region"]


def _check_rules(doc: dict[str, Any], catalog: dict[str, Rule]) -> dict[str, dict[str, Any]]:
    """Every result names its descriptor; every descriptor carries its rule's rotation help."""
    run_ = doc["runs"][0]
    descriptors = run_["tool"]["driver"]["rules"]
    ids = [d["id"] for d in descriptors]
    assert ids == sorted({r["ruleId"] for r in run_["results"]})
    for result in run_["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
    for d in descriptors:
        rule = catalog[d["id"]]
        assert d["shortDescription"] == {"text": rule.name}
        assert d["defaultConfiguration"] == {"level": LEVEL[rule.severity]}
        assert d["properties"]["tags"][:2] == ["security", "secret"]
        assert rule.kind.value in d["properties"]["tags"]
        if rule.rotate is not None:
            assert d["helpUri"] == rule.rotate.url
            for n, step in enumerate(rule.rotate.steps, start=1):
                assert f"{n}. {step}" in d["help"]["text"]
            assert rule.rotate.url in d["help"]["text"]
            assert f"[Rotation guide]({rule.rotate.url})" in d["help"]["markdown"]
    return {d["id"]: d for d in descriptors}


def _no_raw(text: str, secrets: list[str]) -> None:
    leaked = [s for s in secrets if s.strip() in text]
    assert leaked == []


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A folder (not a git repository) with secrets of several shapes."""
    monkeypatch.chdir(tmp_path)
    planted = {
        "a b:c,d.txt": github_classic(22),
        "config.yaml": stripe_live(21),
        "id_rsa": pem_rsa_block(24),
        "k8s.yaml": stripe_live(25),
        "pw.cfg": rand(24, seed=27),
        "bad.txt": github_classic(23, valid=False),
        "pub.txt": "pk_" + "live_" + rand(30, seed=26),
    }
    encoded = base64.b64encode(planted["k8s.yaml"].encode()).decode()
    texts = {
        "a b:c,d.txt": f"token {planted['a b:c,d.txt']}\n",
        "config.yaml": f"name: shop\nstripe: {planted['config.yaml']}\n",
        "id_rsa": "\n" + planted["id_rsa"],
        "k8s.yaml": f"data:\n  key: {encoded}\n",
        "pw.cfg": f'password = "{planted["pw.cfg"]}"\n',
        "bad.txt": f"token {planted['bad.txt']}\n",
        "pub.txt": f"const pk = '{planted['pub.txt']}';\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    return planted


def test_file_scan_results_are_exact(
    files: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    validator: Draft4Validator,
    catalog: dict[str, Rule],
) -> None:
    code, doc, _ = _scan(capsys, validator, "scan", ".", "--no-logs")
    assert code == 1
    results = doc["runs"][0]["results"]

    def span(line: int, column: int, secret: str) -> dict[str, int]:
        return {"startLine": line, "startColumn": column, "endColumn": column + len(secret)}

    assert [_where(r) for r in results] == [
        ("github-pat-classic", "error", "a%20b%3Ac%2Cd.txt", span(1, 7, files["a b:c,d.txt"])),
        ("stripe-secret-key", "error", "config.yaml", span(2, 9, files["config.yaml"])),
        # A PEM block spans lines: the region ends after `-----END RSA PRIVATE KEY-----`.
        (
            "privatekey-rsa",
            "error",
            "id_rsa",
            {"startLine": 2, "startColumn": 1, "endLine": 15, "endColumn": 30},
        ),
        # Found inside base64: the start of the encoded text, and no end.
        ("stripe-secret-key", "error", "k8s.yaml", {"startLine": 2, "startColumn": 8}),
        ("generic-secret-assignment", "warning", "pw.cfg", span(1, 13, files["pw.cfg"])),
        ("github-pat-classic", "note", "bad.txt", span(1, 7, files["bad.txt"])),
        ("stripe-publishable-key", "note", "pub.txt", span(1, 13, files["pub.txt"])),
    ]
    assert unquote(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) == (
        "a b:c,d.txt"
    )
    assert results[3]["properties"]["decoded"] == "base64"
    assert results[1]["properties"] == {
        "secret_sha256": hashlib.sha256(files["config.yaml"].encode()).hexdigest(),
        "redacted": results[1]["properties"]["redacted"],
        "kind": "secret",
        "severity": "blocker",
        "provider": "stripe",
        "public_by_design": False,
    }
    assert results[6]["properties"]["public_by_design"] is True

    descriptors = _check_rules(doc, catalog)
    severity = {i: d["properties"]["security-severity"] for i, d in descriptors.items()}
    assert severity == {
        "generic-secret-assignment": "5.5",
        "github-pat-classic": "9.5",  # the rule's worst finding: the live token
        "privatekey-rsa": "9.5",
        "stripe-publishable-key": "1.0",
        "stripe-secret-key": "9.5",
    }
    assert descriptors["generic-secret-assignment"]["properties"]["precision"] == "medium"
    assert descriptors["stripe-secret-key"]["properties"]["precision"] == "high"
    assert descriptors["stripe-secret-key"]["name"] == "StripeSecretKey"

    run_ = doc["runs"][0]
    assert run_["tool"]["driver"]["name"] == "launchguard"
    assert run_["invocations"] == [{"executionSuccessful": True}]
    assert run_["automationDetails"] == {"id": "launchguard/scan/"}
    assert run_["columnKind"] == "unicodeCodePoints"


def test_no_raw_secret_even_with_show_secrets(
    files: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    validator: Draft4Validator,
) -> None:
    """SARIF is uploaded: --show-secrets changes nothing, and no raw value is in the file."""
    out = tmp_path / "out" / "launchguard.sarif"
    out.parent.mkdir()
    plain = run(capsys, "scan", ".", "--no-logs", "--format", "sarif", "--output", str(out))
    assert (plain.code, plain.out) == (1, "")
    shown = run(capsys, "scan", ".", "--no-logs", "--format", "sarif", "--show-secrets")
    assert shown.out == out.read_text()
    _valid(validator, shown.out)
    _no_raw(out.read_text(), list(files.values()))
    assert "-----BEGIN" in out.read_text()  # the redacted PEM header, so the grep can match


def test_checksum_failure_alone_is_not_a_critical_alert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], validator: Draft4Validator
) -> None:
    (tmp_path / "bad.txt").write_text(f"token {github_classic(23, valid=False)}\n")
    r = run(capsys, "scan", str(tmp_path), "--format", "sarif", "--no-logs")
    assert r.code == 0
    (descriptor,) = _valid(validator, r.out)["runs"][0]["tool"]["driver"]["rules"]
    assert descriptor["defaultConfiguration"] == {"level": "error"}  # the rule's own severity
    assert descriptor["properties"]["security-severity"] == "1.0"


def test_committed_env_file(
    git_repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    validator: Draft4Validator,
    catalog: dict[str, Rule],
) -> None:
    monkeypatch.chdir(git_repo)
    secret = stripe_live(61)
    (git_repo / ".env").write_text(f"STRIPE_SECRET_KEY={secret}\n")
    commit_all(git_repo)
    code, doc, _ = _scan(capsys, validator, "scan", ".")
    assert code == 1
    assert [_where(r) for r in doc["runs"][0]["results"]] == [
        (
            "stripe-secret-key",
            "error",
            ".env",
            {"startLine": 1, "startColumn": 19, "endColumn": 59},
        ),
        # The finding names the file, not a span in it: no end.
        ("dotenv-file-committed", "error", ".env", {"startLine": 1, "startColumn": 1}),
    ]
    descriptors = _check_rules(doc, catalog)
    assert descriptors["dotenv-file-committed"]["properties"]["tags"] == [
        "security",
        "secret",
        "env-file",
    ]
    assert descriptors["dotenv-file-committed"]["properties"]["security-severity"] == "8.0"
    _no_raw(json.dumps(doc, ensure_ascii=False), [secret])


def test_env_command(
    git_repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    validator: Draft4Validator,
    catalog: dict[str, Rule],
) -> None:
    monkeypatch.chdir(git_repo)
    secrets = vite_env_project(git_repo)
    code, doc, report = _scan(capsys, validator, "env", ".")
    assert code == 1
    results = doc["runs"][0]["results"]
    assert [_where(r) for r in results] == [
        ("env-client-exposed-secret", "error", ".env", {"startLine": 1, "startColumn": 1}),
        ("env-file-not-ignored", "warning", ".env", {"startLine": 1, "startColumn": 1}),
        ("env-undefined-variable", "note", "src/main.ts", {"startLine": 2, "startColumn": 29}),
    ]
    assert results[0]["properties"]["env_var"] == "VITE_OPENAI_API_KEY"
    assert results[0]["properties"]["exposure"] == "client"
    descriptors = _check_rules(doc, catalog)
    assert descriptors["env-client-exposed-secret"]["properties"]["tags"] == [
        "security",
        "secret",
        "env-exposure",
    ]
    assert doc["runs"][0]["automationDetails"] == {"id": "launchguard/env/"}
    assert "inventory" in report  # the inventory is JSON's; SARIF reports findings only
    _no_raw(json.dumps(doc, ensure_ascii=False), secrets)


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A hand-built Vite bundle: a mapped server value, a key embedded in a map's
    sourcesContent, and a broken map."""
    monkeypatch.chdir(tmp_path)
    server, embedded = rand(40, seed=91), stripe_live(92)
    (tmp_path / "package.json").write_text('{"devDependencies": {"vite": "7.0.0"}}')
    (tmp_path / ".env").write_text(f"SESSION_SECRET={server}\n")
    assets = tmp_path / "dist" / "assets"
    assets.mkdir(parents=True)
    (assets / "app.js").write_text(f'const s="{server}";\n//# sourceMappingURL=app.js.map\n')
    mapped = {"version": 3, "sources": ["../../src/app.js"], "names": []}
    mapped["mappings"] = "".join(map(vlq, (0, 0, 2, 4)))  # generated 1:1 -> src/app.js 3:5
    (assets / "app.js.map").write_text(json.dumps(mapped))
    (assets / "vendor.js").write_text("var a=1;\n//# sourceMappingURL=vendor.js.map\n")
    vendor = {"version": 3, "sources": ["../../src/vendor.ts"], "names": [], "mappings": "AAAA"}
    vendor["sourcesContent"] = [f'export const key = "{embedded}";\n']
    (assets / "vendor.js.map").write_text(json.dumps(vendor))
    (assets / "broken.js").write_text(f'const t="{server}";\n//# sourceMappingURL=broken.js.map\n')
    (assets / "broken.js.map").write_text('{"version": 3, "mappings": 12}')
    return [server, embedded]


def test_bundle_with_source_maps(
    bundle: list[str],
    capsys: pytest.CaptureFixture[str],
    validator: Draft4Validator,
    catalog: dict[str, Rule],
) -> None:
    code, doc, report = _scan(capsys, validator, "bundle", "dist")
    assert code == 1
    results = doc["runs"][0]["results"]
    assert [_where(r) for r in results] == [
        (
            "env-server-value-in-bundle",
            "error",
            "dist/assets/app.js",
            {"startLine": 1, "startColumn": 10},
        ),
        (
            "env-server-value-in-bundle",
            "error",
            "dist/assets/broken.js",
            {"startLine": 1, "startColumn": 10},
        ),
        # Embedded in the map: the map file is the artifact; the source is a logical location.
        ("stripe-secret-key", "error", "dist/assets/vendor.js.map", {"startLine": 1}),
    ]
    assert results[0]["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {
                "artifactLocation": {"uri": "src/app.js", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 3, "startColumn": 5},
            },
            "message": {"text": "original source"},
        }
    ]
    assert results[0]["message"]["text"].endswith(" Original source: src/app.js:3:5.")
    assert "relatedLocations" not in results[1]  # its map is broken: generated position only
    assert results[2]["locations"][0]["logicalLocations"] == [
        {
            "name": "../../src/vendor.ts",
            "fullyQualifiedName": "dist/assets/vendor.js.map#../../src/vendor.ts",
            "kind": "module",
        }
    ]
    assert results[2]["message"]["text"].endswith(
        " Found in ../../src/vendor.ts (line 1, column 21), embedded in the source map."
    )
    (problem,) = report["stats"]["source_map_problems"]
    location = {"artifactLocation": {"uri": "dist/assets/broken.js", "uriBaseId": "%SRCROOT%"}}
    assert doc["runs"][0]["invocations"] == [
        {
            "executionSuccessful": True,
            "toolExecutionNotifications": [
                {
                    "level": "warning",
                    "message": {"text": f"source map not used: {problem['reason']}"},
                    "locations": [{"physicalLocation": location}],
                }
            ],
        }
    ]
    _check_rules(doc, catalog)
    _no_raw(json.dumps(doc, ensure_ascii=False), bundle)


def test_history(
    git_repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    validator: Draft4Validator,
    catalog: dict[str, Rule],
) -> None:
    monkeypatch.chdir(git_repo)
    secrets = [aws_key_id(51), openai_project(52)]
    (git_repo / "settings.yaml").write_text(f"aws_key: {secrets[0]}\nopenai: {secrets[1]}\n")
    commit_all(git_repo, "add settings")
    commit = git(git_repo, "rev-parse", "HEAD").strip()
    (git_repo / "settings.yaml").write_text("openai: none\n")
    commit_all(git_repo, "remove the keys")
    code, doc, _ = _scan(capsys, validator, "history")
    assert code == 1
    results = doc["runs"][0]["results"]
    assert [_where(r) for r in results] == [
        (
            "aws-access-key-id",
            "error",
            "settings.yaml",
            {"startLine": 1, "startColumn": 10, "endColumn": 30},
        ),
        (
            "openai-project-key",
            "error",
            "settings.yaml",
            {"startLine": 2, "startColumn": 9, "endColumn": 9 + len(secrets[1])},
        ),
    ]
    for result in results:
        props = result["properties"]
        assert (props["commit"], props["refs"], props["in_head"]) == (commit, ["main"], False)
        assert props["author"] == "Test Author"
        assert props["date"].startswith("2026-01-01")
        assert result["message"]["text"].endswith(f" Introduced in commit {commit[:10]}.")
    assert doc["runs"][0]["automationDetails"] == {"id": "launchguard/history/"}
    _check_rules(doc, catalog)
    _no_raw(json.dumps(doc, ensure_ascii=False), secrets)


def test_empty_scan_is_valid_with_zero_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], validator: Draft4Validator
) -> None:
    (tmp_path / "README.txt").write_text("nothing to see\n")
    r = run(capsys, "scan", str(tmp_path), "--format", "sarif")
    assert r.code == 0
    (run_,) = _valid(validator, r.out)["runs"]
    assert run_["results"] == []
    assert run_["tool"]["driver"]["rules"] == []
    assert run_["invocations"] == [{"executionSuccessful": True}]


def test_incomplete_scan_says_so(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    validator: Draft4Validator,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".launchguard.yaml").write_text("max-file-size: 1KB\n")
    (tmp_path / "big.txt").write_text("x" * 5000)
    r = run(capsys, "scan", ".", "--format", "sarif")
    assert r.code == 3
    (skipped,) = run(capsys, "scan", ".", "--format", "json").json()["stats"]["skipped"]
    (invocation,) = _valid(validator, r.out)["runs"][0]["invocations"]
    location = {"artifactLocation": {"uri": "big.txt", "uriBaseId": "%SRCROOT%"}}
    assert invocation == {
        "executionSuccessful": False,
        "toolExecutionNotifications": [
            {
                "level": "error",
                "message": {"text": f"not scanned: big.txt: {skipped['reason']}"},
                "locations": [{"physicalLocation": location}],
            }
        ],
    }


def test_unknown_rule_gets_a_minimal_descriptor(validator: Draft4Validator) -> None:
    """A finding whose rule the catalog lacks still makes valid SARIF with a descriptor."""
    finding = Finding(
        rule="custom-thing",
        kind=Kind.SECRET,
        severity=Severity.HIGH,
        provider=None,
        location=Location(path="x.txt", line=3, column=2),
        secret=Secret(rand(20, seed=93).encode()),
        message="A custom secret.",
    )
    out = io.StringIO()
    render(ScanResult(findings=[finding]), RenderOptions(command="scan"), out)
    doc = _valid(validator, out.getvalue())
    assert doc["runs"][0]["tool"]["driver"]["rules"] == [
        {
            "id": "custom-thing",
            "name": "CustomThing",
            "shortDescription": {"text": "custom-thing"},
            "defaultConfiguration": {"level": "error"},
            "properties": {
                "tags": ["security", "secret"],
                "security-severity": "8.0",
                "precision": "high",
            },
        }
    ]
    assert doc["runs"][0]["results"][0]["ruleIndex"] == 0


def test_the_validator_can_fail(validator: Draft4Validator) -> None:
    """The opposite case: proves the schema checks above can catch a broken document."""
    out = io.StringIO()
    render(ScanResult(), RenderOptions(), out)
    doc = json.loads(out.getvalue())
    assert list(validator.iter_errors(doc)) == []
    doc["runs"][0]["results"] = [{"ruleId": "x", "level": "critical", "message": {"text": "m"}}]
    doc["runs"][0]["tool"]["driver"]["rules"] = [{"id": "x", "properties": {"tags": ["a", "a"]}}]
    messages = sorted(e.message for e in validator.iter_errors(doc))
    assert any("'critical' is not one of" in m for m in messages)
    assert any("has non-unique elements" in m for m in messages)
