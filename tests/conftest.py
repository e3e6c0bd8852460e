from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from launchguard.engine.compile import load_matcher
from launchguard.engine.python_backend import PythonBackend
from launchguard.engine.scan import Matcher
from launchguard.ruleset import rule_files

BACKENDS = ["hyperscan", "python"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden files.")


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One compiled-rules cache for the session: compiling takes seconds, loading milliseconds.
    Tests about the cache itself point LAUNCHGUARD_CACHE_DIR somewhere fresh."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _isolated_env(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, shared_cache: Path
) -> None:
    """Every test gets its own HOME and a pinned git identity (no user or system config)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("LAUNCHGUARD_CACHE_DIR", str(shared_cache))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Author")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@launchguard.invalid")
        monkeypatch.setenv(f"GIT_{role}_DATE", "2026-01-01T00:00:00+00:00")
    monkeypatch.delenv("LAUNCHGUARD_BACKEND", raising=False)


@pytest.fixture(scope="session")
def hyperscan_matcher() -> Matcher:
    return load_matcher(rule_files(), use_cache=False)


@pytest.fixture(scope="session")
def python_matcher(hyperscan_matcher: Matcher) -> Matcher:
    table = hyperscan_matcher.table
    return Matcher(table, PythonBackend(table))


@pytest.fixture(params=BACKENDS)
def matcher(request: pytest.FixtureRequest) -> Matcher:
    """The real engine, once per backend: both must give identical findings."""
    return request.getfixturevalue(f"{request.param}_matcher")  # type: ignore[no-any-return]


def git(cwd: Path, *args: str) -> str:
    out = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return out.stdout


@pytest.fixture
def git_repo(tmp_path: Path) -> Iterator[Path]:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "commit.gpgsign", "false")
    return repo


def commit_all(repo: Path, message: str = "commit") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)
