"""What a change adds, judged by the lines it adds: a BASE..HEAD range (a pull request) or
the git index (what is about to be committed)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from launchguard.errors import ConfigError, ScanFailedError
from launchguard.filters.allowlist import matches_glob
from launchguard.findings import Finding, Kind
from launchguard.sources.blobstream import blobs
from launchguard.sources.gitrepo import GitRepo
from launchguard.sources.history import blob_unit
from launchguard.units import Skipped, Unit

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
ALL_LINES = None  # binary files: every line counts as added
Added = dict[tuple[str, str], "set[int] | None"]


@dataclass(slots=True)
class RangeChanges:
    """Per commit of the range: the blobs it adds and the lines it adds to each path."""

    entries: list[tuple[str, str, str]] = field(default_factory=list)  # (commit, path, blob)
    added: Added = field(default_factory=dict)


def _unquote(path: bytes) -> str:
    """git quotes unusual paths C-style ("a\\tb"); undo it."""
    if path.startswith(b'"') and path.endswith(b'"'):
        path = path[1:-1].decode("unicode_escape").encode("latin-1")
    return path.decode("utf-8", "surrogateescape")


def _raw_entry(line: bytes, commit: str, changes: RangeChanges) -> None:
    meta, *paths = line.split(b"\t")
    fields = meta.split()
    if len(fields) >= 5 and not fields[4].startswith(b"D"):
        path = _unquote(paths[-1])
        changes.entries.append((commit, path, fields[3].decode()))
        changes.added.setdefault((commit, path), set())


def parse_log(out: bytes) -> RangeChanges:
    """Parse `git log --format=%x01%H --raw -p -U0` output."""
    changes = RangeChanges()
    commit, path = "", ""
    for line in out.split(b"\n"):
        if line.startswith(b"\x01"):
            commit = line[1:].decode()
        elif line.startswith(b":"):
            _raw_entry(line, commit, changes)
        elif line.startswith(b"+++ "):
            path = _unquote(line[4:])[2:] if line[4:] != b"/dev/null" else ""
        elif line.startswith(b"Binary files") and b" and b/" in line:
            changes.added[(commit, _unquote(line.rsplit(b" and ", 1)[1][:-7])[2:])] = ALL_LINES
        elif (m := _HUNK.match(line)) and path:
            start, count = int(m.group(1)), int(m.group(2) or 1)
            lines = changes.added.setdefault((commit, path), set())
            if lines is not None:
                lines.update(range(start, start + count))
    return changes


def keep_added(findings: list[Finding], changes: RangeChanges) -> list[Finding]:
    """Findings on lines the change added (all of a binary file; env files always)."""
    out = []
    for f in findings:
        commit, path = f.location.commit or "", f.location.path
        # A source map or notebook unit (`x.map#src/a.ts`) has its own line numbers:
        # any finding in a file the change touched counts.
        inner = "#" in path and (commit, path.split("#", 1)[0]) in changes.added
        lines = changes.added.get((commit, path), set())
        if inner or f.kind is Kind.ENV_FILE or lines is ALL_LINES or f.location.line in lines:
            out.append(f)
    return out


def changed_blobs(
    repo: GitRepo, changes: RangeChanges, *, exclude: tuple[str, ...], max_file_size: int
) -> Iterator[Unit | Skipped]:
    """Each blob the change adds, once, attributed to the first commit that adds it."""
    commits: dict[str, str] = {}
    wanted = []
    for commit, path, blob in changes.entries:
        if blob not in commits and not any(matches_glob(path, p) for p in exclude):
            commits[blob] = commit
            wanted.append((blob, path))
    for item in blobs(repo.root, wanted):
        yield from blob_unit(item, max_file_size, commits[item.sha] or None)


_DIFF_OPTIONS = ("--raw", "-p", "-U0", "--no-abbrev", "-M", "--no-color", "--no-ext-diff")


@dataclass(kw_only=True)
class ChangeSource:
    """The blobs a git diff or log adds, judged by the lines it adds: a PR range or the index."""

    repo: GitRepo
    args: tuple[str, ...]  # a `git log`/`git diff` command printing raw entries and a -U0 patch
    all_lines: bool = False
    exclude: tuple[str, ...] = ()
    max_file_size: int = 100 << 20
    changes: RangeChanges = field(default_factory=RangeChanges)

    def units(self) -> Iterator[Unit | Skipped]:
        self.changes = parse_log(self.repo.run(*self.args, *_DIFF_OPTIONS))
        yield from changed_blobs(
            self.repo, self.changes, exclude=self.exclude, max_file_size=self.max_file_size
        )

    def keep(self, findings: list[Finding]) -> list[Finding]:
        return findings if self.all_lines else keep_added(findings, self.changes)


def range_source(repo: GitRepo, text: str, **options: object) -> ChangeSource:
    """Only what the commits of BASE..HEAD add (a pull request)."""
    base, sep, head = text.partition("..")
    if not sep or head.startswith(".") or not base:
        raise ConfigError(f"--range {text!r}: expected BASE..HEAD, e.g. origin/main..HEAD")
    head = head or "HEAD"
    for rev in (base, head):
        _require_commit(repo, rev)
    args = ("log", "--reverse", "--format=%x01%H", f"{base}..{head}")
    return ChangeSource(repo=repo, args=args, **options)  # type: ignore[arg-type]


def staged_source(repo: GitRepo, **options: object) -> ChangeSource:
    """The index against HEAD (or against nothing before the first commit): blobs come from
    the index, not the working tree, so a partly staged file is scanned as staged."""
    return ChangeSource(repo=repo, args=("diff", "--cached"), **options)  # type: ignore[arg-type]


def _require_commit(repo: GitRepo, rev: str) -> None:
    if repo.has_commit(rev):
        return
    if repo.is_shallow:
        raise ScanFailedError(
            f"{rev} is not in this shallow clone, so the range cannot be scanned: fetch more "
            "history (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`)"
        )
    raise ConfigError(f"{rev}: unknown revision in {repo.root}")
