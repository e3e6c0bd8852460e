"""`launchguard history` on a real repository that hides secrets in every way git allows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import commit_all, git
from tests.helpers.cli import run
from tests.helpers.fake import (
    aws_key_id,
    github_classic,
    openai_project,
    pem_rsa_block,
    stripe_live,
)


def _head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def hidden(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[str, str]]:
    """secret -> (introducing commit, path) for each way of hiding; also builds the repo."""
    monkeypatch.chdir(git_repo)
    repo, planted = git_repo, {}
    (repo / "app.py").write_text("print('hello')\n")
    (repo / ".env").write_text(f"STRIPE_SECRET_KEY={stripe_live(1)}\n")
    commit_all(repo, "initial with .env")
    planted[stripe_live(1)] = (_head(repo), ".env")
    git(repo, "rm", "-q", ".env")  # deleted .env: still in history
    (repo / "config.py").write_text(f'TOKEN = "{github_classic(2)}"\n')
    commit_all(repo, "config")
    planted[github_classic(2)] = (_head(repo), "config.py")
    (repo / "config.py").write_text('TOKEN = os.environ["TOKEN"]\n')  # "fixed" later
    commit_all(repo, "fix")
    git(repo, "checkout", "-q", "-b", "experiment")  # unmerged branch with a private key
    (repo / "deploy_key").write_text(pem_rsa_block(3))
    commit_all(repo, "key")
    planted[pem_rsa_block(3)] = (_head(repo), "deploy_key")
    git(repo, "checkout", "-q", "main")
    git(repo, "checkout", "-q", "--orphan", "release-only")  # reachable only from a tag
    (repo / "release.py").write_text(f'KEY = "{openai_project(4)}"\n')
    commit_all(repo, "release")
    planted[openai_project(4)] = (_head(repo), "release.py")
    git(repo, "tag", "v1.0")
    git(repo, "checkout", "-q", "main")
    git(repo, "branch", "-D", "-q", "release-only")
    (repo / "aws.py").write_text(f'AWS_ACCESS_KEY_ID = "{aws_key_id(5)}"\n')  # renamed later
    commit_all(repo, "aws")
    planted[aws_key_id(5)] = (_head(repo), "aws.py")
    git(repo, "mv", "aws.py", "cloud.py")
    commit_all(repo, "rename")
    (repo / "stash.py").write_text(f'S = "{stripe_live(6)}"\n')  # only in a stash
    git(repo, "add", "stash.py")
    git(repo, "stash", "-q")
    planted[stripe_live(6)] = ("stash", "stash.py")
    return planted


def test_every_hidden_secret_is_found_with_its_introduction(
    hidden: dict[str, tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "history", "--format", "json", "--show-secrets")
    assert r.code == 1, r.err
    by_secret = {f["secret"].rstrip("\n"): f for f in r.json()["findings"] if f["kind"] == "secret"}
    for secret, (commit, path) in hidden.items():
        f = by_secret[secret.rstrip("\n")]
        assert f["path"] == path
        if commit != "stash":
            assert f["commit"] == commit
        assert f["author"] == "Test Author"
        assert f["date"].startswith("2026-01-01")
    assert by_secret[aws_key_id(5)]["in_head"] is True  # renamed, still there
    assert by_secret[github_classic(2)]["in_head"] is False  # fixed
    assert by_secret[stripe_live(1)]["in_head"] is False  # deleted
    assert by_secret[openai_project(4)]["refs"] == ["v1.0"]
    assert by_secret[pem_rsa_block(3).rstrip("\n")]["refs"] == ["experiment"]
    assert "stash" in by_secret[stripe_live(6)]["refs"]


def test_each_secret_reported_once_and_env_file_found(
    hidden: dict[str, tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    findings = run(capsys, "history", "--format", "json").json()["findings"]
    secrets = [f for f in findings if f["kind"] == "secret" and f["severity"] != "info"]
    assert len(secrets) == len(hidden)
    assert [f["path"] for f in findings if f["kind"] == "env-file"] == [".env"]


def test_range_scans_only_what_the_branch_adds(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(git_repo)
    (git_repo / "old.py").write_text(f'OLD = "{stripe_live(7)}"\n')
    commit_all(git_repo, "old secret on main")
    git(git_repo, "checkout", "-q", "-b", "pr")
    (git_repo / "old.py").write_text(f'OLD = "{stripe_live(7)}"\nNEW = "{stripe_live(8)}"\n')
    commit_all(git_repo, "pr adds one")
    pr_commit = _head(git_repo)
    r = run(capsys, "history", "--range", "main..pr", "--format", "json", "--show-secrets")
    assert r.code == 1
    assert [(f["secret"], f["line"], f["commit"]) for f in r.json()["findings"]] == [
        (stripe_live(8), 2, pr_commit)
    ]
    assert run(capsys, "history", "--range", "pr..main").code == 0


def test_shallow_clone_without_base_is_incomplete(
    git_repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for n in range(3):
        (git_repo / f"f{n}.py").write_text(f"x = {n}\n")
        commit_all(git_repo, f"c{n}")
    base = git(git_repo, "rev-parse", "HEAD~2").strip()
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{git_repo}", str(clone))
    monkeypatch.chdir(clone)
    r = run(capsys, "history", "--range", f"{base}..HEAD")
    assert r.code == 3
    assert "fetch-depth: 0" in r.err
    assert "shallow clone" in r.err
    assert r.out == ""


def test_whole_history_of_a_shallow_clone_is_incomplete_not_clean(
    git_repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The secret sits in a commit older than the clone's depth: never a silent clean."""
    (git_repo / "old.py").write_text(f'TOKEN = "{github_classic(7)}"\n')
    commit_all(git_repo, "old")
    git(git_repo, "rm", "-q", "old.py")
    commit_all(git_repo, "gone")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{git_repo}", str(clone))
    monkeypatch.chdir(clone)
    r = run(capsys, "history", "--format", "json")
    assert r.code == 3
    doc = r.json()
    assert doc["findings"] == []
    assert doc["stats"]["incomplete"] is True
    assert "shallow clone" in doc["stats"]["skipped"][0]["reason"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--range", "main"], 2, "expected BASE..HEAD"),
        (["--range", "nope..HEAD"], 2, "nope: unknown revision"),
    ],
)
def test_bad_ranges(
    git_repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    message: str,
) -> None:
    monkeypatch.chdir(git_repo)
    (git_repo / "a.py").write_text("x = 1\n")
    commit_all(git_repo)
    r = run(capsys, "history", *args)
    assert (r.code, message in r.err) == (code, True)


def test_not_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    r = run(capsys, "history")
    assert r.code == 2
    assert r.err.strip() == f"launchguard: error: {tmp_path}: not a git repository"


def test_missing_object_is_incomplete_not_clean(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(git_repo)
    (git_repo / "a.py").write_text("x = 1\n")
    commit_all(git_repo)
    blob = git(git_repo, "rev-parse", "HEAD:a.py").strip()
    (git_repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    r = run(capsys, "history")
    assert r.code == 3
    assert "Traceback" not in r.err + r.out


def test_missing_git_binary_is_a_one_line_error(
    git_repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(git_repo)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    r = run(capsys, "history")
    assert (r.code, r.err.strip()) == (3, "launchguard: error: git is not installed or not on PATH")
