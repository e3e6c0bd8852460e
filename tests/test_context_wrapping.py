"""Each positive example, wrapped in the places secrets really sit, is still found by its rule:
among other lines, in a source map's sourcesContent, in a notebook cell, after a 1 MB
minified line, and (for self-identifying tokens) inside a 1 MB minified line."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator

import pytest

from launchguard.analyze import analyze
from launchguard.config import Config
from launchguard.engine.scan import Matcher
from launchguard.rule import Rule
from launchguard.ruleset import load_rules, rule_files
from launchguard.sources import notebooks, sourcemaps
from launchguard.units import Origin, Unit

RULES = [r for r in load_rules(rule_files()) if r.pattern]
CASES = [(r, i, e) for r in RULES for i, e in enumerate(r.examples, 1)]
NOISE = "import os\n\ndef handler(event):\n    return {'status': 200}\n"
MINIFIED = "var a=function(b){return b*2},c=[1,2,3].map(a);" * (1_000_000 // 48)


def _units(path: str, text: str) -> Iterator[Unit]:
    unit = Unit(text.encode(), Origin(path=path))
    if sourcemaps.is_source_map(path):
        yield from sourcemaps.expand(unit)
    elif notebooks.is_notebook(path):
        yield from notebooks.expand(unit)
    else:
        yield unit


def _rules_found(matcher: Matcher, path: str, text: str) -> set[str]:
    found = set()
    for unit in _units(path, text):
        found |= {f.rule for f in analyze(unit, matcher, Config(), Counter())}
    return found


def _contexts(example: str) -> dict[str, tuple[str, str]]:
    embedded = NOISE + example + "\n" + NOISE
    source_map = {"version": 3, "sources": ["src/app.ts"], "sourcesContent": [embedded]}
    notebook = {"cells": [{"cell_type": "code", "source": embedded.splitlines(keepends=True)}]}
    return {
        "between-lines": ("app.py", embedded),
        "source-map": ("dist/app.js.map", json.dumps(source_map)),
        "notebook": ("analysis.ipynb", json.dumps(notebook)),
        "after-1mb-line": ("dist/app.js", MINIFIED + "\n" + example + "\n"),
    }


@pytest.mark.parametrize(("rule", "n", "example"), CASES, ids=[f"{r.id}/{i}" for r, i, _ in CASES])
def test_example_found_in_every_context(
    rule: Rule, n: int, example: str, hyperscan_matcher: Matcher
) -> None:
    missed = [
        name
        for name, (path, text) in _contexts(example).items()
        if rule.id not in _rules_found(hyperscan_matcher, path, text)
    ]
    assert missed == []


def _self_identifying(rule: Rule, example: str) -> str | None:
    """The secret, when the rule finds it with no context at all (pattern and keyword)."""
    m = re.search(rule.pattern.encode(), example.encode())  # type: ignore[union-attr]
    if m is None:
        return None
    secret = m.group(1).decode()
    has_keyword = not rule.keywords or any(k in secret.lower() for k in rule.keywords)
    bare = re.search(rule.pattern, f'x("{secret}")')  # type: ignore[arg-type]
    return secret if has_keyword and bare and "\n" not in secret else None


TOKENS = [(r, s) for r, _, e in CASES if (s := _self_identifying(r, e))]


@pytest.mark.parametrize(("rule", "secret"), TOKENS, ids=[r.id for r, _ in TOKENS])
def test_token_found_inside_a_1mb_minified_line(
    rule: Rule, secret: str, hyperscan_matcher: Matcher
) -> None:
    half = len(MINIFIED) // 2
    text = f'{MINIFIED[:half]}x("{secret}");{MINIFIED[half:]}'
    assert rule.id in _rules_found(hyperscan_matcher, "dist/index.js", text)
