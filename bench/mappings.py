"""Source maps: parse the map of a one-line 10 MB minified bundle and look up its last column.

    python bench/mappings.py [--mb 10] [--seed 1] [--runs 3]

The map is generated in memory (deterministic): about 1.4 million segments over a few
sources, a third of them with a name, as a minifier writes them. Prints the best of `--runs`
for `SourceMap.parse` + `original()` at the last column (the worst case: every segment of the
line is decoded), then 1000 lookups spread over the same line in increasing order.
"""

from __future__ import annotations

import argparse
import json
import random
import time

from launchguard.sources.mappings import SourceMap

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
SOURCES = ["webpack://app/./src/index.ts", "webpack://app/./src/api.ts", "../node_modules/x.js"]


def vlq(value: int) -> str:
    rest = (-value << 1) | 1 if value < 0 else value << 1
    out = ""
    while True:
        digit, rest = rest & 31, rest >> 5
        out += ALPHABET[digit | (32 if rest else 0)]
        if not rest:
            return out


def one_line_map(generated_bytes: int, seed: int) -> tuple[bytes, int]:
    """(map JSON, generated length): segments every 1-13 columns until `generated_bytes`."""
    rng = random.Random(seed)
    segments: list[str] = []
    column = source = line = original_column = name = 0
    while column < generated_bytes:
        step = rng.randint(1, 13)
        new_source = source if rng.random() < 0.999 else rng.randrange(len(SOURCES))
        new_line = line + (rng.randint(1, 3) if rng.random() < 0.1 else 0)
        new_column = rng.randint(0, 40) if new_line != line else original_column + rng.randint(0, 9)
        fields = [step, new_source - source, new_line - line, new_column - original_column]
        if rng.random() < 0.33:
            new_name = rng.randrange(500)
            fields.append(new_name - name)
            name = new_name
        segments.append("".join(map(vlq, fields)))
        column += step
        source, line, original_column = new_source, new_line, new_column
    names = [f"name{i}" for i in range(500)]
    document = {"version": 3, "sources": SOURCES, "names": names, "mappings": ",".join(segments)}
    return json.dumps(document).encode(), column


def best_of(runs: int, job: object) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        job()  # type: ignore[operator]
        samples.append(time.perf_counter() - started)
    return min(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data, width = one_line_map(args.mb * 1_000_000, args.seed)
    mappings_mb = len(data) / 1e6
    segments = data.count(b",") + 1

    def last_column() -> None:
        if SourceMap.parse(data, "dist/app.js.map").original(1, width) is None:
            raise SystemExit("the last column has no mapping")

    source_map = SourceMap.parse(data, "dist/app.js.map")
    columns = range(1, width, max(1, width // 1000))
    lookups = best_of(1, lambda: [source_map.original(1, c) for c in columns])
    print(f"one-line bundle of {width / 1e6:.1f} MB: {segments} segments, map {mappings_mb:.1f} MB")
    print(f"  parse + original(1, last column)   {best_of(args.runs, last_column):6.3f} s")
    print(f"  then {len(columns)} lookups along the line  {lookups:6.3f} s (includes decoding)")


if __name__ == "__main__":
    main()
