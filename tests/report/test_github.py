"""`--format github`: workflow-command annotations from real scans, parsed back as the runner
parses them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from launchguard.report.github import escape_data, escape_property
from tests.conftest import commit_all, git
from tests.helpers.cli import run
from tests.helpers.fake import aws_key_id, github_classic, rand, stripe_live

COMMAND = re.compile(r"::(error|warning|notice) ([^:]*)::(.*)")


def _unescape(text: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def _parse(out: str) -> tuple[list[tuple[str, dict[str, str], str]], str]:
    """(command, properties, message) per annotation, and the summary line after them."""
    *lines, summary = out.rstrip("\n").split("\n")
    annotations = []
    for line in lines:
        m = COMMAND.fullmatch(line)
        assert m is not None, line
        pairs = (p.split("=", 1) for p in m.group(2).split(","))
        properties = {key: _unescape(value) for key, value in pairs}
        annotations.append((m.group(1), properties, _unescape(m.group(3))))
    assert not summary.startswith("::")
    return annotations, summary


def _expected(f: dict[str, Any], command: str) -> tuple[str, dict[str, str], str]:
    properties = {"file": f["path"], "line": str(f["line"]), "col": str(f["column"])}
    properties["title"] = f"launchguard: {f['rule']}"
    return command, properties, f"{f['message']} ({f['redacted']})"


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("plain text", "plain text", "plain text"),
        ("a,b:c", "a,b:c", "a%2Cb%3Ac"),
        ("100%", "100%25", "100%25"),
        ("%0A is not a newline", "%250A is not a newline", "%250A is not a newline"),
        ("two\nlines\r\n", "two%0Alines%0D%0A", "two%0Alines%0D%0A"),
        ("::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"),
    ],
)
def test_escaping(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop
    assert _unescape(prop) == raw


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    secrets = [github_classic(22), stripe_live(21), rand(24, seed=27)]
    secrets.append(github_classic(23, valid=False))
    (tmp_path / "a b:c,d.txt").write_text(f"token {secrets[0]}\n")
    (tmp_path / "config.yaml").write_text(f"name: shop\nstripe: {secrets[1]}\n")
    (tmp_path / "pw.cfg").write_text(f'password = "{secrets[2]}"\n')
    (tmp_path / "bad.txt").write_text(f"token {secrets[3]}\n")
    return secrets


def test_one_annotation_per_finding(files: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "scan", ".", "--format", "github", "--no-logs")
    assert r.code == 1
    annotations, summary = _parse(r.out)
    findings = run(capsys, "scan", ".", "--format", "json", "--no-logs").json()["findings"]
    assert [f["path"] for f in findings] == ["a b:c,d.txt", "config.yaml", "pw.cfg", "bad.txt"]
    commands = ["error", "error", "warning", "notice"]  # blocker, blocker, medium, info
    assert annotations == [_expected(f, c) for f, c in zip(findings, commands, strict=True)]
    # The path's ',' and ':' are escaped, or the runner would end the property there.
    assert "::error file=a b%3Ac%2Cd.txt,line=1,col=7,title=launchguard%3A github-pat" in r.out
    assert summary == (
        "launchguard: 4 findings (2 blocker, 1 medium, 1 info), 4 distinct credentials; "
        "scanned 4 files."
    )


def test_raw_secrets_never_appear(files: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Workflow logs are shared: even --show-secrets prints the redacted preview only."""
    plain = run(capsys, "scan", ".", "--format", "github", "--no-logs")
    shown = run(capsys, "scan", ".", "--format", "github", "--no-logs", "--show-secrets")
    assert shown.out == plain.out
    assert [s for s in files if s in shown.out + shown.err] == []
    leaked = run(capsys, "scan", ".", "--format", "json", "--no-logs", "--show-secrets").out
    assert [s for s in files if s in leaked] == files  # the grep above can fail


def test_newline_and_percent_in_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A source name inside a map is arbitrary JSON text: it may hold '%' and newlines, and
    must not break out of the annotation. The map file is what gets annotated."""
    monkeypatch.chdir(tmp_path)
    secret = stripe_live(92)
    assets = tmp_path / "dist"
    assets.mkdir()
    (assets / "vendor.js").write_text("var a=1;\n//# sourceMappingURL=vendor.js.map\n")
    name = "../src/100%\nodd,name:x.ts"
    source_map = {"version": 3, "sources": [name], "names": [], "mappings": "AAAA"}
    source_map["sourcesContent"] = [f'export const key = "{secret}";\n']
    (assets / "vendor.js.map").write_text(json.dumps(source_map))
    r = run(capsys, "bundle", "dist", "--format", "github")
    assert r.code == 1
    assert r.out.count("\n") == 2  # one annotation, one summary
    annotations, summary = _parse(r.out)
    report = run(capsys, "bundle", "dist", "--format", "json").json()
    (f,) = report["findings"]
    shown = name.replace("\n", "\\n")  # a file name never holds a raw control character
    assert annotations == [
        (
            "error",
            {"file": "dist/vendor.js.map", "line": "1", "title": "launchguard: stripe-secret-key"},
            f"{f['message']} ({f['redacted']}) Found in {shown}, line 1, embedded in the "
            "source map.",
        )
    ]
    assert "100%25\\nodd,name:x.ts" in r.out  # '%' escaped; the newline shown as \n
    assert summary == (
        "launchguard: 1 finding (1 blocker), 1 distinct credential; "
        f"scanned {report['stats']['files']} files."
    )
    assert secret not in r.out


def test_history_names_the_commit(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(git_repo)
    secret = aws_key_id(51)
    (git_repo / "settings.yaml").write_text(f"aws_key: {secret}\n")
    commit_all(git_repo, "add settings")
    commit = git(git_repo, "rev-parse", "HEAD").strip()
    (git_repo / "settings.yaml").write_text("aws_key: none\n")
    commit_all(git_repo, "remove the key")
    r = run(capsys, "history", "--format", "github", "--show-secrets")
    assert r.code == 1
    (annotation,), _ = _parse(r.out)
    (f,) = run(capsys, "history", "--format", "json").json()["findings"]
    assert annotation == (
        "error",
        {
            "file": "settings.yaml",
            "line": "1",
            "col": "10",
            "title": "launchguard: aws-access-key-id",
        },
        f"{f['message']} ({f['redacted']}) Introduced in commit {commit[:10]}.",
    )
    assert secret not in r.out


def test_incomplete_scan_and_empty_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("nothing to see\n")
    r = run(capsys, "scan", ".", "--format", "github")
    assert (r.code, r.out) == (0, "launchguard: no findings; scanned 1 file.\n")
    (tmp_path / ".launchguard.yaml").write_text("max-file-size: 1KB\n")
    (tmp_path / "big.txt").write_text("x" * 5000)
    r = run(capsys, "scan", ".", "--format", "github")
    assert r.code == 3
    (skipped,) = run(capsys, "scan", ".", "--format", "json").json()["stats"]["skipped"]
    annotations, summary = _parse(r.out)
    assert annotations == [
        (
            "error",
            {"file": "big.txt", "title": "launchguard: not scanned"},
            f"Not scanned: {skipped['reason']}.",
        )
    ]
    assert summary == "launchguard: no findings; incomplete: 1 file not scanned."
