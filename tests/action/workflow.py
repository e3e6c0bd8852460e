"""What GitHub Actions gives a step, rebuilt locally: webhook payloads, the GITHUB_* and INPUT_*
environment, the output and summary files, and a runner for action.yml's own `run:` steps.

Payloads keep the shape (and the field names) of GitHub's real `pull_request` and `push`
webhook events, trimmed to what a reader of the payload could reasonably look at.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import git

ROOT = Path(__file__).resolve().parents[2]
ACTION_YML = ROOT / "action.yml"
ZERO = "0" * 40
OWNER, NAME = "octo-org", "shop"
# What earlier steps of the job already wrote: the action must append, never overwrite.
EARLIER_SUMMARY = "## Build\n\nearlier step's summary\n"
EARLIER_OUTPUT = "earlier=kept\n"
_COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def sha(repo: Path, rev: str = "HEAD") -> str:
    return git(repo, "rev-parse", rev).strip()


def _repository(default_branch: str) -> dict[str, Any]:
    return {
        "id": 123456789,
        "name": NAME,
        "full_name": f"{OWNER}/{NAME}",
        "private": False,
        "owner": {"login": OWNER, "type": "Organization"},
        "html_url": f"https://github.com/{OWNER}/{NAME}",
        "default_branch": default_branch,
    }


def _branch(ref: str, commit: str, default_branch: str) -> dict[str, Any]:
    return {
        "label": f"{OWNER}:{ref}",
        "ref": ref,
        "sha": commit,
        "user": {"login": OWNER},
        "repo": _repository(default_branch),
    }


def pull_request(
    base: str, head: str, *, base_ref: str = "main", head_ref: str = "feature", number: int = 7
) -> dict[str, Any]:
    """A `pull_request` (or `pull_request_target`) payload, action `synchronize`."""
    return {
        "action": "synchronize",
        "number": number,
        "before": ZERO,
        "after": head,
        "pull_request": {
            "number": number,
            "state": "open",
            "title": "Add the feature",
            "draft": False,
            "merged": False,
            "head": _branch(head_ref, head, base_ref),
            "base": _branch(base_ref, base, base_ref),
        },
        "repository": _repository(base_ref),
        "sender": {"login": "octocat", "type": "User"},
    }


def push(
    before: str, after: str, *, ref: str = "refs/heads/main", forced: bool = False
) -> dict[str, Any]:
    """A `push` payload. `created` and `deleted` follow from all-zero ids, as on GitHub."""
    return {
        "ref": ref,
        "before": before,
        "after": after,
        "created": before == ZERO,
        "deleted": after == ZERO,
        "forced": forced,
        "base_ref": None,
        "compare": f"https://github.com/{OWNER}/{NAME}/compare/{before[:12]}...{after[:12]}",
        "commits": [],
        "head_commit": None if after == ZERO else {"id": after, "message": "work"},
        "repository": {**_repository("main"), "master_branch": "main"},
        "pusher": {"name": "octocat", "email": "octocat@users.noreply.github.com"},
        "sender": {"login": "octocat", "type": "User"},
    }


def schedule() -> dict[str, Any]:
    return {"schedule": "17 3 * * 1", "repository": _repository("main")}


@dataclass
class ActionRun:
    """Everything a run leaves behind that a user (or a later step) can see."""

    code: int
    out: str
    err: str
    summary: str  # only what this run appended
    outputs: dict[str, str]  # only what this run appended
    files: dict[str, str] = field(default_factory=dict)  # reports it wrote, by path

    def annotations(self) -> list[dict[str, str]]:
        """Each workflow command in the log, as {"command", "file", "line", ..., "message"}."""
        found = []
        for line in (self.out + self.err).splitlines():
            m = _COMMAND.match(line)
            if m:
                props = dict(p.split("=", 1) for p in m.group(2).split(",") if "=" in p)
                unescaped = {k: _unescape(v) for k, v in props.items()}
                found.append({"command": m.group(1), **unescaped, "message": m.group(3)})
        return found

    def finding_annotations(self) -> list[tuple[str, int]]:
        return [
            (a["file"], int(a["line"]))
            for a in self.annotations()
            if a.get("title", "").startswith("launchguard: ") and "line" in a
        ]

    def assert_no_secret(self, secrets: Iterable[str]) -> None:
        """(j) no raw value anywhere a user, a log reader or a later step could see it."""
        seen = {"stdout": self.out, "stderr": self.err, "summary": self.summary}
        seen |= {"outputs": "\n".join(f"{k}={v}" for k, v in self.outputs.items())}
        seen |= self.files
        for secret in secrets:
            for where, text in seen.items():
                assert secret.strip() not in text, f"a raw secret leaked into {where}"


def _unescape(value: str) -> str:
    for code, char in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        value = value.replace(code, char)
    return value


@dataclass
class Runner:
    """The files and variables of one job; `env()` is what the runner gives the action's step."""

    tmp: Path

    def __post_init__(self) -> None:
        self.summary = self.tmp / "step_summary.md"
        self.output = self.tmp / "github_output.txt"
        self.event = self.tmp / "event.json"
        self.runner_temp = self.tmp / "runner_temp"
        self.runner_temp.mkdir(exist_ok=True)
        self.summary.write_text(EARLIER_SUMMARY)
        self.output.write_text(EARLIER_OUTPUT)

    def env(
        self, event_name: str, payload: Mapping[str, Any], workspace: Path, **inputs: str
    ) -> dict[str, str]:
        self.event.write_text(json.dumps(payload, indent=2))
        env = {
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_EVENT_PATH": str(self.event),
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "GITHUB_OUTPUT": str(self.output),
            "GITHUB_REPOSITORY": f"{OWNER}/{NAME}",
            "RUNNER_TEMP": str(self.runner_temp),
        }
        return env | {f"INPUT_{k.upper()}": v for k, v in inputs.items()}

    def collect(self, code: int, out: str, err: str, before: tuple[str, str]) -> ActionRun:
        summary = self.summary.read_text()
        output = self.output.read_text()
        # Append-only: what earlier steps wrote is still there, untouched, at the start.
        assert summary.startswith(before[0]), "the job summary was overwritten"
        assert output.startswith(before[1]), "$GITHUB_OUTPUT was overwritten"
        appended = output[len(before[1]) :]
        outputs = dict(line.split("=", 1) for line in appended.splitlines())
        return ActionRun(code, out, err, summary[len(before[0]) :], outputs)

    def snapshot(self) -> tuple[str, str]:
        return self.summary.read_text(), self.output.read_text()


