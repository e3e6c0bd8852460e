"""Real repositories with a history worth scanning, and which secret each commit brought.

    main:     c0 ─ (fillers) ─ c1 OLD ─────────── m2 MAIN_LATER
                                  └─ f1 (clean) ─ f2 PR          (branch `feature`)

OLD was committed on main before the branch point, MAIN_LATER on main after it; only PR is
the pull request's own. Every value comes from tests/helpers/fake.py at test time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import commit_all, git
from tests.helpers.fake import aws_key_id, github_classic, openai_project, stripe_live

OLD = stripe_live(41)
MAIN_LATER = aws_key_id(43)
PR = github_classic(42)
PUSHED = openai_project(44)
FORCED = stripe_live(45)
ALL = (OLD, MAIN_LATER, PR, PUSHED, FORCED)

PR_FILE, PR_LINE = "payments/client.py", 3


def write(repo: Path, path: str, *lines: str) -> None:
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("".join(f"{line}\n" for line in lines))


def commit(repo: Path, message: str, files: Mapping[str, list[str]]) -> str:
    """Write each file (path -> lines), commit them, return the new commit's id."""
    for path, lines in files.items():
        write(repo, path, *lines)
    commit_all(repo, message)
    return git(repo, "rev-parse", "HEAD").strip()


def clone(source: Path, target: Path, *args: str) -> Path:
    """A clone over file://, as actions/checkout makes one over https (`--depth` works)."""
    git(source.parent, "clone", "-q", *args, source.as_uri(), str(target))
    return target


def checkout_pull_request(upstream: Path, target: Path, ref: str, depth: int = 1) -> Path:
    """What actions/checkout does for a pull_request event: an empty repository, origin with
    the default refspec, the PR's merge ref fetched `depth` deep and checked out detached."""
    target.mkdir()
    git(target, "init", "-q")
    git(target, "remote", "add", "origin", upstream.as_uri())
    tracking = ref.replace("refs/", "refs/remotes/", 1)
    git(target, "fetch", "-q", "--no-tags", f"--depth={depth}", "origin", f"+{ref}:{tracking}")
    git(target, "checkout", "-q", "--detach", tracking)
    return target


@dataclass(frozen=True)
class Story:
    repo: Path
    c1: str  # main at the branch point, holding OLD
    f1: str  # feature: a clean commit
    f2: str  # feature tip: PR in payments/client.py, line 3
    m2: str  # main tip: MAIN_LATER


def pull_request_story(repo: Path, *, fillers: int = 0) -> Story:
    """Build the history above in `repo` (a fresh `git_repo`); leave `feature` checked out."""
    commit(repo, "initial", {"app.py": ["print('hello')"]})
    for i in range(fillers):  # history deeper than a shallow fetch
        commit(repo, f"notes {i}", {"NOTES.md": [f"note {j}" for j in range(i + 1)]})
    c1 = commit(repo, "settings", {"settings.py": ["import os", f'STRIPE_KEY = "{OLD}"']})
    git(repo, "checkout", "-q", "-b", "feature")
    f1 = commit(repo, "feature: skeleton", {"feature.py": ["def feature():", "    return 1"]})
    client = ["import requests", "", f'TOKEN = "{PR}"', "requests.get('https://api.github.com')"]
    f2 = commit(repo, "feature: client", {PR_FILE: client})
    git(repo, "checkout", "-q", "main")
    m2 = commit(repo, "cloud config", {"config.py": [f'AWS_ACCESS_KEY_ID = "{MAIN_LATER}"']})
    git(repo, "checkout", "-q", "feature")
    return Story(repo, c1, f1, f2, m2)


def add_pull_request_refs(story: Story, number: int = 7) -> str:
    """refs/pull/N/head and refs/pull/N/merge, as GitHub keeps them for an open PR; the merge
    ref is what actions/checkout checks out for a pull_request event."""
    repo = story.repo
    git(repo, "checkout", "-q", "--detach", story.m2)
    git(repo, "merge", "-q", "--no-ff", "--no-edit", story.f2)
    git(repo, "update-ref", f"refs/pull/{number}/merge", "HEAD")
    git(repo, "update-ref", f"refs/pull/{number}/head", story.f2)
    git(repo, "checkout", "-q", "feature")
    return f"refs/pull/{number}/merge"


def push_story(repo: Path) -> tuple[str, str, str]:
    """main: c0, c1 (OLD), then a push of p1 (clean) and p2 (PUSHED in api.py, line 2).
    Returns (c1, p1, p2)."""
    commit(repo, "initial", {"app.py": ["print('hello')"]})
    c1 = commit(repo, "settings", {"settings.py": ["import os", f'STRIPE_KEY = "{OLD}"']})
    p1 = commit(repo, "docs", {"README.md": ["# shop"]})
    p2 = commit(repo, "api client", {"api.py": ["import os", f'OPENAI_KEY = "{PUSHED}"']})
    return c1, p1, p2


def is_shallow(repo: Path) -> bool:
    return git(repo, "rev-parse", "--is-shallow-repository").strip() == "true"
