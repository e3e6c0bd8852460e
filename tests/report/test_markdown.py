"""`--format markdown`: the job-summary report, from real scans, checked line by line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from launchguard.analysis_rules import ANALYSIS_RULES
from launchguard.report.markdown import code_cell, text_cell
from launchguard.rule import Rule
from launchguard.ruleset import load_rules, rule_files
from tests.conftest import commit_all, git
from tests.helpers.cli import run
from tests.helpers.fake import aws_key_id, github_classic, rand, stripe_live
from tests.helpers.projects import vite_env_project

CELL = re.compile(r"(?<!\\)\|")  # GitHub splits cells at every '|' not escaped as '\|'
HOW_TO_TAIL = [
    "2. **Allow** a finding that is not a leak with a `launchguard:allow` comment on its line, "
    "or an `allow:` entry in `.launchguard.yaml`.",
    "3. **Baseline** findings you accept for now: `launchguard baseline` records them, and "
    "`--baseline .launchguard-baseline.json` reports only new ones.",
]


@pytest.fixture(scope="module")
def catalog() -> dict[str, Rule]:
    return {**ANALYSIS_RULES, **{r.id: r for r in load_rules(rule_files())}}


def _cells(line: str) -> list[str]:
    assert line.startswith("| ")
    assert line.endswith(" |")
    return [c.strip() for c in CELL.split(line[2:-2])]


def _section(lines: list[str], heading: str) -> list[str]:
    """The lines under a heading, up to the next blank line."""
    start = lines.index(heading) + 2
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


def _unescape_text(cell: str) -> str:
    return re.sub(r"\\(.)", r"\1", cell)


@pytest.mark.parametrize(
    ("raw", "code", "text"),
    [
        ("app.py", "`app.py`", "app.py"),
        ("a|b", "`a\\|b`", "a\\|b"),
        ("we`ird", "``we`ird``", "we\\`ird"),
        ("`x``", "``` `x`` ```", "\\`x\\`\\`"),
        ("two\nlines", "`two lines`", "two lines"),
        ("**bold** <b>", "`**bold** <b>`", "\\*\\*bold\\*\\* \\<b\\>"),
    ],
)
def test_cells_are_escaped(raw: str, code: str, text: str) -> None:
    assert code_cell(raw) == code
    assert text_cell(raw) == text


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    secrets = [stripe_live(21), github_classic(22), github_classic(23, valid=False)]
    (tmp_path / "we|ird`name.yaml").write_text(f"stripe: {secrets[0]}\n")
    (tmp_path / "config.yaml").write_text(f"name: shop\ntoken: {secrets[1]}\n")
    (tmp_path / "bad.txt").write_text(f"token {secrets[2]}\n")
    return secrets


def _check_findings(lines: list[str], findings: list[dict[str, Any]]) -> list[list[str]]:
    table = _section(lines, "### Findings")
    assert table[:2] == [
        "| severity | rule | location | value | message |",
        "| --- | --- | --- | --- | --- |",
    ]
    rows = [_cells(line) for line in table[2:]]
    for row, f in zip(rows, findings, strict=False):
        assert row[0] == f["severity"]
        assert row[1] == f"`{f['rule']}`"
        assert row[3] == code_cell(f["redacted"])
        assert _unescape_text(row[4]) == f["message"]
    return rows


def _how_to(lines: list[str], rule_ids: list[str], catalog: dict[str, Rule]) -> None:
    links = []
    for rule_id in rule_ids:
        rule = catalog[rule_id]
        assert rule.rotate is not None
        links.append(
            f"   - {text_cell(rule.name)} (`{rule_id}`): [rotation guide]({rule.rotate.url})"
        )
    start = lines.index("### How to fix or allow")
    assert lines[start + 2].startswith("1. **Fix** each finding")
    assert lines[start + 3 :] == [*links, *HOW_TO_TAIL]


def test_report_structure(
    files: list[str], capsys: pytest.CaptureFixture[str], catalog: dict[str, Rule]
) -> None:
    r = run(capsys, "scan", ".", "--format", "markdown", "--no-logs")
    assert r.code == 1
    findings = run(capsys, "scan", ".", "--format", "json", "--no-logs").json()["findings"]
    lines = r.out.splitlines()
    assert lines[:9] == [
        "## launchguard scan: 3 findings",
        "",
        "| severity | findings |",
        "| --- | --- |",
        "| blocker | 2 |",
        "| info | 1 |",
        "",
        "**3 distinct credentials**",
        "",
    ]
    rows = _check_findings(lines, findings)
    assert [row[2] for row in rows] == [
        "`config.yaml:2`",
        "``we\\|ird`name.yaml:1``",  # '|' escaped for the table, '`' inside a longer fence
        "`bad.txt:1`",
    ]
    _how_to(lines, ["github-pat-classic", "stripe-secret-key"], catalog)
    assert "incomplete" not in r.out


def test_never_a_raw_secret(files: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Job summaries are shared and kept: --show-secrets changes nothing here."""
    plain = run(capsys, "scan", ".", "--format", "markdown", "--no-logs")
    shown = run(capsys, "scan", ".", "--format", "markdown", "--no-logs", "--show-secrets")
    assert shown.out == plain.out
    assert [s for s in files if s in shown.out + shown.err] == []


