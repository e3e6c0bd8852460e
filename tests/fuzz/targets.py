"""One function per parser: bytes in, the property of tests/fuzz/checks.py checked.

The hypothesis tests feed them random bytes; tests/fuzz/atheris_targets.py feeds them what
libFuzzer's coverage-guided mutation finds. Each target takes the input and a scratch folder it
may write files in (parsers that read a path get one), and fails with an AssertionError or the
parser's own exception when the property breaks.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path

from launchguard.baseline import Baseline, load_baseline
from launchguard.classify import jsconfig
from launchguard.classify.env_usages import find_usages
from launchguard.classify.frameworks import FrameworkProfile, detect
from launchguard.classify.logs_js import analyze_js
from launchguard.classify.logs_python import analyze_python
from launchguard.config import Config, load_config
from launchguard.errors import LaunchguardError, RuleError
from launchguard.findings import Finding, Kind, Location, Original, Secret, Severity
from launchguard.report import RenderOptions, json_format, sarif
from launchguard.report.records import record
from launchguard.result import ScanResult
from launchguard.rule import Rule
from launchguard.rulecodec import rule_from_dict, rule_to_dict
from launchguard.ruleset import load_file
from launchguard.sources import notebooks, sourcemaps
from launchguard.sources.dotenv_files import read_env_file
from launchguard.sources.mappings import OriginalPosition, SourceMap, find_map
from launchguard.units import Origin, Unit, printable_path
from tests.fuzz.checks import outcome

Target = Callable[[bytes, Path], None]

MAP_PATH = "dist/app.js.map"
# 1-based (line, column) pairs asked of every map that parses: the start, far right on the
# first line, a few lines down, and far below anything a small map holds.
_QUERIES = ((1, 1), (1, 7), (1, 10**6), (2, 1), (3, 40), (40, 2), (10**5, 1))


def text_of(data: bytes) -> str:
    """Bytes as the str a parser may be handed: invalid UTF-8 kept as lone surrogates."""
    return data.decode("utf-8", "surrogateescape")


def env_file(data: bytes, folder: Path) -> None:
    path = folder / ".env.production"
    path.write_bytes(data)
    parsed = read_env_file(path, ".env.production")
    assert parsed.environment == "production"
    lines = data.count(b"\n") + data.count(b"\r") + 1
    for definition in parsed.definitions:
        assert definition.path == ".env.production"
        assert 1 <= definition.line <= lines
    assert all(1 <= line <= lines for line in parsed.errors)


_USAGE_PATHS = ("a.js", "a.ts", "a.py", "a.rb", "a.go", "a.php", "a.rs", "a.ex", "a.txt")


def env_usages(data: bytes, folder: Path) -> None:
    text = data.decode("utf-8", "replace")
    lines = text.split("\n")
    for path in _USAGE_PATHS:
        for usage in find_usages(text, path):
            assert usage.path == path
            assert usage.name.isidentifier()
            assert 1 <= usage.line <= len(lines)
            assert 1 <= usage.column <= len(lines[usage.line - 1])


def check_position(position: OriginalPosition | None) -> None:
    if position is not None:
        assert position.line >= 1
        assert position.column >= 1
        assert position.source


def source_map(data: bytes, folder: Path) -> None:
    parsed = outcome(lambda: SourceMap.parse(data, MAP_PATH), names=MAP_PATH)
    if isinstance(parsed, LaunchguardError):
        return
    assert all(isinstance(source, str) and source for source in parsed.sources)
    for line, column in _QUERIES:
        # Mappings are decoded lazily: a broken line shows up only when it is asked for.
        found = outcome(partial(parsed.original, line, column), names=MAP_PATH)
        if not isinstance(found, LaunchguardError):
            check_position(found)


def source_map_link(data: bytes, folder: Path) -> None:
    read_paths: list[str] = []

    def read(path: str) -> bytes | None:
        read_paths.append(path)
        return b"{}" if path == "dist/app.js.map" else None

    found = outcome(lambda: find_map("dist/app.js", data, read), names="dist/app.js")
    if found is None or isinstance(found, LaunchguardError):
        return
    content, where = found
    assert isinstance(content, bytes)
    assert where == "dist/app.js.map" or where in read_paths


def embedded_sources(data: bytes, folder: Path) -> None:
    """A `.map` or `.ipynb` file that is not JSON is scanned as the file itself; one that is
    gives units named after it (none for a notebook whose cells hold no text)."""
    try:
        json.loads(data)
    except (ValueError, RecursionError):
        is_json = False
    else:
        is_json = True
    for expand, path in ((sourcemaps.expand, "dist/x.js.map"), (notebooks.expand, "n.ipynb")):
        unit = Unit(data, Origin(path=path))
        units = list(expand(unit))
        if not is_json:
            assert units == [unit]
        for unit in units:
            assert isinstance(unit.data, bytes)
            assert unit.origin.path.startswith(path)
            assert unit.origin.path.isprintable()


def config_yaml(data: bytes, folder: Path) -> None:
    path = folder / ".launchguard.yaml"
    path.write_bytes(data)
    config = outcome(lambda: load_config(path, folder), names=str(path))
    assert isinstance(config, Config | LaunchguardError)
    if isinstance(config, Config):
        assert config.max_file_size > 0


def config_pyproject(data: bytes, folder: Path) -> None:
    path = folder / "pyproject.toml"
    path.write_bytes(data)
    config = outcome(lambda: load_config(path, folder), names=str(path))
    assert isinstance(config, Config | LaunchguardError)


def check_rule(rule: Rule) -> None:
    """A rule that loads works: it compiles and survives the compiled-matcher cache."""
    assert rule.id
    if rule.pattern is not None:
        assert rule.compiled().groups >= 1
        assert rule.max_width() >= 0
    cached = json.loads(json.dumps(rule_to_dict(rule)))
    assert rule_from_dict(cached) == rule


def rule_yaml(data: bytes, folder: Path) -> None:
    path = folder / "custom.yaml"
    path.write_bytes(data)
    rules = outcome(lambda: load_file(path), names=(str(path), path.name))
    if not isinstance(rules, LaunchguardError):
        for rule in rules:
            check_rule(rule)


# What the compiled-matcher cache's reader turns into "rebuild the cache" (engine/compile.py).
CACHE_ERRORS = (ValueError, KeyError, TypeError, RuleError)


def rule_cache(data: bytes, folder: Path) -> None:
    try:
        rule = rule_from_dict(json.loads(data))
    except CACHE_ERRORS:
        return
    assert isinstance(rule, Rule)


def baseline(data: bytes, folder: Path) -> None:
    path = folder / "baseline.json"
    path.write_bytes(data)
    loaded = outcome(lambda: load_baseline(path), names=str(path))
    assert isinstance(loaded, Baseline | LaunchguardError)


# The config file a framework input is written to, chosen by its first byte.
FRAMEWORK_FILES = (
    "next.config.js",
    "vite.config.ts",
    "nuxt.config.ts",
    "svelte.config.js",
    "astro.config.mjs",
    "app.json",
    "webpack.config.js",
    "vue.config.js",
    "gatsby-node.js",
)


def frameworks(data: bytes, folder: Path) -> None:
    """`package.json`, a NUL, then a config file of the framework picked by the first byte."""
    project = folder / "project"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir()
    name = FRAMEWORK_FILES[data[0] % len(FRAMEWORK_FILES)] if data else FRAMEWORK_FILES[0]
    package, _, config = data[1:].partition(b"\0")
    (project / "package.json").write_bytes(package)
    (project / name).write_bytes(config)
    check_profile(detect(project))


def check_profile(profile: FrameworkProfile) -> None:
    assert set(profile.config_files) <= set(FRAMEWORK_FILES) | {".storybook/main.js"}
    for name in ("NEXT_PUBLIC_X", "VITE_KEY", "SECRET", "", "NUXT_PUBLIC_API_BASE"):
        exposure = profile.exposure(name)
        assert exposure is None or exposure.reason


_KEYS = ("env", "define", "envPrefix", "runtimeConfig.public", "kit.env.publicPrefix", "a.")


def js_config(data: bytes, folder: Path) -> None:
    text = data.decode("utf-8", "replace")
    assert len(jsconfig.code_only(text)) == len(text)
    for key in _KEYS:
        for value in jsconfig.property_values(text, key):
            assert value
            jsconfig.object_entries(value)
            jsconfig.string_values(value)
    for key, value in jsconfig.object_entries(text):
        assert isinstance(key, str)
        assert value.strip() == value
    jsconfig.string_values(text)
    for callee in ("DefinePlugin", "loadEnv", ""):
        for call in jsconfig.calls(text, callee):
            assert all(arg for arg in call.args)


def logs_python(data: bytes, folder: Path) -> None:
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    for hit in analyze_python(data):
        assert 1 <= hit.line <= lines
        assert hit.column >= 1
        assert len(hit.expression) <= 80


_DIALECTS = ("js", "ts", "tsx")


def logs_js(data: bytes, folder: Path) -> None:
    dialect = _DIALECTS[data[0] % 3] if data else "js"
    for hit in analyze_js(data, dialect):
        assert hit.line >= 1
        assert hit.column >= 1
        assert hit.sink


def findings_of(data: bytes) -> list[Finding]:
    """Findings whose every string field comes from `data` (NUL-separated, invalid UTF-8 kept
    as lone surrogates), so the writers see control characters, U+2028 and surrogates."""
    parts = [text_of(part) for part in data.split(b"\0")]
    parts += [""] * (12 - len(parts) % 12)
    found = []
    for n in range(0, len(parts), 12):
        p = parts[n : n + 12]
        found.append(
            Finding(
                # Rule ids and paths are never surrogates: rules are validated, and paths
                # come through units.Origin, which makes them printable.
                rule=printable_path(p[0]) or "fuzz-rule",
                kind=list(Kind)[len(p[1]) % len(Kind)],
                severity=list(Severity)[len(p[2]) % len(Severity)],
                provider=p[1] or None,
                location=Location(
                    path=printable_path(p[2]),
                    line=1 + len(p[3]),
                    column=1 + len(p[4]),
                    commit=p[3] or None,
                    author=p[4] or None,
                    date=p[5] or None,
                    refs=tuple(p[5].split("/")) if p[5] else (),
                    original=Original(p[6], 1 + len(p[6]), 1) if p[6] else None,
                ),
                secret=Secret(data[: len(p[7]) + 20]),
                message=p[8],
                env_var=p[9] or None,
                decoded=p[10] or None,
            )
        )
    return found


def reports(data: bytes, folder: Path) -> None:
    """The JSON report gives back every record; the SARIF log is UTF-8 JSON with one result
    per finding. (tests/fuzz/test_fuzz_reports.py also validates it against the schema.)"""
    result = ScanResult(findings=findings_of(data))
    as_json = render_json(result)
    assert json.loads(as_json)["findings"] == [
        record(f, show_secrets=False) for f in result.findings
    ]
    log = json.loads(render_sarif(result))
    assert len(log["runs"][0]["results"]) == len(result.findings)


def render_json(result: ScanResult, *, show_secrets: bool = False) -> str:
    out = io.StringIO()
    json_format.render(result, RenderOptions(show_secrets=show_secrets), out)
    out.getvalue().encode("utf-8")  # what --output writes: strict UTF-8
    return out.getvalue()


def render_sarif(result: ScanResult) -> str:
    out = io.StringIO()
    sarif.render(result, RenderOptions(), out)
    out.getvalue().encode("utf-8")
    return out.getvalue()


TARGETS: dict[str, Target] = {
    "env_file": env_file,
    "env_usages": env_usages,
    "source_map": source_map,
    "source_map_link": source_map_link,
    "embedded_sources": embedded_sources,
    "config_yaml": config_yaml,
    "config_pyproject": config_pyproject,
    "rule_yaml": rule_yaml,
    "rule_cache": rule_cache,
    "baseline": baseline,
    "frameworks": frameworks,
    "js_config": js_config,
    "logs_python": logs_python,
    "logs_js": logs_js,
    "reports": reports,
}
