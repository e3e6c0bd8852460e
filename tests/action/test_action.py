"""The GitHub Action on real repositories, with the environment and payloads GitHub sets.

Each test builds a real history (tests/action/stories.py), writes the event payload, runs the
action as its step would, and checks what a user sees: the exit code, the annotations in the
log, the job summary, the step outputs, and that no raw secret reached any of them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from launchguard.cli import main
from tests.action.conftest import Act
from tests.action.stories import (
    ALL,
    FORCED,
    MAIN_LATER,
    OLD,
    PR,
    PR_FILE,
    PR_LINE,
    PUSHED,
    add_pull_request_refs,
    checkout_pull_request,
    clone,
    commit,
    is_shallow,
    pull_request_story,
    push_story,
)
from tests.action.workflow import (
    ZERO,
    ActionRun,
    action,
    pull_request,
    push,
    schedule,
    sha,
)
from tests.conftest import git

FETCH_DEPTH = "set `fetch-depth: 0` on actions/checkout"


def findings(run: ActionRun) -> list[tuple[str, int]]:
    run.assert_no_secret(ALL)
    return sorted(run.finding_annotations())


def expect_outputs(run: ActionRun, n: int, blockers: int, sarif: str = "") -> None:
    assert run.outputs == {"findings": str(n), "blockers": str(blockers), "sarif-file": sarif}


# (a) pull requests ---------------------------------------------------------------------------


@pytest.mark.parametrize("event_name", ["pull_request", "pull_request_target"])
def test_pull_request_reports_only_its_own_commits(
    git_repo: Path, act: Act, event_name: str
) -> None:
    story = pull_request_story(git_repo)
    run = act(event_name, pull_request(story.m2, story.f2), git_repo)
    assert run.code == 1, run.err
    assert findings(run) == [
        (PR_FILE, PR_LINE)
    ]  # not OLD (before the branch point), not MAIN_LATER
    annotation = run.annotations()[0]
    assert annotation["command"] == "error"
    assert annotation["title"] == "launchguard: github-pat-classic"
    expect_outputs(run, 1, 1)
    assert "## launchguard" in run.summary
    assert f"`{PR_FILE}:{PR_LINE}`" in run.summary
    assert f"pull request #7: scanning the commits {story.m2[:12]}..{story.f2[:12]}" in run.err


def test_clean_pull_request_passes(git_repo: Path, act: Act) -> None:
    story = pull_request_story(git_repo)
    run = act("pull_request", pull_request(story.m2, story.f1), git_repo)
    assert run.code == 0, run.err
    assert findings(run) == []
    expect_outputs(run, 0, 0)
    assert "launchguard: no findings" in run.out
    assert run.summary.strip()


def test_fail_on_input_decides_the_exit_code(git_repo: Path, act: Act) -> None:
    story = pull_request_story(git_repo)
    git(git_repo, "checkout", "-q", "-b", "env", story.f1)
    env = commit(git_repo, "env file", {".env": ["DEBUG=1"]})  # dotenv-file-committed: high
    payload = pull_request(story.m2, env)
    assert act("pull_request", payload, git_repo).code == 1  # default: medium
    run = act("pull_request", payload, git_repo, fail_on="blocker")
    assert run.code == 0, run.err
    expect_outputs(run, 1, 0)  # reported, but below the threshold


def test_baseline_input_hides_known_findings(
    git_repo: Path, act: Act, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = pull_request_story(git_repo)
    monkeypatch.chdir(git_repo)
    assert main(["baseline", "--history", "--file", "known.json"]) == 0
    run = act("pull_request", pull_request(story.m2, story.f2), git_repo, baseline="known.json")
    assert run.code == 0, run.err
    expect_outputs(run, 0, 0)


# (b) push to an existing branch ---------------------------------------------------------------


def test_push_scans_before_to_after(git_repo: Path, act: Act) -> None:
    c1, _p1, p2 = push_story(git_repo)
    run = act("push", push(c1, p2), git_repo)
    assert run.code == 1, run.err
    assert findings(run) == [("api.py", 2)]  # not OLD: c1 was pushed before
    expect_outputs(run, 1, 1)
    assert f"push to main: scanning the commits {c1[:12]}..{p2[:12]}" in run.err


def test_clean_push_passes(git_repo: Path, act: Act) -> None:
    *_, p2 = push_story(git_repo)
    clean = commit(git_repo, "more docs", {"README.md": ["# shop", "", "More."]})
    run = act("push", push(p2, clean), git_repo)
    assert run.code == 0, run.err
    expect_outputs(run, 0, 0)


# (c) a new branch: before is all zeros --------------------------------------------------------


@pytest.mark.parametrize("default_ref", ["origin/main", "main"])
def test_new_branch_scans_only_the_commits_it_adds(
    git_repo: Path, tmp_path: Path, act: Act, default_ref: str
) -> None:
    story = pull_request_story(git_repo)
    workspace = git_repo
    if default_ref == "origin/main":  # a clone holding only the new branch and origin/*
        workspace = clone(git_repo, tmp_path / "ws", "--branch", "feature")
        assert not git(workspace, "branch", "--list", "main").strip()
    run = act("push", push(ZERO, story.f2, ref="refs/heads/feature"), workspace)
    assert run.code == 1, run.err
    assert findings(run) == [(PR_FILE, PR_LINE)]
    assert f"new branch feature (from main): scanning the commits {story.c1[:12]}" in run.err


def test_first_push_of_the_default_branch_scans_the_whole_history(git_repo: Path, act: Act) -> None:
    story = pull_request_story(git_repo)
    git(git_repo, "checkout", "-q", "main")
    run = act("push", push(ZERO, story.m2, ref="refs/heads/main"), git_repo)
    assert run.code == 1, run.err
    assert {"settings.py", "config.py"} <= {path for path, _ in findings(run)}
    assert "nothing to compare with: scanning the whole history" in run.err


def test_deleting_a_branch_scans_nothing(git_repo: Path, act: Act) -> None:
    story = pull_request_story(git_repo)
    run = act("push", push(story.f2, ZERO, ref="refs/heads/feature"), git_repo)
    assert run.code == 0, run.err
    expect_outputs(run, 0, 0)
    assert "nothing to scan" in run.summary


# (d) force-push ------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["forced", "not-an-ancestor", "before-unknown"])
def test_force_push_scans_from_the_merge_base(git_repo: Path, act: Act, how: str) -> None:
    story = pull_request_story(git_repo)  # feature was pushed at f2, holding PR
    git(git_repo, "reset", "-q", "--hard", story.c1)  # rewritten from the branch point
    after = commit(git_repo, "rewritten", {"billing.py": ["import os", f'KEY = "{FORCED}"']})
    before = "deadbeef" * 5 if how == "before-unknown" else story.f2
    payload = push(before, after, ref="refs/heads/feature", forced=how == "forced")
    run = act("push", payload, git_repo)
    assert run.code == 1, run.err
    assert findings(run) == [("billing.py", 2)]  # PR is no longer on the branch; OLD is older


# (e) shallow clones with the remote available --------------------------------------------------


def test_shallow_pull_request_checkout_is_fetched_then_scanned(
    git_repo: Path, tmp_path: Path, act: Act
) -> None:
    story = pull_request_story(git_repo)
    merge_ref = add_pull_request_refs(story)
    workspace = checkout_pull_request(git_repo, tmp_path / "ws", merge_ref)  # depth 1
    assert is_shallow(workspace)
    run = act("pull_request", pull_request(story.m2, story.f2), workspace)
    assert run.code == 1, run.err
    assert findings(run) == [(PR_FILE, PR_LINE)]
    assert not is_shallow(workspace)


def test_shallow_push_clone_is_fetched_then_scanned(
    git_repo: Path, tmp_path: Path, act: Act
) -> None:
    c1, _p1, p2 = push_story(git_repo)
    workspace = clone(git_repo, tmp_path / "ws", "--depth", "1")
    run = act("push", push(c1, p2), workspace)
    assert run.code == 1, run.err
    assert findings(run) == [("api.py", 2)]
    assert not is_shallow(workspace)


def test_shallow_new_branch_fetches_the_default_branch(
    git_repo: Path, tmp_path: Path, act: Act
) -> None:
    story = pull_request_story(git_repo)
    workspace = clone(git_repo, tmp_path / "ws", "--depth", "1", "--branch", "feature")
    run = act("push", push(ZERO, story.f2, ref="refs/heads/feature"), workspace)
    assert run.code == 1, run.err
    assert findings(run) == [(PR_FILE, PR_LINE)]
    assert sha(workspace, "origin/main") == story.m2


def test_shallow_clone_deep_enough_needs_no_fetch(git_repo: Path, tmp_path: Path, act: Act) -> None:
    story = pull_request_story(git_repo, fillers=8)
    merge_ref = add_pull_request_refs(story)
    workspace = checkout_pull_request(git_repo, tmp_path / "ws", merge_ref, depth=5)
    shutil.rmtree(git_repo)  # a fetch would fail now: the scan must not need one
    run = act("pull_request", pull_request(story.m2, story.f2), workspace)
    assert run.code == 1, run.err
    assert findings(run) == [(PR_FILE, PR_LINE)]
    assert is_shallow(workspace)


# (f) shallow clones that cannot be completed ---------------------------------------------------


def _failed(run: ActionRun, reason: str) -> None:
    run.assert_no_secret(ALL)
    assert run.code == 3
    assert run.out == ""
    (line,) = run.err.splitlines()
    assert line.startswith("::error title=launchguard::")
    assert reason in line
    assert line.endswith(FETCH_DEPTH)
    assert run.outputs == {}  # nothing was scanned, so nothing is claimed
    assert "could not scan" in run.summary
    assert FETCH_DEPTH in run.summary


def test_shallow_clone_whose_remote_is_gone_fails(git_repo: Path, tmp_path: Path, act: Act) -> None:
    story = pull_request_story(git_repo)
    workspace = checkout_pull_request(git_repo, tmp_path / "ws", add_pull_request_refs(story))
    shutil.rmtree(git_repo)
    run = act("pull_request", pull_request(story.m2, story.f2), workspace)
    _failed(run, f"commit {story.m2[:12]} is not in this checkout, and `git fetch origin` failed")


def test_shallow_clone_without_a_remote_fails(git_repo: Path, tmp_path: Path, act: Act) -> None:
    story = pull_request_story(git_repo)
    workspace = checkout_pull_request(git_repo, tmp_path / "ws", add_pull_request_refs(story))
    git(workspace, "remote", "remove", "origin")
    run = act("pull_request", pull_request(story.m2, story.f2), workspace)
    _failed(run, "there is no remote named origin to fetch it from")


def test_shallow_full_history_without_its_remote_fails(
    git_repo: Path, tmp_path: Path, act: Act
) -> None:
    push_story(git_repo)
    workspace = clone(git_repo, tmp_path / "ws", "--depth", "1")
    shutil.rmtree(git_repo)
    run = act("schedule", schedule(), workspace)
    _failed(run, "this clone is shallow: it lacks most history")


# (g) schedule and other events: the whole history ----------------------------------------------


@pytest.mark.parametrize("event_name", ["schedule", "workflow_dispatch"])
def test_other_events_scan_the_whole_history(git_repo: Path, act: Act, event_name: str) -> None:
    pull_request_story(git_repo)
    run = act(event_name, schedule(), git_repo)
    assert run.code == 1, run.err
    paths = {path for path, _ in findings(run)}
    assert paths == {"settings.py", "config.py", PR_FILE}  # every ref, every commit
    expect_outputs(run, 3, 3)
    assert "scanning the whole history" in run.err


def test_schedule_on_a_shallow_clone_fetches_the_history(
    git_repo: Path, tmp_path: Path, act: Act
) -> None:
    push_story(git_repo)
    workspace = clone(git_repo, tmp_path / "ws", "--depth", "1")
    run = act("schedule", schedule(), workspace)
    assert run.code == 1, run.err
    assert findings(run) == [("api.py", 2), ("settings.py", 2)]


# (h) SARIF, and audit mode -----------------------------------------------------------------


def test_sarif_file_input_writes_sarif(git_repo: Path, act: Act) -> None:
    story = pull_request_story(git_repo)
    target = "results/launchguard.sarif"  # its folder is created
    run = act("pull_request", pull_request(story.m2, story.f2), git_repo, sarif_file=target)
    assert run.code == 1
    expect_outputs(run, 1, 1, sarif=target)
    text = (git_repo / target).read_text()
    run.files[target] = text
    run.assert_no_secret(ALL)
    sarif = json.loads(text)
    assert sarif["version"] == "2.1.0"
    (result,) = sarif["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == PR_FILE
    assert location["region"]["startLine"] == PR_LINE


def test_audit_scans_history_then_working_tree(git_repo: Path, act: Act) -> None:
    story = pull_request_story(git_repo)
    (git_repo / ".env").write_text(f"OPENAI_API_KEY={PUSHED}\n")  # only in the working tree
    run = act(
        "pull_request",
        pull_request(story.m2, story.f2),
        git_repo,
        mode="audit",
        sarif_file="a.sarif",
    )
    assert run.code == 1, run.err
    history, tree = run.summary.split("## launchguard")[1:3]
    assert "config.py" in history
    assert ".env" in tree
    assert ".env" not in history
    found = findings(run)
    assert (PR_FILE, PR_LINE) in found
    assert len(found) == int(run.outputs["findings"])  # both runs, as the two reports show them
    sarif = json.loads((git_repo / "a.sarif").read_text())  # the history run's
    assert len(sarif["runs"][0]["results"]) == 3
    assert "audit: scanning the whole history, then the working tree" in run.err


# (i) args: split like a shell, never run by one ------------------------------------------------

ODD_NAME = "lg $(touch pwned) `touch pwned2`; x.yaml"


@pytest.mark.parametrize("via", ["args", "config"])
def test_inputs_reach_launchguard_literally(
    git_repo: Path, act_yml: Act, via: str, tmp_path: Path
) -> None:
    story = pull_request_story(git_repo)
    (git_repo / ODD_NAME).write_text("exclude:\n  - payments/\n")
    inputs = (
        {"args": f"--config '{ODD_NAME}' --fail-on high"} if via == "args" else {"config": ODD_NAME}
    )
    run = act_yml("pull_request", pull_request(story.m2, story.f2), git_repo, **inputs)
    assert run.code == 0, run.err  # the odd config was read: payments/ is excluded
    expect_outputs(run, 0, 0)
    assert not list(tmp_path.rglob("pwned*"))  # cwd, the repository and the job are all here


def test_action_yml_step_runs_the_whole_pull_request(git_repo: Path, act_yml: Act) -> None:
    story = pull_request_story(git_repo)
    run = act_yml("pull_request", pull_request(story.m2, story.f2), git_repo, sarif_file="x.sarif")
    assert run.code == 1, run.err
    assert findings(run) == [(PR_FILE, PR_LINE)]
    expect_outputs(run, 1, 1, sarif="x.sarif")
    assert set(run.outputs) == set(action()["outputs"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("--show-secrets", "args: the action sets --show-secrets itself"),
        ("--format=json", "args: the action sets --format itself"),
        ("--output out.txt", "args: the action sets --output itself"),
        ("--help", "args: the action sets --help itself"),
        ("--config 'unclosed", "args: No closing quotation"),
    ],
)
def test_args_that_would_break_the_action_are_refused(
    git_repo: Path, act: Act, args: str, message: str
) -> None:
    story = pull_request_story(git_repo)
    run = act("pull_request", pull_request(story.m2, story.f2), git_repo, args=args)
    assert run.code == 2
    assert run.err.startswith(f"::error title=launchguard::{message}")
    assert run.outputs == {}


def test_launchguard_usage_error_is_reported_not_hidden(git_repo: Path, act: Act) -> None:
    story = pull_request_story(git_repo)
    run = act(
        "pull_request", pull_request(story.m2, story.f2), git_repo, args="--fail-on sometimes"
    )
    assert run.code == 2
    assert "'sometimes' is not one of" in run.err
    assert run.outputs == {"findings": "", "blockers": "", "sarif-file": ""}
    assert "**launchguard history** did not finish (exit 2)" in run.summary


# (j) no raw secret anywhere, whatever the mode -------------------------------------------------


@pytest.mark.parametrize("mode", ["pr", "audit"])
def test_no_raw_secret_reaches_log_summary_outputs_or_sarif(
    git_repo: Path, act: Act, mode: str
) -> None:
    story = pull_request_story(git_repo)
    (git_repo / ".env").write_text(f"STRIPE_SECRET_KEY={FORCED}\nOPENAI={PUSHED}\n")
    run = act(
        "pull_request",
        pull_request(story.m2, story.f2),
        git_repo,
        mode=mode,
        sarif_file="out.sarif",
    )
    assert run.code == 1
    run.files["out.sarif"] = (git_repo / "out.sarif").read_text()
    run.assert_no_secret(ALL)
    shown = (PR, OLD, MAIN_LATER) if mode == "audit" else (PR,)
    for secret in shown:  # the redacted previews are there instead
        assert f"…{secret[-4:]}" in run.summary


# payload and input errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_name", "payload", "inputs", "message"),
    [
        ("push", push(ZERO, "ab" * 20), {"mode": "sometimes"}, "mode 'sometimes': expected pr"),
        ("push", push(ZERO, "ab" * 20), {"mode": "pr"}, "pull_request.base.sha is missing"),
        (
            "pull_request",
            {"pull_request": {"base": {"sha": "--upload-pack=touch x"}}},
            {},
            "base.sha is missing or not a commit id",
        ),
        ("pull_request", [], {}, "the event payload is not a JSON object"),
    ],
)
def test_bad_mode_or_payload_is_a_usage_error(
    git_repo: Path, act: Act, event_name: str, payload: object, inputs: dict[str, str], message: str
) -> None:
    commit(git_repo, "initial", {"app.py": ["print(1)"]})
    run = act(event_name, payload, git_repo, **inputs)
    assert run.code == 2
    assert message in run.err
    assert run.err.startswith("::error title=launchguard::")


def test_pull_request_whose_commits_origin_lacks_fails(
    git_repo: Path, tmp_path: Path, act: Act
) -> None:
    """A fetch that works but does not bring the commit: still exit 3, never a pass."""
    story = pull_request_story(git_repo)
    workspace = clone(git_repo, tmp_path / "ws")
    run = act("pull_request", pull_request(story.m2, "ab" * 20), workspace)
    _failed(run, f"commit {'ab' * 6} is not in this checkout, even after fetching from origin")


def test_shallow_clone_cutting_through_the_range_fails_without_its_remote(
    git_repo: Path, tmp_path: Path, act: Act
) -> None:
    """Both ends fetched (depth 2 holds the merge's parents) but not where they meet."""
    story = pull_request_story(git_repo)
    merge_ref = add_pull_request_refs(story)
    workspace = checkout_pull_request(git_repo, tmp_path / "ws", merge_ref, depth=2)
    assert sha(workspace, story.m2) == story.m2
    shutil.rmtree(git_repo)
    run = act("pull_request", pull_request(story.m2, story.f2), workspace)
    _failed(run, f"this shallow clone cuts through {story.m2[:12]}..{story.f2[:12]}")


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("GITHUB_EVENT_PATH", "", "GITHUB_EVENT_PATH is not set"),
        ("GITHUB_EVENT_PATH", "{tmp}/missing.json", "missing.json: cannot read the event payload"),
        ("GITHUB_EVENT_PATH", "{tmp}/bad.json", "bad.json: the event payload is not JSON"),
        ("GITHUB_WORKSPACE", "{tmp}/no/such/dir", "no/such/dir: No such file or directory"),
        ("INPUT_SARIF_FILE", "a\nb.sarif", "sarif-file: expected one path on one line"),
        ("INPUT_SARIF_FILE", "app.py/x.sarif", "sarif-file app.py/x.sarif: File exists"),
        ("GITHUB_OUTPUT", "{tmp}/gone/out", "cannot append: No such file or directory"),
    ],
)
def test_broken_environment_is_an_error(
    git_repo: Path, tmp_path: Path, act: Act, variable: str, value: str, message: str
) -> None:
    commit(git_repo, "initial", {"app.py": ["print(1)"]})
    (tmp_path / "bad.json").write_text("{not json")
    env = {variable: value.format(tmp=tmp_path)}
    run = act("push", push(ZERO, sha(git_repo)), git_repo, env=env)
    assert run.code == (3 if variable == "GITHUB_OUTPUT" else 2)
    (line,) = run.err.splitlines()[-1:]
    assert line.startswith("::error title=launchguard::")
    assert message in line


