"""Never leak what we find: every reporter, stdout and files, is grepped for raw values."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from launchguard.report import ALWAYS_REDACTED, REPORTERS
from tests.helpers.cli import run
from tests.helpers.fake import aws_key_id, github_classic, jwt, stripe_live


@pytest.fixture
def planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    secrets = [
        stripe_live(41),
        github_classic(42),
        aws_key_id(43),
        jwt({"role": "service_role", "iss": "supabase"}, 44),
    ]
    (tmp_path / "app.js").write_text(f'const a = "{secrets[0]}";\nconst token = "{secrets[3]}";\n')
    (tmp_path / "deploy.py").write_text(
        f'GH = "{secrets[1]}"\nAWS_ACCESS_KEY_ID = "{secrets[2]}"\n'
    )
    (tmp_path / "k8s.yaml").write_text(
        f"data:\n  key: {base64.b64encode(secrets[0].encode()).decode()}\n"
    )
    (tmp_path / ".env").write_text(f"STRIPE_SECRET_KEY={secrets[0]}\n")
    return secrets


def _leaks(text: str, secrets: list[str]) -> list[str]:
    return [s for s in secrets if s in text]


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_no_reporter_prints_a_raw_secret(
    fmt: str, planted: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "scan", ".", "--format", fmt)
    assert r.code == 1
    assert _leaks(r.out + r.err, planted) == []
    report = tmp_path / f"report.{fmt}"
    r = run(capsys, "scan", ".", "--format", fmt, "--output", str(report))
    assert r.code == 1
    assert r.out == ""
    assert _leaks(report.read_text() + r.err, planted) == []


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_show_secrets_reveals_them(
    fmt: str, planted: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The opposite case proves the grep above can fail; reports that get uploaded or shared
    (SARIF, annotations, job summaries) stay redacted even then."""
    r = run(capsys, "scan", ".", "--format", fmt, "--show-secrets")
    if fmt in ALWAYS_REDACTED:
        assert _leaks(r.out, planted) == []
    else:
        assert set(_leaks(r.out.replace("\n", ""), planted)) >= {planted[0], planted[1]}


def test_cache_holds_no_secret(planted: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "scan", ".").code == 1
    files = [p for p in Path(os.environ["LAUNCHGUARD_CACHE_DIR"]).rglob("*") if p.is_file()]
    assert files  # the compiled rules were cached by this run
    blob = b"".join(p.read_bytes() for p in files)
    assert [s for s in planted if s.encode() in blob] == []
