"""Baselines: launchguard's own format and detect-secrets' `.secrets.baseline`, with wrong
types at every level, give a Baseline or a clean ConfigError naming the file; a baseline that
loads suppresses exactly the findings it lists."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from launchguard.baseline import FORMAT, Baseline, baseline_document, load_baseline
from launchguard.errors import LaunchguardError
from launchguard.findings import Finding, Kind, Location, Secret, Severity
from tests.fuzz import targets
from tests.fuzz.checks import fuzz_settings, outcome

JSON_LEAF = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
ANY_JSON = st.recursive(
    JSON_LEAF,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _wrong_or(right: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return right | ANY_JSON


OWN_FORMAT = st.fixed_dictionaries(
    {"format": st.just(FORMAT)},
    optional={
        "version": ANY_JSON,
        "findings": _wrong_or(
            st.lists(
                _wrong_or(
                    st.fixed_dictionaries(
                        {},
                        optional={
                            "fingerprint": _wrong_or(st.text("0123456789abcdef", max_size=64)),
                            "secret_sha256": ANY_JSON,
                            "rule": ANY_JSON,
                            "path": ANY_JSON,
                        },
                    )
                ),
                max_size=4,
            )
        ),
    },
)
_SECRET_ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "type": _wrong_or(
            st.sampled_from(["Secret Keyword", "AWS Access Key", "Hex High Entropy"])
        ),
        "filename": ANY_JSON,
        "hashed_secret": _wrong_or(st.text("0123456789abcdef", min_size=40, max_size=40)),
        "is_verified": ANY_JSON,
        "line_number": _wrong_or(st.integers(-1, 10)),
        "is_secret": ANY_JSON,
    },
)
DETECT_SECRETS = st.fixed_dictionaries(
    {
        "results": _wrong_or(
            st.dictionaries(
                st.text(max_size=8), _wrong_or(st.lists(_wrong_or(_SECRET_ENTRY), max_size=3))
            )
        ),
        "plugins_used": _wrong_or(st.lists(ANY_JSON, max_size=2)),
    },
    optional={"version": ANY_JSON, "filters_used": ANY_JSON, "generated_at": ANY_JSON},
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("baseline")


@fuzz_settings(300)
@given(document=OWN_FORMAT | DETECT_SECRETS | ANY_JSON)
@example(document={"results": [], "plugins_used": []})
@example(document={"results": [1], "plugins_used": []})  # detect-secrets raised IndexError
@example(document={"results": "ab", "plugins_used": []})
@example(
    document={
        "results": {"a": [{"filename": 1, "type": "t", "hashed_secret": "h"}]},
        "plugins_used": [],
    }
)
@example(document={"results": {"a": [{"hashed_secret": 1}]}, "plugins_used": []})
@example(document={"results": {"a": [None]}, "plugins_used": []})
@example(document={"results": {"a": 1}, "plugins_used": []})
@example(document={"results": {}, "plugins_used": 1})
@example(  # the iteration's sort by line number raised TypeError on None and 0
    document={
        "results": {
            "a": [{"type": "t", "hashed_secret": "h", "line_number": n} for n in (0, None)]
        },
        "plugins_used": [],
    }
)
@example(document={"format": FORMAT, "findings": [{"fingerprint": None}, {}]})
def test_any_baseline_document_loads_or_fails_cleanly(document: Any, folder: Path) -> None:
    path = folder / ".secrets.baseline"
    path.write_text(json.dumps(document), encoding="utf-8")
    loaded = outcome(lambda: load_baseline(path), names=str(path))
    assert isinstance(loaded, Baseline | LaunchguardError)


@fuzz_settings(300)
@given(data=st.binary(max_size=300))
@example(data=b"[" * 100_000)
@example(data=b"\xff\xfe{}")
@example(data=b'{"format": "launchguard-baseline", "findings": ' + b"[" * 5000)
def test_any_baseline_bytes_load_or_fail_cleanly(data: bytes, folder: Path) -> None:
    targets.baseline(data, folder)


def _finding(path: str, secret: bytes) -> Finding:
    return Finding(
        rule="demo-token",
        kind=Kind.SECRET,
        severity=Severity.HIGH,
        provider="demo",
        location=Location(path=path, line=1, column=1),
        secret=Secret(secret),
        message="m",
    )


FINDINGS = st.lists(
    st.builds(
        _finding, st.sampled_from(["a.py", "b/c.js", "é.env"]), st.binary(min_size=1, max_size=12)
    ),
    max_size=5,
)


@fuzz_settings(150)
@given(known=FINDINGS, new=FINDINGS)
def test_a_written_baseline_knows_exactly_its_findings(
    known: list[Finding], new: list[Finding], folder: Path
) -> None:
    path = folder / "own.json"
    path.write_text(baseline_document(known), encoding="utf-8")
    baseline = load_baseline(path)
    listed = {f.fingerprint for f in known}
    for f in known + new:
        assert baseline.is_known(f) == (f.fingerprint in listed)


@fuzz_settings(150)
@given(known=FINDINGS, new=FINDINGS)
def test_a_detect_secrets_baseline_knows_its_secrets_by_file(
    known: list[Finding], new: list[Finding], folder: Path
) -> None:
    results: dict[str, list[dict[str, Any]]] = {}
    for f in known:
        sha1 = hashlib.sha1(f.secret.raw_bytes()).hexdigest()  # noqa: S324  # their format
        entry = {"type": "Secret Keyword", "hashed_secret": sha1, "line_number": 1}
        results.setdefault(f.location.path, []).append(entry)
    path = folder / ".secrets.baseline"
    path.write_text(json.dumps({"results": results, "plugins_used": []}), encoding="utf-8")
    baseline = load_baseline(path)
    pairs = {(f.location.path, f.secret.raw_bytes()) for f in known}
    for f in known + new:
        assert baseline.is_known(f) == ((f.location.path, f.secret.raw_bytes()) in pairs)
