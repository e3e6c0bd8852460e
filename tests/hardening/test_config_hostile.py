"""Hostile configuration: regexes that backtrack catastrophically and YAML alias bombs are
refused with one line and exit 2, before anything runs."""

from __future__ import annotations

import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from launchguard.regex_safety import backtracking_risk
from launchguard.ruleset import load_rules, rule_files
from tests.helpers.cli import run

CATASTROPHIC = [
    r"(a+)+$",
    r"(a*)*b",
    r"(a|aa)*b",
    r"(?:x|y|xy)+z",
    r"(\w+\s?)+$",
    r"((?:a{1,10}){1,30})x",
    r"(.*a){12}",
    r"([a-z]+)*!",
]
LINEAR = [
    r"\b(sk_live_[0-9a-zA-Z]{24,99})\b",
    r"(?:[a-z]{4}){10}",
    r"(?:-|[a-z]){8,40}",
    r"(?:[a-z0-9]{1,20}\.){1,10}[a-z]{2,6}",
    r"(?:\.[A-Za-z0-9_-]{10,100}){2}",
    r"(?:[&;][^&;=\s]{1,40}=[^&;\s]{0,200}){0,8}",
]


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_shapes_are_recognised(pattern: str) -> None:
    assert backtracking_risk(pattern) is not None


@pytest.mark.parametrize("pattern", LINEAR)
def test_linear_shapes_are_allowed(pattern: str) -> None:
    assert backtracking_risk(pattern) is None


def test_every_shipped_rule_passes_the_check() -> None:
    assert len(load_rules(rule_files())) > 150  # the check ran inside parse_rule for each


def _rule_file(path: Path, pattern: str) -> None:
    path.write_text(
        "provider: acme\n"
        "rules:\n"
        "  - id: acme-key\n"
        "    name: Acme key\n"
        "    kind: secret\n"
        "    severity: high\n"
        f"    pattern: '{pattern}'\n"
        "    examples: [acme_aaaaaaaaaax]\n"
        "    rotate: {url: 'https://acme.invalid/keys', steps: [Revoke it.]}\n"
    )


def _scan_with(tmp_path: Path, config: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "app.py").write_text("x = 'a' * 40\n" + "a" * 5000 + "!\n")
    (tmp_path / ".launchguard.yaml").write_text(config)
    return subprocess.run(  # a hang guard, not a timing assertion: it ends in well under 5 s
        [sys.executable, "-m", "launchguard", "scan", ".", "--all-files", "--no-progress"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_catastrophic_custom_rule_is_refused(tmp_path: Path) -> None:
    _rule_file(tmp_path / "acme.yaml", r"(acme_(?:a{1,10}){1,30})x")
    proc = _scan_with(tmp_path, "rules: [acme.yaml]\n")
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "launchguard: error: acme.yaml: rule acme-key: pattern: can backtrack catastrophically:"
        " a repeat inside a repeat (like `(a+)+`); rewrite it"
    )


def test_catastrophic_allow_value_is_refused(tmp_path: Path) -> None:
    proc = _scan_with(tmp_path, "allow:\n  - value: '(a|aa)*!'\n")
    assert proc.returncode == 2
    assert "allow[0]: value: can backtrack catastrophically" in proc.stderr
    assert "Traceback" not in proc.stderr


def _bomb(depth: int) -> str:
    """Nine aliases of nine aliases ...: `depth` levels expand to 9**depth strings."""
    items = ['&a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghijklmnop"
    for previous, name in zip(names, names[1:depth], strict=False):  # noqa: RUF007
        items.append(f"&{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "[" + ", ".join(items) + "]"


@pytest.mark.parametrize("key", ["exclude", "disable", "fail-on", "max-file-size", "allow"])
def test_billion_laughs_config_is_refused(
    key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".launchguard.yaml").write_text(f"{key}: {_bomb(12)}\n")
    r = run(capsys, "scan", ".", "--all-files", "--no-progress")
    assert r.code == 2
    assert r.err.strip() == (
        f"launchguard: error: {tmp_path}/.launchguard.yaml: invalid YAML:"
        " aliases expand to more than 100,000 nodes"
    )


def test_billion_laughs_rule_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _rule_file(tmp_path / "acme.yaml", r"\b(acme_[a-z]{10,20})\b")
    with (tmp_path / "acme.yaml").open("a") as f:
        f.write(f"    references: {_bomb(12)}\n")
    (tmp_path / ".launchguard.yaml").write_text("rules: [acme.yaml]\n")
    r = run(capsys, "scan", ".", "--all-files", "--no-progress")
    assert r.code == 2
    assert "acme.yaml: invalid YAML: aliases expand to more than 100,000 nodes" in r.err


def test_small_aliases_are_still_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    config = "exclude: &skip [dist/**, build/**]\nallow:\n  - path: 'fixtures/**'\n"
    (tmp_path / ".launchguard.yaml").write_text(config + "disable: []\n")
    (tmp_path / "x.txt").write_text("nothing here\n")
    assert run(capsys, "scan", ".", "--all-files", "--no-progress").code == 0


@pytest.mark.parametrize("depth", [500, 100_000])
def test_deeply_nested_config_is_one_line(
    depth: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".launchguard.yaml").write_text("exclude: " + "[" * depth + "]" * depth + "\n")
    r = run(capsys, "scan", ".", "--all-files", "--no-progress")
    assert r.code == 2
    assert len(r.err.strip().splitlines()) == 1
    assert r.err.startswith(f"launchguard: error: {tmp_path}/.launchguard.yaml: ")


def test_deeply_nested_pyproject_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    nested = "[" * 100_000 + "]" * 100_000
    (tmp_path / "pyproject.toml").write_text(f"[tool.launchguard]\nexclude = {nested}\n")
    r = run(capsys, "scan", ".", "--all-files", "--no-progress")
    assert r.code == 2
    assert r.err.startswith(f"launchguard: error: {tmp_path}/pyproject.toml: cannot read: ")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab()[]{}|*+?.-^$\\dw,0123:!=<>", max_size=30))
def test_the_check_never_raises(pattern: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "possible nested set" and the like
            re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return
    why = backtracking_risk(pattern)
    assert why is None or why.startswith("a repeat")


@pytest.mark.parametrize(
    ("option", "content", "message"),
    [
        ("--config", None, "cannot read: larger than 16 MB"),
        ("--baseline", None, "cannot read baseline: larger than 256 MB"),
        ("--baseline", "[" * 100_000 + "]" * 100_000, "cannot read baseline: nested too deeply"),
        ("--baseline", '{"format": "launchguard-baseline", "findings": 7}', "must be a list"),
    ],
)
def test_option_files_that_are_devices_or_bombs_are_one_line(
    option: str,
    content: str | None,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.txt").write_text("nothing here\n")
    target = tmp_path / "given.yaml"
    if content is None:
        target.symlink_to("/dev/zero")  # would read forever
    else:
        target.write_text(content)
    r = run(capsys, "scan", ".", "--all-files", "--no-progress", option, str(target))
    assert r.code == 2
    assert message in r.err
    assert len(r.err.strip().splitlines()) == 1


def test_config_from_dev_null_means_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.txt").write_text("nothing here\n")
    r = run(capsys, "scan", ".", "--all-files", "--no-progress", "--config", "/dev/null")
    assert r.code == 0