def test_runs_without_summary_or_output_files(git_repo: Path, act: Act) -> None:
    """Outside Actions (or on a runner without them) the scan still runs and decides."""
    story = pull_request_story(git_repo)
    env = {"GITHUB_STEP_SUMMARY": "", "GITHUB_OUTPUT": ""}
    run = act("pull_request", pull_request(story.m2, story.f2), git_repo, env=env)
    assert run.code == 1
    assert findings(run) == [(PR_FILE, PR_LINE)]
    assert (run.summary, run.outputs) == ("", {})


def test_a_zero_exit_without_a_report_fails(
    git_repo: Path, act: Act, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = pull_request_story(git_repo)
    monkeypatch.setattr("launchguard.cli.main", lambda argv: 0)  # "passed", scanned nothing
    run = act("pull_request", pull_request(story.m2, story.f2), git_repo)
    assert run.code == 3
    assert "history exited 0 without its report: failing, nothing was scanned" in run.err
    assert "**launchguard history** did not finish (exit 3)" in run.summary


def test_an_internal_error_is_one_line_and_exit_3(
    git_repo: Path, act: Act, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom\nsecond line")

    story = pull_request_story(git_repo)
    monkeypatch.setattr("launchguard.github_action.counts", broken)
    run = act("pull_request", pull_request(story.m2, story.f2), git_repo)
    assert run.code == 3  # not Python's 1, which would read as "findings"
    assert (
        run.err.splitlines()[-1] == "::error title=launchguard::internal error: RuntimeError: boom"
    )


def test_a_workspace_without_a_checkout_is_a_usage_error(tmp_path: Path, act: Act) -> None:
    workspace = tmp_path / "empty"
    workspace.mkdir()
    run = act("schedule", schedule(), workspace)
    assert run.code == 2
    assert "is not a git checkout: run actions/checkout first" in run.err
