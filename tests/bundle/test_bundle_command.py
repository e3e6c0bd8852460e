"""`launchguard bundle` on real Vite output and on hand-built bundles with source maps."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from tests import vite_app
from tests.helpers.cli import run
from tests.helpers.fake import openai_project, pem_rsa_block, rand, stripe_live
from tests.helpers.sourcemap import vlq


def _findings(report: dict[str, Any]) -> set[tuple[str, str, str | None]]:
    return {(f["rule"], f["severity"], f["env_var"]) for f in report["findings"]}


def test_real_vite_build_exact_findings(
    vite_build: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(vite_build)
    r = run(capsys, "bundle", "dist", "--format", "json", "--no-progress")
    assert r.code == 1, r.err
    report = r.json()
    assert _findings(report) == {
        ("env-client-exposed-secret", "blocker", "VITE_OPENAI_API_KEY"),
        ("env-client-exposed-secret", "blocker", "SIGNING_SECRET"),  # through vite.config define
        ("env-server-value-in-bundle", "blocker", "ADMIN_API_TOKEN"),
        ("env-public-value-in-bundle", "info", "VITE_STRIPE_PUBLISHABLE_KEY"),
        ("env-public-value-in-bundle", "info", "VITE_SUPABASE_ANON_KEY"),
    }
    assert report["stats"]["frameworks"] == ["vite"]
    assert report["stats"]["env_files"] == [".env"]
    # Every finding in generated code points back at the module that holds it.
    originals = {f["env_var"]: f["original"] for f in report["findings"]}
    assert all(o is not None and o["path"].startswith("src/") for o in originals.values())
    admin = originals["ADMIN_API_TOKEN"]
    source = (vite_build / admin["path"]).read_text().splitlines()
    assert vite_app.env_values()["ADMIN_API_TOKEN"] in source[admin["line"] - 1]


def test_real_vite_build_scan_recognises_dist(
    vite_build: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`scan` of the project handles dist/ as a bundle too (env proof and source maps)."""
    monkeypatch.chdir(vite_build)
    report = run(capsys, "scan", ".", "--format", "json", "--no-progress").json()
    in_dist = {
        (f["rule"], f["env_var"]) for f in report["findings"] if f["path"].startswith("dist/")
    }
    assert ("env-server-value-in-bundle", "ADMIN_API_TOKEN") in in_dist
    assert ("env-client-exposed-secret", "VITE_OPENAI_API_KEY") in in_dist
    # The same key in .env is still reported there: the proof replaces rule findings in dist only.
    assert ("openai-project-key", ".env") in {(f["rule"], f["path"]) for f in report["findings"]}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A hand-built bundle: one minified line mapped to src/app.js line 3 and line 9."""
    monkeypatch.chdir(tmp_path)
    values = {
        "VITE_OPENAI_API_KEY": openai_project(81),
        "STRIPE_SECRET_KEY": stripe_live(82),
        "SESSION_SECRET": rand(40, seed=83),
        "KEPT_OUT_TOKEN": rand(40, seed=84),
        "NODE_ENV": "production",
        "VITE_APP_NAME": "Shop Launch 2026",
    }
    (tmp_path / "package.json").write_text('{"devDependencies": {"vite": "7.0.0"}}')
    (tmp_path / ".env").write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    code = (
        f'const k="{values["VITE_OPENAI_API_KEY"]}";'
        f'const m="{values["NODE_ENV"]}",n="{values["VITE_APP_NAME"]}";'
    )
    tail = f'const s="{values["SESSION_SECRET"]}";\n//# sourceMappingURL=app.js.map\n'
    mappings = "".join(map(vlq, (0, 0, 2, 4))) + "," + "".join(map(vlq, (len(code), 0, 6, 0)))
    source_map = {"version": 3, "sources": ["../../src/app.js"], "names": [], "mappings": mappings}
    assets = tmp_path / "dist" / "assets"
    assets.mkdir(parents=True)
    (assets / "app.js").write_text(code + tail)
    (assets / "app.js.map").write_text(json.dumps(source_map))
    return values


def test_values_are_found_and_mapped(
    project: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    report = run(capsys, "bundle", "dist", "--format", "json").json()
    found = {f["env_var"]: f for f in report["findings"]}
    assert set(found) == {"VITE_OPENAI_API_KEY", "SESSION_SECRET"}  # nothing kept out, no noise
    assert found["VITE_OPENAI_API_KEY"]["rule"] == "env-client-exposed-secret"
    assert found["VITE_OPENAI_API_KEY"]["provider"] == "openai"
    assert found["VITE_OPENAI_API_KEY"]["original"] == {
        "path": "src/app.js",
        "line": 3,
        "column": 5,
    }
    session = found["SESSION_SECRET"]
    assert (session["rule"], session["exposure"]) == ("env-server-value-in-bundle", "server")
    assert session["original"] == {"path": "src/app.js", "line": 9, "column": 5}
    assert session["path"] == "dist/assets/app.js"
    assert session["line"] == 1


def test_explicit_env_file_and_escaped_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A multi-line PEM key lands in a bundle as a JS string with `\\n` escapes."""
    pem = pem_rsa_block(85)
    env = tmp_path / "secrets" / "prod.env"
    env.parent.mkdir()
    env.write_text(f'DEPLOY_KEY="{pem}"\n')
    dist = tmp_path / "out"
    dist.mkdir()
    (dist / "chunk.js").write_text(f"var key={json.dumps(pem)};")
    r = run(capsys, "bundle", str(dist), "--env-file", str(env), "--format", "json")
    assert r.code == 1
    assert ("env-server-value-in-bundle", "blocker", "DEPLOY_KEY") in _findings(r.json())


