"""`launchguard audit` on a project with a real Vite build, env files, a backend with unsafe
logs and secrets in history: every planted credential once, with all its places and the
right rank, and a history clean-up that names exactly the paths that held secrets."""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.audit.conftest import Planted
from tests.helpers.cli import Run, run


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@pytest.fixture(scope="module")
def report(planted: Planted) -> dict[str, Any]:
    import contextlib
    import io
    import json

    from launchguard.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["audit", str(planted.root), "--format", "json", "--no-progress"])
    assert code == 1
    doc: dict[str, Any] = json.loads(out.getvalue())
    return doc


def _by_sha(items: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        found.setdefault(item[key], []).append(item)
    return found


def _expected(planted: Planted) -> dict[str, str]:
    env = planted.env
    return {
        env["VITE_OPENAI_API_KEY"]: "blocker",  # client-exposed, in the bundle
        env["SIGNING_SECRET"]: "blocker",  # server value pushed into the bundle by define
        env["ADMIN_API_TOKEN"]: "blocker",  # hard-coded copy in src/, bundled, at HEAD
        planted.aws_secret: "high",  # only in a deleted file's history, with its key id
        planted.github: "high",  # removed from the code, still in history
        planted.slack: "high",  # only on a branch that was never merged
        env["STRIPE_SECRET_KEY"]: "high",  # in the ignored .env, and in history
    }


def test_every_planted_credential_is_one_checklist_entry_with_its_rank(
    planted: Planted, report: dict[str, Any]
) -> None:
    expected = _expected(planted)
    checklist = _by_sha(
        [
            {**e, "sha": c["secret_sha256"]}
            for e in report["checklist"]
            for c in report["credentials"]
            if c["id"] == e["credential"]
        ],
        "sha",
    )
    assert set(checklist) == {_sha(v) for v in expected}
    for value, rank in expected.items():
        (entry,) = checklist[_sha(value)]
        assert entry["rank"] == rank, entry["title"]
    ranks = [e["rank"] for e in report["checklist"]]
    assert ranks == sorted(ranks, key=["blocker", "high", "medium", "low"].index)


def test_public_values_are_info_and_never_to_rotate(
    planted: Planted, report: dict[str, Any]
) -> None:
    public = {
        _sha(planted.env["VITE_STRIPE_PUBLISHABLE_KEY"]),
        _sha(planted.env["VITE_SUPABASE_ANON_KEY"]),
    }
    info = {c["secret_sha256"] for c in report["credentials"] if c["rank"] == "info"}
    assert info == public
    assert report["summary"]["info"] == 2
    assert all(r["rank"] == "info" for r in report["info"])


def test_a_credential_carries_every_place(planted: Planted, report: dict[str, Any]) -> None:
    by_sha = {c["secret_sha256"]: c for c in report["credentials"]}
    assert _sha(planted.aws_id) not in by_sha  # rotated with its secret key: one credential
    aws = by_sha[_sha(planted.aws_secret)]
    assert [loc.rsplit(" ", 1)[-1] for loc in aws["locations"]] == [
        "config/old.env:2",
        "config/old.env:1",
    ]
    admin = by_sha[_sha(planted.env["ADMIN_API_TOKEN"])]
    kinds = {location.split(" ", 1)[0] for location in admin["locations"]}
    assert {"bundle", "commit", "src/admin-token.js:2"} <= kinds
    assert admin["env_vars"] == ["ADMIN_API_TOKEN"]
    stripe = by_sha[_sha(planted.env["STRIPE_SECRET_KEY"])]
    assert stripe["env_vars"] == ["STRIPE_SECRET_KEY"]
    assert stripe["env_files"] == [".env"]
    assert [loc for loc in stripe["locations"] if "server/settings.py:2" in loc]
    assert stripe["first_seen"] is not None
    slack = by_sha[_sha(planted.slack)]
    assert all("refs: experiment)" in loc for loc in slack["locations"])


def test_checklist_entries_say_what_to_do(planted: Planted, report: dict[str, Any]) -> None:
    entry = next(e for e in report["checklist"] if e["provider"] == "stripe")
    assert entry["dashboard"].startswith("https://dashboard.stripe.com")
    assert len(entry["steps"]) >= 2
    assert "STRIPE_SECRET_KEY in .env" in entry["update"]
    assert "since " in entry["review"]
    assert entry["verify"].startswith("Run `launchguard audit`")


def test_history_cleanup_names_exactly_the_paths_that_held_secrets(report: dict[str, Any]) -> None:
    cleanup = report["history_cleanup"]
    assert cleanup["paths"] == [
        "config/old.env",
        "scripts/notify.py",
        "server/settings.py",
        "src/admin-token.js",
    ]
    commands = "\n".join(cleanup["commands"])
    assert (
        "git filter-repo --invert-paths --path config/old.env --path scripts/notify.py" in commands
    )
    assert "--replace-text" in commands  # files still in use keep their history
    assert any("force" in w for w in cleanup["warnings"])
    assert any(w.startswith("Rotation, not rewriting") for w in cleanup["warnings"])


def test_unsafe_logs_and_hygiene_are_medium(report: dict[str, Any]) -> None:
    medium = [r for r in report["risks"] if r["rank"] == "medium"]
    rules = sorted(r["rule"] for r in medium)
    assert rules == ["dotenv-file-committed", "unsafe-log-auth-header", "unsafe-log-secret"]


def test_phases_are_all_reported(report: dict[str, Any]) -> None:
    assert [p["name"] for p in report["phases"]] == ["history", "tree", "bundles", "logs", "env"]
    assert all(p["complete"] for p in report["phases"])
    assert report["incomplete"] is False


def test_default_run_writes_the_markdown_report(
    planted: Planted,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    result: Run = run(capsys, "audit", str(planted.root), "--no-progress")
    assert result.code == 1
    report = (tmp_path / "launchguard-report.md").read_text()
    assert "3 blocker, 4 high, 3 medium, 0 low" in result.out
    assert "launchguard-report.md" in result.out
    assert report.count("- [ ]") >= 7 * 4  # steps, updates, review and verify per credential


def test_no_raw_value_in_any_report(
    planted: Planted,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    outputs = []
    for fmt in ("json", "markdown", "html", "table", "sarif", "github"):
        result = run(capsys, "audit", str(planted.root), "--format", fmt, "--no-progress")
        outputs.append(result.out + result.err)
    raw = [*_expected(planted), planted.env["DATABASE_URL"]]
    for text in outputs:
        for value in raw:
            assert value not in text
    assert list(tmp_path.iterdir()) == []  # an explicit format prints, and writes no file


def test_the_html_report_renders_counts_and_checklist_in_chromium(
    planted: Planted, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.helpers.chromium import dump_dom, find_chromium
    from tests.helpers.ci import skip_or_fail

    if find_chromium() is None:
        skip_or_fail("chromium is not installed", needed_for="render the audit's HTML report")
    page = tmp_path / "report.html"
    out = tmp_path / "report.json"
    argv = ["audit", str(planted.root), "--no-progress", "--also-write", f"json={out}"]
    result = run(capsys, *argv, "--format", "html", "--output", str(page))
    assert result.code == 1
    doc = json.loads(out.read_text())
    dom = dump_dom(page)
    assert 'id="checklist"' in dom
    for rank in ("blocker", "high", "medium", "low", "info"):
        assert re.search(rf"count-{rank}\b[^>]*>\s*(?:<[^>]+>\s*)*{doc['summary'][rank]}\b", dom)
    for entry in doc["checklist"]:
        assert html.escape(entry["title"], quote=False) in dom
        for step in entry["steps"]:
            assert html.escape(step, quote=False) in dom
    for value in _expected(planted):
        assert value not in dom


def test_a_report_left_in_the_project_changes_nothing(
    planted: Planted, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Markdown report lands in the folder audited; the next audit reads it too."""
    monkeypatch.chdir(planted.root)
    try:
        first = run(capsys, "audit", "--no-progress").out.splitlines()[0]
        second = run(capsys, "audit", "--no-progress").out.splitlines()[0]
    finally:
        (planted.root / "launchguard-report.md").unlink(missing_ok=True)
    assert first == second
