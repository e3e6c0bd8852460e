"""The one place that talks to git for the working tree (discovery and file listing)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from launchguard.errors import ScanFailedError


def _git() -> str:
    exe = shutil.which("git")
    if exe is None:
        raise ScanFailedError("git is not installed or not on PATH")
    return exe


def repo_root(path: Path) -> Path | None:
    """The work tree root containing `path`, or None outside a repository."""
    directory = path if path.is_dir() else path.parent
    for candidate in (directory.resolve(), *directory.resolve().parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def list_files(root: Path, below: Path) -> list[str]:
    """Tracked files and untracked files git does not ignore, below `below`, relative to root.

    This is what a commit could contain: `node_modules/`, build output and ignored `.env`
    files stay out, exactly as `git status` sees them.
    """
    argv = [_git(), "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    relative = below.resolve().relative_to(root)
    argv += ["--", str(relative) if str(relative) != "." else "."]
    try:
        out = subprocess.run(argv, capture_output=True, check=True, timeout=300)  # noqa: S603
    except subprocess.CalledProcessError as e:
        message = e.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else str(e)
        raise ScanFailedError(f"git ls-files failed in {root}: {detail}") from None
    except subprocess.TimeoutExpired:
        raise ScanFailedError(f"git ls-files timed out in {root}") from None
    names = out.stdout.split(b"\0")
    return sorted({n.decode("utf-8", "surrogateescape") for n in names if n})
