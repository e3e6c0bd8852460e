"""Source maps: each `sourcesContent` entry is the original source file, scanned as its own unit.

Scanning the map's raw JSON would see every original file as one escaped string, where a
quote before a key is `\\"` and rules that expect `"` miss it. A map that does not parse is
scanned as plain text instead, so nothing is lost.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from launchguard.units import Origin, Unit


def is_source_map(path: str) -> bool:
    return path.endswith(".map")


def expand(unit: Unit) -> Iterator[Unit]:
    """The map's own fields (without sourcesContent), then one unit per original source, whose
    path is `<map path>#<source name>`."""
    try:
        document = json.loads(unit.data)
    except (ValueError, RecursionError):
        yield unit
        return
    contents = document.get("sourcesContent") if isinstance(document, dict) else None
    if not isinstance(contents, list):
        yield unit
        return
    sources = document.get("sources")
    names = sources if isinstance(sources, list) else []
    rest = {k: v for k, v in document.items() if k != "sourcesContent"}
    yield Unit(json.dumps(rest).encode(), unit.origin)
    for index, text in enumerate(contents):
        if isinstance(text, str) and text:
            name = names[index] if index < len(names) and isinstance(names[index], str) else index
            origin = Origin(path=f"{unit.origin.path}#{name}", commit=unit.origin.commit)
            # A JSON `\ud800` escape is a lone surrogate, which only surrogatepass encodes.
            yield Unit(text.encode("utf-8", "surrogatepass"), origin)
