"""The JSON and SARIF writers: findings with any text in every string field (control
characters, NUL, U+2028, lone surrogates from bytes that are not UTF-8) give UTF-8 JSON that
decodes to exactly the records, and SARIF that the official 2.1.0 schema accepts, without the
raw secret.

Rule ids and paths reach a Finding through units.Origin and validated rules, which never hold
a surrogate (a lone surrogate there fails in findings.Finding.fingerprint); every other
field may.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from jsonschema import Draft4Validator

from launchguard.audit.run import AuditContext
from launchguard.findings import Finding, Kind, Location, Original, Secret, Severity
from launchguard.report.records import dumps, printable_text, record
from launchguard.report.sarif import FINGERPRINT_KEY
from launchguard.result import ScanResult
from launchguard.rule import Rotation, Rule
from launchguard.units import Origin, Skipped, printable_path
from tests.fuzz import targets
from tests.fuzz.checks import fuzz_settings

SCHEMA = Path(__file__).resolve().parent.parent / "data" / "sarif-schema-2.1.0.json"

# Text as launchguard meets it: anything, the characters that break naive writers, and bytes
# that are not UTF-8 kept by surrogateescape (commit authors, branch names, file content).
ODD = st.sampled_from(["\x00", "\u2028", "\u2029", "\x1b[31m", "\r\n", "\ud800", "\udcff", '"\\'])
TEXT = st.one_of(
    st.text(max_size=12),
    st.lists(st.text(max_size=4) | ODD, max_size=5).map("".join),
    st.binary(max_size=12).map(lambda b: b.decode("utf-8", "surrogateescape")),
)
OPTIONAL_TEXT = st.none() | TEXT
PATHS = TEXT.map(lambda t: printable_path(t) or "f") | st.sampled_from(
    ["dist/app.js.map#../src/a.ts", "a b/c:d.py", "#", "x#", "%SRCROOT%/x", "dir/\u2028.env"]
)
RULE_IDS = st.sampled_from(["stripe-secret-key", "generic-password", "env-file-not-ignored"])
RULE_IDS = RULE_IDS | TEXT.map(lambda t: printable_path(t) or "r")
POSITIVE = st.integers(1, 2**31)
# Raw secrets drawn from an alphabet and a prefix no other field shares, so finding one in the
# output can only mean the secret leaked.
SECRETS = st.text("0123456789abcdef", min_size=20, max_size=40).map(lambda t: "RAWSECRET" + t)


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    original = draw(st.none() | st.builds(Original, PATHS, POSITIVE, POSITIVE))
    location = Location(
        path=draw(PATHS),
        line=draw(POSITIVE),
        column=draw(POSITIVE),
        commit=draw(OPTIONAL_TEXT),
        blob=draw(OPTIONAL_TEXT),
        author=draw(OPTIONAL_TEXT),
        date=draw(OPTIONAL_TEXT),
        refs=tuple(draw(st.lists(TEXT, max_size=3))),
        in_head=draw(st.none() | st.booleans()),
        original=original,
    )
    secret = draw(SECRETS) + draw(st.sampled_from(["", "\n", "\nline two\n"]))
    return Finding(
        rule=draw(RULE_IDS),
        kind=draw(st.sampled_from(Kind)),
        severity=draw(st.sampled_from(Severity)),
        provider=draw(OPTIONAL_TEXT),
        location=location,
        secret=Secret(secret.encode()),
        message=draw(TEXT),
        public_by_design=draw(st.booleans()),
        env_var=draw(OPTIONAL_TEXT),
        exposure=draw(st.sampled_from([None, "client", "server"])),
        decoded=draw(st.sampled_from([None, "base64", "percent"]) | TEXT),
    )


@st.composite
def rules_for(draw: st.DrawFn, rule_ids: list[str]) -> dict[str, Rule]:
    """Catalog entries (with any text) for some of the rules the findings name."""
    catalog = {}
    for rule_id in rule_ids:
        if draw(st.booleans()):
            rotate = draw(
                st.none() | st.builds(Rotation, TEXT.map(lambda t: "https://" + t), st.tuples(TEXT))
            )
            catalog[rule_id] = Rule(
                id=rule_id,
                name=draw(TEXT),
                provider=draw(TEXT),
                kind=draw(st.sampled_from(Kind)),
                severity=draw(st.sampled_from(Severity)),
                public_by_design=draw(st.booleans()),
                pattern="(x)",
                description=draw(TEXT),
                rotate=rotate,
                references=tuple(draw(st.lists(TEXT, max_size=2))),
            )
    return catalog


@st.composite
def results(draw: st.DrawFn) -> ScanResult:
    found = draw(st.lists(findings(), max_size=4))
    skipped = draw(
        st.lists(st.builds(Skipped, st.builds(Origin, path=TEXT), TEXT, st.booleans()), max_size=2)
    )
    problems = draw(st.lists(st.fixed_dictionaries({"path": PATHS, "reason": TEXT}), max_size=2))
    result = ScanResult(findings=found, skipped=skipped, stats={"source_map_problems": problems})
    result.rules = draw(rules_for(sorted({f.rule for f in found})))
    return result


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    return Draft4Validator(json.loads(SCHEMA.read_text()))


def _secrets(result: ScanResult) -> list[str]:
    """The token part of each raw secret (its first line: JSON escapes the line ends)."""
    return [f.secret.reveal().split("\n")[0] for f in result.findings]


@fuzz_settings(150)
@given(result=results(), show_secrets=st.booleans())
def test_json_decodes_to_the_records(result: ScanResult, show_secrets: bool) -> None:
    text = targets.render_json(result, show_secrets=show_secrets)
    document = json.loads(text)
    expected = [record(f, show_secrets=show_secrets) for f in result.findings]
    assert document["findings"] == expected
    assert document["stats"] == json.loads(dumps(result.stats))
    for raw, entry in zip(_secrets(result), document["findings"], strict=True):
        assert (raw in text) == show_secrets
        assert entry.get("secret", raw).startswith(raw)


@fuzz_settings(100)
@given(result=results())
@example(
    result=ScanResult(
        findings=[
            Finding(
                rule="r-x",
                kind=Kind.SECRET,
                severity=Severity.HIGH,
                provider="p\udcff",
                location=Location(path="dist/a.js.map#\u2028", line=1, column=1, author="\udcff"),
                secret=Secret(b"RAWSECRET0123456789abcdef"),
                message="m\x00\u2028",
            )
        ]
    )
)
def test_sarif_is_valid_and_holds_no_raw_secret(
    result: ScanResult, validator: Draft4Validator
) -> None:
    """A lone surrogate (an author name that is not UTF-8) once made the writers' text fail
    to encode: the report was an internal error."""
    text = targets.render_sarif(result)
    log = json.loads(text)
    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)] == []
    for raw in _secrets(result):
        assert raw not in text
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for f, sarif_result in zip(result.findings, run["results"], strict=True):
        assert rules[sarif_result["ruleIndex"]]["id"] == sarif_result["ruleId"]
        assert sarif_result["ruleId"] == printable_text(f.rule)
        assert sarif_result["partialFingerprints"][FINGERPRINT_KEY] == f.fingerprint


@fuzz_settings(60)
@given(result=results(), project=TEXT)
def test_audit_json_decodes_to_the_records(result: ScanResult, project: str) -> None:
    result.audit = AuditContext(project=project)
    document = json.loads(targets.render_json(result))
    assert document["findings"] == [record(f, show_secrets=False) for f in result.findings]
    assert document["project"] == printable_text(project)


@fuzz_settings(300)
@given(st.binary(max_size=300))
def test_findings_from_bytes_round_trip(data: bytes) -> None:
    targets.reports(data, Path())


@fuzz_settings(300)
@given(
    st.recursive(
        TEXT | st.integers() | st.none(),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(TEXT, c, max_size=3),
        max_leaves=10,
    )
)
def test_dumps_writes_any_document_as_utf8_json(document: Any) -> None:
    text = dumps(document)
    text.encode("utf-8")
    assert json.loads(text) == json.loads(json.dumps(_printable(document)))


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return printable_text(value)
    if isinstance(value, list):
        return [_printable(v) for v in value]
    if isinstance(value, dict):
        return {printable_text(k): _printable(v) for k, v in value.items()}
    return value
