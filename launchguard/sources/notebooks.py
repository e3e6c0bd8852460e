"""Jupyter notebooks: each cell's source is scanned as its own unit, unescaped.

In the raw `.ipynb` JSON a line `KEY = "value"` reads `"KEY = \\"value\\"\\n"`, which hides it
from every rule that expects a quote. Outputs are scanned too: printed secrets live there.
A notebook that does not parse is scanned as plain text, so nothing is lost.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from launchguard.units import Origin, Unit


def is_notebook(path: str) -> bool:
    return path.endswith(".ipynb")


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)
    return None


def _cell_texts(cell: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(cell, dict):
        return
    source = _text(cell.get("source"))
    if source:
        yield "", source
    outputs = cell.get("outputs")
    for n, output in enumerate(outputs if isinstance(outputs, list) else []):
        if isinstance(output, dict):
            data = output.get("data")
            text = _text(output.get("text")) or _text(
                data.get("text/plain") if isinstance(data, dict) else None
            )
            if text:
                yield f"-output-{n + 1}", text


def expand(unit: Unit) -> Iterator[Unit]:
    """One unit per cell source (`<path>#cell-<n>`) and per text output."""
    try:
        document = json.loads(unit.data)
    except (ValueError, RecursionError):
        yield unit
        return
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        yield unit
        return
    for index, cell in enumerate(cells, 1):
        for suffix, text in _cell_texts(cell):
            origin = Origin(
                path=f"{unit.origin.path}#cell-{index}{suffix}", commit=unit.origin.commit
            )
            # A JSON `\ud800` escape is a lone surrogate, which only surrogatepass encodes.
            yield Unit(text.encode("utf-8", "surrogatepass"), origin)