def test_next_build_reads_only_what_ships(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """.next/server runs on the server: a server value there is where it belongs."""
    secret = stripe_live(86)
    (tmp_path / "package.json").write_text('{"dependencies": {"next": "15.0.0"}}')
    (tmp_path / ".env.production").write_text(f"STRIPE_SECRET_KEY={secret}\n")
    for part, name in (("server/app", "page.js"), ("static/chunks", "main.js")):
        folder = tmp_path / ".next" / part
        folder.mkdir(parents=True)
        (folder / name).write_text(f'fetch("/api",{{k:"{secret}"}})' if "server" in part else "1")
    (tmp_path / ".next" / "package.json").write_text('{"type": "commonjs"}')
    r = run(capsys, "bundle", str(tmp_path / ".next"), "--format", "json")
    assert r.code == 0, r.out
    assert r.json()["stats"]["env_files"]
    assert r.json()["findings"] == []


def test_broken_source_map_still_reports(
    project: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    Path("dist/assets/app.js.map").write_text(
        '{"version": 3, "sources": ["a.js"], "mappings": "!!"}'
    )
    r = run(capsys, "bundle", "dist", "--format", "json")
    assert r.code == 1
    report = r.json()
    assert {f["original"] for f in report["findings"]} == {None}
    assert report["stats"]["source_map_problems"][0]["path"] == "dist/assets/app.js"


def test_inline_data_url_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = rand(40, seed=87)
    (tmp_path / ".env").write_text(f"ADMIN_TOKEN={secret}\n")
    mappings = "".join(map(vlq, (0, 0, 4, 2)))
    encoded = base64.b64encode(
        json.dumps({"version": 3, "sources": ["src/x.ts"], "mappings": mappings}).encode()
    ).decode()
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "x.js").write_text(
        f'a("{secret}")\n//# sourceMappingURL=data:application/json;base64,{encoded}\n'
    )
    report = run(capsys, "bundle", str(dist), "--format", "json").json()
    assert [f["original"]["line"] for f in report["findings"]] == [5]


def test_ten_megabyte_minified_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = rand(40, seed=88)
    (tmp_path / ".env").write_text(f"INTERNAL_TOKEN={secret}\n")
    dist = tmp_path / "dist"
    dist.mkdir()
    filler = "function a(b){return b&&b.then}" * (10_000_000 // 32)
    (dist / "big.js").write_text(filler + f'x="{secret}";' + filler)
    report = run(capsys, "bundle", str(dist), "--format", "json").json()
    (finding,) = report["findings"]
    assert (finding["env_var"], finding["line"]) == ("INTERNAL_TOKEN", 1)
    assert finding["column"] == len(filler) + 4


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("bundle", "missing-dir"), "not a folder"),
        (("bundle", ".", "--env-file", "missing.env"), "cannot read env file"),
    ],
)
def test_bad_input_is_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: tuple[str, ...],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    r = run(capsys, *argv)
    assert r.code == 2
    assert message in r.err
    assert r.err.count("\n") == 1


def test_both_backends_prove_the_same_values(
    project: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pure-Python fallback (bytes.find) finds what the Hyperscan literal pass finds."""
    reports = []
    for backend in ("hyperscan", "python"):
        monkeypatch.setenv("LAUNCHGUARD_BACKEND", backend)
        report = run(capsys, "bundle", "dist", "--format", "json").json()
        assert report["stats"]["backend"] == backend
        reports.append([(f["rule"], f["env_var"], f["column"]) for f in report["findings"]])
    assert reports[0] == reports[1]
    assert len(reports[0]) == 2


def test_config_disable_and_allow_hold_for_analysis_findings(
    project: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`disable:` and `allow:` are the config's, whichever analysis made the finding."""
    (tmp_path / "server.py").write_text("import logging\nlogging.info(request.headers)\n")
    config = tmp_path / "lg.yaml"
    config.write_text(
        "disable: [env-server-value-in-bundle]\n"
        "allow:\n  - {rule: unsafe-log-auth-header, path: server.py, reason: local debug}\n"
    )
    before = run(capsys, "scan", ".", "--format", "json").json()
    rules = {f["rule"] for f in before["findings"]}
    assert {"env-server-value-in-bundle", "unsafe-log-auth-header"} <= rules
    after = run(capsys, "scan", ".", "--format", "json", "--config", str(config)).json()
    kept = {f["rule"] for f in after["findings"]}
    assert kept == rules - {"env-server-value-in-bundle", "unsafe-log-auth-header"}
    assert after["stats"]["allowlisted"] == 2
