"""Which commit introduced each finding's secret, who and when, which refs reach it, and
whether it is still present at HEAD. Runs only for blobs that have findings.

A secret that stays in a file while the file keeps changing sits in many blob versions; it
was introduced once, so it is reported once: at the earliest commit, in topological order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from launchguard.findings import Finding, dedupe
from launchguard.sources.gitrepo import GitRepo
from launchguard.sources.history import stash_commits

Introduction = tuple[str, str]  # (commit, path)


def _parse_raw_log(out: bytes, wanted: set[str]) -> dict[str, Introduction]:
    """First (commit, path) at which each wanted blob appears in `git log --raw` output that
    lists parents before children."""
    found: dict[str, Introduction] = {}
    commit = ""
    for line in out.split(b"\n"):
        if line.startswith(b"\x01"):
            commit = line[1:].decode()
        elif line.startswith(b":"):
            meta, _, path = line.partition(b"\t")
            fields = meta.split()
            if len(fields) >= 5 and fields[3].decode() in wanted:
                sha = fields[3].decode()
                found.setdefault(sha, (commit, path.decode("utf-8", "surrogateescape")))
    return found


def introductions(repo: GitRepo, wanted: set[str]) -> dict[str, Introduction]:
    """One pass over every commit's tree changes, oldest first (parents before children)."""
    args = (
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
    found = _parse_raw_log(repo.run(*args, stdin="\n".join(stash_commits(repo))), wanted)
    for sha in wanted - set(found):  # introduced only by a merge: ask git directly
        hits = repo.run("log", "--all", "--reverse", "--format=%H", f"--find-object={sha}").split()
        if hits:
            found[sha] = (hits[0].decode(), "")
    return found


def commit_order(repo: GitRepo) -> dict[str, int]:
    """Position of every reachable commit, parents before children."""
    out = repo.run(
        "rev-list",
        "--all",
        "--topo-order",
        "--reverse",
        "--stdin",
        stdin="\n".join(stash_commits(repo)),
    )
    return {sha.decode(): i for i, sha in enumerate(out.split())}


def head_blobs(repo: GitRepo) -> set[str]:
    if repo.head is None:
        return set()
    out = repo.run("ls-tree", "-r", "-z", "--full-tree", "HEAD")
    return {entry.split(b"\t")[0].split()[2].decode() for entry in out.split(b"\0") if entry}


def _earliest(findings: list[Finding], order: dict[str, int]) -> list[Finding]:
    """One finding per fingerprint: the one from the earliest commit."""
    best: dict[str, Finding] = {}
    for f in findings:
        key = (order.get(f.location.commit or "", -1), f.location.line, f.location.column)
        current = best.get(f.fingerprint)
        if current is None or key < (
            order.get(current.location.commit or "", -1),
            current.location.line,
            current.location.column,
        ):
            best[f.fingerprint] = f
    return dedupe(list(best.values()))


def attribute(findings: Iterable[Finding], repo: GitRepo) -> list[Finding]:
    """Fill commit, author, date, refs and in_head, then keep each secret's introduction."""
    findings = list(findings)
    if not any(f.location.blob for f in findings):
        return findings
    wanted = {f.location.blob for f in findings if f.location.blob and not f.location.commit}
    intro = introductions(repo, wanted) if wanted else {}
    at_head = head_blobs(repo)
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
    return _with_metadata(_earliest(located, commit_order(repo)), repo)


def _with_metadata(findings: list[Finding], repo: GitRepo) -> list[Finding]:
    meta: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    out = []
    for f in findings:
        commit = f.location.commit
        if commit is None:
            out.append(f)
            continue
        if commit not in meta:
            name, when = repo.commit_meta(commit)
            meta[commit] = (name, when, repo.refs_containing(commit))
        author, date, refs = meta[commit]
        location = dataclasses.replace(f.location, author=author, date=date, refs=refs)
        out.append(dataclasses.replace(f, location=location))
    return out
