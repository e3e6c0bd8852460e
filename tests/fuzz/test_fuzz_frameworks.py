"""Framework detection: any package.json and any framework config text (half-written, deeply
nested, unbalanced, with comments) gives a profile, never an exception.

tests/classify/test_frameworks.py feeds the object-literal reader token soup; here is
`detect` end to end, on every config file name it reads, and the reader on nesting and
unbalanced text far past what a token soup reaches.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from launchguard.classify import jsconfig
from launchguard.classify.frameworks import FRAMEWORKS, detect
from tests.fuzz import targets
from tests.fuzz.checks import fuzz_settings

_PACKAGE_NAMES = [p for f in FRAMEWORKS for p in f.packages] + ["@remix-run/router", "", "x"]
PACKAGE_JSON = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "dependencies": st.dictionaries(st.sampled_from(_PACKAGE_NAMES), st.just("1"))
            | st.lists(st.sampled_from(_PACKAGE_NAMES))
            | st.none()
            | st.integers(),
            "devDependencies": st.dictionaries(st.sampled_from(_PACKAGE_NAMES), st.none()),
        },
    ).map(json.dumps),
    st.sampled_from(["[]", "null", '"next"', "{", "[" * 100_000, '{"dependencies": {' * 5000]),
).map(lambda text: text.encode("utf-8", "surrogatepass"))

# Config text: the keys and calls the analysers look for, with the punctuation that derails
# a reader (quotes, template literals, comments, unbalanced brackets).
_CONFIG_PIECES = [
    *["module.exports = ", "export default ", "defineConfig(", "defineNuxtConfig(", "{", "}"],
    *["(", ")", "[", "]", ",", ":", ";", "'", '"', "`", "${", "//", "/*", "*/", "\\", "\n"],
    *["env", "define", "envPrefix", "publicRuntimeConfig", "runtimeConfig", "public", "extra"],
    *["kit", "publicPrefix", "vite", "process.env", "import.meta.env", "...process.env"],
    *["new webpack.DefinePlugin(", "new EnvironmentPlugin(", "Object.keys(process.env)"],
    *["loadEnv(mode, process.cwd(), '')", "const env = ", "JSON.stringify(", "'VITE_'"],
    *["process.env.SECRET_KEY", "env.API_TOKEN", "A", "''", "expo", " "],
]
CONFIG_TEXT = st.lists(st.sampled_from(_CONFIG_PIECES) | st.text(max_size=3), max_size=50).map(
    "".join
)
_DEEP = [
    "{" * 50_000,
    "x = " + "{a: " * 20_000,
    "`${" * 20_000,
    "`" + "${`" * 10_000,
    "define: " + "(" * 30_000,
    "'" * 30_001,
    "/*" * 30_000,
    "module.exports = {env: {" + "A: {" * 10_000,
    "new DefinePlugin(" * 5_000,
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("frameworks")


@fuzz_settings(150)
@given(
    package=PACKAGE_JSON,
    name=st.sampled_from(targets.FRAMEWORK_FILES),
    config=CONFIG_TEXT | st.sampled_from(_DEEP),
)
@example(package=b"[" * 100_000, name="next.config.js", config="")
@example(package=b'{"dependencies": {"vite": 1}}', name="vite.config.ts", config="`${" * 20_000)
def test_any_project_gives_a_profile(folder: Path, package: bytes, name: str, config: str) -> None:
    index = targets.FRAMEWORK_FILES.index(name)
    data = bytes([index]) + package + b"\0" + config.encode("utf-8", "surrogatepass")
    targets.frameworks(data, folder)


def _storybook_project(folder: Path, main: str) -> Any:
    project = folder / "storybook"
    (project / ".storybook").mkdir(parents=True, exist_ok=True)
    (project / "package.json").write_text('{"devDependencies": {"storybook": "8"}}')
    (project / ".storybook" / "main.js").write_text(main, errors="surrogatepass")
    return detect(project)


@fuzz_settings(100)
@given(main=CONFIG_TEXT)
def test_a_config_in_a_subfolder_gives_a_profile(folder: Path, main: str) -> None:
    profile = _storybook_project(folder, main)
    assert "storybook" in profile.frameworks
    targets.check_profile(profile)


@pytest.mark.parametrize("text", _DEEP)
def test_the_reader_follows_deep_nesting_without_recursion(text: str) -> None:
    for key in ("env", "define", "a", "runtimeConfig.public"):
        for value in jsconfig.property_values(text, key):
            assert value in text
    assert len(jsconfig.code_only(text)) == len(text)
    jsconfig.object_entries(text)
    jsconfig.string_values(text)
    jsconfig.calls(text, "DefinePlugin")


@fuzz_settings(300)
@given(CONFIG_TEXT)
@example("{a: 'x', 'b': \"y\", 1: z, ...rest, [k]: v, m() {}, c}")
def test_object_entries_are_parts_of_the_text(text: str) -> None:
    """Each key is an identifier, a number or an unescaped quoted key, and each value is text
    of the object, stripped."""
    for key, value in jsconfig.object_entries(text):
        assert isinstance(key, str)
        assert value == value.strip()
        assert value in text
    for value in jsconfig.string_values(text):
        assert isinstance(value, str)


@fuzz_settings(300)
@given(st.binary(max_size=300))
def test_any_bytes_read_as_a_config_give_results(data: bytes) -> None:
    targets.js_config(data, Path())
