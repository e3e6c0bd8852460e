from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from launchguard import github_action
from tests.action.workflow import ActionRun, Runner, run_step, this_python

Act = Callable[..., ActionRun]


@pytest.fixture(autouse=True)
def _no_outer_github(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """When the suite itself runs in GitHub Actions, the real job's GITHUB_OUTPUT and
    GITHUB_STEP_SUMMARY must stay untouched. chdir: the action changes directory, and
    monkeypatch restores the original one after each test."""
    for name in list(os.environ):
        if name.startswith(("GITHUB_", "INPUT_", "RUNNER_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    job = tmp_path / "job"
    job.mkdir()
    return Runner(job)


@pytest.fixture
def act(runner: Runner, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Act:
    """Run `python -m launchguard.github_action`'s main() in this process, in the environment
    GitHub sets: (event name, payload, workspace, **inputs) -> ActionRun. `env` overrides
    variables (an empty value unsets one)."""

    def run(
        event_name: str,
        payload: Any,
        workspace: Path,
        env: Mapping[str, str] | None = None,
        **inputs: str,
    ) -> ActionRun:
        variables = runner.env(event_name, payload, workspace, **inputs) | dict(env or {})
        with monkeypatch.context() as m:
            for name, value in variables.items():
                if value:
                    m.setenv(name, value)
                else:
                    m.delenv(name, raising=False)
            before = runner.snapshot()
            capsys.readouterr()
            code = github_action.main()
            captured = capsys.readouterr()
        return runner.collect(code, captured.out, captured.err, before)

    return run


@pytest.fixture
def act_yml(runner: Runner) -> Act:
    """Run action.yml's own scan step (bash, its env mapping) in a subprocess."""

    def run(
        event_name: str, payload: Mapping[str, Any], workspace: Path, **inputs: str
    ) -> ActionRun:
        env = runner.env(event_name, payload, workspace)
        before = runner.snapshot()
        named = {k.replace("_", "-"): v for k, v in inputs.items()}
        proc = run_step("scan", env, named, this_python())
        return runner.collect(proc.returncode, proc.stdout, proc.stderr, before)

    return run
