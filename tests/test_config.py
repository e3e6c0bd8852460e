"""Config loading: every invalid case pinned to its exact one-line message (exit 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from launchguard.config import find_config, load_config
from launchguard.findings import Severity
from tests.helpers.cli import run

INVALID = sorted((Path(__file__).parent / "config" / "invalid").glob("*.yaml"))


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_invalid_config_message(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(case, tmp_path / ".launchguard.yaml")
    (tmp_path / "a.txt").write_text("x\n")
    r = run(capsys, "scan", ".")
    expected = case.with_suffix(".txt").read_text().strip()
    assert r.code == 2
    assert r.err.strip() == f"launchguard: error: {tmp_path / expected}"
    assert "Traceback" not in r.err


def test_pyproject_section_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.launchguard]\nfail-on = "high"\nexclude = ["x/"]\n'
    )
    config = load_config(None, tmp_path)
    assert config.fail_on is Severity.HIGH
    assert config.exclude == ("x/",)


def test_discovery_stops_at_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".launchguard.yaml").write_text("fail-on: high\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "sub").mkdir()
    assert find_config(repo / "sub") is None
    assert find_config(tmp_path) == tmp_path / ".launchguard.yaml"


def test_explicit_missing_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    r = run(capsys, "scan", ".", "--config", "nope.yaml")
    assert (r.code, r.err.strip()) == (2, "launchguard: error: nope.yaml: config file not found")


def test_custom_rules_from_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acme.yaml").write_text(
        "provider: acme\nrules:\n  - id: acme-token\n    name: Acme token\n    kind: secret\n"
        "    severity: high\n    keywords: [acme_]\n    pattern: '\\b(acme_[a-z0-9]{20})\\b'\n"
        "    rotate: {url: 'https://acme.invalid/keys', steps: [Revoke it., Redeploy.]}\n"
        "    examples: ['t = acme_q8w7e6r5t4y3u2i1o9p8']\n"
    )
    (tmp_path / ".launchguard.yaml").write_text("rules: [acme.yaml]\n")
    (tmp_path / "app.py").write_text("T = 'acme_z8w7e6r5t4y3u2i1o9p8'\n")
    findings = run(capsys, "scan", "app.py", "--format", "json").json()["findings"]
    assert [f["rule"] for f in findings] == ["acme-token"]
