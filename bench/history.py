"""History: launchguard vs the git object floor and Kingfisher, on a generated repository.

    python bench/history.py [--commits 20000] [--mb 300] [--repo PATH]

The repository is generated once under bench/out/history-<commits>c-<mb>mb/ with a single
`git fast-import` fed from Python, and reused while its `.complete` marker exists. The same
arguments give byte-identical objects on every machine: fixed seed, names, emails and dates.
It has a main branch, feature branches (some never merged), annotated tags, files modified,
added, deleted and renamed over time, and about 30 planted fake credentials, half of them
removed again in the following commit on their branch.

With --repo PATH: a path that does not exist yet is generated there; an existing repository
without the marker is measured as it is (no generation).

Each tool runs once after a warm-up read of every object, so all see a warm page cache.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import string
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import GENERATORS, WORDS
from measure import Timing, print_table, timed, tool

OUT = Path(__file__).resolve().parent / "out"
SEED = 20_000
START = 1_600_000_000  # first commit date; each commit is STEP seconds after the previous
STEP = 1_800
AUTHORS = (
    ("Ada Park", "ada.park@example.com"),
    ("Bo Nguyen", "bo.nguyen@example.com"),
    ("Carla Ruiz", "carla.ruiz@example.com"),
    ("Dev Patel", "dev.patel@example.com"),
    ("Eli Cohen", "eli.cohen@example.com"),
    ("Fay Olsen", "fay.olsen@example.com"),
)
TAGGER = "Release Bot <release-bot@example.com>"
VERBS = ("Fix", "Add", "Refactor", "Update", "Rename", "Tidy", "Speed up", "Document", "Test")
AREAS = ("src/api", "src/core", "src/jobs", "web/components", "web/pages", "deploy", "lib")
FEATURES = 20
UNMERGED = 6
TAGS = 10
SECRETS = 30
INITIAL_FILES = 300
FILES_PER_COMMIT = ((1, 2, 3, 4, 5), (40, 25, 15, 12, 8))
MIN_SIZE, MAX_SIZE = 2_000, 50_000
GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_AUTHOR_NAME": AUTHORS[0][0],
    "GIT_AUTHOR_EMAIL": AUTHORS[0][1],
    "GIT_COMMITTER_NAME": AUTHORS[0][0],
    "GIT_COMMITTER_EMAIL": AUTHORS[0][1],
}
# Every reachable object read once. %(rest) makes cat-file take only the id from "<id> <path>"
# lines; a plain --batch would answer "missing" for every tree and blob.
FLOOR = (
    "git rev-list --objects --all"
    " | git cat-file --batch='%(objectname) %(objecttype) %(objectsize) %(rest)' > /dev/null"
)


@dataclass(frozen=True)
class Blob:
    mark: int
    ext: str
    blocks: tuple[str, ...]
    target: int


@dataclass
class Branch:
    name: str
    tree: dict[str, Blob]
    tip: int
    base: dict[str, Blob] = field(default_factory=dict)
    fork: int = 0
    end: int = 0
    merged: bool = True
    fix: tuple[str, str] | None = None  # (path, block) to remove next; block "" deletes the file


@dataclass
class Stats:
    commits: int = 0
    blobs: int = 0
    blob_bytes: int = 0
    planted: int = 0
    fixed: int = 0


def _pool(rng: random.Random, ext: str) -> list[str]:
    """Code blocks (a function, a few YAML keys) to compose files from."""
    blocks: list[str] = []
    while len(blocks) < 4_000:
        parts = GENERATORS[ext](rng).split("\n\n")
        for part in parts[1:] or parts:  # skip the imports; YAML is a single part
            lines = part.strip("\n").splitlines()
            blocks += ["\n".join(lines[i : i + 6]) + "\n\n" for i in range(0, len(lines), 6)]
    return blocks


def _comment(ext: str) -> str:
    return "#" if ext in (".py", ".yaml") else "//"


def _secret_lines(rng: random.Random, index: int) -> list[tuple[str, str]]:
    """Fake credentials built at run time, so this file holds no credential-shaped literal."""
    alnum = string.ascii_letters + string.digits

    def pick(chars: str, n: int) -> str:
        return "".join(rng.choice(chars) for _ in range(n))

    kinds = (
        [("STRIPE_SECRET_KEY", "sk_" + "live_" + pick(alnum, 24))],
        [("GITHUB_TOKEN", "gh" + "p_" + pick(alnum, 36))],
        [
            ("AWS_ACCESS_KEY_ID", "AK" + "IA" + pick(string.ascii_uppercase + "234567", 16)),
            ("AWS_SECRET_ACCESS_KEY", pick(alnum + "/+", 40)),
        ],
        [("SLACK_BOT_TOKEN", "xox" + "b-" + pick(string.digits, 12) + "-" + pick(alnum, 24))],
        [("SENDGRID_API_KEY", "SG" + "." + pick(alnum, 22) + "." + pick(alnum, 43))],
        [("GOOGLE_MAPS_KEY", "AI" + "za" + pick(alnum + "-_", 35))],
        [("DATABASE_URL", "postgres" + "://app:" + pick(alnum, 20) + "@db.internal:5432/app")],
    )
    return kinds[index % len(kinds)]


def _secret_block(pairs: list[tuple[str, str]], ext: str) -> str:
    if ext == ".py":
        return "".join(f'{key} = "{value}"\n' for key, value in pairs) + "\n"
    if ext == ".yaml":
        return "".join(f'{key.lower()}: "{value}"\n' for key, value in pairs) + "\n"
    return "".join(f'const {key} = "{value}";\n' for key, value in pairs) + "\n"


class History:
    """Writes a deterministic `git fast-import` stream: commits, merges, tags, secrets."""

    def __init__(self, out: IO[bytes], commits: int, target_bytes: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.out = out
        self.commits = commits
        self.target_bytes = target_bytes
        self.pools = {ext: _pool(self.rng, ext) for ext in GENERATORS}
        self.stats = Stats()
        self.mark = 0
        self.tags = 0
        self.pending_secrets = 0
        mean_k = sum(k * w for k, w in zip(*FILES_PER_COMMIT, strict=True)) / 100
        expected_blobs = INITIAL_FILES + commits * (mean_k + 0.03)
        self.mean_size = max(MIN_SIZE * 1.2, target_bytes * 1.02 / expected_blobs)
        self.main = Branch("main", {}, 0)
        self.open: list[Branch] = []
        self.planned = self._plan_features()
        self.secret_steps = [int((i + 0.5) * commits / SECRETS) for i in range(SECRETS)]

    # -- stream primitives ------------------------------------------------------------------

    def _next_mark(self) -> int:
        self.mark += 1
        return self.mark

    def _blob(self, ext: str, blocks: list[str], target: int) -> Blob:
        mark = self._next_mark()
        data = "".join(blocks).encode()
        self.out.write(b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(data), data))
        self.stats.blobs += 1
        self.stats.blob_bytes += len(data)
        return Blob(mark, ext, tuple(blocks), target)

    def _commit(self, branch: Branch, message: str, ops: list[str], merge: int = 0) -> None:
        mark = self._next_mark()
        name, email = self.rng.choice(AUTHORS)
        ident = f"{name} <{email}> {START + self.stats.commits * STEP} +0000"
        msg = message.encode()
        head = f"commit refs/heads/{branch.name}\nmark :{mark}\nauthor {ident}\n"
        self.out.write(f"{head}committer {ident}\ndata {len(msg)}\n".encode() + msg + b"\n")
        lines = [f"from :{branch.tip}"] if branch.tip else []
        lines += [f"merge :{merge}"] if merge else []
        lines += ops
        self.out.write("".join(line + "\n" for line in lines).encode() + b"\n")
        branch.tip = mark
        self.stats.commits += 1

    def _tag(self) -> None:
        self.tags += 1
        msg = f"Release 1.{self.tags}.0\n".encode()
        when = START + self.stats.commits * STEP
        head = f"tag v1.{self.tags}.0\nfrom :{self.main.tip}\ntagger {TAGGER} {when} +0000\n"
        self.out.write(f"{head}data {len(msg)}\n".encode() + msg + b"\n")

    # -- file contents ----------------------------------------------------------------------

    def _size(self) -> int:
        size = MIN_SIZE + int(self.rng.expovariate(1 / (self.mean_size - MIN_SIZE)))
        return min(size, MAX_SIZE)

    def _stamp(self, ext: str) -> str:
        words = " ".join(self.rng.sample(WORDS, 4))
        return f"{_comment(ext)} change {self.mark + 1}: {words}\n\n"

    def _new_file(self, path: str) -> Blob:
        ext = Path(path).suffix
        target = self._size()
        blocks = [f"{_comment(ext)} {path}\n\n", self._stamp(ext)]
        while sum(map(len, blocks)) < target:
            blocks.append(self.rng.choice(self.pools[ext]))
        return self._blob(ext, blocks, target)

    def _edit(self, blob: Blob, extra: str = "") -> Blob:
        rng, pool, blocks = self.rng, self.pools[blob.ext], list(blob.blocks)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(1, len(blocks) + 1)
            del blocks[at : at + rng.randint(0, 3)]
            blocks[at:at] = rng.choices(pool, k=rng.randint(1, 3))
        size = sum(map(len, blocks))
        while size > blob.target * 1.15 and len(blocks) > 2:
            size -= len(blocks.pop(rng.randrange(1, len(blocks))))
        while size < blob.target * 0.85:
            block = rng.choice(pool)
            blocks.insert(rng.randrange(1, len(blocks) + 1), block)
            size += len(block)
        blocks.insert(rng.randrange(1, len(blocks) + 1), self._stamp(blob.ext))
        if extra:
            blocks.insert(rng.randrange(1, len(blocks) + 1), extra)
        return self._blob(blob.ext, blocks, blob.target)

    def _new_path(self, tree: dict[str, Blob]) -> str:
        area = self.rng.choice(AREAS)
        ext = self.rng.choice(list(GENERATORS))
        stem = "_".join(self.rng.sample(WORDS, 2))
        path = f"{area}/{stem}{ext}"
        return path if path not in tree else f"{area}/{stem}_{self.mark}{ext}"

    # -- commits ----------------------------------------------------------------------------

    def _root(self) -> None:
        ops = []
        for _ in range(INITIAL_FILES):
            path = self._new_path(self.main.tree)
            self.main.tree[path] = blob = self._new_file(path)
            ops.append(f"M 100644 :{blob.mark} {path}")
        self._commit(self.main, "Initial import", ops)

    def _reshape(self, tree: dict[str, Blob]) -> list[str]:
        """Now and then add, delete or rename a file."""
        roll = self.rng.random()
        if roll < 0.03:
            path = self._new_path(tree)
            tree[path] = self._new_file(path)
            return [f"M 100644 :{tree[path].mark} {path}"]
        editable = [p for p, b in tree.items() if b.ext in self.pools]
        if roll < 0.04 and len(editable) > 100:
            path = self.rng.choice(editable)
            del tree[path]
            return [f"D {path}"]
        if roll < 0.05:
            old = self.rng.choice(editable)
            new = self._new_path(tree)
            new = str(Path(new).with_suffix(Path(old).suffix))
            if new in tree:
                return []
            tree[new] = tree.pop(old)
            return [f"R {old} {new}"]
        return []

    def _plant(self, branch: Branch, path: str) -> tuple[str, list[str]]:
        """Plant the next fake credential: inline in `path`, or as a new .env file."""
        index = self.stats.planted
        self.stats.planted += 1
        pairs = _secret_lines(self.rng, index)
        if index % 5 == 0:
            env_path = f"config/.env.{('production', 'staging', 'local')[index // 5 % 3]}"
            body = "NODE_ENV=production\n" + "".join(f"{k}={v}\n" for k, v in pairs)
            branch.tree[env_path] = self._blob(".env", [body], 0)
            branch.fix = (env_path, "") if index % 2 == 0 else None
            return "", [f"M 100644 :{branch.tree[env_path].mark} {env_path}"]
        block = _secret_block(pairs, branch.tree[path].ext)
        branch.fix = (path, block) if index % 2 == 0 else None
        return block, []

    def _fix(self, branch: Branch) -> None:
        assert branch.fix is not None  # noqa: S101
        path, block = branch.fix
        branch.fix = None
        blob = branch.tree.get(path)
        if blob is None or (block and block not in blob.blocks):
            return  # already gone (renamed, deleted or replaced by a merge)
        self.stats.fixed += 1
        if not block:
            del branch.tree[path]
            self._commit(branch, f"Remove {Path(path).name} from the repository", [f"D {path}"])
            return
        blocks = [b for b in blob.blocks if b != block]
        new = self._blob(blob.ext, blocks, blob.target)
        branch.tree[path] = new
        self._commit(
            branch, "Move credentials to the secret store", [f"M 100644 :{new.mark} {path}"]
        )

    def _regular(self, branch: Branch) -> None:
        before = [p for p, b in branch.tree.items() if b.ext in self.pools]
        ops = self._reshape(branch.tree)  # files it touches are not edited in this commit
        editable = [p for p in before if p in branch.tree]
        count = self.rng.choices(*FILES_PER_COMMIT)[0]
        paths = self.rng.sample(editable, min(count, len(editable)))
        extra = ""
        if self.pending_secrets:
            self.pending_secrets -= 1
            extra, env_ops = self._plant(branch, paths[0])
            ops += env_ops
        for i, path in enumerate(paths):
            branch.tree[path] = self._edit(branch.tree[path], extra if i == 0 else "")
            ops.append(f"M 100644 :{branch.tree[path].mark} {path}")
        verb, words = self.rng.choice(VERBS), " ".join(self.rng.sample(WORDS, 2))
        self._commit(branch, f"{verb} {words} in {Path(paths[0]).stem}", ops)

    def _merge(self, feature: Branch) -> None:
        ops = []
        for path, blob in feature.tree.items():
            if feature.base.get(path) is not blob:
                self.main.tree[path] = blob
                ops.append(f"M 100644 :{blob.mark} {path}")
        for path in feature.base:
            if path not in feature.tree and path in self.main.tree:
                del self.main.tree[path]
                ops.append(f"D {path}")
        self._commit(self.main, f"Merge branch '{feature.name}'", ops, merge=feature.tip)

    # -- schedule ---------------------------------------------------------------------------

    def _plan_features(self) -> list[tuple[int, Branch]]:
        unmerged = self.rng.sample(range(FEATURES), UNMERGED)
        plan = []
        for k in range(FEATURES):
            start = int(self.commits * (0.03 + 0.9 * k / FEATURES))
            length = self.rng.randint(self.commits // 40, self.commits // 10)
            name = f"feature/{'-'.join(self.rng.sample(WORDS, 2))}-{k}"
            end = min(start + length, self.commits - 5)
            plan.append((start, Branch(name, {}, 0, end=end, merged=k not in unmerged)))
        return plan

    def _open_due(self) -> None:
        while self.planned and self.planned[0][0] <= self.stats.commits:
            _, feature = self.planned.pop(0)
            feature.tree, feature.base = dict(self.main.tree), dict(self.main.tree)
            feature.tip = feature.fork = self.main.tip
            self.out.write(f"reset refs/heads/{feature.name}\nfrom :{feature.tip}\n\n".encode())
            self.open.append(feature)

    def _close_due(self) -> bool:
        """Close the first feature past its end; True when that wrote a merge commit."""
        for feature in list(self.open):
            if feature.end <= self.stats.commits:
                self.open.remove(feature)
                if feature.merged and feature.tip != feature.fork:
                    self._merge(feature)
                    return True
        return False

    def _tick(self) -> None:
        self._open_due()
        while self.secret_steps and self.secret_steps[0] <= self.stats.commits:
            self.secret_steps.pop(0)
            self.pending_secrets += 1
        if not self._close_due():
            use_feature = self.open and self.rng.random() < 0.35
            branch = self.rng.choice(self.open) if use_feature else self.main
            if branch.fix:
                self._fix(branch)
            else:
                self._regular(branch)
        every = max(1, self.commits // (TAGS + 1))
        if self.tags < TAGS and self.stats.commits >= every * (self.tags + 1):
            self._tag()

    def run(self) -> Stats:
        self._root()
        while self.stats.commits < self.commits or self.stats.blob_bytes < self.target_bytes:
            self._tick()
        self.out.write(b"done\n")
        return self.stats


# -- repository -------------------------------------------------------------------------------


def git(root: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True, env=GIT_ENV
    )
    return proc.stdout


def generate(root: Path, commits: int, mb: int) -> Stats:
    """One `git init` and one `git fast-import`; no git process per commit."""
    if root.exists():
        shutil.rmtree(root)  # an interrupted earlier run: no .complete marker
    root.mkdir(parents=True)
    git(root, "init", "-q", "--initial-branch=main")
    git(root, "config", "gc.auto", "0")
    argv = ["git", "-C", str(root), "fast-import", "--quiet", "--done", "--active-branches=32"]
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=GIT_ENV)
    assert proc.stdin is not None  # noqa: S101
    stats = History(proc.stdin, commits, mb << 20, SEED + commits + mb).run()
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit(f"git fast-import failed with exit code {proc.returncode}")
    git(root, "reset", "-q", "--hard")  # a checked-out working tree, as in a developer's clone
    (root / ".complete").write_text("ok")
    return stats


def repository(args: argparse.Namespace) -> Path:
    root = args.repo or OUT / f"history-{args.commits}c-{args.mb}mb"
    if (root / ".complete").exists():
        print(f"reusing {root}")
        return root
    if args.repo and root.exists():
        print(f"measuring existing repository {root} as it is")
        return root
    print(f"generating {root} ...", flush=True)
    started = time.perf_counter()
    stats = generate(root, args.commits, args.mb)
    print(
        f"generated in {time.perf_counter() - started:.1f} s: {stats.commits} commits, "
        f"{stats.blobs} blobs, {stats.planted} secrets planted ({stats.fixed} removed later)"
    )
    return root


def pack_bytes(root: Path) -> int:
    pack_dir = root / git(root, "rev-parse", "--git-path", "objects/pack").strip()
    return sum(p.stat().st_size for p in pack_dir.glob("*.pack"))


def blob_bytes(root: Path) -> tuple[int, int]:
    """Count and total size of every blob in the object store, unpacked."""
    out = git(root, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectsize)")
    sizes = [
        int(size) for kind, size in (line.split() for line in out.splitlines()) if kind == "blob"
    ]
    return len(sizes), sum(sizes)


def describe(root: Path) -> int:
    commits = int(git(root, "rev-list", "--all", "--count"))
    branches = len(git(root, "branch", "--list").splitlines())
    tags = len(git(root, "tag", "--list").splitlines())
    count, size = blob_bytes(root)
    pack = pack_bytes(root)
    print(f"{commits} commits, {branches} branches, {tags} tags")
    print(f"pack {pack} bytes ({pack / 1e6:.1f} MB)")
    print(f"{count} blobs, {size} bytes unpacked ({size / 1e6:.1f} MB)")
    return size


# -- measurements -----------------------------------------------------------------------------


def has_history_command(lg: str) -> bool:
    proc = subprocess.run([lg, "history", "--help"], capture_output=True, check=False)
    return proc.returncode == 0


def run_all(root: Path) -> list[Timing]:
    floor = ["bash", "-c", FLOOR]
    timed("warm-up", floor, cwd=root)  # warm the page cache
    timings = [timed("git cat-file (floor)", floor, cwd=root)]
    lg = tool("launchguard")
    if lg and has_history_command(lg):
        timed("warm-up", [lg, "scan", str(Path(__file__).parent / "corpus.py")])  # rules cache
        argv = [lg, "history", "--no-progress", "--format", "json"]
        timings.append(timed("launchguard", argv, cwd=root))
    elif lg:
        print("note: `launchguard history` does not exist yet; skipped")
    kf = tool("kingfisher")
    if kf:
        argv = [kf, "scan", str(root), "--git-history", "full", "--no-validate"]
        argv += ["--no-update-check", "--format", "json", "--output", "/dev/null"]
        timings.append(timed("kingfisher", argv))
    return timings


def arguments(doc: str | None) -> argparse.Namespace:
    """--commits, --mb and --repo: which repository (shared with bench/history_memory.py)."""
    parser = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--commits", type=int, default=20_000)
    parser.add_argument("--mb", type=int, default=300, help="unpacked unique blob MiB, at least")
    parser.add_argument("--repo", type=Path, help="where to generate, or a repository to measure")
    return parser.parse_args()


def main() -> None:
    args = arguments(__doc__)
    root = repository(args)
    size = describe(root)
    timings = run_all(root)
    baseline = "launchguard" if any(t.name == "launchguard" for t in timings) else "git cat-file"
    print_table(f"git history {root.name}", size, timings, baseline)


if __name__ == "__main__":
    main()
