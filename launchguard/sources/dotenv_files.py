"""Env files: which files a project keeps, the environment each stands for, and their values.

Parsing is python-dotenv's own (`export`, quotes, escapes, multi-line values, comments), so a
value means here exactly what it means to the app. `${VAR}` expansion uses only variables of
the same file: expanding from our own process environment would pull the scanning machine's
variables (a CI token) into the report.
"""

from __future__ import annotations

import errno
import io
import re
import stat
from dataclasses import dataclass
from pathlib import Path

# Folders that never hold a project's own env files, and cost seconds to walk.
PRUNED_DIRS = frozenset(
    {".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".cache"}
)
_ENV_NAME = re.compile(r"(?i)^(?:\.env(?:[._-][\w.-]+)?|[\w.-]+\.env)$")
_NOT_DOTENV = frozenset({".envrc", ".env.d"})
_ALIASES = {
    "dev": "development",
    "develop": "development",
    "devel": "development",
    "development": "development",
    "prod": "production",
    "prd": "production",
    "production": "production",
    "live": "production",
    "stage": "staging",
    "stg": "staging",
    "staging": "staging",
    "preview": "staging",
    "qa": "staging",
    "uat": "staging",
    "test": "test",
    "testing": "test",
    "ci": "test",
    "e2e": "test",
    "local": "local",
    "example": "example",
    "sample": "example",
    "template": "example",
    "dist": "example",
    "defaults": "example",
    "default": "example",
}
# Files that document variables rather than hold real values.
EXAMPLE = "example"


@dataclass(frozen=True, slots=True)
class Definition:
    """One `NAME=value` line. `value` is the raw value: it never leaves memory unredacted."""

    name: str
    path: str
    line: int
    environment: str
    value: str | None


@dataclass(frozen=True, slots=True)
class EnvFile:
    path: str  # display path, '/' separators
    environment: str
    definitions: tuple[Definition, ...]
    errors: tuple[int, ...] = ()  # lines python-dotenv could not parse


MAX_ENV_BYTES = 16 << 20


def is_env_file(name: str) -> bool:
    return name not in _NOT_DOTENV and bool(_ENV_NAME.match(name))


def environment_of(name: str) -> str:
    """`.env.production.local` -> production; `.env` -> all; `staging.env` -> staging."""
    parts = [p for p in re.split(r"[._-]", name.lower()) if p and p != "env"]
    named = [_ALIASES[p] for p in parts if p in _ALIASES]
    if EXAMPLE in named:
        return EXAMPLE
    real = [n for n in named if n != "local"]
    if real:
        return real[0]
    return "local" if named else "all"


def env_files_near(project: Path) -> list[Path]:
    """The env files of a project's own folder (not its subfolders)."""
    return sorted(p for p in project.iterdir() if p.is_file() and is_env_file(p.name))


def parse_env_text(text: str, path: str, environment: str) -> EnvFile:
    from dotenv.parser import parse_stream
    from dotenv.variables import parse_variables

    known: dict[str, str | None] = {}
    definitions = []
    errors = []
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            errors.append(binding.original.line)
            continue
        if binding.key is None:
            continue
        value = binding.value
        if value is not None and "${" in value:
            value = "".join(atom.resolve(known) or "" for atom in parse_variables(value))
        known[binding.key] = value
        definitions.append(Definition(binding.key, path, binding.original.line, environment, value))
    return EnvFile(path, environment, tuple(definitions), tuple(errors))


def read_env_file(file: Path, shown: str) -> EnvFile:
    """Raises OSError when unreadable, not a regular file (a `.env` linked to /dev/zero or
    a named pipe would never end) or over 16 MB; invalid UTF-8 is replaced, not fatal."""
    info = file.stat()
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "not a regular file")
    if info.st_size > MAX_ENV_BYTES:
        raise OSError(errno.EFBIG, f"larger than {MAX_ENV_BYTES >> 20} MB")
    text = file.read_bytes().decode("utf-8", "replace")
    return parse_env_text(text, shown, environment_of(file.name))
