"""The real pre-commit framework runs the hook from this repository (`pre-commit try-repo`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git
from tests.helpers.fake import stripe_live

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def precommit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hook environment for the whole session: installing it takes most of the time."""
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "pre-commit"
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "LAUNCHGUARD_CACHE_DIR": str(home / "lg")}
    return subprocess.run(
        [str(exe), "try-repo", str(ROOT), "launchguard", "--verbose", "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_hook_blocks_a_live_key_and_says_how_to_allow(git_repo: Path, precommit_home: Path) -> None:
    (git_repo / "pay.py").write_text(f'STRIPE = "{stripe_live(1)}"\n')
    git(git_repo, "add", "pay.py")
    proc = try_repo(git_repo, precommit_home, "pay.py")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "pay.py:1:" in out
    assert "stripe-secret-key" in out
    assert "launchguard:allow" in out  # how to allow it
    assert stripe_live(1) not in out  # never the raw value


def test_hook_passes_clean_and_allowed_files(git_repo: Path, precommit_home: Path) -> None:
    (git_repo / "ok.py").write_text("print('hello')\n")
    (git_repo / "allowed.py").write_text(f'K = "{stripe_live(2)}"  # launchguard:allow\n')
    git(git_repo, "add", "-A")
    proc = try_repo(git_repo, precommit_home, "ok.py", "allowed.py")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_hook_blocks_an_env_file(git_repo: Path, precommit_home: Path) -> None:
    (git_repo / ".env").write_text("DEBUG=1\n")
    git(git_repo, "add", ".env")
    proc = try_repo(git_repo, precommit_home, ".env")
    assert proc.returncode == 1
    assert "dotenv-file-committed" in proc.stdout + proc.stderr
