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
from launchguard.sources.gitrepo import GitRepo, unquote_path
from launchguard.sources.history import blob_unit
from launchguard.units import Origin, Skipped, Unit, printable_path

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
ALL_LINES = None  # binary files: every line counts as added
# Per (commit, path): the added line ranges, one per hunk (ranges, not line numbers: a hunk
# header is all it takes to claim a billion lines).
Added = dict[tuple[str, str], "list[range] | None"]
GITLINK = b"160000"  # the mode of a submodule entry: a commit of another repository
SUBMODULE = "git submodule (scan it on its own)"


@dataclass(slots=True)
class RangeChanges:
    """Per commit of the range: the blobs it adds and the lines it adds to each path."""

    entries: list[tuple[str, str, str]] = field(default_factory=list)  # (commit, path, blob)
    added: Added = field(default_factory=dict)
    submodules: list[tuple[str, str]] = field(default_factory=list)  # (commit, path)


def _path(quoted: bytes) -> str:
    """A path as git printed it, as the findings show it (see units.Origin)."""
    return printable_path(unquote_path(quoted))


def _raw_entry(line: bytes, commit: str, changes: RangeChanges) -> bytes | None:
    """Record one `--raw` line; return the new path as git quoted it, if the change adds one."""
    meta, *paths = line.split(b"\t")
    fields = meta.split()
    if len(fields) < 5 or fields[4].startswith(b"D") or not paths:
        return None
    path = _path(paths[-1])
    if fields[1] == GITLINK:  # its content is not in this repository
        changes.submodules.append((commit, path))
        return None
    changes.entries.append((commit, path, fields[3].decode("ascii", "replace")))
    changes.added.setdefault((commit, path), [])
    return paths[-1]


def _binary_path(line: bytes, candidates: list[bytes]) -> bytes | None:
    """The new path of a `Binary files A and B differ` line, among the commit's raw paths:
    the line cannot be split on " and " (a path may hold it), so it is matched against the
    paths git listed, in the form the patch quotes them ("b/x" or "\"b/x\"")."""

    def in_patch(raw: bytes) -> bytes:
        return b'"b/' + raw[1:] if raw.startswith(b'"') else b"b/" + raw

    found = [raw for raw in candidates if line.endswith(b" " + in_patch(raw) + b" differ")]
    return max(found, key=len, default=None)


def parse_log(out: bytes) -> RangeChanges:
    """Parse `git log --format=%x01%H --raw -p -U0` output (or `git diff --raw -p -U0`)."""
    changes = RangeChanges()
    commit, path = "", ""
    raw_paths: list[bytes] = []  # the current commit's new paths, as git quoted them
    for line in out.split(b"\n"):
        if line.startswith(b"\x01"):
            commit, raw_paths = line[1:].decode("ascii", "replace"), []
        elif line.startswith(b":"):
            if (raw := _raw_entry(line, commit, changes)) is not None:
                raw_paths.append(raw)
        elif line.startswith(b"+++ "):
            # git ends the name with a tab when it holds a space (for `patch`); a name that
            # really ends with a tab is quoted.
            name = line[4:].removesuffix(b"\t")
            path = _path(name)[2:] if name != b"/dev/null" else ""
        elif line.startswith(b"Binary files "):
            if (raw := _binary_path(line, raw_paths)) is not None:
                changes.added[(commit, _path(raw))] = ALL_LINES
        elif (m := _HUNK.match(line)) and path:
            start, count = int(m.group(1)), int(m.group(2) or 1)
            lines = changes.added.setdefault((commit, path), [])
            if lines is not None and count:
                lines.append(range(start, start + count))
    return changes


def keep_added(findings: list[Finding], changes: RangeChanges) -> list[Finding]:
    """Findings on lines the change added (all of a binary file; env files always)."""
    out = []
    for f in findings:
        commit, path = f.location.commit or "", f.location.path
        # A source map or notebook unit (`x.map#src/a.ts`) has its own line numbers:
        # any finding in a file the change touched counts.
        inner = "#" in path and (commit, path.split("#", 1)[0]) in changes.added
        lines = changes.added.get((commit, path), [])
        if inner or f.kind is Kind.ENV_FILE or lines is ALL_LINES or _within(f, lines):
            out.append(f)
    return out


def _within(finding: Finding, hunks: list[range]) -> bool:
    return any(finding.location.line in hunk for hunk in hunks)


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
    for item in blobs(repo.root, wanted, max_size=max_file_size):
        yield from blob_unit(item, max_file_size, commits[item.sha] or None)
    for commit, path in dict.fromkeys(changes.submodules):  # like `scan`: named, not read
        yield Skipped(Origin(path=path, commit=commit or None), SUBMODULE, incomplete=False)


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
    _require_whole(repo, base, head)
    args = ("log", "--reverse", "--format=%x01%H", f"{base}..{head}")
    return ChangeSource(repo=repo, args=args, **options)  # type: ignore[arg-type]


def staged_source(repo: GitRepo, **options: object) -> ChangeSource:
    """The index against HEAD (or against nothing before the first commit): blobs come from
    the index, not the working tree, so a partly staged file is scanned as staged."""
    return ChangeSource(repo=repo, args=("diff", "--cached"), **options)  # type: ignore[arg-type]


_FETCH_MORE = (
    "fetch more history (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`)"
)


def _require_commit(repo: GitRepo, rev: str) -> None:
    if repo.has_commit(rev):
        return
    if repo.is_shallow:
        raise ScanFailedError(
            f"{rev} is not in this shallow clone, so the range cannot be scanned: {_FETCH_MORE}"
        )
    raise ConfigError(f"{rev}: unknown revision in {repo.root}")


def _require_whole(repo: GitRepo, base: str, head: str) -> None:
    """In a shallow clone both ends can be present while the commits between them are not:
    a commit of the range whose parents were not fetched hides every commit below it (git
    shows it as a root), and what those commits added would pass unread."""
    if not repo.is_shallow:
        return
    listed = repo.run("rev-list", f"{base}..{head}", "--").split()
    cut = repo.shallow_commits().intersection(c.decode() for c in listed)
    if cut:
        raise ScanFailedError(
            f"this shallow clone cuts through {base}..{head} (commit {min(cut)[:12]} lacks "
            f"its parents), so the range cannot be scanned whole: {_FETCH_MORE}"
        )
