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
    rest = json.dumps(_without_texts(document), indent=1, ensure_ascii=False)
    origin = Origin(path=f"{unit.origin.path}#rest", commit=unit.origin.commit)
    yield Unit(rest.encode("utf-8", "surrogatepass"), origin)


def _without_texts(document: dict[str, Any]) -> dict[str, Any]:
    """Everything the cell units do not hold: metadata (kernel env, widget state), HTML and
    JSON outputs, error tracebacks. A secret there is as leaked as one in a cell."""
    cells = []
    for cell in document["cells"]:
        if not isinstance(cell, dict):
            cells.append(cell)
            continue
        kept = {k: v for k, v in cell.items() if k not in ("source", "outputs")}
        outputs = cell.get("outputs")
        if isinstance(outputs, list):
            kept["outputs"] = [_output_rest(o) for o in outputs]
        cells.append(kept)
    return {**document, "cells": cells}


def _output_rest(output: Any) -> Any:
    if not isinstance(output, dict):
        return output
    if _text(output.get("text")):  # what _cell_texts took: the text, else the plain data
        return {k: v for k, v in output.items() if k != "text"}
    data = output.get("data")
    if not isinstance(data, dict) or not _text(data.get("text/plain")):
        return output
    return {**output, "data": {k: v for k, v in data.items() if k != "text/plain"}}
