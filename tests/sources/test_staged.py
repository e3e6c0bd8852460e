"""`launchguard staged`: the index, not the working tree; added lines only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import commit_all, git
from tests.helpers.cli import run
from tests.helpers.fake import PNG_HEAD, github_classic, stripe_live


@pytest.fixture
def repo(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(git_repo)
    return git_repo


def _findings(capsys: pytest.CaptureFixture[str], *args: str) -> list[tuple[str, str, int]]:
    r = run(capsys, "staged", "--format", "json", *args)
    return [(f["rule"], f["path"], f["line"]) for f in r.json()["findings"]]


def test_works_without_any_commit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "a.py").write_text(f'KEY = "{stripe_live(1)}"\n')
    git(repo, "add", "a.py")
    assert _findings(capsys) == [("stripe-secret-key", "a.py", 1)]
    assert run(capsys, "staged").code == 1


def test_index_not_working_tree(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As after `git add -p`: the staged version differs from the file on disk."""
    (repo / "a.py").write_text("x = 1\n")
    commit_all(repo)
    (repo / "a.py").write_text(f'x = 1\nKEY = "{stripe_live(2)}"\n')
    git(repo, "add", "a.py")
    (repo / "a.py").write_text("x = 1\n")  # secret removed on disk, still staged
    assert _findings(capsys) == [("stripe-secret-key", "a.py", 2)]
    git(repo, "reset", "-q", "a.py")
    (repo / "a.py").write_text(f'x = 1\nKEY = "{stripe_live(3)}"\n')  # on disk, not staged
    assert _findings(capsys) == []


def test_only_added_lines_unless_all_lines(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "a.py").write_text(f'OLD = "{stripe_live(4)}"\n')
    commit_all(repo)
    (repo / "a.py").write_text(f'OLD = "{stripe_live(4)}"\nNEW = "{github_classic(5)}"\n')
    git(repo, "add", "a.py")
    assert _findings(capsys) == [("github-pat-classic", "a.py", 2)]
    assert len(_findings(capsys, "--all-lines")) == 2


def test_renames_deletions_binaries_and_env(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "old.py").write_text(f'K = "{stripe_live(6)}"  # launchguard:allow\n')
    (repo / "gone.py").write_text("x = 1\n")
    commit_all(repo)
    git(repo, "mv", "old.py", "new.py")  # a pure rename adds no line
    git(repo, "rm", "-q", "gone.py")
    (repo / "logo.png").write_bytes(PNG_HEAD + stripe_live(7).encode())
    (repo / ".env").write_text("DEBUG=1\n")
    git(repo, "add", "-A")
    r = run(capsys, "staged", "--format", "json")
    assert [(f["rule"], f["path"]) for f in r.json()["findings"]] == [
        ("dotenv-file-committed", ".env")
    ]
    assert {"path": "logo.png", "reason": "binary file"} in r.json()["stats"]["skipped"]
    assert r.code == 1


def test_outside_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    r = run(capsys, "staged")
    assert (r.code, r.err.strip()) == (2, f"launchguard: error: {tmp_path}: not a git repository")


def test_counts_describe_the_reported_findings(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Lines the commit does not add are dropped after the scan; the counts follow."""
    (repo / "a.py").write_text(f'OLD = "{stripe_live(8)}"\n')
    commit_all(repo)
    (repo / "a.py").write_text(f'OLD = "{stripe_live(8)}"\nNEW = "{github_classic(9)}"\n')
    git(repo, "add", "a.py")
    stats = run(capsys, "staged", "--format", "json").json()["stats"]
    assert (stats["findings"], stats["credentials"]) == (1, 1)
