"""`launchguard scan` end to end: exit codes, the JSON contract, git-aware listing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import commit_all, git
from tests.helpers.cli import run
from tests.helpers.fake import PNG_HEAD, github_classic, stripe_live

CONTRACT_FIELDS = {
    "rule",
    "kind",
    "severity",
    "provider",
    "path",
    "line",
    "column",
    "commit",
    "author",
    "date",
    "refs",
    "in_head",
    "secret_sha256",
    "redacted",
    "env_var",
    "exposure",
    "fingerprint",
    "message",
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.js").write_text(
        f'const s = "{stripe_live()}";\nconst t = "{stripe_live()}";\n'
    )
    (tmp_path / "clean.py").write_text("print('hello')\n")
    return tmp_path


def test_findings_exit_1_with_contract_fields(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "scan", str(project), "--format", "json")
    assert r.code == 1, r.err
    doc = r.json()
    assert set(doc) == {"version", "findings", "stats"}
    (first, second) = doc["findings"]
    assert set(first) >= CONTRACT_FIELDS
    assert (first["path"], first["line"], first["column"]) == ("app.js", 1, 12)
    assert second["line"] == 2
    assert first["secret_sha256"] == second["secret_sha256"]
    assert doc["stats"]["credentials"] == 1
    assert doc["stats"]["findings"] == 2
    assert first["redacted"].startswith("sk_live_…")


def test_clean_folder_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    r = run(capsys, "scan", str(tmp_path))
    assert r.code == 0, r.out
    assert "0 findings" in r.out


def test_fail_on_threshold(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "app.js").write_text(f'pk = "pk_{"live"}_{"51" + "Qw3rTy" * 5}"\n')
    assert run(capsys, "scan", ".").code == 0  # info only: below the default threshold
    assert run(capsys, "scan", ".", "--fail-on", "info").code == 1


def test_missing_path_is_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "scan", "nope")
    assert r.code == 2
    assert r.err.strip() == "launchguard: error: nope: no such file or directory"


def test_unknown_option_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "scan", "--bogus")
    assert r.code == 2
    assert "No such option" in r.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_makes_scan_incomplete(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "app.js").write_text("x = 1\n")
    secret = project / "secret.txt"
    secret.write_text("data")
    secret.chmod(0)
    r = run(capsys, "scan", ".")
    assert r.code == 3
    assert "secret.txt: cannot read" in r.out


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_read_error_makes_scan_incomplete_even_as_root(capsys: pytest.CaptureFixture[str]) -> None:
    """/proc/self/mem is a regular file whose read fails with EIO, for root too."""
    r = run(capsys, "scan", "/proc/self/mem")
    assert r.code == 3
    assert "not scanned: /proc/self/mem: cannot read: Input/output error" in r.out
    assert "The scan is incomplete" in r.out


def test_oversized_file_makes_scan_incomplete(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "app.js").write_text("x = 1\n")
    (project / ".launchguard.yaml").write_text("max-file-size: 1KB\n")
    (project / "big.txt").write_text("a" * 5000)
    r = run(capsys, "scan", ".", "--format", "json")
    assert r.code == 3
    assert {"path": "big.txt", "reason": "larger than max-file-size (4.9 KB > 1.0 KB)"} in r.json()[
        "stats"
    ]["skipped"]


def test_binary_is_listed_not_incomplete(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "app.js").write_text("x = 1\n")
    (project / "logo.png").write_bytes(PNG_HEAD + stripe_live().encode())
    r = run(capsys, "scan", ".", "--format", "json")
    assert r.code == 0
    assert {"path": "logo.png", "reason": "binary file"} in r.json()["stats"]["skipped"]


def test_utf16_file_is_scanned(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "app.js").write_text("x = 1\n")
    (project / "notes.txt").write_bytes(f"key={stripe_live()}\n".encode("utf-16"))
    assert run(capsys, "scan", ".").code == 1


def test_symlink_out_of_root_is_not_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(stripe_live())
    root = tmp_path / "root"
    root.mkdir()
    (root / "link.txt").symlink_to(outside)
    r = run(capsys, "scan", str(root), "--format", "json")
    assert r.code == 0
    skipped = r.json()["stats"]["skipped"]
    assert [s["reason"] for s in skipped] == ["symlink pointing outside the scanned folder"]


def test_git_tree_skips_ignored_files(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(git_repo)
    (git_repo / ".gitignore").write_text("node_modules/\n.env\n")
    (git_repo / "node_modules").mkdir()
    (git_repo / "node_modules" / "dep.js").write_text(f'k="{stripe_live(11)}"\n')
    (git_repo / ".env").write_text(f"K={stripe_live(12)}\n")
    (git_repo / "tracked.py").write_text(f'TOKEN = "{github_classic()}"\n')
    commit_all(git_repo)
    (git_repo / "untracked.txt").write_text(f"{stripe_live(13)}\n")
    r = run(capsys, "scan", "--format", "json")
    assert r.code == 1
    assert sorted({f["path"] for f in r.json()["findings"]}) == ["tracked.py", "untracked.txt"]
    r_all = run(capsys, "scan", "--all-files", "--format", "json")
    assert {"node_modules/dep.js", ".env"} <= {f["path"] for f in r_all.json()["findings"]}


def test_committed_env_file_is_a_finding(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(git_repo)
    (git_repo / ".env.production").write_text("DEBUG=1\n")
    (git_repo / ".env.example").write_text("STRIPE_KEY=\n")
    git(git_repo, "add", "-A")
    findings = run(capsys, "scan", "--format", "json").json()["findings"]
    assert [(f["kind"], f["path"]) for f in findings] == [("env-file", ".env.production")]
    (git_repo / ".launchguard.yaml").write_text(
        "allow:\n  - rule: dotenv-file-committed\n    path: .env.production\n"
    )
    assert run(capsys, "scan", "--format", "json").json()["findings"] == []


def test_inline_allow_and_config_allow(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key, other = stripe_live(21), stripe_live(22)
    (project / "app.js").write_text(
        f'a = "{key}"  // launchguard:allow\nb = "{other}"  # pragma: allowlist secret\n'
    )
    assert run(capsys, "scan", ".").code == 0
    (project / "app.js").write_text(f'a = "{key}"\n')
    (project / ".launchguard.yaml").write_text(f"allow:\n  - value: '^{key}$'\n    reason: test\n")
    r = run(capsys, "scan", ".", "--format", "json")
    assert r.code == 0
    # app.js and the allow entry in .launchguard.yaml itself, which holds the same value
    assert r.json()["stats"]["dropped"] == {"allowlisted in config": 2}


def test_excludes_skip_walked_files_but_not_named_roots(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "fixtures").mkdir()
    (project / "fixtures" / "k.txt").write_text(stripe_live(31))
    (project / "app.js").write_text("x = 1\n")
    (project / ".launchguard.yaml").write_text("exclude: [fixtures/]\n")
    assert run(capsys, "scan", ".").code == 0
    assert run(capsys, "scan", "fixtures").code == 1


def test_python_backend_gives_same_findings(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    hs = run(capsys, "scan", ".", "--format", "json").json()
    monkeypatch.setenv("LAUNCHGUARD_BACKEND", "python")
    py = run(capsys, "scan", ".", "--format", "json").json()
    assert py["stats"]["backend"] == "python"
    assert hs["stats"]["backend"] == "hyperscan"
    assert py["findings"] == hs["findings"]


def test_demo_project_finds_every_kind(capsys: pytest.CaptureFixture[str]) -> None:
    demo = Path(__file__).resolve().parent.parent / "examples" / "demo"
    r = run(capsys, "scan", str(demo), "--format", "json")
    assert r.code == 1
    findings = r.json()["findings"]
    rules = {f["rule"] for f in findings}
    assert {"stripe-secret-key", "github-pat-classic", "stripe-publishable-key"} <= rules
    assert {"dotenv-file-committed", "privatekey-rsa", "anthropic-api-key"} <= rules
    assert {f["kind"] for f in findings} == {"secret", "env-file", "env-exposure", "unsafe-log"}
    leaked = next(f for f in findings if f["rule"] == "env-server-value-in-bundle")
    assert (leaked["env_var"], leaked["original"]["path"]) == (
        "STRIPE_SECRET_KEY",
        "examples/demo/src/chat.js",
    )
    assert {f["decoded"] for f in findings} == {None, "base64", "percent", "escape"}
    assert any("#cell-1" in f["path"] for f in findings)
    assert any(".js.map#" in f["path"] for f in findings)
    assert r.json()["stats"]["credentials"] < len(findings)  # one Stripe key, two places


def test_table_counts_by_design_skips(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "app.js").write_text("x = 1\n")
    for n in range(3):
        (project / f"img{n}.png").write_bytes(PNG_HEAD)
    r = run(capsys, "scan", ".")
    assert r.code == 0
    assert "skipped by design: 3 binary file" in r.out
    assert "img0.png" not in r.out


def test_also_write_renders_the_same_scan_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(f'KEY = "{stripe_live(120)}"\n')
    r = run(capsys, "scan", ".", "--format", "table", "--also-write", "json=report.json")
    assert r.code == 1
    assert "stripe-secret-key" in r.out
    report = json.loads((tmp_path / "report.json").read_text())
    assert [f["rule"] for f in report["findings"]] == ["stripe-secret-key"]
    bad = run(capsys, "scan", ".", "--also-write", "yaml=x")
    assert bad.code == 2
    assert "FORMAT=FILE" in bad.err
