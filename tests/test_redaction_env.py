"""Never leak what we find, for the env inventory and the bundle check too: the inventory's
value column, bundle findings and JSON `inventory` are grepped for the raw values."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchguard.report import ALWAYS_REDACTED, REPORTERS
from tests.helpers.cli import run
from tests.helpers.fake import jwt, openai_project, rand, stripe_live


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    secrets = [
        openai_project(61),
        stripe_live(62),
        rand(40, seed=63),
        jwt({"role": "service_role", "iss": "supabase"}, 64),
    ]
    (tmp_path / "package.json").write_text('{"dependencies": {"vite": "7.0.0"}}')
    (tmp_path / ".env").write_text(
        f"VITE_OPENAI_API_KEY={secrets[0]}\nSTRIPE_SECRET_KEY={secrets[1]}\n"
        f"SESSION_SECRET={secrets[2]}\nVITE_SUPABASE_KEY={secrets[3]}\n"
    )
    (tmp_path / ".env.development").write_text(f"STRIPE_SECRET_KEY={secrets[1]}\n")
    (tmp_path / ".env.production").write_text(f"STRIPE_SECRET_KEY={secrets[1]}\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.js").write_text("fetch(import.meta.env.VITE_OPENAI_API_KEY)\n")
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "index.js").write_text(
        f'const a="{secrets[0]}",b="{secrets[2]}",c="{secrets[3]}";\n'
    )
    return secrets


def _leaks(text: str, secrets: list[str]) -> list[str]:
    return [s for s in secrets if s in text]


@pytest.mark.parametrize("command", [("env", "."), ("bundle", "dist"), ("scan", ".")])
@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_env_and_bundle_reports_never_print_a_value(
    fmt: str, command: tuple[str, str], project: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, *command, "--format", fmt, "--no-progress")
    assert r.code == 1, r.err
    assert _leaks(r.out + r.err, project) == []
    revealed = run(capsys, *command, "--format", fmt, "--no-progress", "--show-secrets")
    if fmt in ALWAYS_REDACTED:  # uploaded or shared reports never reveal
        assert _leaks(revealed.out, project) == []
    else:
        assert _leaks(revealed.out.replace("\n", ""), project)  # the grep above can fail
