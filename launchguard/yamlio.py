"""Safe YAML loading with one-line errors (the C loader when PyYAML has it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from launchguard.errors import LaunchguardError

# A config or rule file is a few thousand nodes; aliases that expand past this are an attack
# (a "billion laughs": nine aliases of nine aliases of ... of a list).
MAX_EXPANDED_NODES = 100_000
MAX_YAML_BYTES = 16 << 20  # far above any config or rule file; /dev/zero must end
# libyaml recurses in C, and crashes the process near 30,000 levels of nesting. Every level
# needs one of these characters, so a text with fewer of them is safe for the fast C loader;
# any other goes to the pure-Python one, whose recursion stops with a RecursionError.
_NESTING = ("[", "{", "-", ":", "?")
_C_LOADER_SAFE = 10_000


def load_yaml(path: Path, error: type[LaunchguardError]) -> Any:
    """Parse `path`; any read or syntax problem becomes `error` with file and line."""
    import yaml

    loader = _loader(text := _read(path, error))
    try:
        if "&" in text:  # anchors: check what their aliases expand to before building it
            _check_expansion(yaml.compose(text, Loader=loader), path, error)
        return yaml.load(text, Loader=loader)  # noqa: S506  # a safe loader, chosen above
    except RecursionError:
        raise error(f"{path}: invalid YAML: nested too deeply") from None
    except ValueError as e:  # a scalar PyYAML cannot convert: 2020-02-30, 5,000 digits
        raise error(f"{path}: invalid YAML: {str(e).splitlines()[0][:200]}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(e, "problem", None) or type(e).__name__
        raise error(f"{where}: invalid YAML: {problem}") from None


def _check_expansion(root: Any, path: Path, error: type[LaunchguardError]) -> None:
    """Count the nodes the document expands to, each shared node once per reference (memoised,
    so the count itself stays linear in the file's size)."""
    import yaml

    sizes: dict[int, int] = {}

    def size(node: Any) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        sizes[id(node)] = 1  # a node that contains itself counts once
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        sizes[id(node)] = total
        return total

    if root is not None and size(root) > MAX_EXPANDED_NODES:
        limit = f"{MAX_EXPANDED_NODES:,}"
        raise error(f"{path}: invalid YAML: aliases expand to more than {limit} nodes")


def _read(path: Path, error: type[LaunchguardError]) -> str:
    """At most MAX_YAML_BYTES: `--config /dev/null` and `<(...)` work, /dev/zero ends."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_YAML_BYTES + 1)
        if len(data) > MAX_YAML_BYTES:
            raise error(f"{path}: cannot read: larger than {MAX_YAML_BYTES >> 20} MB")
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise error(f"{path}: cannot read: {e}") from None


def _loader(text: str) -> Any:
    import yaml

    if sum(text.count(c) for c in _NESTING) < _C_LOADER_SAFE:
        return getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.SafeLoader
