"""Repositories with many blobs, built in one `git fast-import` (seconds, not minutes)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import git


def many_blobs(root: Path, commits: int, files: int) -> Path:
    """`commits` commits on main, each rewriting `files` JavaScript files of about 1.5 KB:
    commits × files distinct blobs. The work tree is checked out."""
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    stream = []
    for n in range(commits):
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"committer T <t@launchguard.invalid> {1_700_000_000 + n} +0000\n".encode())
        stream.append(b"data 2\nc\n")
        for f in range(files):
            body = f"export const v = '{n}-{f}';\n".encode() * 60
            stream.append(f"M 100644 inline src/{f}.js\ndata {len(body)}\n".encode() + body + b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    git(root, "reset", "-q", "--hard")
    return root
