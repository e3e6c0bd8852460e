"""Baselines: launchguard's own (hashes only) and detect-secrets' .secrets.baseline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import run
from tests.helpers.fake import github_classic, stripe_live


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(f'KEY = "{stripe_live(1)}"\n')
    return tmp_path


def test_baseline_suppresses_known_and_keeps_new(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "baseline")
    assert r.code == 0
    assert "recorded 1 findings" in r.out
    text = (project / ".launchguard-baseline.json").read_text()
    assert stripe_live(1) not in text
    entry = json.loads(text)["findings"][0]
    assert set(entry) == {"fingerprint", "secret_sha256", "rule", "path"}
    args = ("scan", ".", "--baseline", ".launchguard-baseline.json", "--format", "json")
    assert run(capsys, *args).code == 0
    # moving the secret down the file keeps it known; a new secret is reported
    (project / "app.py").write_text(f'\n\nKEY = "{stripe_live(1)}"\nT = "{github_classic(2)}"\n')
    r = run(capsys, *args)
    assert r.code == 1
    assert [f["rule"] for f in r.json()["findings"]] == ["github-pat-classic"]
    assert r.json()["stats"]["baselined"] == 1


def test_detect_secrets_baseline_is_honoured(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "app.py").write_text(f'password = "{stripe_live(3)}"\n')
    exe = Path(sys.executable).parent / "detect-secrets"
    out = subprocess.run(
        [str(exe), "scan", "app.py"], cwd=project, capture_output=True, check=True, text=True
    ).stdout
    assert json.loads(out)["results"]  # detect-secrets itself recorded the secret
    (project / ".secrets.baseline").write_text(out)
    assert run(capsys, "scan", ".", "--fail-on", "info").code == 1
    r = run(capsys, "scan", ".", "--baseline", ".secrets.baseline", "--format", "json")
    assert r.json()["findings"] == []
    assert r.code == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "cannot read baseline"),
        ('{"a": 1}', "neither a launchguard nor a detect-secrets baseline"),
    ],
)
def test_bad_baseline_files(
    project: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    (project / "b.json").write_text(content)
    r = run(capsys, "scan", ".", "--baseline", "b.json")
    assert r.code == 2
    assert message in r.err


def test_missing_baseline(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "scan", ".", "--baseline", "nope.json")
    assert (r.code, r.err.strip()) == (2, "launchguard: error: nope.json: baseline file not found")
