"""Hostile git repositories and git faults: submodules, LFS pointers, missing and corrupt
objects, shallow clones, a repository owned by another user, a git killed mid-stream, odd
file names, 100,000 files, and git output fed arbitrary bytes.

Each case ends with findings or a named skip, or one line and exit 3: never a traceback,
never a hang, never a silent clean. A secret planted elsewhere in the repository is still
found ("nothing is lost"). The secrets are fake (tests/helpers/fake.py), made at test time.
"""

from __future__ import annotations

import collections
import hashlib
import io
import json
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from launchguard.errors import LaunchguardError, ScanFailedError
from launchguard.github_event import Checkout, plan
from launchguard.sources.attribution import _parse_raw_log, gitlinks
from launchguard.sources.blobstream import Blob, _read_one
from launchguard.sources.commit_range import RangeChanges, keep_added, parse_log
from launchguard.sources.gitrepo import unquote_path
from launchguard.sources.history import _listed
from tests.conftest import commit_all, git
from tests.helpers.cli import Run, run
from tests.helpers.fake import github_classic, stripe_live
from tests.helpers.fastimport import many_blobs
from tests.helpers.procs import alive, children, cmdline

STRIPE = "stripe-secret-key"
SUBMODULE = "git submodule (scan it on its own)"
QUIET = ("--no-progress", "--format", "json")


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[Run, dict[str, Any]]:
    """One command in-process, as JSON; never a traceback, whatever the outcome."""
    r = run(capsys, *argv, *QUIET)
    assert "Traceback" not in r.err + r.out
    return r, (r.json() if r.out else {})


def _found(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((f["path"], f["rule"]) for f in doc["findings"])


def _skips(doc: dict[str, Any]) -> dict[str, str]:
    return {s["path"]: s["reason"] for s in doc["stats"]["skipped"]}


def _one_line_error(r: Run | tuple[int, str, str], code: int = 3) -> str:
    """The run failed with `code`, printing one line on stderr and no report."""
    rc, out, err = (r.code, r.out, r.err) if isinstance(r, Run) else r
    assert (rc, out) == (code, ""), err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("launchguard: error: ")
    return err.strip()


def _plant(repo: Path, name: str = "app.py", seed: int = 1) -> str:
    secret = stripe_live(seed)
    (repo / name).write_text(f'STRIPE_KEY = "{secret}"\n')
    return secret


@pytest.fixture
def repo(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(git_repo)
    return git_repo


# 1. Submodules ------------------------------------------------------------------------------
# A submodule is another repository: its commits are not in this one's object store, so `scan`,
# `staged` and `history` name it as not scanned, by design (not incomplete), as gitleaks and
# trufflehog skip submodule contents. Its own scan finds its own secrets.


@pytest.fixture
def with_submodule(repo: Path, tmp_path: Path) -> Path:
    """A repository whose submodule holds a secret; the repository's own secret is staged
    (app.py), with the submodule, on top of a first commit."""
    sub = tmp_path / "library"
    sub.mkdir()
    git(sub, "init", "-q", "-b", "main")
    (sub / "token.py").write_text(f'TOKEN = "{github_classic(9)}"\n')
    commit_all(sub, "library")
    (repo / "README.md").write_text("# app\n")
    commit_all(repo, "first")
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub), "vendor/lib")
    _plant(repo)
    git(repo, "add", "-A")
    return repo


