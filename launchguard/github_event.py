"""Which commits a GitHub event asks to scan, and making sure the checkout holds them.

A pull request scans `base.sha..head.sha`; a push scans `before..after`, or from a merge-base
when the branch is new or was force-pushed; any other event scans the whole history. The
payload is GitHub's webhook JSON (`$GITHUB_EVENT_PATH`). actions/checkout clones one commit
deep by default, so when the checkout lacks what the scan needs it is fetched from origin, and
when that fails the scan fails (exit 3): a pull request is never passed on unread commits.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchguard.errors import ConfigError, ScanFailedError
from launchguard.sources.gitrepo import git_executable, refused

PR_EVENTS = frozenset({"pull_request", "pull_request_target"})
MODES = ("pr", "push", "audit")
FETCH_DEPTH_HINT = "set `fetch-depth: 0` on actions/checkout"
# Payload commit ids go into git's argv: accepting only full hex ids also rules out options.
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")

Event = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Target:
    """What to scan: launchguard subcommands, and for a range the two ends it needs."""

    description: str  # one line for the job log
    commands: tuple[tuple[str, ...], ...] = ()  # () scans nothing (a deleted branch)
    base: str = ""
    head: str = ""


def full_history(why: str) -> Target:
    return Target(f"{why}: scanning the whole history", (("history",),))


def commit_range(base: str, head: str, why: str) -> Target:
    command = ("history", "--range", f"{base}..{head}")
    return Target(f"{why}: scanning the commits {base[:12]}..{head[:12]}", (command,), base, head)


AUDIT = Target(
    "audit: scanning the whole history, then the working tree", (("history",), ("scan", "."))
)


def choose_mode(requested: str, event_name: str) -> str:
    """The `mode` input, or what the event implies; "history" is the fallback, not an input."""
    if requested:
        if requested not in MODES:
            raise ConfigError(f"mode {requested!r}: expected pr, push, audit, or empty")
        return requested
    if event_name in PR_EVENTS:
        return "pr"
    return "push" if event_name == "push" else "history"


def load_event(path: str) -> Event:
    if not path:
        raise ConfigError("GITHUB_EVENT_PATH is not set: this mode needs the event payload")
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the event payload: {e.strerror}") from None
    except ValueError as e:  # JSONDecodeError and UnicodeDecodeError
        raise ConfigError(f"{path}: the event payload is not JSON: {e}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the event payload is not a JSON object")
    return data


def _field(event: Event, dotted: str) -> Any:
    value: Any = event
    for key in dotted.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _sha(event: Event, dotted: str, mode: str) -> str:
    value = _field(event, dotted)
    if not isinstance(value, str) or not _SHA.fullmatch(value):
        wanted = "pull_request" if mode == "pr" else "push"
        raise ConfigError(
            f"event payload: {dotted} is missing or not a commit id (mode {mode} needs a "
            f"{wanted} event)"
        )
    return value


def _is_zero(sha: str) -> bool:
    return not sha.strip("0")


class Checkout:
    """The git questions the action asks of the workspace. It runs git directly, not through
    GitRepo: exit codes are answers here (`merge-base --is-ancestor`), and the answers change
    when a fetch deepens the clone, so nothing is cached."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._git = git_executable()

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        argv = [self._git, "-C", str(self.root), *args]
        return subprocess.run(argv, capture_output=True, text=True, check=False, timeout=3600)  # noqa: S603

    def _out(self, *args: str) -> str:
        proc = self._run(*args)
        return proc.stdout.strip() if proc.returncode == 0 else ""

    def commit(self, rev: str) -> str:
        """The commit id `rev` names in this checkout, or "" when it is not here."""
        return self._out("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self._run("merge-base", "--is-ancestor", older, newer).returncode == 0

    def merge_base(self, one: str, other: str) -> str:
        return self._out("merge-base", one, other)

    def is_work_tree(self) -> bool:
        """True in a checkout. A checkout git refuses (another user's: a container job) is
        an error that says so, not "run actions/checkout first"."""
        proc = self._run("rev-parse", "--is-inside-work-tree")
        if (refusal := refused(self.root, proc.stderr.encode())) is not None:
            raise refusal
        return proc.returncode == 0 and proc.stdout.strip() == "true"

    def is_shallow(self) -> bool:
        return self._out("rev-parse", "--is-shallow-repository") == "true"

    def _cut_inside(self, base: str, head: str) -> bool:
        """Whether a commit of base..head is a shallow edge (its parents were not fetched):
        git would then diff it against nothing and report all of its files as added."""
        shallow = self.root / self._out("rev-parse", "--git-path", "shallow")
        edges = set(shallow.read_text().split()) if shallow.is_file() else set()
        return bool(edges.intersection(self._out("rev-list", f"{base}..{head}").split()))

    def missing_history(self, target: Target) -> str:
        """Why this checkout cannot give `target` an exact scan, or "" when it can."""
        if not target.commands:
            return ""
        base, head = target.base, target.head
        if not base:
            return "this clone is shallow: it lacks most history" if self.is_shallow() else ""
        for sha in (base, head):
            if not self.commit(sha):
                return f"commit {sha[:12]} is not in this checkout"
        # In a shallow clone a range is exact only if both ends meet inside what was fetched
        # and none of its commits lost its parents; otherwise fetch, or fail.
        if self.is_shallow() and (not self.merge_base(base, head) or self._cut_inside(base, head)):
            return f"this shallow clone cuts through {base[:12]}..{head[:12]}"
        return ""

    def fetch(self, wants: Sequence[tuple[str, str]]) -> str:
        """Deepen the clone from origin, then fetch each (rev, refspec) still missing; return
        why that was impossible, or "". git's own message is left out: it can hold the URL."""
        if not self._out("remote", "get-url", "origin"):
            return "there is no remote named origin to fetch it from"
        unshallow = ("--unshallow",) if self.is_shallow() else ()
        if self._run("fetch", "--quiet", "--no-tags", "--prune", *unshallow, "origin").returncode:
            return "`git fetch origin` failed"
        for rev, refspec in wants:
            if not self.commit(rev):  # a failure here shows up in the second missing_history
                self._run("fetch", "--quiet", "--no-tags", "origin", refspec)
        return ""


def _pull_request(event: Event) -> Target:
    base = _sha(event, "pull_request.base.sha", "pr")
    head = _sha(event, "pull_request.head.sha", "pr")
    return commit_range(base, head, f"pull request #{_field(event, 'pull_request.number')}")


def _branch(event: Event) -> str:
    ref = _field(event, "ref")
    return ref.removeprefix("refs/heads/") if isinstance(ref, str) else "?"


def _default_branch(event: Event) -> str:
    name = _field(event, "repository.default_branch")
    return name if isinstance(name, str) else ""


def _new_branch(event: Event, after: str, git: Checkout) -> Target:
    """Only the commits a new branch adds to the default branch; the whole history when there
    is no default branch to compare with (it is the default branch's first push, or an orphan).
    `launchguard history --range` needs a base, so that case scans every ref: more than the
    branch, never less."""
    default, branch = _default_branch(event), _branch(event)
    if default and branch != default:
        for ref in (f"refs/remotes/origin/{default}", f"refs/heads/{default}"):
            tip = git.commit(ref)
            base = git.merge_base(tip, after) if tip else ""
            if base:
                return commit_range(base, after, f"new branch {branch} (from {default})")
    return full_history(f"new branch {branch}, nothing to compare with")


def _push(event: Event, git: Checkout) -> Target:
    before, after = _sha(event, "before", "push"), _sha(event, "after", "push")
    if _is_zero(after):
        return Target(f"push deleting {_branch(event)}: nothing to scan")
    if _is_zero(before) or not git.commit(before):  # new, or force-pushed from a lost commit
        return _new_branch(event, after, git)
    if _field(event, "forced") is True or not git.is_ancestor(before, after):
        base = git.merge_base(before, after)
        why = f"force-push to {_branch(event)}"
        return commit_range(base, after, why) if base else _new_branch(event, after, git)
    return commit_range(before, after, f"push to {_branch(event)}")


def resolve(mode: str, event: Event, git: Checkout) -> Target:
    if mode == "audit":
        return AUDIT
    if mode == "pr":
        return _pull_request(event)
    if mode == "push":
        return _push(event, git)
    return full_history("no pull request or push")


def _wants(mode: str, event: Event) -> list[tuple[str, str]]:
    """What to fetch by name when deepening the clone is not enough: a pull request's head
    (from a fork, or under pull_request_target), and the default branch a new branch starts
    from (a `--depth` clone tracks only its own branch)."""
    if mode == "pr":
        ends = (_sha(event, f"pull_request.{end}.sha", mode) for end in ("base", "head"))
        return [(sha, sha) for sha in ends]
    if mode != "push":
        return []
    shas = [_sha(event, name, mode) for name in ("before", "after")]
    wants = [(sha, sha) for sha in shas if not _is_zero(sha)]
    if default := _default_branch(event):
        remote = f"refs/remotes/origin/{default}"
        wants.append((remote, f"+refs/heads/{default}:{remote}"))
    return wants


def plan(mode: str, event: Event, git: Checkout) -> Target:
    """Resolve the event; if the checkout cannot scan that exactly, fetch and resolve again
    (a deeper clone can change the answer: `before` appears, a merge-base is found)."""
    if not git.is_work_tree():
        raise ConfigError(f"{git.root} is not a git checkout: run actions/checkout first")
    target = resolve(mode, event, git)
    gap = git.missing_history(target)
    if not gap:
        return target
    failure = git.fetch(_wants(mode, event))
    if failure:
        raise ScanFailedError(f"{gap}, and {failure}: {FETCH_DEPTH_HINT}")
    target = resolve(mode, event, git)
    gap = git.missing_history(target)
    if gap:
        raise ScanFailedError(f"{gap}, even after fetching from origin: {FETCH_DEPTH_HINT}")
    return target
