"""`launchguard bundle` on built output: minified JavaScript with source maps, against the `cat`
floor (and Kingfisher on the same folder, for reference).

    python bench/bundle.py [--js-mb 50]

The corpus (bench/out/bundle-<N>mb/) is a Vite-like project: a .env with client, server and
public-by-design values, and dist/assets/ of ~2 MB one-line bundles, each with a source map
(real VLQ mappings, one segment per statement, and sourcesContent). Some bundles inline env
values. Generated once, deterministically, then reused.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import _minified_chunk
from mappings import vlq
from measure import cat_floor, print_table, timed, tool, tree_bytes

OUT = Path(__file__).resolve().parent / "out"
_ALNUM = string.ascii_letters + string.digits


def _rand(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_ALNUM) for _ in range(n))


def env_values(rng: random.Random) -> dict[str, str]:
    """Split literals: this file must hold nothing credential-shaped."""
    return {
        "VITE_APP_TITLE": "Bench Shop",
        "VITE_STRIPE_PUBLISHABLE_KEY": "pk_" + "live_51" + _rand(rng, 40),
        "VITE_OPENAI_API_KEY": "sk-" + "proj-" + _rand(rng, 20) + "T3Blbk" + "FJ" + _rand(rng, 20),
        "ADMIN_API_TOKEN": _rand(rng, 32),
        "STRIPE_SECRET_KEY": "sk_" + "live_51" + _rand(rng, 40),
        "SESSION_SECRET": _rand(rng, 48),
        **{f"SERVICE_{i}_TOKEN": _rand(rng, 36) for i in range(24)},
    }


def _bundle(rng: random.Random, leaked: list[str]) -> tuple[str, str]:
    """One ~2 MB minified line and its source map (one segment per statement)."""
    code: list[str] = []
    lines: list[str] = []
    segments: list[str] = []
    column = previous_line = 0
    size = 0
    while size < 2 << 20:
        chunk = _minified_chunk(rng)
        if leaked and rng.random() < 0.0005:
            chunk = f'const t="{leaked.pop()}";'
        segments.append(vlq(column) + "A" + vlq(len(lines) - previous_line) + "A")
        column = len(chunk)
        previous_line = len(lines)
        lines.append(chunk.replace(";", ";\n  "))
        code.append(chunk)
        size += len(chunk)
    source_map = {
        "version": 3,
        "sources": ["../../src/app.js"],
        "sourcesContent": ["\n".join(lines)],
        "names": [],
        "mappings": ",".join(segments),
    }
    return "".join(code), json.dumps(source_map)


def write_corpus(root: Path, js_mb: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    values = env_values(rng)
    root.mkdir(parents=True, exist_ok=True)
    (root / "package.json").write_text('{"devDependencies": {"vite": "7.3.8"}}')
    (root / ".env").write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    assets = root / "dist" / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    inlined = [values["VITE_OPENAI_API_KEY"], values["VITE_STRIPE_PUBLISHABLE_KEY"]]
    inlined += [values["ADMIN_API_TOKEN"], values["SERVICE_3_TOKEN"]]
    for index in range(js_mb // 2):
        leaked = [inlined[index % len(inlined)]] if index % 5 == 0 else []
        code, source_map = _bundle(rng, leaked)
        name = f"index-{index:03d}.js"
        (assets / name).write_text(f"{code}\n//# sourceMappingURL={name}.map\n")
        (assets / f"{name}.map").write_text(source_map)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--js-mb", type=int, default=50)
    args = parser.parse_args()
    root = OUT / f"bundle-{args.js_mb}mb"
    if not (root / ".complete").exists():
        print(f"generating {root} ...", flush=True)
        write_corpus(root, args.js_mb)
        (root / ".complete").write_text("ok")
    dist = root / "dist"
    js = sum(p.stat().st_size for p in dist.rglob("*.js"))
    maps = sum(p.stat().st_size for p in dist.rglob("*.map"))
    print(f"{js / 1e6:.1f} MB of minified JS, {maps / 1e6:.1f} MB of source maps")
    cat_floor(dist)  # warm the page cache
    timings = [cat_floor(dist)]
    lg = tool("launchguard")
    if lg:
        timed("warm-up", [lg, "bundle", str(dist), "--no-progress"], cwd=root)
        argv = [lg, "bundle", "dist", "--format", "json", "--no-progress"]
        timings.append(timed("launchguard bundle", argv, cwd=root))
    kf = tool("kingfisher")
    if kf:
        argv = [kf, "scan", str(dist), "--no-validate", "--git-history", "none", "--format",
                "json", "--output", "/dev/null"]  # fmt: skip
        timings.append(timed("kingfisher (no env check)", argv))
    print_table(f"bundle corpus {root.name}", tree_bytes(dist), timings, "cat")


if __name__ == "__main__":
    main()
