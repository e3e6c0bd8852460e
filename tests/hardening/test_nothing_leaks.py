"""Nothing leaks: every command, every output format, with and without --debug, error paths
included, on a repository full of planted fake secrets. Standard output, standard error, every
written file and the cache folder are searched for each raw value and for a 12-character slice
from its middle (a partial leak is a leak; the redacted form shows only a prefix and the end)."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from launchguard.options import FORMATS
from launchguard.report import ALWAYS_REDACTED
from tests.conftest import commit_all, git
from tests.helpers.cli import run
from tests.helpers.fake import (
    aws_key_id,
    aws_secret,
    github_classic,
    jwt,
    openai_project,
    pem_rsa_block,
    rand,
    slack_bot,
    stripe_live,
)


class Planted:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.values = {
            "stripe": stripe_live(301),
            "github": github_classic(302),
            "aws_id": aws_key_id(303),
            "aws_secret": aws_secret(304),
            "openai": openai_project(305),
            "slack": slack_bot(306),
            "jwt": jwt({"role": "service_role", "iss": "supabase"}, 307),
            "pem_body": rand(64, seed=308),
            "session": rand(40, seed=309),
            "log_token": "tok_" + rand(32, seed=310),
        }
        self.values["b64"] = base64.b64encode(self.values["slack"].encode()).decode()

    def traces(self) -> dict[str, str]:
        """What may never appear: each value, and a slice from its middle."""
        out = {}
        for name, value in self.values.items():
            out[name] = value
            middle = len(value) // 2
            out[f"{name}[middle]"] = value[middle - 6 : middle + 6]
        return out

    def leaks(self, *texts: str) -> list[str]:
        joined = "".join(texts)
        return [name for name, trace in self.traces().items() if trace in joined]


def _build(root: Path) -> Planted:
    p = Planted(root)
    v = p.values
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "commit.gpgsign", "false")
    (root / "package.json").write_text('{"dependencies": {"vite": "7.0.0"}}\n')
    commit_all(root, "start")  # the range HEAD~3..HEAD covers every commit after this one
    (root / "app.py").write_text(
        "import logging\nlogger = logging.getLogger(__name__)\n"
        f'STRIPE = "{v["stripe"]}"\n'
        f'token = "{v["log_token"]}"\n'
        'logger.info("token %s", token)\n'
    )
    (root / "config.js").write_text(f'export const gh = "{v["github"]}";\n')
    (root / ".env").write_text(
        f"AWS_ACCESS_KEY_ID={v['aws_id']}\nAWS_SECRET_ACCESS_KEY={v['aws_secret']}\n"
        f"VITE_OPENAI_KEY={v['openai']}\nSESSION_SECRET={v['session']}\n"
    )
    (root / "deploy.yaml").write_text(f"data:\n  slack: {v['b64']}\n")
    pem = pem_rsa_block(311).replace("MIIEowIBAAKCAQEA", "MIIEowIBAAKCAQEA" + v["pem_body"])
    (root / "old_key.pem").write_text(pem)
    commit_all(root, "first")
    git(root, "rm", "-q", "old_key.pem")
    commit_all(root, "remove the key")
    assets = root / "dist" / "assets"
    assets.mkdir(parents=True)
    (root / ".gitignore").write_text("dist/\n")
    (assets / "index-abc.js").write_text(
        f'const s="{v["session"]}";fetch("/x",{{headers:{{a:"{v["jwt"]}"}}}});\n'
        "//# sourceMappingURL=index-abc.js.map\n"
    )
    source = f'export const token = "{v["stripe"]}";\n'
    source_map = {"version": 3, "sources": ["../../src/main.ts"], "mappings": "AAAA"}
    (assets / "index-abc.js.map").write_text(json.dumps(source_map | {"sourcesContent": [source]}))
    commit_all(root, "ignore dist")
    (root / "staged.py").write_text(f'SLACK = "{v["slack"]}"\n')
    git(root, "add", "staged.py")
    return p


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    return _build(tmp_path_factory.mktemp("leaks") / "repo")


@pytest.fixture
def planted(built: Planted, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Planted:
    """A fresh copy per test (commands write baselines and reports into it)."""
    copy = tmp_path / "repo"
    shutil.copytree(built.root, copy, symlinks=True)
    monkeypatch.chdir(copy)
    planted = Planted(copy)
    planted.values = built.values
    return planted


COMMANDS = {
    "scan": ["scan", "."],
    "hook": ["hook", "app.py", "config.js", ".env", "deploy.yaml", "staged.py"],
    "staged": ["staged"],
    "history": ["history"],
    "history-range": ["history", "--range", "HEAD~3..HEAD"],
    "bundle": ["bundle", "dist", "--env-file", ".env"],
    "env": ["env", "."],
    "audit": ["audit", "."],
}


def _written(planted: Planted) -> str:
    """Every file launchguard may have written: reports, baselines, and the whole cache."""
    texts = []
    folders = [planted.root / "out", Path(os.environ["LAUNCHGUARD_CACHE_DIR"])]
    for folder in folders:
        for path in folder.rglob("*") if folder.exists() else []:
            if path.is_file():
                texts.append(path.read_bytes().decode("utf-8", "replace"))
    baseline = planted.root / ".launchguard-baseline.json"
    if baseline.exists():
        texts.append(baseline.read_text())
    return "".join(texts)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_command_and_no_format_prints_a_secret(
    command: str, fmt: str, planted: Planted, capsys: pytest.CaptureFixture[str]
) -> None:
    (planted.root / "out").mkdir()
    argv = [*COMMANDS[command], "--format", fmt, "--no-progress"]
    argv += ["--output", "out/report", "--also-write", "json=out/also.json"]
    debug = ["--debug"] if fmt in ("json", "table") else []
    r = run(capsys, *debug, *argv)
    assert r.code in (1, 3), r.err  # every command here has something to report
    assert (planted.root / "out" / "report").stat().st_size > 0
    assert planted.leaks(r.out, r.err, _written(planted)) == []


def test_baseline_and_rules_commands_print_no_secret(
    planted: Planted, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for argv in (["baseline", "."], ["baseline", "--history"], ["rules", "list"]):
        r = run(capsys, "--debug", *argv)
        assert r.code in (0, 1), r.err
        outputs += [r.out, r.err]
    assert (planted.root / ".launchguard-baseline.json").exists()
    assert planted.leaks(*outputs, _written(planted)) == []


def _error_cases(v: dict[str, str]) -> dict[str, tuple[str, list[str]]]:
    """name -> (content of .launchguard.yaml or "", argv): each one fails, naming its input."""
    rule = (
        "provider: acme\nrules:\n  - id: acme-key\n    name: Acme\n    kind: secret\n"
        f"    severity: high\n    pattern: '(({v['stripe']}'\n    examples: [x]\n"
        "    rotate: {url: 'https://acme.invalid', steps: [a]}\n"
    )
    return {
        "broken YAML line": (f"exclude: [\n  {v['github']}: : ]\n", ["scan", "."]),
        "unknown key": (f"{v['openai']}: 1\n", ["scan", "."]),
        "bad allow regex": (f"allow:\n  - value: '(({v['aws_secret']}'\n", ["scan", "."]),
        "bad custom rule": ("rules: [acme.yaml]\n" + "#" + rule, ["scan", "."]),
        "corrupt baseline": ("", ["scan", ".", "--baseline", "bad-baseline.json"]),
        "missing range": ("", ["history", "--range", f"{v['stripe']}..HEAD"]),
        "missing path": ("", ["scan", f"./{v['github']}"]),
        "missing env file": ("", ["bundle", "dist", "--env-file", f"{v['slack']}.env"]),
    }


@pytest.mark.parametrize("case", sorted(_error_cases(dict.fromkeys(Planted(Path()).values, "x"))))
@pytest.mark.parametrize("debug", [False, True])
def test_error_messages_never_quote_a_secret(
    case: str, debug: bool, planted: Planted, capsys: pytest.CaptureFixture[str]
) -> None:
    v = planted.values
    config, argv = _error_cases(v)[case]
    if config:
        (planted.root / ".launchguard.yaml").write_text(config)
    if case == "bad custom rule":  # the rule file holds the bad pattern; the config names it
        (planted.root / ".launchguard.yaml").write_text("rules: [acme.yaml]\n")
        (planted.root / "acme.yaml").write_text(config.split("#", 1)[1])
    (planted.root / "bad-baseline.json").write_text(
        f'{{"format": "x", "findings": ["{v["github"]}"'
    )
    r = run(capsys, *(["--debug"] if debug else []), *argv, "--no-progress")
    assert r.code in (2, 3), (r.code, r.err)
    assert r.err.strip(), "an error must say what went wrong"
    assert planted.leaks(r.out, r.err, _written(planted)) == []


@pytest.mark.parametrize("command", ["scan", "history", "audit"])
def test_a_real_process_writes_no_secret_to_its_streams(command: str, planted: Planted) -> None:
    """Out of process: whatever Python itself might print (warnings, thread errors) counts."""
    argv = [*COMMANDS[command], "--no-progress", "--format", "table"]
    proc = subprocess.run(
        [sys.executable, "-m", "launchguard", "--debug", *argv],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "always"},
    )
    assert proc.returncode in (1, 3), proc.stderr
    assert planted.leaks(proc.stdout, proc.stderr) == []


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in ALWAYS_REDACTED])
def test_show_secrets_does_reveal_so_the_search_can_fail(
    fmt: str, planted: Planted, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "scan", ".", "--format", fmt, "--no-progress", "--show-secrets")
    assert r.code == 1
    assert planted.leaks(r.out.replace("\n", ""))


def test_an_internal_error_and_its_traceback_quote_no_secret(
    planted: Planted, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug whose exception quotes the text it choked on, as `int()` and `json` do."""
    secret = planted.values["github"]

    def choke(*_args: object, **_kwargs: object) -> None:
        int(f"token={secret}")

    monkeypatch.setattr("launchguard.pipeline.run", choke)
    for debug in ([], ["--debug"]):
        r = run(capsys, *debug, "scan", ".", "--no-progress")
        assert r.code == 3
        assert "internal error: ValueError: invalid literal for int()" in r.err
        assert ("Traceback" in r.err) == bool(debug)
        assert planted.leaks(r.out, r.err) == []
