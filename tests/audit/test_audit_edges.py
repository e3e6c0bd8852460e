"""`launchguard audit` outside git, without history, on a bad path, and with --show-secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli import run
from tests.helpers.fake import github_classic, stripe_live


def _project(root: Path) -> tuple[str, str]:
    stripe, github = stripe_live(81), github_classic(82)
    (root / ".env").write_text(f"STRIPE_SECRET_KEY={stripe}\n")
    (root / "deploy.py").write_text(f'TOKEN = "{github}"\n')
    return stripe, github


def test_a_folder_outside_git_has_no_history_phase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, github = _project(tmp_path)
    result = run(capsys, "audit", str(tmp_path), "--format", "json", "--no-progress")
    doc = result.json()
    assert [p["name"] for p in doc["phases"]] == ["tree", "bundles", "logs", "env"]
    assert doc["history_cleanup"] is None
    ranks = {c["name"]: c["rank"] for c in doc["credentials"]}
    assert ranks["GitHub personal access token (classic)"] == "blocker"
    assert github not in result.out


def test_no_history_skips_the_history_phase(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import commit_all

    _project(git_repo)
    commit_all(git_repo)
    doc = run(capsys, "audit", str(git_repo), "--no-history", "--format", "json").json()
    assert "history" not in [p["name"] for p in doc["phases"]]


def test_a_path_that_is_not_a_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, "audit", str(tmp_path / "missing"), "--format", "json")
    assert result.code == 2
    assert "not a folder" in result.err
    assert "Traceback" not in result.err


def test_show_secrets_reveals_only_the_contract_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, github = _project(tmp_path)
    doc = run(capsys, "audit", str(tmp_path), "--format", "json", "--show-secrets").json()
    assert github in {f.get("secret") for f in doc["findings"]}
    rest = {k: v for k, v in doc.items() if k != "findings"}
    assert github not in repr(rest)


def test_a_bundle_in_a_subproject_is_checked_against_its_env_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`web/dist`, git-ignored, built from `web/.env`: the audit reads it like `dist/`."""
    from tests import vite_app
    from tests.conftest import commit_all, git
    from tests.helpers.ci import skip_or_fail

    reason = vite_app.unavailable_reason()
    if reason is not None:
        skip_or_fail(reason, needed_for="build the Vite app the audit reads")
    vite_app.install()
    web = vite_app.prepare(tmp_path / "web")
    vite_app.build(web)
    (tmp_path / ".gitignore").write_text("node_modules\ndist/\n.env\n")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "commit.gpgsign", "false")
    commit_all(tmp_path)
    doc = run(capsys, "audit", str(tmp_path), "--format", "json", "--no-progress").json()
    shipped = {
        c["name"]: c["rank"]
        for c in doc["credentials"]
        if any("web/dist/" in x for x in c["locations"])
    }
    assert shipped["OpenAI project API key"] == "blocker"
    assert shipped["value of SIGNING_SECRET"] == "blocker"
    assert doc["phases"][2] == {"name": "bundles", "files": 4, "findings": 5, "complete": True}


def test_an_access_key_id_and_its_secret_are_one_credential(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the AWS rule and by the generic rule right next to it: rotated together."""
    from tests.conftest import commit_all, git
    from tests.helpers.fake import aws_key_id, aws_secret

    (git_repo / "lib").mkdir()
    line = f'export const AWS = {{ id: "{aws_key_id(95)}", secret: "{aws_secret(96)}" }};\n'
    (git_repo / "lib" / "aws.js").write_text(line)
    commit_all(git_repo, "aws")
    git(git_repo, "rm", "-q", "lib/aws.js")
    commit_all(git_repo, "gone")
    doc = run(capsys, "audit", str(git_repo), "--format", "json", "--no-progress").json()
    (entry,) = doc["checklist"]
    assert entry["rank"] == "high"
    assert entry["title"].startswith("Rotate the AWS access key ID AKIA")
    assert entry["dashboard"].startswith("https://console.aws.amazon.com/")
    assert doc["history_cleanup"]["paths"] == ["lib/aws.js"]
