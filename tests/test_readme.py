"""Everything registered is documented: commands, formats, the hook id, the quick start."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from launchguard.cli import cli, rules
from launchguard.report import REPORTERS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented(name: str) -> None:
    assert f"`launchguard {name}" in README


@pytest.mark.parametrize("name", sorted(rules.commands))
def test_every_rules_subcommand_is_documented(name: str) -> None:
    assert f"`launchguard rules {name}`" in README


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_every_format_is_documented(fmt: str) -> None:
    assert f"`--format {fmt}`" in README


def test_hook_ids_are_documented() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    for hook in hooks:
        assert f"id: {hook['id']}" in README


def test_quick_start_is_two_commands() -> None:
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    lines = [line for line in block.strip().splitlines() if line.strip()]
    install = "python3 -m venv .venv && .venv/bin/pip install ."
    assert lines == [
        f"{install} && .venv/bin/launchguard scan examples/demo",
        ".venv/bin/pip install -e '.[dev]' && .venv/bin/pytest",
    ]


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(name: str) -> None:
    help_text = cli.commands[name].help or ""
    assert "Example" in help_text or name == "rules"