def test_staged_submodule_is_named_not_read_and_the_rest_is_scanned(
    with_submodule: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r, doc = _json(capsys, "staged")
    assert r.code == 1
    assert _found(doc) == [("app.py", STRIPE)]
    assert _skips(doc) == {"vendor/lib": SUBMODULE}
    assert doc["stats"]["incomplete"] is False


@pytest.mark.parametrize(
    "command",
    [("scan",), ("history",), ("history", "--range", "main~1..main")],
    ids=["scan", "history", "range"],
)
def test_committed_submodule_is_named_not_read_and_the_rest_is_scanned(
    with_submodule: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    commit_all(with_submodule, "add the library")
    r, doc = _json(capsys, *command)
    assert r.code == 1
    assert _found(doc) == [("app.py", STRIPE)]  # the library's token is its own scan's
    assert _skips(doc) == {"vendor/lib": SUBMODULE}
    assert doc["stats"]["incomplete"] is False


def test_scan_all_files_reads_the_checked_out_submodule(
    with_submodule: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--all-files walks everything on disk, a submodule's checkout included."""
    r, doc = _json(capsys, "scan", "--all-files")
    assert r.code == 1
    assert ("vendor/lib/token.py", "github-pat-classic") in _found(doc)
    assert ("app.py", STRIPE) in _found(doc)


def test_clean_repository_with_a_submodule_is_clean(
    with_submodule: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A skipped submodule does not make a scan incomplete: exit 0, not 3."""
    (with_submodule / "app.py").write_text("STRIPE_KEY = os.environ['STRIPE_KEY']\n")
    commit_all(with_submodule, "add the library")
    for command in (("scan",), ("history",)):
        r, doc = _json(capsys, *command)
        assert (r.code, doc["findings"], doc["stats"]["incomplete"]) == (0, [], False)


# 2. Git LFS pointer files ------------------------------------------------------------------


def _lfs_pointer(n: int) -> str:
    oid = hashlib.sha256(f"asset {n}".encode()).hexdigest()
    return f"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {n * 7919}\n"


def test_lfs_pointers_are_not_secrets(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".gitattributes").write_text("*.bin filter=lfs diff=lfs merge=lfs -text\n")
    for n in range(60):
        (repo / f"asset{n}.bin").write_text(_lfs_pointer(n))
    _plant(repo)
    git(repo, "add", "-A")
    expected = [("app.py", STRIPE)]
    r, doc = _json(capsys, "staged")
    assert (r.code, _found(doc)) == (1, expected)
    commit_all(repo, "assets")
    for command in (("scan",), ("history",)):
        r, doc = _json(capsys, *command)
        assert (r.code, _found(doc), doc["stats"]["skipped"]) == (1, expected, [])


# 3. Missing objects and corrupt packs -------------------------------------------------------
# A missing blob is one object not scanned: it is named (its id, and `git fsck`) and every
# other blob is still scanned, so history exits 1 when something else was found and 3 when not.
# A corrupt pack makes git itself stop: one line with git's own words, exit 3.


def _delete_loose(repo: Path, rev: str) -> str:
    blob = git(repo, "rev-parse", rev).strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    return blob


def test_missing_blob_is_named_and_every_other_blob_still_scanned(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _plant(repo)
    (repo / "settings.py").write_text("DEBUG = False\n")
    commit_all(repo)
    blob = _delete_loose(repo, "HEAD:settings.py")
    r, doc = _json(capsys, "history")
    assert r.code == 1
    assert _found(doc) == [("app.py", STRIPE)]
    assert doc["stats"]["incomplete"] is True
    [(path, reason)] = _skips(doc).items()
    assert path == f"(git object {blob[:12]})"
    assert blob in reason
    assert "missing" in reason
    assert "git fsck" in reason


def test_missing_blob_alone_is_incomplete_never_clean(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "settings.py").write_text("DEBUG = False\n")
    commit_all(repo)
    blob = _delete_loose(repo, "HEAD:settings.py")
    r, doc = _json(capsys, "history")
    assert (r.code, doc["findings"], doc["stats"]["incomplete"]) == (3, [], True)
    r, doc = _json(capsys, "audit")
    assert (r.code, doc["incomplete"]) == (3, True)
    assert any(blob in s["reason"] for s in doc["stats"]["skipped"])


def test_missing_blob_inside_a_range_is_one_line_naming_it(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`git log -p` needs the blob to diff it: git stops, and says which object."""
    (repo / "README.md").write_text("# app\n")
    commit_all(repo, "first")
    _plant(repo)
    (repo / "settings.py").write_text("DEBUG = False\n")
    commit_all(repo, "second")
    blob = _delete_loose(repo, "HEAD:settings.py")
    err = _one_line_error(run(capsys, "history", "--range", "HEAD~1..HEAD", *QUIET))
    assert blob in err


def _launchguard(*argv: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "launchguard", *argv],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(proc: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str, str]:
    """The exit code and output; a hang fails the test instead of hanging it."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"launchguard still ran after {timeout} s")
    return proc.returncode, out, err


def test_corrupt_pack_is_one_line_and_exit_3(repo: Path) -> None:
    _plant(repo)
    for n in range(200):  # no deltas, little compression: the middle of the pack is blob data
        (repo / f"data{n}.txt").write_text(random.Random(n).randbytes(3000).hex())
    commit_all(repo)
    git(repo, "gc", "-q")
    [pack] = (repo / ".git" / "objects" / "pack").glob("*.pack")
    pack.chmod(0o644)
    data = bytearray(pack.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = b"\xaa" * 64
    pack.write_bytes(bytes(data))
    for command in (("history",), ("audit",)):
        err = _one_line_error(_finish(_launchguard(*command, *QUIET, cwd=repo)))
        assert re.search(r"git cat-file failed in .*: fatal: .*corrupt", err), err
        assert re.search(r"[0-9a-f]{40}", err), err  # git names the object
    # The working tree is not in the pack: its scan still finds the secret.
    code, out, _ = _finish(_launchguard("scan", *QUIET, cwd=repo))
    assert (code, _found(json.loads(out))) == (1, [("app.py", STRIPE)])


def test_blob_over_max_file_size_is_named_and_the_rest_scanned(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Read past, not into memory (a 4 GB blob would need 4 GB): named, and incomplete."""
    (repo / ".launchguard.yaml").write_text("max-file-size: 1KB\n")
    (repo / "dump.sql").write_text("INSERT INTO t VALUES (1);\n" * 400)
    _plant(repo)
    commit_all(repo)
    r, doc = _json(capsys, "history")
    assert (r.code, _found(doc), doc["stats"]["incomplete"]) == (1, [("app.py", STRIPE)], True)
    assert _skips(doc) == {"dump.sql": "larger than max-file-size (10.2 KB > 1.0 KB)"}


# 4. Shallow clones (whole history and a range missing BASE: tests/sources/test_history.py) ---


@pytest.fixture
def shallow_branches(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """main and feature, cloned one commit deep: feature's first commit (which added a
    secret that its second commit removed) is below the cut."""
    (repo / "README.md").write_text("# app\n")
    commit_all(repo, "first")
    git(repo, "checkout", "-q", "-b", "feature")
    _plant(repo, "leak.py", seed=3)
    commit_all(repo, "leak")
    git(repo, "rm", "-q", "leak.py")
    (repo / "b.md").write_text("b\n")
    commit_all(repo, "remove the leak")
    git(repo, "checkout", "-q", "main")
    (repo / "m.md").write_text("m\n")
    commit_all(repo, "main moves on")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--no-single-branch", "--depth", "1", f"file://{repo}", str(clone))
    monkeypatch.chdir(clone)
    return clone


def test_range_across_the_shallow_cut_is_incomplete_not_clean(
    shallow_branches: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both ends are in the clone, but the commit that leaked is not: never a silent clean."""
    err = _one_line_error(run(capsys, "history", "--range", "origin/main..origin/feature"))
    assert "shallow clone cuts through origin/main..origin/feature" in err
    assert "git fetch --unshallow" in err
    git(shallow_branches, "fetch", "-q", "--unshallow")
    r, doc = _json(capsys, "history", "--range", "origin/main..origin/feature")
    assert (r.code, _found(doc)) == (1, [("leak.py", STRIPE)])


def test_range_inside_what_the_shallow_clone_holds_is_scanned(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(3):
        (repo / f"f{n}.py").write_text(f"x = {n}\n")
        commit_all(repo, f"c{n}")
    _plant(repo)
    commit_all(repo, "leak")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repo}", str(clone))
    monkeypatch.chdir(clone)
    r, doc = _json(capsys, "history", "--range", "HEAD~1..HEAD")
    assert (r.code, _found(doc), doc["stats"]["incomplete"]) == (1, [("app.py", STRIPE)], False)


def test_audit_of_a_shallow_clone_says_the_history_is_incomplete(
    shallow_branches: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r, doc = _json(capsys, "audit")
    assert (r.code, doc["incomplete"]) == (3, True)
    assert "shallow clone" in _skips(doc)["(git history)"]
    assert [p["complete"] for p in doc["phases"] if p["name"] == "history"] == [False]
    # A leak in what the clone holds is still found, and outranks "incomplete".
    _plant(shallow_branches, "now.py", seed=4)
    r, doc = _json(capsys, "audit")
    assert (r.code, doc["incomplete"]) == (1, True)
    assert ("now.py", STRIPE) in _found(doc)


# 5. A repository owned by another user (safe.directory) ------------------------------------
# git refuses to work there. The arguments and the configuration are fine: the scan could not
# run, so the exit code is 3 (as for every git failure), never 0, and the one line says how to
# accept the repository. `scan` lists files through git: it must not fall back to "no files".


@pytest.fixture
def foreign(repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _plant(repo)
    (repo / "web").mkdir()
    _plant(repo, "web/client.py", seed=2)
    commit_all(repo)
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")
    status = subprocess.run(
        ["git", "status"], cwd=repo, capture_output=True, text=True, check=False
    )
    assert status.returncode != 0, "this git does not honour GIT_TEST_ASSUME_DIFFERENT_OWNER"
    assert "dubious ownership" in status.stderr
    return repo


@pytest.mark.parametrize(
    "command",
    [
        ("scan",),
        ("scan", "web"),
        ("staged",),
        ("history",),
        ("history", "--range", "HEAD..HEAD"),
        ("audit",),
        ("env",),
    ],
    ids=lambda c: "-".join(c),
)
def test_repository_git_refuses_is_one_line_saying_how_to_accept_it(
    foreign: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    err = _one_line_error(run(capsys, *command, *QUIET))
    assert "belongs to another user" in err
    assert f"git config --global --add safe.directory {foreign}" in err


def test_the_suggested_command_makes_the_repository_scannable(
    foreign: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _one_line_error(run(capsys, "history", *QUIET))
    command = re.search(r"`(git config [^`]+)`", err)
    assert command is not None
    subprocess.run(shlex.split(command.group(1)), check=True)  # HOME is this test's own
    r, doc = _json(capsys, "history")
    assert (r.code, _found(doc)) == (1, [("app.py", STRIPE), ("web/client.py", STRIPE)])


def test_hook_reads_the_files_it_is_given_without_git(
    foreign: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r, doc = _json(capsys, "hook", "app.py")
    assert (r.code, _found(doc)) == (1, [("app.py", STRIPE)])


def test_github_action_in_a_refused_checkout_says_so(foreign: Path) -> None:
    """A container job runs as another user than the one that checked out: the message is
    about ownership, not "run actions/checkout first"."""
    with pytest.raises(ScanFailedError, match=r"safe\.directory"):
        plan("audit", {}, Checkout(foreign))


# 6. git killed mid-stream -------------------------------------------------------------------
# A `git` first on PATH runs the real one; for one command (`cat-file`, `rev-list`) it passes
# on the first N bytes of the real output, then kills itself ("die") or waits to be killed
# ("stall").

_FAKE_GIT = """#!{python}
import os, signal, subprocess, sys, time
real, args = {real!r}, sys.argv[1:]
if os.environ["FAKE_GIT_COMMAND"] not in args:
    os.execv(real, [real, *args])
left = int(os.environ["FAKE_GIT_BYTES"])
git = subprocess.Popen([real, *args], stdout=subprocess.PIPE)
while left > 0 and (chunk := git.stdout.read1(min(left, 65536))):
    sys.stdout.buffer.write(chunk)
    sys.stdout.buffer.flush()
    left -= len(chunk)
if left > 0:  # git ended first: no fault to inject
    sys.exit(git.wait())
if os.environ.get("FAKE_GIT_MODE") == "stall":
    time.sleep(600)
git.kill()
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.fixture
def fake_git_env(tmp_path: Path) -> dict[str, str]:
    real = shutil.which("git")
    assert real is not None
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "git"
    fake.write_text(_FAKE_GIT.format(python=sys.executable, real=real))
    fake.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


@pytest.mark.parametrize(
    ("command", "cut_after"),
    [("cat-file", 0), ("cat-file", 100), ("cat-file", 40_000), ("rev-list", 0), ("rev-list", 300)],
)
def test_git_dying_mid_stream_is_one_line_and_leaves_the_report_alone(
    tmp_path: Path, fake_git_env: dict[str, str], command: str, cut_after: int
) -> None:
    repo = many_blobs(tmp_path / "repo", 4, 300)
    report = tmp_path / "report.json"
    report.write_text("the previous report\n")
    env = {**fake_git_env, "FAKE_GIT_COMMAND": command, "FAKE_GIT_BYTES": str(cut_after)}
    proc = _launchguard("history", "--no-progress", "--output", str(report), cwd=repo, env=env)
    err = _one_line_error(_finish(proc))
    assert err == f"launchguard: error: git {command} failed in {repo}: killed by SIGKILL"
    assert report.read_text() == "the previous report\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def _cat_files(pid: int, deadline: float) -> list[int]:
    while time.monotonic() < deadline:
        found = [p for p in children(pid) if b"cat-file" in cmdline(p)]
        if len(found) >= 2:  # the two streams (see blobstream), and any other cat-file
            return found
        time.sleep(0.01)
    return []


def test_git_killed_from_outside_mid_stream_is_one_line_with_no_hang(
    tmp_path: Path, fake_git_env: dict[str, str]
) -> None:
    """Both cat-file processes stall after some output, as a wedged git would; then they are
    killed, as by the OOM killer. The reader is waiting on one of them: it must wake up."""
    repo = many_blobs(tmp_path / "repo", 4, 300)
    report = tmp_path / "report.json"
    env = {**fake_git_env, "FAKE_GIT_COMMAND": "cat-file", "FAKE_GIT_BYTES": "30000"}
    env["FAKE_GIT_MODE"] = "stall"
    proc = _launchguard("history", "--no-progress", "--output", str(report), cwd=repo, env=env)
    streams = _cat_files(proc.pid, time.monotonic() + 60)
    assert streams, "history never started its cat-file processes"
    time.sleep(0.5)  # let them pass on their bytes and stall
    assert proc.poll() is None, "history ended though git stalled"
    for pid in streams:
        os.kill(pid, signal.SIGKILL)
    err = _one_line_error(_finish(proc, timeout=60))
    assert err.endswith(": killed by SIGKILL")
    assert not report.exists()
    time.sleep(0.2)
    assert [p for p in streams if alive(p)] == []


def test_history_without_a_fault_still_finds_the_secret(
    tmp_path: Path, fake_git_env: dict[str, str]
) -> None:
    """The fault injection itself is sound: a wrapper that passes everything on is clean."""
    repo = many_blobs(tmp_path / "repo", 4, 300)
    _plant(repo, "src/config.js")
    commit_all(repo, "leak")
    env = {**fake_git_env, "FAKE_GIT_COMMAND": "cat-file", "FAKE_GIT_BYTES": str(1 << 40)}
    code, out, err = _finish(_launchguard("history", *QUIET, cwd=repo, env=env))
    assert (code, _found(json.loads(out))) == (1, [("src/config.js", STRIPE)]), err


# 7. File names with newlines, quotes, spaces, backslashes and bytes that are not UTF-8 ----

ODD_NAMES = {  # name on disk -> the path as reports show it (units.printable_path)
    b"new\nline.py": "new\\nline.py",
    b'quo"te.py': 'quo"te.py',
    b"sp ace.py": "sp ace.py",
    b"back\\slash.py": "back\\slash.py",
    b"bad\xff\xfename.py": "bad\\xff\\xfename.py",
    b"tab\there.py": "tab\\there.py",
    b"caf\xc3\xa9.py": "caf\u00e9.py",
    b"x and y.bin": "x and y.bin",  # git diffs it as binary: "Binary files a/x and y.bin and ..."
    b"odd\tbinary.bin": "odd\\tbinary.bin",  # binary, and quoted
}


@pytest.fixture
def odd_names(repo: Path) -> dict[str, str]:
    """Each odd name holds its own secret, staged on top of a first commit: shown path ->
    secret's redacted tail."""
    (repo / "README.md").write_text("# app\n")
    commit_all(repo, "first")
    expected = {}
    for n, (name, shown) in enumerate(ODD_NAMES.items()):
        secret = stripe_live(20 + n)
        body = f'KEY = "{secret}"\n'.encode()
        if name.endswith(b".bin"):
            body = b"\0\1\2" + body  # a NUL byte: binary to git, text with stray bytes to us
        with open(os.path.join(os.fsencode(repo), name), "wb") as f:  # noqa: PTH118, PTH123
            f.write(body)
        expected[shown] = secret[-4:]
    git(repo, "add", "-A")
    return expected


_ALL_ODD = tuple(os.fsdecode(name) for name in ODD_NAMES)  # as pre-commit passes them


@pytest.mark.parametrize(
    "command",
    [
        ("staged",),
        ("hook", *_ALL_ODD),
        ("scan",),
        ("history",),
        ("history", "--range", "main~1..main"),
        ("audit",),
    ],
    ids=["staged", "hook", "scan", "history", "range", "audit"],
)
def test_odd_file_names_are_found_and_shown_escaped(
    odd_names: dict[str, str],
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    command: tuple[str, ...],
) -> None:
    if command[0] not in ("staged", "hook"):
        commit_all(repo, "odd names")
    r, doc = _json(capsys, *command)
    assert r.code == 1
    shown = {(f["path"], f["redacted"][-4:]) for f in doc["findings"]}  # audit: tree and history
    assert shown == set(odd_names.items())
    sarif = run(capsys, *command, "--no-progress", "--format", "sarif")
    assert sarif.code == 1
    results = json.loads(sarif.out)["runs"][0]["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert {urllib.parse.unquote(u) for u in uris} == set(odd_names)
    table = run(capsys, *command, "--no-progress").out
    assert not any(line.startswith("line.py") for line in table.splitlines())  # no forged line


# 8. 100,000 files --------------------------------------------------------------------------


def _many_files(repo: Path, folders: int = 100, per_folder: int = 1000) -> None:
    """Write the files, and commit the same content in one `git fast-import`: one pack, not
    100,000 loose objects (`git add` would create as many files again, then start a
    background `gc`). os.open and os.write: a third of the system calls of open()."""
    stream = [b"commit refs/heads/main\ncommitter T <t@launchguard.invalid> 1700000000 +0000\n"]
    stream.append(b"data 2\nc\n")
    for d in range(folders):
        (repo / f"pkg{d:03}").mkdir()
        for f in range(per_folder):
            body = f"value {d} {f}\n".encode()
            name = f"pkg{d:03}/m{f:04}.txt"
            fd = os.open(repo / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            os.write(fd, body)
            os.close(fd)
            stream.append(f"M 100644 inline {name}\ndata {len(body)}\n".encode() + body + b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=b"".join(stream), check=True)
    git(repo, "read-tree", "HEAD")  # the index, without reading the files again


def test_a_hundred_thousand_files(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One secret among 100,000 committed files: `scan` and `history` find it. Most of the
    time (5 to 20 s, as the machine allows) goes to creating the files."""
    _many_files(repo)
    assert git(repo, "status", "--porcelain") == ""
    _plant(repo, "pkg050/settings.py")
    git(repo, "add", "pkg050/settings.py")
    git(repo, "commit", "-q", "-m", "settings")
    for command in (("scan",), ("history",)):
        r, doc = _json(capsys, *command)
        assert (r.code, _found(doc)) == (1, [("pkg050/settings.py", STRIPE)])
        assert doc["stats"]["files"] == 100_001
        assert (doc["stats"]["skipped"], doc["stats"]["incomplete"]) == ([], False)


# 9. git output parsing fed arbitrary bytes ---------------------------------------------------
# Each parser returns a result or raises a LaunchguardError (one line, exit 3), never any
# other exception: what git prints comes from a process that may be broken or hostile.

_FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_SHA = "0123456789abcdef0123456789abcdef01234567"
_LINE_PARTS = st.sampled_from(
    [
        b"\x01" + _SHA.encode(),
        b":000000 100644 " + b"0" * 40 + b" " + _SHA.encode() + b" A\t",
        b":100644 160000 " + b"1" * 40 + b" " + _SHA.encode() + b" M\t",
        b":100644 100644 ",
        b"+++ b/",
        b"+++ /dev/null",
        b'+++ "b/',
        b"@@ -1,2 +",
        b"@@ -0,0 +1 @@",
        b"Binary files /dev/null and b/",
        b" differ",
        b" and ",
        b"\\",
        b'"',
        b"\\377",
        b"\t",
        b"D\t",
        b"R100\t",
    ]
)
_GIT_LIKE = st.lists(
    st.lists(st.one_of(_LINE_PARTS, st.binary(max_size=12)), max_size=6).map(b"".join),
    max_size=30,
).map(b"\n".join)
_ANY_OUTPUT = st.one_of(st.binary(max_size=400), _GIT_LIKE)


@_FUZZ
@given(_ANY_OUTPUT)
def test_parse_log_takes_any_bytes(out: bytes) -> None:
    try:
        changes = parse_log(out)
    except LaunchguardError:
        return
    assert isinstance(changes, RangeChanges)
    assert keep_added([], changes) == []


def test_a_hunk_header_claiming_a_billion_lines_costs_nothing() -> None:
    out = b"\x01" + _SHA.encode() + b"\n+++ b/a.py\n@@ -0,0 +1,999999999999 @@\n"
    assert parse_log(out).added == {(_SHA, "a.py"): [range(1, 1_000_000_000_000)]}


def _git_quote(name: bytes) -> bytes:
    """How git prints a path outside -z output (quote_c_style, core.quotePath on)."""
    named = {7: b"\\a", 8: b"\\b", 9: b"\\t", 10: b"\\n", 11: b"\\v", 12: b"\\f", 13: b"\\r"}
    named |= {34: b'\\"', 92: b"\\\\"}
    out = b""
    for byte in name:
        if byte in named:
            out += named[byte]
        elif byte < 0x20 or byte >= 0x7F:
            out += b"\\%03o" % byte
        else:
            out += bytes([byte])
    return b'"' + out + b'"' if out != name else name


@_FUZZ
@given(st.binary(max_size=60))
def test_unquote_reverses_git_quoting(name: bytes) -> None:
    assert unquote_path(_git_quote(name)) == name.decode("utf-8", "surrogateescape")


@_FUZZ
@given(st.binary(max_size=80))
def test_unquote_takes_any_bytes(raw: bytes) -> None:
    assert isinstance(unquote_path(raw), str)


@_FUZZ
@given(_ANY_OUTPUT)
def test_raw_log_parsers_take_any_bytes(out: bytes) -> None:
    found = _parse_raw_log(out, {_SHA})
    assert set(found) <= {_SHA}
    assert all(isinstance(p, str) for p in gitlinks(out))


@_FUZZ
@given(st.binary(max_size=120))
def test_rev_list_lines_take_any_bytes(line: bytes) -> None:
    entry = _listed(line)
    assert entry is None or (len(entry[0]) in (40, 64) and isinstance(entry[1], str))


def _cat_file_answer(sha: str, content: bytes) -> bytes:
    return f"{sha} blob {len(content)}\n".encode() + content + b"\n"


_CAT_FILE_LIKE = st.lists(
    st.one_of(
        st.binary(max_size=40),
        st.binary(max_size=40).map(lambda c: _cat_file_answer(_SHA, c)),
        st.just(f"{_SHA} missing\n".encode()),
        st.just(f"{_SHA} blob 99999999999999999999999\n".encode()),
        st.just(f"{_SHA} blob -1\n".encode()),
    ),
    max_size=4,
).map(b"".join)


@_FUZZ
@given(st.one_of(st.binary(max_size=200), _CAT_FILE_LIKE), st.integers(0, 3))
def test_cat_file_reader_takes_any_bytes(stream: bytes, asked: int) -> None:
    pending = collections.deque([(_SHA, "a/b.py")] * asked)
    out = io.BytesIO(stream)
    try:
        while (blob := _read_one(out, pending, max_size=16)) is not None:
            assert isinstance(blob, Blob)
            assert blob.sha == _SHA
            assert blob.data is None or len(blob.data) <= 16
    except LaunchguardError as e:
        error = str(e)
    else:
        return
    assert "\n" not in error  # the CLI prints one line


@pytest.mark.parametrize(
    ("stream", "blob"),
    [
        (_cat_file_answer(_SHA, b"x = 1"), Blob(_SHA, "p", b"x = 1", 5)),
        (_cat_file_answer(_SHA, b"a" * 17), Blob(_SHA, "p", None, 17)),  # over max_size
        (f"{_SHA} missing\n".encode(), Blob(_SHA, "p", None, None)),
    ],
    ids=["content", "too-large", "missing"],
)
def test_cat_file_answers_become_blobs(stream: bytes, blob: Blob) -> None:
    pending = collections.deque([(_SHA, "p")])
    assert _read_one(io.BytesIO(stream), pending, max_size=16) == blob
    assert not pending


@pytest.mark.parametrize(
    "stream",
    [
        _cat_file_answer(_SHA, b"x = 1")[:-3],  # cut inside the content
        _cat_file_answer("f" * 40, b"x"),  # an answer for another object
        b"garbage\n",
    ],
    ids=["cut", "other-object", "garbage"],
)
def test_broken_cat_file_answers_are_scan_failures(stream: bytes) -> None:
    with pytest.raises(ScanFailedError):
        _read_one(io.BytesIO(stream), collections.deque([(_SHA, "p")]))
