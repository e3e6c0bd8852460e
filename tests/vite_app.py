"""A real Vite 7 build of tests/fixtures/vite-app, with generated fake env values.

The fixture sources are committed; the values are not. `prepare` copies the sources into a work
directory, writes `.env` and the module holding a hard-coded copy of ADMIN_API_TOKEN there, and
`build` runs the fixture's own Vite on it. Usable from pytest (tests/bundle/conftest.py) and
from CI: `python -m tests.vite_app build OUTDIR`.

The fixture's package.json pins rollup through `overrides`: for newer rollup releases the
registry reachable here lacks some platforms' @rollup/rollup-* packages, npm then writes a lock
file without them, and `npm ci` rejects that lock file as out of sync.

What each variable is and where it must (or must not) end up in dist/:

    VITE_APP_TITLE               plain text, client-exposed            in the bundle and index.html
    VITE_STRIPE_PUBLISHABLE_KEY  pk_live_, public by design            in the bundle
    VITE_OPENAI_API_KEY          sk-proj-, a secret exposed by VITE_    in the bundle
    VITE_SUPABASE_ANON_KEY       anon JWT, public by design            in the bundle
    SIGNING_SECRET               server-named, pushed by config define in the bundle
    ADMIN_API_TOKEN              server-only, hard-coded copy in src/  in the bundle
    STRIPE_SECRET_KEY            sk_live_, server-only                 never in dist/
    DATABASE_URL                 postgres URL with password            never in dist/
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers.fake import jwt, openai_project, rand, stripe_live

FIXTURE = Path(__file__).parent / "fixtures" / "vite-app"

# Vite 7's own `engines` field: ^20.19.0 || >=22.12.0 (require(esm) without a flag).
MIN_NODE_20 = (20, 19)
MIN_NODE_22 = (22, 12)

# Never copied into a work directory: installed or generated, and regenerated there.
_NOT_SOURCES = {"node_modules", "dist", ".ci-build", ".env"}

SUPABASE_REF = "abcdefghijklmnopqrst"

# Values the bundle must contain, and values that must stay out of it.
IN_BUNDLE = (
    "VITE_APP_TITLE",
    "VITE_STRIPE_PUBLISHABLE_KEY",
    "VITE_OPENAI_API_KEY",
    "VITE_SUPABASE_ANON_KEY",
    "SIGNING_SECRET",
    "ADMIN_API_TOKEN",
)
NOT_IN_BUNDLE = ("STRIPE_SECRET_KEY", "DATABASE_URL")


class ViteBuildError(RuntimeError):
    """npm or vite failed; the message carries the tail of its output."""


def env_values() -> dict[str, str]:
    """The fixture's .env, deterministic so that failures are reproducible.

    Each value uses its own seed: rand() with equal seeds yields equal prefixes, and a value
    that is a prefix of another would blur which variable a finding belongs to.
    """
    anon_claims: dict[str, object] = {
        "iss": "supabase",
        "ref": SUPABASE_REF,
        "role": "anon",
        "iat": 1700000000,
        "exp": 2000000000,
    }
    password = rand(20, seed=7108)
    return {
        "VITE_APP_TITLE": "Launchguard Fixture",
        # Assembled from pieces like tests/helpers/fake.py, so no full key is ever committed.
        "VITE_STRIPE_PUBLISHABLE_KEY": "pk_" + "live_" + "51" + rand(96, seed=7101),
        "VITE_OPENAI_API_KEY": openai_project(seed=7102),  # uses seeds 7102 and 7103
        "VITE_SUPABASE_ANON_KEY": jwt(anon_claims, seed=7104),
        "SIGNING_SECRET": rand(40, seed=7105),
        "ADMIN_API_TOKEN": rand(32, seed=7106),
        "STRIPE_SECRET_KEY": stripe_live(seed=7107),
        "DATABASE_URL": "postgres://" + f"app:{password}@db.internal.example.com:5432/app",
    }


def node_version() -> tuple[int, int] | None:
    node = shutil.which("node")
    if node is None:
        return None
    out = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    match = re.match(r"v(\d+)\.(\d+)", out.stdout.strip())
    return (int(match[1]), int(match[2])) if match else None


def unavailable_reason() -> str | None:
    """Why the fixture cannot be built here, or None when node and npm are usable."""
    version = node_version()
    if version is None:
        return "node is not installed (Vite 7 needs ^20.19 or >=22.12)"
    if not (
        (version[0] == 20 and version >= MIN_NODE_20)
        or (version[0] >= 22 and version >= MIN_NODE_22)
    ):
        return f"node {version[0]}.{version[1]} is too old for Vite 7 (needs ^20.19 or >=22.12)"
    if shutil.which("npm") is None:
        return "npm is not installed"
    return None


def npm_available() -> bool:
    return unavailable_reason() is None


def _tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _run(argv: list[str], cwd: Path, what: str) -> None:
    # NO_COLOR keeps ANSI codes out of the error messages we raise.
    env = {**os.environ, "NO_COLOR": "1"}
    try:
        proc = subprocess.run(
            argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ViteBuildError(f"{what} timed out after {exc.timeout}s in {cwd}") from None
    if proc.returncode != 0:
        output = _tail(proc.stderr) or _tail(proc.stdout)
        raise ViteBuildError(f"{what} failed (exit {proc.returncode}) in {cwd}:\n{output}")


def vite_bin(root: Path = FIXTURE) -> Path:
    return root / "node_modules" / ".bin" / "vite"


def install() -> None:
    """`npm ci` in the fixture, unless its node_modules already holds vite."""
    if vite_bin().exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise ViteBuildError("npm is not installed")
    _run([npm, "ci", "--no-audit", "--no-fund"], FIXTURE, "npm ci")


def prepare(workdir: Path) -> Path:
    """Copy the fixture sources into workdir and add the generated, never-committed files."""
    workdir.mkdir(parents=True, exist_ok=True)
    for entry in FIXTURE.iterdir():
        if entry.name in _NOT_SOURCES or entry.name == ".gitignore":
            continue
        target = workdir / entry.name
        if entry.is_dir():
            shutil.copytree(entry, target, dirs_exist_ok=True)
        else:
            shutil.copy2(entry, target)
    # A symlink, not a copy: node_modules is installed once per machine, builds are per test run.
    link = workdir / "node_modules"
    if not link.exists():
        link.symlink_to(FIXTURE.resolve() / "node_modules", target_is_directory=True)
    values = env_values()
    env_text = "".join(f"{name}={value}\n" for name, value in values.items())
    (workdir / ".env").write_text(env_text, encoding="utf-8")
    token_js = (
        "// Generated by tests/vite_app.py: a pasted copy of the server-only ADMIN_API_TOKEN.\n"
        f'export const ADMIN_API_TOKEN = "{values["ADMIN_API_TOKEN"]}";\n'
    )
    (workdir / "src" / "admin-token.js").write_text(token_js, encoding="utf-8")
    return workdir


def build(workdir: Path) -> Path:
    """Run the fixture's Vite in a prepared workdir; return workdir / "dist"."""
    vite = vite_bin(workdir)
    if not vite.exists():
        raise ViteBuildError(f"{vite} is missing: run `npm ci` in {FIXTURE} first")
    _run([str(vite), "build", "--emptyOutDir"], workdir, "vite build")
    return workdir / "dist"


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "build":
        sys.stderr.write("usage: python -m tests.vite_app build OUTDIR\n")
        return 2
    reason = unavailable_reason()
    if reason is not None:
        sys.stderr.write(f"cannot build the Vite fixture: {reason}\n")
        return 1
    try:
        dist = build(prepare(Path(argv[1]).resolve()))
    except ViteBuildError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    sys.stdout.write(f"{dist}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
