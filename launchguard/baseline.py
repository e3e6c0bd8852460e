"""The baseline: findings recorded once so that only new ones block.

launchguard's own file stores fingerprints, secret hashes, rule ids and paths: never a raw
secret, never a line number (moving code keeps its findings known). A detect-secrets
`.secrets.baseline` is honoured too: its SHA-1 `hashed_secret` per file suppresses the same
secret, so a team that audited its allowlist there keeps it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchguard import __version__
from launchguard.errors import ConfigError
from launchguard.findings import Finding

FORMAT = "launchguard-baseline"


@dataclass(frozen=True, slots=True)
class Baseline:
    fingerprints: frozenset[str]
    sha1_by_path: frozenset[tuple[str, str]]  # (path, sha1 of the secret), detect-secrets style

    def is_known(self, f: Finding) -> bool:
        if f.fingerprint in self.fingerprints:
            return True
        sha1 = hashlib.sha1(f.secret.raw_bytes()).hexdigest()  # noqa: S324  # their format
        return (f.location.path, sha1) in self.sha1_by_path


MAX_BASELINE_BYTES = 256 << 20


def _detect_secrets(data: dict[str, Any], path: Path) -> Baseline:
    from detect_secrets.core.secrets_collection import SecretsCollection

    results = data["results"]
    if not isinstance(results, dict) or not all(
        isinstance(entries, list) and all(isinstance(e, dict) for e in entries)
        for entries in results.values()
    ):  # detect-secrets indexes whatever it is given: a list here raised IndexError
        raise ConfigError(f"{path}: 'results' must map file names to lists of secrets")
    try:
        collection = SecretsCollection.load_from_baseline(data)
        # Iterating sorts each file's secrets by line number: `null` and 0 do not compare.
        pairs = {(name, secret.secret_hash) for name, secret in collection}
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise ConfigError(f"{path}: not a valid detect-secrets baseline ({e!r})") from None
    return Baseline(frozenset(), frozenset(pairs))


def load_baseline(path: Path) -> Baseline:
    try:
        with path.open("rb") as f:  # bounded: `--baseline /dev/zero` must end
            raw = f.read(MAX_BASELINE_BYTES + 1)
        if len(raw) > MAX_BASELINE_BYTES:
            raise ConfigError(f"{path}: cannot read baseline: larger than 256 MB")
        data = json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline file not found") from None
    except RecursionError:
        raise ConfigError(f"{path}: cannot read baseline: nested too deeply") from None
    except (OSError, ValueError) as e:
        raise ConfigError(f"{path}: cannot read baseline: {e}") from None
    if isinstance(data, dict) and data.get("format") == FORMAT:
        entries = data.get("findings")
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise ConfigError(f"{path}: 'findings' must be a list of entries")
        return Baseline(frozenset(str(e.get("fingerprint")) for e in entries), frozenset())
    if isinstance(data, dict) and "results" in data and "plugins_used" in data:
        return _detect_secrets(data, path)
    raise ConfigError(f"{path}: neither a launchguard nor a detect-secrets baseline")


def baseline_document(findings: Iterable[Finding]) -> str:
    """The file `launchguard baseline` writes: sorted, so re-running it gives no diff."""
    entries = {
        f.fingerprint: {
            "fingerprint": f.fingerprint,
            "secret_sha256": f.secret.sha256,
            "rule": f.rule,
            "path": f.location.path,
        }
        for f in findings
    }
    document = {
        "format": FORMAT,
        "version": 1,
        "generated_by": f"launchguard {__version__}",
        "findings": [entries[k] for k in sorted(entries)],
    }
    return json.dumps(document, indent=2) + "\n"