def test_rows_are_capped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    keys = [stripe_live(1000 + n) for n in range(205)]
    (tmp_path / "keys.txt").write_text("".join(f"key{n} {k}\n" for n, k in enumerate(keys)))
    r = run(capsys, "scan", ".", "--format", "markdown")
    assert r.code == 1
    lines = r.out.splitlines()
    assert lines[0] == "## launchguard scan: 205 findings"
    assert "**205 distinct credentials**" in lines
    table = _section(lines, "### Findings")
    assert len(table) == 2 + 200
    assert _cells(table[-1])[2] == "`keys.txt:200`"
    after = lines.index(table[-1]) + 1
    assert lines[after : after + 3] == [
        "",
        "… and 5 more (the JSON or SARIF report lists every finding).",
        "",
    ]
    assert [k for k in keys if k in r.out] == []


def test_empty_scan_says_no_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("nothing to see\n")
    r = run(capsys, "scan", str(tmp_path), "--format", "markdown")
    assert (r.code, r.out) == (
        0,
        "## launchguard scan: No findings\n\nNo findings: scanned 1 file.\n",
    )


def test_incomplete_scan_lists_unscanned_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".launchguard.yaml").write_text("max-file-size: 1KB\n")
    (tmp_path / "big|file.txt").write_text("x" * 5000)
    r = run(capsys, "scan", ".", "--format", "markdown")
    assert r.code == 3
    (skipped,) = run(capsys, "scan", ".", "--format", "json").json()["stats"]["skipped"]
    assert r.out.splitlines() == [
        "## launchguard scan: No findings (incomplete scan)",
        "",
        "> [!WARNING]",
        "> The scan is incomplete: these files were not scanned.",
        ">",
        f"> - `big\\|file.txt`: {text_cell(skipped['reason'])}",
        "",
        "No findings in the files that were read; the files above were not.",
    ]


def test_history_and_bundle_locations(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A history finding names its commit; a bundle finding its original source."""
    monkeypatch.chdir(git_repo)
    secret = aws_key_id(51)
    (git_repo / "settings.yaml").write_text(f"aws_key: {secret}\n")
    commit_all(git_repo, "add settings")
    commit = git(git_repo, "rev-parse", "HEAD").strip()
    r = run(capsys, "history", "--format", "markdown")
    assert r.code == 1
    assert r.out.startswith("## launchguard history: 1 finding\n")
    (row,) = _section(r.out.splitlines(), "### Findings")[2:]
    assert _cells(row)[2] == f"`settings.yaml:1` @ `{commit[:10]}`"
    assert secret not in r.out

    server = rand(40, seed=91)
    (git_repo / ".env").write_text(f"SESSION_SECRET={server}\n")
    (git_repo / "dist").mkdir()
    (git_repo / "dist" / "app.js").write_text(
        f'var s="{server}";\n//# sourceMappingURL=app.js.map\n'
    )
    source_map = {"version": 3, "sources": ["../src/app.js"], "names": [], "mappings": "AAEI"}
    (git_repo / "dist" / "app.js.map").write_text(json.dumps(source_map))
    r = run(capsys, "bundle", "dist", "--format", "markdown")
    assert r.code == 1
    assert r.out.startswith("## launchguard bundle: 1 finding\n")
    (row,) = _section(r.out.splitlines(), "### Findings")[2:]
    assert _cells(row)[2] == "`dist/app.js:1` (from `src/app.js:3`)"
    assert server not in r.out


def test_env_adds_the_inventory(
    git_repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    catalog: dict[str, Rule],
) -> None:
    monkeypatch.chdir(git_repo)
    secrets = vite_env_project(git_repo)
    r = run(capsys, "env", ".", "--format", "markdown", "--show-secrets")
    assert r.code == 1
    report = run(capsys, "env", ".", "--format", "json").json()
    lines = r.out.splitlines()
    assert lines[0] == "## launchguard env: 3 findings"
    _check_findings(lines, report["findings"])
    redacted = {v["name"]: v["redacted"] for v in report["inventory"]}
    assert _section(lines, "### Environment variables") == [
        "| variable | environments | used in | client/server | secret? | value |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| `STRIPE_SECRET_KEY` | all | - | server | yes | `{redacted['STRIPE_SECRET_KEY']}` |",
        "| `VITE_API_URL` | - | `src/main.ts:2` | client (VITE\\_ prefix (Vite)) | no | - |",
        "| `VITE_OPENAI_API_KEY` | all | `src/main.ts:1` | client (VITE\\_ prefix (Vite)) | yes "
        f"| `{redacted['VITE_OPENAI_API_KEY']}` |",
    ]
    assert lines.index("### Findings") < lines.index("### Environment variables")
    rules = ["env-client-exposed-secret", "env-file-not-ignored", "env-undefined-variable"]
    _how_to(lines, rules, catalog)
    assert [s for s in secrets if s in r.out] == []
