"""Faults while scanning: unreadable folders, a full disk, Ctrl-C, and a process killed while
it writes the cache. Each ends with the exit code that says so (3 incomplete, 130
interrupted), one line on stderr, and no half-written file."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from launchguard.engine.compile import read_cache
from tests.conftest import commit_all, git
from tests.helpers.fake import github_classic, stripe_live
from tests.helpers.fastimport import many_blobs
from tests.helpers.procs import all_gone, children, cmdline

NOBODY = 65534


def _launchguard(
    *argv: str, prefix: tuple[str, ...] = (), **kwargs: object
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*prefix, sys.executable, "-m", "launchguard", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,  # type: ignore[call-overload]
    )


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=300)
    assert "Traceback" not in err
    return proc.returncode, out, err


@pytest.fixture
def world_readable() -> Iterator[Path]:
    """A folder another user can enter (pytest's tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="launchguard-faults-"))
    folder.chmod(0o777)
    yield folder
    for path in folder.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def _as_unprivileged(folder: Path) -> tuple[str, ...]:
    """Permissions mean nothing to root: run as `nobody` there (setpriv, from util-linux)."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: no way to be denied a folder")
    os.environ["HOME"] = os.environ["LAUNCHGUARD_CACHE_DIR"] = str(folder / "home")
    (folder / "home").mkdir(mode=0o777)
    return (setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")


def test_folder_denied_mid_walk_is_named_and_the_rest_is_scanned(world_readable: Path) -> None:
    tree = world_readable / "tree"
    for name in ("a", "locked", "z"):
        (tree / name).mkdir(parents=True)
    (tree / "a" / "one.py").write_text(f'K = "{stripe_live(21)}"\n')
    (tree / "locked" / "hidden.py").write_text(f'K = "{stripe_live(22)}"\n')
    (tree / "z" / "two.py").write_text(f'GH = "{github_classic(23)}"\n')
    for path in (tree, *tree.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    (tree / "locked").chmod(0)
    prefix = _as_unprivileged(world_readable)
    argv = ("scan", str(tree), "--all-files", "--no-progress", "--format", "json")
    code, out, _ = _finish(_launchguard(*argv, prefix=prefix, cwd=world_readable))
    doc = json.loads(out)
    assert code == 1  # findings outrank the incomplete scan
    assert sorted(f["rule"] for f in doc["findings"]) == ["github-pat-classic", "stripe-secret-key"]
    assert doc["stats"]["incomplete"] is True
    assert doc["stats"]["skipped"] == [
        {"path": "tree/locked", "reason": "cannot list folder: Permission denied"}
    ]
    for name in ("a", "z"):
        shutil.rmtree(tree / name)
    code, out, _ = _finish(_launchguard(*argv[:-2], prefix=prefix, cwd=world_readable))
    assert code == 3  # nothing found, but something could not be read: never "clean"
    assert "not scanned: tree/locked: cannot list folder: Permission denied" in out


def test_tracked_file_denied_makes_the_scan_incomplete(world_readable: Path) -> None:
    repo = world_readable / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "ok.py").write_text("x = 1\n")
    (repo / "notes.txt").write_text(f"stripe {stripe_live(24)}\n")
    commit_all(repo)
    for path in (repo, *repo.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    (repo / "notes.txt").chmod(0)
    prefix = _as_unprivileged(world_readable)
    git(repo, "config", "--global", "--add", "safe.directory", "*")  # git's own ownership check
    code, out, err = _finish(_launchguard("scan", str(repo), "--no-progress", prefix=prefix))
    assert code == 3, err
    assert "not scanned: notes.txt: cannot read: Permission denied" in out


def _secret_tree(root: Path) -> Path:
    root.mkdir(exist_ok=True)
    (root / "app.py").write_text(f'K = "{stripe_live(25)}"\n')
    return root


def test_disk_full_while_writing_the_report_exits_3(tmp_path: Path) -> None:
    tree = _secret_tree(tmp_path / "tree")
    proc = _launchguard("scan", str(tree), "--all-files", "--no-progress", "--output", "/dev/full")
    code, _out, err = _finish(proc)
    assert code == 3
    assert (
        err.strip() == "launchguard: error: /dev/full: cannot write report: No space left on device"
    )
    assert Path("/dev/full").is_char_device()  # written in place, never replaced by a file


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))


def test_a_report_cut_short_leaves_the_previous_one_whole(tmp_path: Path) -> None:
    """The write fails part-way (the file-size limit, as on a full disk): the report that was
    there stays as it was, and no temporary file is left beside it."""
    tree = _secret_tree(tmp_path / "tree")
    report = tmp_path / "out" / "report.json"
    report.parent.mkdir()
    report.write_text('{"previous": true}\n')
    argv = ("scan", str(tree), "--all-files", "--no-progress", "--format", "sarif", "--output")
    code, _, err = _finish(_launchguard(*argv, str(report), preexec_fn=_limit_file_size))
    assert code == 3
    assert err.strip().endswith("cannot write report: File too large")
    assert report.read_text() == '{"previous": true}\n'
    assert [p.name for p in report.parent.iterdir()] == ["report.json"]


def test_report_to_a_device_or_through_a_symlink(tmp_path: Path) -> None:
    tree = _secret_tree(tmp_path / "tree")
    code, out, _ = _finish(
        _launchguard(
            "scan", str(tree), "--all-files", "--format", "json", "--output", "/dev/stdout"
        )
    )
    assert code == 1
    assert json.loads(out)["findings"][0]["rule"] == "stripe-secret-key"
    (tmp_path / "latest.json").symlink_to("real.json")
    _finish(
        _launchguard("scan", str(tree), "--all-files", "--output", str(tmp_path / "latest.json"))
    )
    assert (tmp_path / "latest.json").is_symlink()
    assert (tmp_path / "real.json").stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.fixture
def slow_tree(tmp_path: Path) -> Path:
    """Enough Python and JavaScript that a scan with the log analysis runs for a few seconds."""
    tree = tmp_path / "big"
    tree.mkdir()
    module = "".join(
        f"def handler_{i}(request, token):\n    logger.info('served %s', request.path)\n"
        for i in range(2000)
    )
    for n in range(150):
        (tree / f"mod_{n}.py").write_text("import logging\nlogger = logging.getLogger()\n" + module)
        (tree / f"mod_{n}.js").write_text(f"function f{n}(u) {{ console.log(u.name); }}\n" * 2000)
    return tree


def test_ctrl_c_exits_130_with_no_report_and_no_process_left(
    slow_tree: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    argv = ("scan", str(slow_tree), "--all-files", "--no-progress", "--output", str(report))
    for delay in (0.3, 0.8, 1.5):
        proc = _launchguard(*argv, "--format", "json")
        time.sleep(delay)
        if proc.poll() is not None:
            pytest.fail(f"the scan ended within {delay} s: the tree is too small to interrupt")
        below = children(proc.pid)
        proc.send_signal(signal.SIGINT)
        code, _, err = _finish(proc)
        assert (code, err.strip()) == (130, "launchguard: interrupted")
        assert not report.exists()
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []
        assert all_gone(below)


_KILL_WHILE_WRITING = """
import os, signal, sys
import launchguard.atomic as atomic

real = atomic.os.fdopen

class HalfThenKilled:
    def __init__(self, f): self.f = f
    def __enter__(self): return self
    def __exit__(self, *exc): self.f.close()
    def fileno(self): return self.f.fileno()
    def write(self, data):
        self.f.write(data[: len(data) // 2]); self.f.flush()
        os.kill(os.getpid(), signal.SIGKILL)

atomic.os.fdopen = lambda fd, mode: HalfThenKilled(real(fd, mode))
from launchguard.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _finds_the_secret(argv: Sequence[str]) -> None:
    code, out, _ = _finish(_launchguard(*argv))
    assert code == 1
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["stripe-secret-key"]


def _cache_files(cache: Path) -> tuple[list[Path], list[Path]]:
    files = sorted(p for p in cache.iterdir() if p.is_file())
    return [p for p in files if not p.name.startswith(".")], [
        p for p in files if p.name.startswith(".")
    ]


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """An empty cache folder of its own, and a scan that finds one secret."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("LAUNCHGUARD_CACHE_DIR", str(cache))
    tree = _secret_tree(tmp_path / "tree")
    return cache, ["scan", str(tree), "--all-files", "--no-progress", "--format", "json"]


def test_killed_while_writing_the_cache_leaves_no_damaged_cache(
    fresh_cache: tuple[Path, list[str]],
) -> None:
    cache, argv = fresh_cache
    proc = subprocess.run(
        [sys.executable, "-c", _KILL_WHILE_WRITING, *argv], capture_output=True, check=False
    )
    assert proc.returncode == -signal.SIGKILL
    finished, partial = _cache_files(cache)
    assert finished == []  # the half-written file never took the cache's name
    assert partial
    old = time.time() - 2 * 3600
    for leftover in partial:  # as if left by a process that died long ago
        os.utime(leftover, (old, old))
    _finds_the_secret(argv)
    finished, partial = _cache_files(cache)
    assert finished
    assert partial == []
    assert all(read_cache(p) is not None for p in finished)


def test_killed_at_random_moments_the_cache_stays_usable(
    fresh_cache: tuple[Path, list[str]],
) -> None:
    cache, argv = fresh_cache
    for delay in (0.1, 0.3, 0.6, 1.0):
        shutil.rmtree(cache, ignore_errors=True)
        proc = _launchguard(*argv)
        time.sleep(delay)
        proc.kill()
        proc.communicate()
        finished, _ = _cache_files(cache) if cache.exists() else ([], [])
        assert all(read_cache(p) is not None for p in finished)
        _finds_the_secret(argv)


def test_damaged_cache_is_rebuilt_not_loaded(fresh_cache: tuple[Path, list[str]]) -> None:
    cache, argv = fresh_cache
    assert _finish(_launchguard(*argv))[0] == 1
    finished, _ = _cache_files(cache)
    for path in finished:  # flip bytes in the middle, as a bad disk would
        data = bytearray(path.read_bytes())
        middle = len(data) // 2
        data[middle : middle + 64] = bytes(b ^ 0x5A for b in data[middle : middle + 64])
        path.write_bytes(bytes(data))
        assert read_cache(path) is None
    _finds_the_secret(argv)
    assert all(read_cache(p) is not None for p in _cache_files(cache)[0])


def test_ctrl_c_during_history_stops_git_and_says_interrupted(tmp_path: Path) -> None:
    repo = many_blobs(tmp_path / "repo", 20, 400)  # more ids than a pipe holds: git is still fed
    report = tmp_path / "history.json"
    proc = _launchguard("history", "--no-progress", "--output", str(report), cwd=repo)
    deadline = time.monotonic() + 60
    streaming: list[int] = []
    while not streaming and proc.poll() is None and time.monotonic() < deadline:
        streaming = [p for p in children(proc.pid) if b"cat-file" in cmdline(p)]
        time.sleep(0.005)
    assert streaming, "history ended before git started streaming blobs"
    proc.send_signal(signal.SIGINT)
    code, _, err = _finish(proc)
    assert (code, err.strip()) == (130, "launchguard: interrupted")
    assert not report.exists()
    assert all_gone(streaming)


@pytest.mark.parametrize("fmt", ["table", "markdown", "github", "json"])
def test_a_terminal_that_cannot_show_unicode_gets_escapes_not_a_crash(
    fmt: str, tmp_path: Path
) -> None:
    tree = _secret_tree(tmp_path / "tree")
    (tree / "caf\u00e9.py").write_text(f'GH = "{github_classic(26)}"\n')
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}
    env["PYTHONIOENCODING"] = "ascii"
    argv = ("scan", str(tree), "--all-files", "--no-progress", "--format", fmt)
    code, out, _ = _finish(_launchguard(*argv, env=env))
    assert code == 1
    assert out.isascii()
    assert "caf" in out


def test_a_reader_that_stops_early_is_not_an_error_message(tmp_path: Path) -> None:
    tree = _secret_tree(tmp_path / "tree")
    for n in range(300):
        (tree / f"m{n}.py").write_text(f'K{n} = "{stripe_live(100 + n)}"\n')
    proc = _launchguard("scan", str(tree), "--all-files", "--no-progress", "--format", "json")
    assert proc.stdout is not None
    proc.stdout.read(10)
    proc.stdout.close()  # like `launchguard scan | head -c 10`
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 1
    assert err == ""
