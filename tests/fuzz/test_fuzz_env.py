"""Env files and the env scanner: any file content, any folder name, never a crash.

tests/classify/test_env_usages.py already feeds `find_usages` token soup; here are the env
file parser on raw bytes and on dotenv-like text, and `scan_env` end to end (definitions,
usages, framework detection, exposure, findings, and the JSON and SARIF reports of them) on
projects whose files and folder names are made up.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from launchguard.config import Config
from launchguard.engine.scan import Matcher
from launchguard.envscan import scan_env
from launchguard.report.records import record
from launchguard.sources.dotenv_files import parse_env_text
from tests.fuzz import targets
from tests.fuzz.checks import fuzz_settings

# Pieces of dotenv syntax: quotes, escapes, `${}` references, comments, line ends.
_ENV_PIECES = [
    *["export ", "A", "B_2", "=", " ", "'", '"', "\\", "\\n", "${", "}", "$", "#", ":-"],
    *["\n", "\r\n", "\r", "\t", "é", "\x00", "\u2028", "\ud800", "KEY", "value", "${A}", "=="],
]
ENV_TEXT = st.lists(st.sampled_from(_ENV_PIECES) | st.text(max_size=4), max_size=40).map("".join)
# Set in the process environment while the parser runs: a `${...}` reference must never pick
# it up (only the file's own variables expand).
_HOST_VARIABLE = "LAUNCHGUARD_FUZZ_HOST_ONLY"
_HOST_VALUE = "host-value-that-must-not-leak"


@fuzz_settings(400)
@given(st.binary(max_size=400))
@example(b"A=1\r\nB='x\rC=2")
@example(b"\xff\xfeA=1")
def test_any_env_file_bytes_parse(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        targets.env_file(data, Path(folder))


@fuzz_settings(400)
@given(ENV_TEXT)
@example("A=${" + _HOST_VARIABLE + '}\nB="${' + _HOST_VARIABLE + ':-x}"')
@example("A='\ud800'\nB=${A}")
def test_env_text_expands_only_its_own_variables(text: str) -> None:
    os.environ[_HOST_VARIABLE] = _HOST_VALUE
    try:
        parsed = parse_env_text(text, "x/.env", "all")
    finally:
        del os.environ[_HOST_VARIABLE]
    lines = len(text.splitlines()) + 1
    for definition in parsed.definitions:
        assert 1 <= definition.line <= lines
        assert definition.name
        if definition.value is not None:
            assert _HOST_VALUE not in definition.value


# A project: a package.json, env files, code that reads variables, in a folder whose name may
# hold a newline or bytes that are not UTF-8.
_FOLDER_NAMES = st.sampled_from([b"web", b"web\xff", b"a\nb", b"sp ace", b"#x", "é".encode()])
_PACKAGES = st.sampled_from(
    [
        b'{"dependencies": {"vite": "5"}}',
        b'{"dependencies": {"next": "14"}, "devDependencies": {"expo": "1"}}',
        b'{"dependencies": [1]}',
        b"{not json",
        b"[" * 3000,
        b"",
    ]
)
_ENV_NAMES = st.sampled_from([".env", ".env.production", ".env.development", ".env.example"])
_CODE = st.lists(
    st.sampled_from(
        [
            "import.meta.env.VITE_SECRET_KEY",
            "process.env.API_TOKEN",
            "process.env['DB_PASSWORD']",
            "const { A, B: b } = process.env",
            "console.log(",
            ")",
            "\n",
            ";",
            "`${",
            "}`",
            "'",
        ]
    ),
    max_size=12,
).map("".join)
_ENV_LINES = st.lists(
    st.sampled_from(
        [
            "VITE_SECRET_KEY=Zx8Qw3Lp9Rt2Vb7Nm4Kj6Hg5Fd1Sa0Pq",
            "API_TOKEN=x",
            "DB_PASSWORD='p\\'w\"d'",
            "NEXT_PUBLIC_URL=${API_TOKEN}",
            "broken line",
            '"unterminated',
            "\x00",
        ]
    )
    | st.text(max_size=20),
    max_size=6,
).map("\n".join)


@pytest.fixture(scope="module")
def matcher(hyperscan_matcher: Matcher) -> Matcher:
    return hyperscan_matcher


@fuzz_settings(40, slow=True)
@given(
    folder=_FOLDER_NAMES,
    package=_PACKAGES,
    env_files=st.dictionaries(_ENV_NAMES, _ENV_LINES, max_size=3),
    code=_CODE,
)
@example(
    folder=b"web\xff",
    package=b'{"dependencies": {"vite": "5"}}',
    env_files={".env": "VITE_SECRET_KEY=Zx8Qw3Lp9Rt2Vb7Nm4Kj6Hg5Fd1Sa0Pq"},
    code="console.log(import.meta.env.VITE_OTHER)",
)
def test_env_scan_reports_any_project(
    matcher: Matcher, folder: bytes, package: bytes, env_files: dict[str, str], code: str
) -> None:
    """The folder named `web\\xff` (not UTF-8) once made `launchguard env` exit 3 with a
    UnicodeEncodeError: its findings carried the raw name into the fingerprint and reports."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        project = root / os.fsdecode(folder)
        project.mkdir()
        (project / "package.json").write_bytes(package)
        (project / "main.js").write_text(code, encoding="utf-8", errors="surrogatepass")
        for name, text in env_files.items():
            (project / name).write_bytes(text.encode("utf-8", "surrogatepass"))
        result = scan_env(root, Config(), matcher)
        assert result.inventory is not None
        assert len(result.inventory.files) == len(env_files)
        for finding in result.findings:
            assert finding.location.path.isprintable()
            assert finding.fingerprint
        document = json.loads(targets.render_json(result))
        assert document["findings"] == [record(f, show_secrets=False) for f in result.findings]
        assert len(document["inventory"]) == len(result.inventory.variables)
        log = json.loads(targets.render_sarif(result))
        assert len(log["runs"][0]["results"]) == len(result.findings)


@fuzz_settings(300)
@given(st.binary(max_size=300))
def test_any_bytes_read_as_code_give_usages_in_range(data: bytes) -> None:
    targets.env_usages(data, Path())
