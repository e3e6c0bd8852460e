"""The Vite fixture build itself: what later bundle-scanning tests may rely on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests import vite_app
from tests.bundle.conftest import skip_or_fail


def _text_of(files: list[Path]) -> str:
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def _js(dist: Path) -> list[Path]:
    return sorted((dist / "assets").glob("*.js"))


def test_env_file_holds_the_generated_values(vite_build: Path) -> None:
    lines = (vite_build / ".env").read_text(encoding="utf-8").splitlines()
    assert dict(line.split("=", 1) for line in lines) == vite_app.env_values()


def test_env_values_are_deterministic_and_distinct() -> None:
    values = vite_app.env_values()
    assert values == vite_app.env_values()
    assert set(values) == set(vite_app.IN_BUNDLE) | set(vite_app.NOT_IN_BUNDLE)
    # No value contains another: a finding must map back to exactly one variable.
    for name, value in values.items():
        others = [other for other in values if other != name and value in values[other]]
        assert not others, f"{name}'s value is inside {others}"


def test_dist_has_scripts_and_source_maps_with_sources(vite_build: Path) -> None:
    dist = vite_build / "dist"
    scripts = _js(dist)
    assert scripts
    assert (dist / "index.html").is_file()
    for script in scripts:
        source_map = json.loads(Path(f"{script}.map").read_text(encoding="utf-8"))
        assert len(source_map["sourcesContent"]) == len(source_map["sources"])
        assert all(source_map["sourcesContent"])
    sources = _text_of(scripts)
    assert "sourceMappingURL=" in sources


@pytest.mark.parametrize("name", vite_app.IN_BUNDLE)
def test_client_and_leaked_values_are_in_the_bundle(vite_build: Path, name: str) -> None:
    value = vite_app.env_values()[name]
    assert value in _text_of(_js(vite_build / "dist"))


@pytest.mark.parametrize("name", vite_app.NOT_IN_BUNDLE)
def test_server_only_values_stay_out_of_dist(vite_build: Path, name: str) -> None:
    value = vite_app.env_values()[name]
    for path in (vite_build / "dist").rglob("*"):
        if path.is_file():
            assert value not in path.read_text(encoding="utf-8"), path


def test_hard_coded_admin_token_is_in_the_source_map(vite_build: Path) -> None:
    """Only a pasted literal survives into sourcesContent: env reads appear there as code."""
    token = vite_app.env_values()["ADMIN_API_TOKEN"]
    maps = sorted((vite_build / "dist" / "assets").glob("*.js.map"))
    contents = [
        c for m in maps for c in json.loads(m.read_text(encoding="utf-8"))["sourcesContent"]
    ]
    assert any(token in content for content in contents)
    assert any("import.meta.env.VITE_OPENAI_API_KEY" in content for content in contents)


def test_title_is_replaced_in_index_html(vite_build: Path) -> None:
    html = (vite_build / "dist" / "index.html").read_text(encoding="utf-8")
    assert "<title>Launchguard Fixture</title>" in html


@pytest.mark.parametrize(
    ("version", "usable"),
    [
        (None, False),
        ((18, 20), False),
        ((20, 18), False),
        ((20, 19), True),
        ((21, 7), False),
        ((22, 11), False),
        ((22, 12), True),
        ((24, 0), True),
    ],
)
def test_node_version_gate_follows_vite_engines(
    monkeypatch: pytest.MonkeyPatch, version: tuple[int, int] | None, usable: bool
) -> None:
    monkeypatch.setattr(vite_app, "node_version", lambda: version)
    # npm is present in every case: only the node version is under test.
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    assert (vite_app.unavailable_reason() is None) is usable


@pytest.mark.parametrize(
    ("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)]
)
def test_missing_node_skips_locally_but_fails_in_ci(
    monkeypatch: pytest.MonkeyPatch, ci: str, outcome: type[BaseException]
) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="node is not installed"):
        skip_or_fail("node is not installed")
