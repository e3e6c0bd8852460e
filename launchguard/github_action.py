"""The GitHub Action: `python -m launchguard.github_action`, run by action.yml.

It reads what GitHub sets (the event, `$GITHUB_OUTPUT`, `$GITHUB_STEP_SUMMARY`) and the inputs
action.yml maps to INPUT_* variables, asks github_event what to scan, and runs launchguard once
per scan, in this process. launchguard's own reports are what reach the user: annotations in
the log (`--format github`), the markdown report appended to the job summary, and a SARIF
file if asked. Every report is redacted, and `--show-secrets` is refused, so nothing here
prints a raw secret. The exit code is launchguard's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shlex
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from launchguard.errors import ConfigError, LaunchguardError, ScanFailedError
from launchguard.github_event import Checkout, Target, choose_mode, load_event, plan

# The action sets these itself: the log must get annotations, the job log and summary are
# readable by everyone who can read the repository (no raw secrets), and help scans nothing.
RESERVED_ARGS = ("--format", "--output", "--show-secrets", "--help", "-h")
# Worst last. A known leak outranks an incomplete scan, as in exitcode.py; a usage error
# means a scan did not even start.
_BADNESS = (0, 3, 1, 2, 130)


@dataclass(frozen=True, slots=True, kw_only=True)
class Inputs:
    """action.yml's inputs, as its `env:` mappings pass them (INPUT_FAIL_ON for fail-on)."""

    mode: str = ""
    fail_on: str = ""
    config: str = ""
    baseline: str = ""
    sarif_file: str = ""
    args: tuple[str, ...] = ()


def _reserved(arg: str) -> str:
    return next((o for o in RESERVED_ARGS if arg == o or arg.startswith(f"{o}=")), "")


def read_inputs(env: Mapping[str, str]) -> Inputs:
    def get(name: str) -> str:
        return env.get(f"INPUT_{name}", "").strip()

    try:  # split like a shell would, but nothing is ever run by one
        args = tuple(shlex.split(get("ARGS")))
    except ValueError as e:
        raise ConfigError(f"args: {e}") from None
    for arg in args:
        if option := _reserved(arg):
            raise ConfigError(f"args: the action sets {option} itself; it cannot be changed")
    sarif = get("SARIF_FILE")
    if "\n" in sarif:
        raise ConfigError("sarif-file: expected one path on one line")
    return Inputs(
        mode=get("MODE"),
        fail_on=get("FAIL_ON"),
        config=get("CONFIG"),
        baseline=get("BASELINE"),
        sarif_file=sarif,
        args=args,
    )


@dataclass(frozen=True, slots=True)
class Run:
    """One launchguard run and the reports it was asked to write."""

    command: tuple[str, ...]
    json: Path
    markdown: Path
    code: int = 0


def launchguard_argv(run: Run, inputs: Inputs, sarif: str) -> list[str]:
    argv = [*run.command, "--format", "github", "--no-progress"]
    argv += ["--also-write", f"json={run.json}", "--also-write", f"markdown={run.markdown}"]
    if sarif:
        argv += ["--also-write", f"sarif={sarif}"]
    for option, value in (
        ("--fail-on", inputs.fail_on),
        ("--config", inputs.config),
        ("--baseline", inputs.baseline),
    ):
        if value:
            argv += [option, value]
    return argv + list(inputs.args)


def scan(target: Target, inputs: Inputs, reports: Path) -> list[Run]:
    """Run launchguard once per command of the target. In audit mode (history, then the
    working tree) only the history run writes the SARIF file: one file, one upload."""
    from launchguard.cli import main as launchguard

    if inputs.sarif_file:  # `sarif-file: results/launchguard.sarif` should just work
        try:
            Path(inputs.sarif_file).parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ConfigError(f"sarif-file {inputs.sarif_file}: {e.strerror}") from None
    runs = []
    for i, command in enumerate(target.commands):
        run = Run(command, reports / f"{i}.json", reports / f"{i}.md")
        code = launchguard(launchguard_argv(run, inputs, inputs.sarif_file if i == 0 else ""))
        if code == 0 and not run.json.is_file():  # it stopped early, yet "passed"
            _say(f"{command[0]} exited 0 without its report: failing, nothing was scanned")
            code = 3
        runs.append(dataclasses.replace(run, code=code))
    return runs