def action() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(ACTION_YML.read_text())
    return data


def step(step_id: str) -> dict[str, Any]:
    for s in action()["runs"]["steps"]:
        if s.get("id") == step_id or s.get("name") == step_id:
            return dict(s)
    raise KeyError(step_id)


_EXPRESSION = re.compile(r"^\$\{\{\s*([\w.-]+)\s*\}\}$")


def step_env(s: Mapping[str, Any], inputs: Mapping[str, str], python: str) -> dict[str, str]:
    """A step's `env:` as the runner evaluates it. Only the two expression shapes action.yml
    may use are known here; anything else fails the test rather than being guessed."""
    defaults = {name: spec.get("default", "") for name, spec in action()["inputs"].items()}
    context = {f"inputs.{k}": v for k, v in (defaults | dict(inputs)).items()}
    context["steps.python.outputs.python-path"] = python
    env = {}
    for name, value in (s.get("env") or {}).items():
        m = _EXPRESSION.match(str(value))
        assert m, f"{name}: unexpected env value {value!r}"
        env[name] = context[m.group(1)]
    return env


def run_step(
    step_id: str, base_env: Mapping[str, str], inputs: Mapping[str, str], python: str
) -> subprocess.CompletedProcess[str]:
    """Run one `run:` step of action.yml as the runner does: bash, -e -o pipefail, the script
    from a file, and the step's env on top of the job's (which already holds GITHUB_*)."""
    s = step(step_id)
    assert s["shell"] == "bash"
    job_env = {k: v for k, v in base_env.items() if not k.startswith("INPUT_")}
    script = Path(job_env["RUNNER_TEMP"]) / f"{step_id}.sh"
    script.write_text(s["run"])
    env = {**os.environ, **job_env, **step_env(s, inputs, python)}
    env["GITHUB_ACTION_PATH"] = str(ROOT)
    argv = ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", str(script)]
    return subprocess.run(argv, env=env, capture_output=True, text=True, check=False, timeout=600)


def this_python() -> str:
    return sys.executable


# The workflow of README's "GitHub Action" section. tests/action/test_lint.py lints it with
# `uses: ./`; tests/action/test_action_yml.py checks that README shows exactly this.
README_WORKFLOW = """\
name: secrets
on:
  pull_request:
  push:
permissions:
  contents: read
  security-events: write
jobs:
  launchguard:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - id: launchguard
        uses: launchguard/launchguard@v0
        with:
          fail-on: medium
          sarif-file: launchguard.sarif
      - if: always() && steps.launchguard.outputs.sarif-file != ''
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: ${{ steps.launchguard.outputs.sarif-file }}
          category: launchguard
"""
