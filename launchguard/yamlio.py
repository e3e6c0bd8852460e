"""Safe YAML loading with one-line errors (the C loader when PyYAML has it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from launchguard.errors import LaunchguardError


def load_yaml(path: Path, error: type[LaunchguardError]) -> Any:
    """Parse `path`; any read or syntax problem becomes `error` with file and line."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise error(f"{path}: cannot read: {e}") from None
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506  # a safe loader, chosen above
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(e, "problem", None) or type(e).__name__
        raise error(f"{where}: invalid YAML: {problem}") from None
