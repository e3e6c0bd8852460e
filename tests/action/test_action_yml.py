"""action.yml itself: every input reaches the action through `env:` (never through `${{ }}`
in a script), every output comes from the scan step, the install step installs what it
should, and README documents all of it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from launchguard.github_action import Inputs, read_inputs
from tests.action.workflow import README_WORKFLOW, ROOT, Runner, action, run_step, step

INPUTS = sorted(action()["inputs"])
OUTPUTS = sorted(action()["outputs"])


def _mappings() -> dict[str, tuple[dict[str, Any], str]]:
    """input name -> (the step, the env variable) mapping `${{ inputs.NAME }}`."""
    found: dict[str, tuple[dict[str, Any], str]] = {}
    for s in action()["runs"]["steps"]:
        for var, value in (s.get("env") or {}).items():
            m = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", str(value))
            if m:
                assert m.group(1) not in found, f"{m.group(1)} is mapped twice"
                found[m.group(1)] = (s, var)
    return found


@pytest.mark.parametrize("name", INPUTS)
def test_every_input_reaches_the_action_through_env(name: str) -> None:
    s, var = _mappings()[name]
    assert var == "INPUT_" + name.upper().replace("-", "_")
    if s.get("id") == "scan":  # read by github_action.read_inputs
        assert read_inputs({var: "some value"}) != Inputs()
    else:
        assert f'"${var}"' in s["run"]


def test_no_run_script_interpolates_an_expression() -> None:
    """Script injection: `${{ }}` in a script is pasted into bash before bash parses it."""
    scripts = [s["run"] for s in action()["runs"]["steps"] if "run" in s]
    assert len(scripts) == 2
    for script in scripts:
        assert "${{" not in script


@pytest.mark.parametrize("name", OUTPUTS)
def test_every_output_comes_from_the_scan_step(name: str) -> None:
    assert action()["outputs"][name]["value"] == f"${{{{ steps.scan.outputs.{name} }}}}"


def test_inputs_are_optional_strings_with_descriptions() -> None:
    for name, spec in action()["inputs"].items():
        assert spec["description"].strip(), name
        assert spec.get("required") is False, name
        assert spec.get("default") == "", name


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("", str(ROOT)),
        ("1.2.3", "launchguard==1.2.3"),
        ("1; touch pwned", "launchguard==1; touch pwned"),
    ],
)
def test_install_step_installs_the_checkout_or_the_pinned_version(
    tmp_path: Path, version: str, expected: str
) -> None:
    """A stub interpreter records the pip command: no download, and the value stays one
    argument whatever it holds."""
    log = tmp_path / "argv.txt"
    stub = tmp_path / "python"
    stub.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{log}'\n")
    stub.chmod(0o755)
    env = Runner(tmp_path).env("push", {}, tmp_path)
    proc = run_step("Install launchguard", env, {"version": version}, str(stub))
    assert proc.returncode == 0, proc.stderr
    argv = log.read_text().splitlines()
    assert argv[:3] == ["-m", "pip", "install"]
    assert argv[-1] == expected
    assert not list(tmp_path.rglob("pwned"))


def test_scan_step_uses_the_interpreter_setup_python_installed() -> None:
    python = step("python")
    assert python["uses"] == "actions/setup-python@v5"
    assert python["with"] == {"python-version": "3.12", "update-environment": False}
    assert step("scan")["run"].strip() == '"$LAUNCHGUARD_PYTHON" -m launchguard.github_action'


# README: these fail until README.md has its "GitHub Action" section. -------------------------


def readme_section(text: str | None = None) -> str:
    """README's "GitHub Action" section, up to the next heading of its level or above (a
    `# comment` inside a fenced code block is not a heading)."""
    lines = ((ROOT / "README.md").read_text() if text is None else text).splitlines()
    start = next(
        (i for i, line in enumerate(lines) if re.fullmatch(r"#+ GitHub Action", line)), None
    )
    assert start is not None, 'README.md has no "GitHub Action" section'
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    fenced, body = False, []
    for line in lines[start + 1 :]:
        fenced ^= line.startswith("```")
        heading = re.match(r"(#+) ", line)
        if heading and not fenced and len(heading.group(1)) <= level:
            break
        body.append(line)
    return "\n".join(body) + "\n"


def test_readme_section_ends_at_the_next_heading_not_at_a_comment() -> None:
    text = "# x\n## GitHub Action\n```yaml\n# a comment\nkey: 1\n```\n### Sub\nmore\n## Next\nno\n"
    assert readme_section(text) == "```yaml\n# a comment\nkey: 1\n```\n### Sub\nmore\n"


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, id=f"input-{n}") for n in INPUTS]
    + [pytest.param(n, id=f"output-{n}") for n in OUTPUTS],
)
def test_every_input_and_output_is_documented_in_the_readme(name: str) -> None:
    assert f"`{name}`" in readme_section()


def test_readme_shows_the_linted_workflow() -> None:
    blocks = re.findall(r"```ya?ml\n(.*?)```", readme_section(), flags=re.DOTALL)
    assert [yaml.safe_load(b) for b in blocks][:1] == [yaml.safe_load(README_WORKFLOW)]