def worst(codes: Iterable[int]) -> int:
    def badness(code: int) -> int:
        return _BADNESS.index(code) if code in _BADNESS else len(_BADNESS)

    return max(codes, key=badness, default=0)


def counts(runs: Sequence[Run]) -> dict[str, str]:
    """findings and blockers (severity `blocker`) over the JSON reports written; both empty
    when no report was written. In audit mode a secret both in the history and in the
    working tree counts once in each run, as each report shows it."""
    written = [run.json for run in runs if run.json.is_file()]
    if not written:
        return {"findings": "", "blockers": ""}
    findings = [f for path in written for f in json.loads(path.read_text("utf-8"))["findings"]]
    blockers = sum(1 for f in findings if f["severity"] == "blocker")
    return {"findings": str(len(findings)), "blockers": str(blockers)}


def _append(variable: str, env: Mapping[str, str], text: str) -> None:
    """Append to a file GitHub gave us; other steps write there too, so never overwrite."""
    path = env.get(variable, "")
    if not path or not text:
        return
    try:
        with Path(path).open("a", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        raise ScanFailedError(f"${variable} ({path}): cannot append: {e.strerror}") from None


def summary(target: Target, runs: Sequence[Run]) -> str:
    if not target.commands:
        return f"**launchguard**: {target.description}.\n\n"
    parts = []
    for run in runs:
        if run.markdown.is_file():
            parts.append(run.markdown.read_text(encoding="utf-8").rstrip("\n") + "\n\n")
        else:  # launchguard stopped before reporting; its one-line error is in the log
            name = f"launchguard {run.command[0]}"
            parts.append(f"**{name}** did not finish (exit {run.code}): see the log.\n\n")
    return "".join(parts)


def publish(env: Mapping[str, str], target: Target, runs: Sequence[Run], sarif: str) -> None:
    _append("GITHUB_STEP_SUMMARY", env, summary(target, runs))
    outputs = {**counts(runs), "sarif-file": sarif if sarif and Path(sarif).is_file() else ""}
    if not target.commands:
        outputs.update(findings="0", blockers="0")
    _append("GITHUB_OUTPUT", env, "".join(f"{k}={v}\n" for k, v in outputs.items()))


def _say(message: str) -> None:
    sys.stderr.write(f"launchguard: {message}\n")
    sys.stderr.flush()


def _error(env: Mapping[str, str], message: str, code: int) -> int:
    """One line in the log, as an error annotation (the runner reads commands on stderr too),
    and one in the job summary: a failed scan must not look like a silent one."""
    line = message.strip().split("\n", 1)[0]
    escaped = line.replace("%", "%25").replace("\r", "%0D")  # as @actions/core escapes data
    sys.stderr.write(f"::error title=launchguard::{escaped}\n")
    with contextlib.suppress(ScanFailedError):  # already failing; the annotation says why
        _append("GITHUB_STEP_SUMMARY", env, f"**launchguard** could not scan: {line}\n\n")
    return code


def run_action(env: Mapping[str, str]) -> int:
    inputs = read_inputs(env)
    workspace = Path(env.get("GITHUB_WORKSPACE") or ".")
    try:
        os.chdir(workspace)  # launchguard scans the current directory's repository
    except OSError as e:
        raise ConfigError(f"GITHUB_WORKSPACE {workspace}: {e.strerror}") from None
    mode = choose_mode(inputs.mode, env.get("GITHUB_EVENT_NAME", ""))
    event = load_event(env.get("GITHUB_EVENT_PATH", "")) if mode in ("pr", "push") else {}
    target = plan(mode, event, Checkout(Path.cwd()))
    _say(target.description)
    with tempfile.TemporaryDirectory(prefix="launchguard-", dir=env.get("RUNNER_TEMP")) as tmp:
        runs = scan(target, inputs, Path(tmp))
        publish(env, target, runs, inputs.sarif_file)
    return worst(run.code for run in runs)


def main() -> int:
    env = dict(os.environ)
    try:
        return run_action(env)
    except LaunchguardError as e:
        return _error(env, str(e) or type(e).__name__, e.exit_code)
    except Exception as e:  # noqa: BLE001  # a bug: Python's own exit 1 would read as "findings"
        return _error(env, f"internal error: {type(e).__name__}: {e}", 3)


if __name__ == "__main__":
    raise SystemExit(main())
