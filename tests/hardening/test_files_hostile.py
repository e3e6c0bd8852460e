"""Hostile files on disk: each gets findings or a named skip, never a traceback or a silent
clean. The secrets planted are fake (tests/helpers/fake.py) and generated at test time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.cli import Run, run
from tests.helpers.fake import github_classic, stripe_live

STRIPE = "stripe-secret-key"


def _scan(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[Run, dict[str, Any]]:
    r = run(capsys, "scan", *argv, "--all-files", "--format", "json", "--no-progress")
    assert "Traceback" not in r.err
    return r, r.json()


def _rules(doc: dict[str, Any]) -> list[str]:
    return [f["rule"] for f in doc["findings"]]


def _skips(doc: dict[str, Any]) -> dict[str, str]:
    return {s["path"]: s["reason"] for s in doc["stats"]["skipped"]}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_binary_file_is_skipped_by_design_and_text_beside_it_is_scanned(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0" + os.urandom(4096))
    (here / "app.py").write_text(f'KEY = "{stripe_live(1)}"\n')
    r, doc = _scan(capsys, ".")
    assert r.code == 1
    assert _rules(doc) == [STRIPE]
    assert _skips(doc) == {"image.bin": "binary file"}
    assert doc["stats"]["incomplete"] is False  # a binary cannot hide a text secret


def test_stray_nul_bytes_do_not_make_text_binary(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / ".env").write_bytes(
        b"\0\0APP_NAME=demo\nSTRIPE_KEY=" + stripe_live(14).encode() + b"\n"
    )
    (here / "blob.bin").write_bytes(bytes(range(256)) * 8 + stripe_live(15).encode())
    r, doc = _scan(capsys, ".")
    assert r.code == 1
    assert [(f["path"], f["line"]) for f in doc["findings"] if f["rule"] == STRIPE] == [(".env", 2)]
    assert _skips(doc) == {"blob.bin": "binary file"}


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(
    encoding: str, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "export.txt").write_bytes(f'token: "{stripe_live(16)}"\n'.encode(encoding))
    r, doc = _scan(capsys, ".")
    assert (r.code, _rules(doc)) == (1, [STRIPE])


def test_invalid_utf8_around_a_secret_does_not_hide_it(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "mixed.txt").write_bytes(
        b"\xc3\x28 junk \x80\x81\nkey = " + stripe_live(2).encode() + b" \xed\xa0\x80\n"
    )
    (here / "looks-utf16.txt").write_bytes(  # a UTF-16 byte order mark, then odd-length bytes
        b"\xff\xfe\x80\nkey = " + stripe_live(3).encode() + b"\n"
    )
    r, doc = _scan(capsys, ".")
    assert (r.code, _rules(doc)) == (1, [STRIPE, STRIPE])
    assert [f["line"] for f in doc["findings"]] == [2, 2]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded_and_scanned(
    encoding: str, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = f'\ufeff# settings\nSTRIPE = "{stripe_live(3)}"\n'
    (here / "settings.ps1").write_bytes(text.encode(encoding))
    r, doc = _scan(capsys, ".")
    assert (r.code, _rules(doc)) == (1, [STRIPE])
    assert doc["findings"][0]["line"] == 2


def test_file_over_the_size_limit_is_named_and_the_scan_is_incomplete(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = here / "dump.sql"
    with big.open("wb") as f:  # 200 MB, sparse: costs no disk
        f.truncate(200 << 20)
    (here / ".launchguard.yaml").write_text("max-file-size: 100MB\n")
    r, doc = _scan(capsys, ".")
    assert r.code == 3
    assert _skips(doc) == {"dump.sql": "larger than max-file-size (200.0 MB > 100.0 MB)"}
    assert doc["stats"]["incomplete"] is True
    r = run(capsys, "scan", ".", "--all-files", "--no-progress")
    assert "not scanned: dump.sql" in r.out
    assert "incomplete" in r.out


def test_200_mb_file_is_scanned_in_parts_by_default(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = b"2026-11-22 INFO served /api/items in 12 ms\n"
    chunk = line * ((1 << 20) // len(line))
    with (here / "huge.log").open("wb") as f:
        for i in range(200):
            if i == 150:
                f.write(f"token={stripe_live(4)}\n".encode())
            f.write(chunk)
    r, doc = _scan(capsys, ".")
    assert (r.code, _rules(doc)) == (1, [STRIPE])
    assert doc["findings"][0]["line"] == 150 * (len(chunk) // len(line)) + 1
    assert doc["stats"]["files"] == 1


def test_50_mb_single_line_reports_the_right_column(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filler = b'var a="x";' * (5 << 20)
    (here / "bundle.min.js").write_bytes(filler + f'var k="{stripe_live(5)}";'.encode())
    r, doc = _scan(capsys, ".")
    assert (r.code, _rules(doc)) == (1, [STRIPE])
    assert doc["findings"][0]["column"] == len(filler) + len('var k="') + 1


def test_huge_generated_python_module_is_scanned_without_the_log_parser(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Parsing 2 MB of one-statement-per-line Python takes gigabytes of ast: the rules still
    read it all, the log analysis leaves it alone."""
    body = b"x = 1\n" * ((2 << 20) // 6) + f'logging.info("key %s", "{stripe_live(6)}")\n'.encode()
    (here / "generated_pb2.py").write_bytes(b"import logging\n" + body)
    r, doc = _scan(capsys, ".")
    assert (r.code, _rules(doc)) == (1, [STRIPE])


@pytest.mark.parametrize("name", ["deep.json", "deep.ipynb", "deep.js.map"])
def test_deeply_nested_json_is_scanned_as_text(
    name: str, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nested = "[" * 100_000 + "]" * 100_000
    (here / name).write_text(f'{{"a": {nested}, "k": "{stripe_live(7)}"}}')
    r, doc = _scan(capsys, ".")
    assert (r.code, _rules(doc)) == (1, [STRIPE])


@pytest.mark.parametrize(
    "content",
    [
        '["not", "a", "map"]',
        '{"version": 3, "sources": ["a.js"], "sourcesContent": [123, null, {"x": 1}]}',
        '{"version": 3, "sources": null, "sourcesContent": "text", "mappings": "!!!"}',
        '{"version": 3, "sources": ["a.js"], "sourcesContent": ["ok"], "mappings": "////+"}',
        '{"version": 3, "sections": [{"offset": {"line": -1}, "map": 7}]}',
    ],
)
def test_malformed_source_map_is_still_scanned(
    content: str, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = stripe_live(8)
    (here / "app.js.map").write_text(content[:-1] + f', "leak": "{secret}"}}')
    r, doc = _scan(capsys, ".")
    assert (r.code, _rules(doc)) == (1, [STRIPE])


def test_huge_sources_content_is_expanded_to_its_original_file(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = "a" * (40 << 20) + f'\nconst key = "{stripe_live(9)}";\n'
    doc_map = {"version": 3, "sources": ["src/config.ts"], "sourcesContent": [original]}
    (here / "app.js.map").write_text(json.dumps(doc_map | {"mappings": "AAAA;" * 100_000}))
    r, doc = _scan(capsys, ".")
    assert (r.code, _rules(doc)) == (1, [STRIPE])
    assert doc["findings"][0]["line"] == 2


def test_symlink_loops_and_links_out_of_the_tree_are_named_not_followed(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = here.parent / f"{here.name}-outside"
    outside.mkdir()
    (outside / "secret.py").write_text(f'K = "{stripe_live(10)}"\n')
    tree = here / "tree"
    tree.mkdir()
    (tree / "app.py").write_text(f'GH = "{github_classic(11)}"\n')
    (tree / "loop-a").symlink_to("loop-b")
    (tree / "loop-b").symlink_to("loop-a")
    (tree / "self").symlink_to(".")
    (tree / "out-file").symlink_to(outside / "secret.py")
    (tree / "out-dir").symlink_to(outside)
    r, doc = _scan(capsys, "tree")
    assert (r.code, _rules(doc)) == (1, ["github-pat-classic"])
    assert _skips(doc) == {
        "tree/loop-a": "broken symlink or symlink loop",
        "tree/loop-b": "broken symlink or symlink loop",
        "tree/out-dir": "symlink pointing outside the scanned folder",
        "tree/out-file": "symlink pointing outside the scanned folder",
        "tree/self": "symlink (its target is scanned under its own path)",
    }
    assert doc["stats"]["incomplete"] is False


@pytest.mark.parametrize("fmt", ["table", "json", "sarif", "github", "markdown", "html"])
def test_odd_file_names_are_reported_escaped_in_every_format(
    fmt: str, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = stripe_live(12)
    names = {
        b"new\nline::error file=x::forged.py": "new\\nline::error file=x::forged.py",
        b"quo\"te's.py": "quo\"te's.py",
        b"bad\xff\xfename.py": "bad\\xff\\xfename.py",
        b"tab\there.py": "tab\\there.py",
    }
    for raw in names:
        (here / os.fsdecode(raw)).write_text(f'K = "{secret}"\n')
    r = run(capsys, "scan", ".", "--all-files", "--no-progress", "--format", fmt)
    assert r.code == 1, r.err
    assert "Traceback" not in r.err
    _, doc = _scan(capsys, ".")
    assert sorted(f["path"] for f in doc["findings"]) == sorted(names.values())
    lines = r.out.splitlines()
    assert not any(line.startswith("line::error") for line in lines)  # no forged line
    if fmt == "table":
        assert "bad\\xff\\xfename.py" in r.out


def test_special_files_are_skipped_by_name(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(here / "pipe")
    (here / "app.py").write_text(f'K = "{stripe_live(13)}"\n')
    r, doc = _scan(capsys, ".")
    assert (r.code, _rules(doc)) == (1, [STRIPE])
    assert _skips(doc) == {"pipe": "not a regular file (device, socket or pipe)"}


def test_bundle_map_url_pointing_out_of_the_project_is_not_read(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`//# sourceMappingURL=` is written by whoever built the bundle: `../../dev/zero` would
    read forever, and what another file holds is never shown."""
    assets = here / "dist" / "assets"
    assets.mkdir(parents=True)
    ups = "../" * 12
    (assets / "app.js").write_text(
        f'const k="{stripe_live(17)}";\n//# sourceMappingURL={ups}dev/zero\n'
    )
    (assets / "vendor.js").write_text(
        f'const g="{github_classic(18)}";\n//# sourceMappingURL={ups}etc/passwd\n'
    )
    r = run(capsys, "bundle", "dist", "--format", "json", "--no-progress")
    assert r.code == 1
    assert sorted(f["rule"] for f in r.json()["findings"]) == ["github-pat-classic", STRIPE]
    assert "root:" not in r.out


@pytest.mark.parametrize("command", ["env", "audit", "scan"])
def test_env_file_linked_to_a_device_or_a_pipe_never_blocks(
    command: str, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / ".env").symlink_to("/dev/zero")
    os.mkfifo(here / ".env.production")
    (here / "app.js").write_text("console.log(process.env.API_URL);\n")
    extra = ["--no-history"] if command == "audit" else []
    r = run(capsys, command, ".", *extra, "--no-progress", "--format", "json")
    assert r.code in (0, 1, 3)  # 1: a committed .env file is a finding by its name alone
    assert "Traceback" not in r.err
    if command == "env":
        assert r.code == 3  # the env files could not be read: the inventory is incomplete


_PEM_BODY = "\n".join("MIIE" + "Ab9Z" * 15 for _ in range(5))  # shorter than the overlap


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cuts=st.lists(st.integers(min_value=0, max_value=6000), min_size=1, max_size=6),
    long_line=st.booleans(),
)
def test_a_file_read_in_parts_gives_what_the_whole_file_gives(
    cuts: list[int], long_line: bool, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts of 2 KB overlapping by 512 bytes: every secret, including a private key block
    across a cut and secrets on one very long line, at the line and column of the whole."""
    text = ("x" if long_line else "line of filler text\n") * 400
    planted = [stripe_live(200 + i) for i in range(len(cuts))]
    places = [min(at, len(text)) for at in cuts]  # positions in the filler, last first
    for at, secret in sorted(zip(places, planted, strict=True), reverse=True):
        text = f"{text[:at]} {secret} {text[at:]}"
    key = (
        "-----BEGIN RSA"
        + " PRIVATE KEY-----\n"
        + _PEM_BODY
        + "\n-----END RSA"
        + " PRIVATE KEY-----"
    )
    text = text[:3000] + "\n" + key + "\n" + text[3000:]
    (here / "data.txt").write_text(text)
    whole = _positions(here)
    monkeypatch.setattr("launchguard.sources.files.PART_BYTES", 2048)
    monkeypatch.setattr("launchguard.sources.files.OVERLAP_BYTES", 512)
    assert _positions(here) == whole
    assert len([p for p in whole if p[0] == STRIPE]) == len(planted)


def _positions(here: Path) -> list[tuple[str, int, int]]:
    import contextlib
    import io

    from launchguard.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["scan", str(here / "data.txt"), "--format", "json", "--no-progress"])
    return sorted(
        (f["rule"], f["line"], f["column"]) for f in json.loads(out.getvalue())["findings"]
    )


def test_scanned_code_with_invalid_escapes_prints_no_warning(here: Path) -> None:
    """Python 3.12 warns about `"\\d"` in code it parses: someone else's code is not ours."""
    (here / "legacy.py").write_text(
        'import logging\npattern = "\\d+"\ndef f(token):\n    logging.info("t \\d %s", token)\n'
    )
    proc = subprocess.run(
        [sys.executable, "-m", "launchguard", "scan", ".", "--all-files", "--no-progress"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "always"},
    )
    assert proc.returncode == 1  # the unsafe log call is still found
    assert proc.stderr == ""
