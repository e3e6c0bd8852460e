"""Rule set -> Matcher, with the compiled form cached on disk.

The cache key covers the rule files' names and bytes, the decoder triggers, launchguard's
version, and the Hyperscan and Python versions, so a stale database is never loaded. Writes are
atomic (temporary file + rename): a crash mid-write leaves the previous cache or none. Every file
carries a CRC-32 of its bytes, checked before Hyperscan sees them: a file damaged on disk is
rebuilt, never deserialized.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import zlib
from pathlib import Path

from launchguard import __version__
from launchguard.atomic import write_atomically
from launchguard.engine.decode import TRIGGERS
from launchguard.engine.scan import Matcher
from launchguard.engine.table import RuleTable, build_table
from launchguard.errors import RuleError
from launchguard.rule import Rule
from launchguard.rulecodec import rule_from_dict, rule_to_dict
from launchguard.ruleset import fingerprint_files, load_rules

_MAGIC = b"LGM1"


def cache_dir() -> Path:
    override = os.environ.get("LAUNCHGUARD_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "launchguard"


def hyperscan_version() -> str | None:
    if os.environ.get("LAUNCHGUARD_BACKEND") == "python":
        return None
    try:
        from importlib.metadata import version

        import hyperscan  # noqa: F401  # importable is what matters, not the name
    except ImportError:
        return None
    return version("hyperscan")


def _cache_key(rule_paths: list[Path], hs_version: str | None) -> str:
    triggers = b"|".join(t for _, t in TRIGGERS).decode()
    parts = [
        fingerprint_files(rule_paths),
        triggers,
        __version__,
        str(hs_version),
        platform.python_version(),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


_FRAME = b"LGC2"
_DIGEST = 4  # CRC-32: finds a damaged file in 0.4 ms where SHA-256 takes 1.5 (pre-commit path)
_STALE_SECONDS = 3600.0  # a temporary file this old belongs to a process that died


def read_cache(path: Path) -> bytes | None:
    """A cache file's payload, or None when it is absent, unreadable or damaged."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head, digest, payload = blob[:4], blob[4 : 4 + _DIGEST], blob[4 + _DIGEST :]
    if head != _FRAME or zlib.crc32(payload).to_bytes(4, "big") != digest:
        return None
    return payload


def write_cache(path: Path, blob: bytes) -> None:
    """A cache file, whole or not at all; a read-only cache only costs speed, never
    correctness."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, _FRAME + zlib.crc32(blob).to_bytes(4, "big") + blob)
    except OSError:
        pass
    _remove_stale_temporaries(path.parent)


def _remove_stale_temporaries(folder: Path) -> None:
    """Temporary files left by a process killed while writing (atomic writes start with '.')."""
    import time

    now = time.time()
    try:
        for leftover in folder.glob(".*.bin.*"):
            if now - leftover.stat().st_mtime > _STALE_SECONDS:
                leftover.unlink(missing_ok=True)
    except OSError:
        pass


def _read_cache(path: Path) -> tuple[tuple[Rule, ...], tuple[int, ...], bytes] | None:
    blob = read_cache(path)
    if blob is None or not blob.startswith(_MAGIC):
        return None
    try:
        size = int.from_bytes(blob[4:12], "big")
        meta = json.loads(blob[12 : 12 + size])
        rules = tuple(rule_from_dict(d) for d in meta["rules"])
        return rules, tuple(meta["widths"]), blob[12 + size :]
    except (ValueError, KeyError, TypeError, RuleError):
        return None  # from another version: rebuild


def _write_cache(path: Path, table: RuleTable, rules: tuple[Rule, ...], db: bytes) -> None:
    meta = json.dumps({"rules": [rule_to_dict(r) for r in rules], "widths": table.widths})
    write_cache(path, _MAGIC + len(meta.encode()).to_bytes(8, "big") + meta.encode() + db)


def load_matcher(rule_paths: list[Path], *, use_cache: bool = True) -> Matcher:
    """The Matcher for these rule files: Hyperscan when installed, else pure Python."""
    hs_version = hyperscan_version()
    if hs_version is None:
        from launchguard.engine.python_backend import PythonBackend

        table = build_table(load_rules(rule_paths))
        return Matcher(table, PythonBackend(table))
    from launchguard.engine.hyperscan_backend import HyperscanBackend, compile_database

    path = cache_dir() / f"rules-{_cache_key(rule_paths, hs_version)}.bin"
    cached = _read_cache(path) if use_cache else None
    if cached is not None:
        rules, widths, db = cached
        table = build_table(rules, widths)
        import hyperscan

        try:
            return Matcher(table, HyperscanBackend(table, db))
        except hyperscan.error:
            pass  # intact but unusable (another Hyperscan build): compile it again
    rules = load_rules(rule_paths)
    table = build_table(rules)
    db = compile_database(table)
    if use_cache:
        _write_cache(path, table, rules, db)
    return Matcher(table, HyperscanBackend(table, db))
