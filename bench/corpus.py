"""Deterministic benchmark corpora: mixed source files, and minified JavaScript bundles.

The same seed gives byte-identical files on every machine, so runs compare. About one file in
200 carries a planted fake credential, as real trees do: scanners must confirm some hits.
"""

from __future__ import annotations

import base64
import random
import string
from pathlib import Path

ALNUM = string.ascii_letters + string.digits
WORDS = (
    "user",
    "account",
    "order",
    "invoice",
    "payment",
    "session",
    "request",
    "response",
    "handler",
    "config",
    "client",
    "server",
    "router",
    "render",
    "props",
    "state",
    "effect",
    "query",
    "mutation",
    "schema",
    "model",
    "view",
    "controller",
    "service",
    "cache",
    "token_count",
    "retry",
    "timeout",
    "logger",
    "metrics",
    "event",
    "queue",
    "worker",
    "build",
    "deploy",
    "feature",
    "flag",
    "value",
)


def _ident(rng: random.Random) -> str:
    parts = rng.sample(WORDS, rng.randint(1, 3))
    return (
        "_".join(parts) if rng.random() < 0.5 else parts[0] + "".join(p.title() for p in parts[1:])
    )


def _fake_secret(rng: random.Random) -> str:
    body = "".join(rng.choice(ALNUM) for _ in range(32))
    return "sk_" + "live_51" + body  # split so this file holds no credential-shaped literal


def _python(rng: random.Random) -> str:
    lines = [f"import {rng.choice(['os', 'json', 'logging', 'typing'])}", ""]
    for _ in range(rng.randint(20, 60)):
        name = _ident(rng)
        lines += [
            f"def {name}(request, {_ident(rng)}=None):",
            f'    """Handle {" ".join(rng.sample(WORDS, 6))}."""',
            f"    {_ident(rng)} = request.get('{_ident(rng)}', {rng.randint(0, 999)})",
            f"    if {_ident(rng)} > {rng.randint(1, 50)}:",
            f"        logger.info('processed %s', {_ident(rng)})",
            f"    return {{'{_ident(rng)}': {_ident(rng)}, 'ok': True}}",
            "",
        ]
    return "\n".join(lines)


def _javascript(rng: random.Random) -> str:
    lines = [f"import {{ {_ident(rng)} }} from './{_ident(rng)}';", ""]
    for _ in range(rng.randint(20, 60)):
        lines += [
            f"export async function {_ident(rng)}({_ident(rng)}, options = {{}}) {{",
            f"  const {_ident(rng)} = await fetch(`/api/{_ident(rng)}/${{options.id}}`);",
            f"  if (!{_ident(rng)}.ok) throw new Error('{' '.join(rng.sample(WORDS, 4))}');",
            f"  return {{ {_ident(rng)}: {rng.randint(0, 10**6)}, path: '/{_ident(rng)}' }};",
            "}",
            "",
        ]
    return "\n".join(lines)


def _yaml(rng: random.Random) -> str:
    lines = ["apiVersion: apps/v1", "kind: Deployment", "spec:", "  template:", "    spec:"]
    for _ in range(rng.randint(30, 90)):
        lines.append(
            f"      {_ident(rng)}: {rng.choice(['true', str(rng.randint(0, 9999)), _ident(rng)])}"
        )
    return "\n".join(lines)


GENERATORS = {".py": _python, ".js": _javascript, ".ts": _javascript, ".yaml": _yaml}


def write_sources(root: Path, total_mb: int, seed: int = 1) -> int:
    """Mixed source files, about 200 per folder, until `total_mb` megabytes are written."""
    rng = random.Random(seed)
    written = index = 0
    while written < total_mb << 20:
        ext = rng.choice(list(GENERATORS))
        text = GENERATORS[ext](rng)
        if index % 200 == 7:
            text += f'\nSTRIPE_KEY = "{_fake_secret(rng)}"\n'
        path = root / f"pkg{index // 200:04d}" / f"{_ident(rng)}_{index}{ext}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        written += len(text)
        index += 1
    return index


def _minified_chunk(rng: random.Random) -> str:
    name = "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(1, 3)))
    choice = rng.random()
    if choice < 0.02:
        blob = base64.b64encode(rng.randbytes(rng.randint(200, 3000))).decode()
        return f'{name}="data:image/png;base64,{blob}";'
    if choice < 0.3:
        return f'{name}.{_ident(rng)}("{" ".join(rng.sample(WORDS, 3))}",{rng.randint(0, 99999)});'
    return f"function {name}({name}0,{name}1){{return {name}0&&{name}1.{_ident(rng)}({name}0)}}"


def write_minified(root: Path, total_mb: int, seed: int = 2) -> int:
    """Bundles of ~2 MB, each a single minified line, with inline data URIs."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    count = 0
    while count * 2 < total_mb:
        chunks = []
        size = 0
        while size < 2 << 20:
            chunk = _minified_chunk(rng)
            chunks.append(chunk)
            size += len(chunk)
        if count % 5 == 3:
            chunks.insert(len(chunks) // 2, f'var k="{_fake_secret(rng)}";')
        (root / f"index-{count:03d}.js").write_text("".join(chunks))
        count += 1
    return count
