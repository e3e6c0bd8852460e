"""Source maps and notebooks: scanned as the text they hold; broken ones as plain text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from launchguard.sources import notebooks, sourcemaps
from launchguard.units import Origin, Unit
from tests.helpers.cli import run
from tests.helpers.fake import openai_project, stripe_live


def _unit(path: str, data: bytes) -> Unit:
    return Unit(data, Origin(path=path))


def test_source_map_yields_each_original_source() -> None:
    doc = {"version": 3, "sources": ["src/a.ts", "src/b.ts"], "sourcesContent": ['a = "x"', None]}
    units = list(sourcemaps.expand(_unit("dist/x.js.map", json.dumps(doc).encode())))
    assert [u.origin.path for u in units] == ["dist/x.js.map", "dist/x.js.map#src/a.ts"]
    assert units[1].data == b'a = "x"'
    assert b"sourcesContent" not in units[0].data


def test_notebook_yields_cells_and_outputs() -> None:
    doc = {
        "cells": [
            {"cell_type": "markdown", "source": "# title"},
            {
                "cell_type": "code",
                "source": ["k = 1\n", 'print("v")'],
                "outputs": [{"output_type": "stream", "text": ["v\n"]}],
            },
        ]
    }
    units = list(notebooks.expand(_unit("n.ipynb", json.dumps(doc).encode())))
    assert [(u.origin.path, u.data) for u in units[:3]] == [
        ("n.ipynb#cell-1", b"# title"),
        ("n.ipynb#cell-2", b'k = 1\nprint("v")'),
        ("n.ipynb#cell-2-output-1", b"v\n"),
    ]
    assert units[3].origin.path == "n.ipynb#rest"  # everything else, cell texts taken out
    assert json.loads(units[3].data) == {
        "cells": [
            {"cell_type": "markdown"},
            {"cell_type": "code", "outputs": [{"output_type": "stream"}]},
        ]
    }


def test_notebook_metadata_and_rich_outputs_are_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    doc = {
        "metadata": {"env": {"OPENAI_API_KEY": openai_project(31)}},
        "cells": [
            {
                "cell_type": "code",
                "source": "show()",
                "outputs": [
                    {"output_type": "display_data", "data": {"text/html": stripe_live(32)}}
                ],
            }
        ],
    }
    (tmp_path / "n.ipynb").write_text(json.dumps(doc))
    r = run(capsys, "scan", ".", "--all-files", "--format", "json", "--no-progress")
    assert r.code == 1
    found = sorted((f["rule"], f["path"]) for f in r.json()["findings"])
    assert found == [("openai-project-key", "n.ipynb#rest"), ("stripe-secret-key", "n.ipynb#rest")]


@given(st.binary(max_size=300))
def test_broken_input_is_scanned_as_plain_text(data: bytes) -> None:
    for expand, path in ((sourcemaps.expand, "x.map"), (notebooks.expand, "x.ipynb")):
        units = list(expand(_unit(path, data)))
        assert units  # never dropped
        assert all(isinstance(u, Unit) for u in units)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=15), c, max_size=4),
        max_leaves=20,
    )
)
def test_any_json_shape_is_handled(value: object) -> None:
    data = json.dumps(value).encode()
    for expand, path in ((sourcemaps.expand, "x.map"), (notebooks.expand, "x.ipynb")):
        assert list(expand(_unit(path, data)))
