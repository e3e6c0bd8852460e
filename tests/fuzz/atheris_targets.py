"""Coverage-guided fuzzing of each parser with atheris (libFuzzer for Python).

    python -m tests.fuzz.atheris_targets TARGET [-runs=N] [-max_total_time=S] [libFuzzer flags]

TARGET is a name of tests/fuzz/targets.py's TARGETS, or `list` to print them. The launchguard
modules are instrumented, so libFuzzer keeps inputs that reach new code. Each run starts from
the seeds below (written to a corpus folder, where libFuzzer adds what it finds) and stops at
the first input that breaks the property, saving it as `crash-<sha1>` in the working folder
(or under -artifact_prefix=).

The scratch folder holding the corpus and the files the targets write is $FUZZ_SCRATCH when
set (the pytest driver points it at a temporary folder it removes), else a new folder under
the system's temporary folder, named on stderr.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

_RULE = """\
provider: demo
rules:
  - id: demo-token
    name: Demo token
    kind: secret
    severity: high
    keywords: [demo_]
    pattern: '(demo_[a-z0-9]{16})'
    rotate: {url: 'https://example.com/rotate', steps: [revoke it]}
    examples: ['demo_0123456789abcdef']
"""
_MAP = {
    "version": 3,
    "sources": ["a.ts", None],
    "names": ["x"],
    "sourcesContent": ["const a = 1", None],
    "mappings": "AAAA,CAAC;;IAAIA,gBAAgB;A",
}
_SEEDS: dict[str, list[bytes]] = {
    "env_file": [b"export A=1\nB='two'\nC=\"x${A}\"\n# c\nD", b'E="multi\nline"\n'],
    "env_usages": [b"process.env.A; os.getenv('B'); ENV['C']; import.meta.env?.['D']"],
    "source_map": [json.dumps(_MAP).encode(), b'{"version":3,"sections":[]}'],
    "source_map_link": [b"x\n//# sourceMappingURL=data:application/json;base64,e30=\n"],
    "embedded_sources": [json.dumps(_MAP).encode(), b'{"cells":[{"source":["a"]}]}'],
    "config_yaml": [b"exclude: [a]\nallow: [{value: 'x+', reason: r}]\nmax-file-size: 2MB\n"],
    "config_pyproject": [b'[tool.launchguard]\nexclude = ["a"]\nfail-on = "high"\n'],
    "rule_yaml": [_RULE.encode()],
    "rule_cache": [b'{"rotate": null, "jwt_claims": [], "kind": "secret", "severity": "low"}'],
    "baseline": [
        b'{"format": "launchguard-baseline", "findings": [{"fingerprint": "a"}]}',
        b'{"results": {"a": [{"hashed_secret": "b", "type": "t"}]}, "plugins_used": []}',
    ],
    "frameworks": [b'\x00{"dependencies": {"next": "1"}}\x00module.exports = {env: {A: 1}}'],
    "js_config": [b"export default defineConfig({ define: { 'process.env': process.env } })"],
    "logs_python": [b"import logging\ndef f(token):\n    logging.info('%s', token)\n"],
    "logs_js": [b"function f(req) { console.log(req.headers.authorization) }\n"],
    "reports": [b"rule\x00aws\x00src/a.py\x00abc\x00me\x00main\x00\x00secret\x00m\x00E\x00"],
}


def _scratch() -> Path:
    given = os.environ.get("FUZZ_SCRATCH")
    if given:
        return Path(given)
    folder = Path(tempfile.mkdtemp(prefix="launchguard-fuzz-"))
    sys.stderr.write(f"scratch folder: {folder}\n")
    return folder


def main(argv: list[str]) -> None:
    import atheris

    with atheris.instrument_imports(include=["launchguard", "dotenv", "detect_secrets"]):
        from tests.fuzz.targets import TARGETS
    if len(argv) < 2 or argv[1] not in TARGETS:
        sys.stderr.write("targets: " + " ".join(TARGETS) + "\n")
        raise SystemExit(0 if argv[1:] == ["list"] else 2)
    name = argv[1]
    target = TARGETS[name]
    scratch = _scratch()
    corpus = scratch / f"corpus-{name}"
    corpus.mkdir(parents=True, exist_ok=True)
    for n, seed in enumerate(_SEEDS.get(name, [])):
        (corpus / f"seed-{n}").write_bytes(seed)
    files = scratch / f"files-{name}"
    files.mkdir(exist_ok=True)
    # libFuzzer reads its own flags; a bare argument is a corpus folder.
    atheris.Setup([argv[0], *argv[2:], str(corpus)], lambda data: target(data, files))
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
