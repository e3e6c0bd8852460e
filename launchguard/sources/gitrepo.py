"""The one place that talks to git: discovery, refs and commit metadata through gitpython, and
the plumbing commands whose output is large (file lists, logs) through one subprocess each."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from launchguard.errors import ConfigError, ScanFailedError

if TYPE_CHECKING:
    import git


def git_executable() -> str:
    exe = shutil.which("git")
    if exe is None:
        raise ScanFailedError("git is not installed or not on PATH")
    return exe


def repo_root(path: Path) -> Path | None:
    """The work tree containing `path`, or None. A filesystem check, not gitpython: this runs
    on the pre-commit path, where importing gitpython would cost a third of the budget."""
    directory = path if path.is_dir() else path.parent
    for candidate in (directory.resolve(), *directory.resolve().parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def refused(root: Path, stderr: bytes) -> ScanFailedError | None:
    """git's refusal to work in a repository another user owns (`safe.directory`), as one
    line that says how to accept it; None for any other failure. git explains it over four
    lines, the last of which alone ("\tgit config ...") reads as nonsense."""
    text = stderr.decode("utf-8", "replace")
    if "dubious ownership" not in text:
        return None
    import shlex  # here, not at the top: this module is on the pre-commit path

    at = re.search(r"safe\.directory (.+)", text)
    path = at.group(1).strip() if at else str(root)
    return ScanFailedError(
        f"git refuses to read {path}: the repository belongs to another user; if you trust "
        f"it, run `git config --global --add safe.directory {shlex.quote(path)}`"
    )


def git_failure(command: str, root: Path, code: int, stderr: bytes) -> ScanFailedError:
    """A failed git command as one line: git's last line, or the signal that killed it."""
    if (refusal := refused(root, stderr)) is not None:
        return refusal
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    if lines:
        detail = lines[-1].strip()
    elif code < 0:
        detail = f"killed by {_signal_name(-code)}"
    else:
        detail = f"exit code {code}"
    return ScanFailedError(f"git {command} failed in {root}: {detail}")


def _signal_name(number: int) -> str:
    import signal

    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def run_git(root: Path, args: Sequence[str], *, check: bool = True, stdin: str = "") -> bytes:
    """Run one git command in `root`; a failure is a one-line ScanFailedError."""
    argv = [git_executable(), "-C", str(root), *args]
    try:
        proc = subprocess.run(  # noqa: S603
            argv, input=stdin.encode(), capture_output=True, timeout=3600, check=False
        )
    except subprocess.TimeoutExpired:
        raise ScanFailedError(f"git {args[0]} timed out in {root}") from None
    if proc.returncode != 0:
        # Refused, git answers nothing: even where failing is an answer (`rev-parse
        # --verify`), "no" would be false.
        if (refusal := refused(root, proc.stderr)) is not None:
            raise refusal
        if check:
            raise git_failure(args[0], root, proc.returncode, proc.stderr)
    return proc.stdout


_C_ESCAPES = dict(zip(b'abtnvfr"\\', b'\a\b\t\n\v\f\r"\\', strict=True))
_C_ESCAPE = re.compile(rb"\\([0-7]{3}|.)", re.DOTALL)


def unquote_path(raw: bytes) -> str:
    """A path as git prints it outside `-z` output: names with control characters, quotes,
    backslashes or (with core.quotePath) non-ASCII bytes are C-quoted ("a\\tb", "\\303\\251").
    Bytes that are not UTF-8 are kept through surrogateescape. An escape git never writes is
    kept as it is: a path is never a reason to fail."""

    def byte(m: re.Match[bytes]) -> bytes:
        code = m.group(1)
        if len(code) == 3:  # octal: one raw byte
            return bytes([int(code, 8) & 0xFF])
        escaped = _C_ESCAPES.get(code[0])
        return m.group(0) if escaped is None else bytes([escaped])

    if len(raw) >= 2 and raw.startswith(b'"') and raw.endswith(b'"'):
        raw = _C_ESCAPE.sub(byte, raw[1:-1])
    return raw.decode("utf-8", "surrogateescape")


def list_files(root: Path, below: Path) -> list[str]:
    """Tracked files and untracked files git does not ignore, below `below`, relative to root.

    This is what a commit could contain: `node_modules/`, build output and ignored `.env`
    files stay out, exactly as `git status` sees them.
    """
    relative = below.resolve().relative_to(root)
    args = ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", str(relative)]
    names = run_git(root, args).split(b"\0")
    return sorted({n.decode("utf-8", "surrogateescape") for n in names if n})


class GitRepo:
    """A repository opened through gitpython, for refs and commit metadata."""

    def __init__(self, path: Path) -> None:
        git_executable()  # first: gitpython's import fails on its own without git
        import git

        try:
            self._repo = git.Repo(path, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise ConfigError(f"{path}: not a git repository") from None
        if self._repo.working_tree_dir is None:
            raise ConfigError(f"{path}: a bare repository has no working tree to scan")
        self.root = Path(self._repo.working_tree_dir)
        # gitpython reads the files itself; git may still refuse the repository (another
        # user's, see safe.directory), and `git diff` would then quietly leave the repository
        # and print its usage. Asked once here, the refusal is one clear line.
        self.run("rev-parse", "--git-dir")

    def run(self, *args: str, check: bool = True, stdin: str = "") -> bytes:
        return run_git(self.root, args, check=check, stdin=stdin)

    @cached_property
    def head(self) -> str | None:
        """The commit HEAD points to, or None in a repository without commits."""
        out = self.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
        return out.decode().strip() or None

    @cached_property
    def is_shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository").strip() == b"true"

    def shallow_commits(self) -> set[str]:
        """The commits of a shallow clone whose parents were not fetched (none when whole)."""
        path = self.root / self.run("rev-parse", "--git-path", "shallow").decode().strip()
        try:
            return set(path.read_text(encoding="ascii", errors="replace").split())
        except FileNotFoundError:
            return set()
        except OSError as e:
            raise ScanFailedError(f"{path}: cannot read: {e.strerror}") from None

    def has_commit(self, rev: str) -> bool:
        out = self.run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
        return bool(out.strip())

    def ref_tips(self) -> dict[str, list[str]]:
        """commit -> short names of the refs pointing at it (branches, remote branches, the
        stash; annotated tags peeled to their commit)."""
        import gitdb.exc

        tips: dict[str, list[str]] = {}
        for ref in self._repo.refs:
            try:
                commit = ref.commit.hexsha
            except (ValueError, TypeError, gitdb.exc.BadName, gitdb.exc.BadObject):
                continue  # a ref to a tree or blob, or a broken ref: no commit to attribute
            tips.setdefault(commit, []).append(short_ref(ref.path))
        return tips

    def commit_meta(self, sha: str) -> tuple[str, str]:
        """(author name, ISO 8601 author date) of a commit."""
        commit = self._commit(sha)
        return str(commit.author.name), commit.authored_datetime.isoformat()

    def _commit(self, sha: str) -> git.Commit:
        import gitdb.exc

        try:
            return self._repo.commit(sha)
        except (ValueError, gitdb.exc.BadName, gitdb.exc.BadObject) as e:
            raise ScanFailedError(f"{self.root}: cannot read commit {sha[:12]}: {e}") from None


def short_ref(ref: str) -> str:
    for prefix in ("refs/heads/", "refs/tags/", "refs/remotes/"):
        if ref.startswith(prefix):
            return ref[len(prefix) :]
    return ref.removeprefix("refs/")
