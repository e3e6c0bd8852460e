"""Which commit introduced each finding's secret, who and when, which refs reach it, and
whether it is still present at HEAD. Runs only for blobs that have findings.

A secret that stays in a file while the file keeps changing sits in many blob versions; it
was introduced once, so it is reported once: at the earliest commit, in topological order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from launchguard.findings import Finding, dedupe
from launchguard.sources.gitrepo import GitRepo, unquote_path
from launchguard.sources.history import stash_commits
from launchguard.units import printable_path

Introduction = tuple[str, str]  # (commit, path)


def _parse_raw_log(out: bytes, wanted: set[str]) -> dict[str, Introduction]:
    """First (commit, path) at which each wanted blob appears in `git log --raw` output that
    lists parents before children. Paths come C-quoted when unusual; they are shown as the
    scan shows them (see units.Origin)."""
    found: dict[str, Introduction] = {}
    commit = ""
    for line in out.split(b"\n"):
        if line.startswith(b"\x01"):
            commit = line[1:].decode("ascii", "replace")
        elif line.startswith(b":"):
            meta, _, path = line.partition(b"\t")
            fields = meta.split()
            if len(fields) >= 5 and (sha := fields[3].decode("ascii", "replace")) in wanted:
                found.setdefault(sha, (commit, printable_path(unquote_path(path))))
    return found


def gitlinks(out: bytes) -> list[str]:
    """Every path at which `git log --raw` output adds or changes a submodule (mode 160000),
    each once: its commits belong to another repository, so history cannot read them."""
    if b" 160000 " not in out:  # the common case, without splitting a large log
        return []
    paths: dict[str, None] = {}
    for line in out.split(b"\n"):
        meta, _, path = line.partition(b"\t")
        fields = meta.split()
        if line.startswith(b":") and len(fields) >= 5 and fields[1] == b"160000":
            paths.setdefault(printable_path(unquote_path(path)))
    return list(paths)


_RAW_LOG = (
    "log",
    "--all",
    "--reverse",
    "--topo-order",
    "--raw",
    "--no-abbrev",
    "--no-renames",
    "--format=%x01%H",
    "--stdin",
)


def introductions(repo: GitRepo, wanted: set[str], raw_log: bytes) -> dict[str, Introduction]:
    """First appearance of each wanted blob in the raw log (oldest first); merges last."""
    found = _parse_raw_log(raw_log, wanted)
    for sha in wanted - set(found):  # introduced only by a merge: ask git directly
        hits = repo.run("log", "--all", "--reverse", "--format=%H", f"--find-object={sha}").split()
        if hits:
            found[sha] = (hits[0].decode(), "")
    return found


@dataclass(frozen=True, slots=True)
class Graph:
    """Every reachable commit's topological position and the refs that reach it."""

    order: dict[str, int]
    refs: dict[str, tuple[str, ...]]


def _tips(repo: GitRepo) -> dict[str, list[str]]:
    """commit -> names of the refs pointing at it, each older stash as stash@{n}."""
    tips = repo.ref_tips()
    for n, commit in enumerate(stash_commits(repo)):
        tips.setdefault(commit, []).append(f"stash@{{{n}}}")
    return tips


def commit_graph(repo: GitRepo) -> Graph:
    """One `rev-list --parents` pass: refs flow from each commit to its parents (children come
    first in topological order), as bit masks, so 20,000 commits cost milliseconds."""
    tips = _tips(repo)
    names = sorted({name for group in tips.values() for name in group})
    bit = {name: 1 << i for i, name in enumerate(names)}
    lines = (
        repo.run(
            "rev-list",
            "--all",
            "--topo-order",
            "--parents",
            "--stdin",
            stdin="\n".join(stash_commits(repo)),
        )
        .decode()
        .splitlines()
    )
    masks: dict[str, int] = {}
    for line in lines:
        commit, *parents = line.split()
        mask = masks.get(commit, 0)
        for name in tips.get(commit, ()):
            mask |= bit[name]
        masks[commit] = mask
        for parent in parents:
            masks[parent] = masks.get(parent, 0) | mask
    total = len(lines)
    order = {line.split(" ", 1)[0]: total - i for i, line in enumerate(lines)}
    refs = {c: tuple(n for n in names if m & bit[n]) for c, m in masks.items() if m}
    return Graph(order, refs)


def head_blobs(repo: GitRepo) -> set[str]:
    if repo.head is None:
        return set()
    out = repo.run("ls-tree", "-r", "-z", "--full-tree", "HEAD")
    return {entry.split(b"\t")[0].split()[2].decode() for entry in out.split(b"\0") if entry}


def _earliest(findings: list[Finding], order: dict[str, int]) -> list[Finding]:
    """One finding per fingerprint: the one from the earliest commit."""

    def rank(f: Finding) -> tuple[int, int, int]:
        return order.get(f.location.commit or "", -1), f.location.line, f.location.column

    best: dict[str, Finding] = {}
    for f in sorted(findings, key=rank):
        best.setdefault(f.fingerprint, f)
    return dedupe(list(best.values()))


@dataclass(frozen=True, slots=True)
class GitFacts:
    """What attribution needs from git, computed in background threads while the scan runs
    (git's own work there overlaps with scanning on the second core)."""

    raw_log: Future[bytes] | None  # None when the source already knows each blob's commit
    graph: Future[Graph]
    head: Future[set[str]]


def prefetch(repo: GitRepo, *, introductions_needed: bool = True) -> GitFacts:
    """Start the git queries attribution needs. A PR range already knows which commit added
    each blob, so it skips the whole-history log, the costliest of them."""
    pool = ThreadPoolExecutor(max_workers=3, thread_name_prefix="git-facts")
    stash = "\n".join(stash_commits(repo))
    facts = GitFacts(
        raw_log=pool.submit(repo.run, *_RAW_LOG, stdin=stash) if introductions_needed else None,
        graph=pool.submit(commit_graph, repo),
        head=pool.submit(head_blobs, repo),
    )
    pool.shutdown(wait=False)
    return facts


def attribute(findings: Iterable[Finding], repo: GitRepo, facts: GitFacts) -> list[Finding]:
    """Fill commit, author, date, refs and in_head, then keep each secret's introduction."""
    findings = list(findings)
    if not any(f.location.blob for f in findings):
        return findings
    wanted = {f.location.blob for f in findings if f.location.blob and not f.location.commit}
    raw_log = facts.raw_log.result() if facts.raw_log is not None and wanted else b""
    intro = introductions(repo, wanted, raw_log) if wanted else {}
    at_head = facts.head.result()
    live = {f.secret.sha256 for f in findings if f.location.blob in at_head}
    located = []
    for f in findings:
        commit, path = intro.get(f.location.blob or "", (f.location.commit or "", ""))
        location = dataclasses.replace(
            f.location,
            path=path or f.location.path,
            commit=commit or None,
            in_head=f.secret.sha256 in live,
        )
        located.append(dataclasses.replace(f, location=location))
    graph = facts.graph.result()
    return _with_metadata(_earliest(located, graph.order), repo, graph)


def _with_metadata(findings: list[Finding], repo: GitRepo, graph: Graph) -> list[Finding]:
    meta: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    out = []
    for f in findings:
        commit = f.location.commit
        if commit is None:
            out.append(f)
            continue
        if commit not in meta:
            name, when = repo.commit_meta(commit)
            meta[commit] = (name, when, graph.refs.get(commit, ()))
        author, date, refs = meta[commit]
        location = dataclasses.replace(f.location, author=author, date=date, refs=refs)
        out.append(dataclasses.replace(f, location=location))
    return out
