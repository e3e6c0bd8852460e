"""The user's configuration: `.launchguard.yaml` or `[tool.launchguard]` in pyproject.toml.

Unknown keys are errors with a suggestion; every message names the file and the key.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from launchguard.errors import ConfigError
from launchguard.filters.allowlist import AllowEntry
from launchguard.findings import Severity
from launchguard.yamlio import load_yaml

CONFIG_NAMES = (".launchguard.yaml", ".launchguard.yml")
MAX_BLOB_SIZE = 100 << 20
DEFAULT_MAX_FILE_SIZE = 1 << 30  # files over 32 MB are read in parts: memory stays bounded
KEYS = ("exclude", "allow", "disable", "rules", "fail-on", "max-file-size")
ALLOW_KEYS = ("value", "sha256", "rule", "path", "reason")
_SIZE = re.compile(r"^\s*(\d+)\s*([kKmMgG]?)[bB]?\s*$")
_SIZE_DIGITS = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    source: str | None = None
    exclude: tuple[str, ...] = ()
    allow: tuple[AllowEntry, ...] = ()
    disable: frozenset[str] = field(default_factory=frozenset)
    rule_files: tuple[Path, ...] = ()
    fail_on: Severity | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE

    @property
    def max_blob_size(self) -> int:
        """Git blobs arrive whole from `git cat-file`, so they are capped lower than files on
        disk (read in parts): at GitHub's own limit for a file, unless max-file-size is lower."""
        return min(self.max_file_size, MAX_BLOB_SIZE)


def _unknown(key: object, known: tuple[str, ...], where: str) -> ConfigError:
    close = difflib.get_close_matches(str(key), known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    # repr: quoted as before, and a key holding a newline stays on the message's one line
    return ConfigError(f"{where}: unknown key {key!r}{hint}")


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return tuple(value)


def _allow_entry(raw: Any, where: str) -> AllowEntry:
    if not isinstance(raw, dict) or not raw:
        raise ConfigError(f"{where}: expected a mapping with value, sha256, rule or path")
    for key, value in raw.items():
        if key not in ALLOW_KEYS:
            raise _unknown(key, ALLOW_KEYS, where)
        if not isinstance(value, str):
            raise ConfigError(f"{where}: {key}: expected a string")
    pattern = None
    if "value" in raw:
        pattern = _regex(raw["value"], f"{where}: value")
        from launchguard.regex_safety import backtracking_risk  # only for allow values

        if (why := backtracking_risk(raw["value"])) is not None:
            raise ConfigError(f"{where}: value: can backtrack catastrophically: {why}")
    return AllowEntry(
        value=pattern,
        sha256=raw.get("sha256"),
        rule=raw.get("rule"),
        path=raw.get("path"),
        reason=raw.get("reason", ""),
    )


def _regex(value: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(value)
    except re.error as e:
        raise ConfigError(f"{where}: invalid regex: {e}") from None
    except OverflowError:
        raise ConfigError(f"{where}: invalid regex: a repeat count is too large") from None
    except RecursionError:
        raise ConfigError(f"{where}: invalid regex: nested too deeply") from None


def _size(value: Any, where: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    m = _SIZE.match(value) if isinstance(value, str) else None
    # int() refuses more than 4,300 digits; no size needs more than twenty.
    if not m or len(m.group(1)) > _SIZE_DIGITS or not int(m.group(1)):
        raise ConfigError(f"{where}: expected a size such as 25MB")
    return int(m.group(1)) << {"": 0, "k": 10, "m": 20, "g": 30}[m.group(2).lower()]


def _severity(value: Any, where: str) -> Severity:
    try:
        if not isinstance(value, str):
            raise ValueError(value)  # not Severity(value): its message is the value's repr
        return Severity(value)
    except ValueError:
        raise ConfigError(f"{where}: expected one of {'|'.join(Severity)}") from None


def parse_config(data: Any, source: Path) -> Config:
    where = str(source)
    if data is None:
        return Config(source=where)
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping at the top level")
    for key in data:
        if key not in KEYS:
            raise _unknown(key, KEYS, where)
    allow = data.get("allow", [])
    if not isinstance(allow, list):
        raise ConfigError(f"{where}: allow: expected a list of entries")
    base = source.parent
    return Config(
        source=where,
        exclude=_strings(data.get("exclude", []), f"{where}: exclude"),
        allow=tuple(_allow_entry(e, f"{where}: allow[{i}]") for i, e in enumerate(allow)),
        disable=frozenset(_strings(data.get("disable", []), f"{where}: disable")),
        rule_files=tuple(base / p for p in _strings(data.get("rules", []), f"{where}: rules")),
        fail_on=_severity(data["fail-on"], f"{where}: fail-on") if "fail-on" in data else None,
        max_file_size=_size(
            data.get("max-file-size", DEFAULT_MAX_FILE_SIZE), f"{where}: max-file-size"
        ),
    )


def _from_pyproject(path: Path) -> Config | None:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, RecursionError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read: {e}") from None
    tool = data.get("tool")  # `tool = 1` is valid TOML
    section = tool.get("launchguard") if isinstance(tool, dict) else None
    return None if section is None else parse_config(section, path)


def find_config(start: Path) -> Path | None:
    """The nearest config file from `start` up to the repository root (the dir with .git)."""
    for directory in (start.resolve(), *start.resolve().parents):
        for name in CONFIG_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and b"[tool.launchguard]" in pyproject.read_bytes():
            return pyproject
        if (directory / ".git").exists():
            return None
    return None


def load_config(explicit: Path | None, start: Path) -> Config:
    path = explicit if explicit is not None else find_config(start)
    if path is None:
        return Config()
    if not path.exists():
        raise ConfigError(f"{path}: config file not found")
    if path.name == "pyproject.toml":
        return _from_pyproject(path) or Config(source=str(path))
    return parse_config(load_yaml(path, ConfigError), path)
