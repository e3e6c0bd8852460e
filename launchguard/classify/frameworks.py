"""Which web frameworks a project uses, and which environment variables they ship to the browser.

Detection reads `package.json` and the framework config files in the project folder. These
files belong to the user and may be half-written: anything unreadable or malformed counts as
absent, and nothing here raises on their content.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from launchguard.classify.env_usages import find_usages, member_reads, screaming_snake
from launchguard.classify.jsconfig import (
    calls,
    object_entries,
    object_keys,
    property_values,
    string_values,
)


@dataclass(frozen=True, slots=True)
class Exposure:
    framework: str  # "next", "vite", "cra", "nuxt", "sveltekit", "astro", "expo", ...
    reason: str  # a short fragment a founder understands: "NEXT_PUBLIC_ prefix (Next.js)"


@dataclass(frozen=True, slots=True)
class FrameworkProfile:
    root: str  # the project folder as given, '/' separators
    frameworks: tuple[str, ...]  # detected, in FRAMEWORKS order
    prefixes: tuple[tuple[str, Exposure], ...]  # client-exposed prefixes in effect
    exposed: dict[str, Exposure]  # variables exposed by config files, by exact name
    expose_all: Exposure | None  # config that ships the whole environment
    config_files: tuple[str, ...]  # config files read, relative to root

    def exposure(self, name: str) -> Exposure | None:
        """Why `name` reaches the browser: whole environment, exact name, then prefix."""
        if self.expose_all is not None:
            return self.expose_all
        if name in self.exposed:
            return self.exposed[name]
        return next((why for prefix, why in self.prefixes if name.startswith(prefix)), None)


@dataclass(frozen=True, slots=True)
class _Framework:
    name: str
    title: str
    packages: tuple[str, ...]  # package.json names; one ending in "/" matches its whole scope
    configs: tuple[str, ...]  # config files, relative to the project folder
    prefix: str | None  # what it ships to the browser by default
    prefix_key: str | None = None  # the config key that replaces the default prefix


def _files(stem: str, *suffixes: str) -> tuple[str, ...]:
    return tuple(f"{stem}.{suffix}" for suffix in suffixes)


# Vite-based frameworks: SvelteKit and Remix leave Vite's own `envPrefix` alone, so VITE_ still
# reaches `import.meta.env` there (they list vite as a dependency, so the "vite" row applies).
# Astro sets Vite's envPrefix itself (PUBLIC_, or `vite.envPrefix` in astro.config), so the
# "vite" row is dropped when Astro is present. Nuxt has its own runtime config (NUXT_PUBLIC_).
# Parcel and Remix have no prefix: Remix ships nothing by default, and Parcel inlines whichever
# `process.env.X` browser code reads, which is a property of each read, not of a name.
FRAMEWORKS: tuple[_Framework, ...] = (
    _Framework(
        "next",
        "Next.js",
        ("next",),
        _files("next.config", "js", "mjs", "cjs", "ts"),
        "NEXT_PUBLIC_",
    ),
    _Framework(
        "vite",
        "Vite",
        ("vite",),
        _files("vite.config", "js", "mjs", "cjs", "ts", "mts"),
        "VITE_",
        "envPrefix",
    ),
    _Framework("cra", "Create React App", ("react-scripts",), ("craco.config.js",), "REACT_APP_"),
    _Framework("nuxt", "Nuxt", ("nuxt",), _files("nuxt.config", "js", "ts", "mjs"), "NUXT_PUBLIC_"),
    _Framework(
        "sveltekit",
        "SvelteKit",
        ("@sveltejs/kit",),
        ("svelte.config.js",),
        "PUBLIC_",
        "kit.env.publicPrefix",
    ),
    _Framework(
        "astro",
        "Astro",
        ("astro",),
        _files("astro.config", "mjs", "js", "ts", "mts"),
        "PUBLIC_",
        "vite.envPrefix",
    ),
    _Framework(
        "expo", "Expo", ("expo",), ("app.json", *_files("app.config", "js", "ts")), "EXPO_PUBLIC_"
    ),
    _Framework(
        "gatsby",
        "Gatsby",
        ("gatsby",),
        (*_files("gatsby-config", "js", "ts"), "gatsby-node.js"),
        "GATSBY_",
    ),
    _Framework("remix", "Remix", ("@remix-run/",), ("remix.config.js",), None),
    _Framework(
        "webpack", "webpack", ("webpack",), _files("webpack.config", "js", "cjs", "mjs", "ts"), None
    ),
    _Framework("vue-cli", "Vue CLI", ("@vue/cli-service",), ("vue.config.js",), "VUE_APP_"),
    _Framework("parcel", "Parcel", ("parcel", "parcel-bundler"), (".parcelrc",), None),
    _Framework(
        "storybook",
        "Storybook",
        ("storybook", "@storybook/"),
        _files(".storybook/main", "js", "ts", "mjs", "cjs"),
        "STORYBOOK_",
    ),
)
# A React Router internal that plain React apps list too: not a sign of Remix.
_NOT_SIGNS = frozenset({"@remix-run/router"})
_MAX_CONFIG_BYTES = 1 << 20  # config files are small; a huge one is not a config we can read
_EXPO_WORD = re.compile(r"\bexpo\b")
# A whole env object as a value: bare, JSON.stringify(...) of it, or spread into an object.
_WHOLE = r"(?:^|JSON\.stringify\(|[{{,]\s*\.\.\.)\s*(?:{owner})\s*(?:$|[),}}])"
_IDENTIFIER_VALUE = re.compile(r"(?:JSON\.stringify\(\s*)?[A-Za-z_$][\w$]*\s*\)?")
_KEYS_OF_ENV = re.compile(r"Object\.keys\(\s*process\.env\s*\)")


def detect(root: Path) -> FrameworkProfile:
    """The frameworks of the project in `root` and what they ship to the browser."""
    deps = _dependencies(root / "package.json")
    names: list[str] = []
    configs: dict[str, str] = {}  # path relative to root -> text
    for framework in FRAMEWORKS:
        texts = {rel: text for rel in framework.configs if (text := _read(root / rel)) is not None}
        texts = {rel: text for rel, text in texts.items() if _claims(framework, text, deps)}
        if texts or _uses(framework, deps):
            names.append(framework.name)
        configs.update(texts)
    found = _Found()
    # Prefixes first, so a framework's own prefix keeps its plain reason when a config
    # also happens to ship variables with that prefix.
    for framework in (f for f in FRAMEWORKS if f.name in names):
        _add_prefixes(framework, names, configs, found)
    for framework in FRAMEWORKS:
        for rel in (rel for rel in framework.configs if rel in configs):
            for analyse in _ANALYSERS.get(framework.name, ()):
                analyse(framework.name, rel, configs[rel], found)
            _webpack_plugins("webpack", rel, configs[rel], found)
    return FrameworkProfile(
        root=root.as_posix(),
        frameworks=tuple(names),
        prefixes=tuple(found.prefixes),
        exposed=found.exposed,
        expose_all=found.expose_all,
        config_files=tuple(configs),
    )


@dataclass
class _Found:
    prefixes: list[tuple[str, Exposure]] = field(default_factory=list)
    exposed: dict[str, Exposure] = field(default_factory=dict)
    expose_all: Exposure | None = None

    def name(self, name: str, why: Exposure) -> None:
        self.exposed.setdefault(name, why)

    def prefix(self, prefix: str, why: Exposure) -> None:
        """A prefix in effect; the empty prefix ships everything."""
        if not prefix:
            self.expose_all = self.expose_all or why
        elif all(prefix != known for known, _ in self.prefixes):
            self.prefixes.append((prefix, why))


def _dependencies(path: Path) -> frozenset[str]:
    text = _read(path)
    if text is None:
        return frozenset()
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # malformed, or nested deeper than json can follow
        return frozenset()
    if not isinstance(data, dict):
        return frozenset()
    fields = (data.get("dependencies"), data.get("devDependencies"))
    return (
        frozenset(name for deps in fields if isinstance(deps, dict) for name in deps) - _NOT_SIGNS
    )


def _read(path: Path) -> str | None:
    try:
        if not path.is_file():
            return None
        with path.open("rb") as f:
            data = f.read(_MAX_CONFIG_BYTES + 1)
    except OSError:
        return None
    return None if len(data) > _MAX_CONFIG_BYTES else data.decode("utf-8", "replace")


def _uses(framework: _Framework, deps: frozenset[str]) -> bool:
    return any(
        dep == package or (package.endswith("/") and dep.startswith(package))
        for package in framework.packages
        for dep in deps
    )


def _claims(framework: _Framework, text: str, deps: frozenset[str]) -> bool:
    """app.json and app.config.* are common names (Heroku, SolidStart): Expo's only when the
    project depends on expo or the file mentions it."""
    return framework.name != "expo" or "expo" in deps or _EXPO_WORD.search(text) is not None


def _add_prefixes(
    framework: _Framework, names: list[str], configs: dict[str, str], found: _Found
) -> None:
    if framework.name == "vite" and "astro" in names:
        return  # Astro sets Vite's envPrefix itself (see FRAMEWORKS)
    key = framework.prefix_key
    configured = [
        (prefix, rel)
        for rel in framework.configs
        if key is not None and rel in configs
        for value in property_values(configs[rel], key)
        for prefix in string_values(value)
    ]
    for prefix, rel in configured:
        shown = prefix or "''"
        scope = "" if prefix else " (the whole environment)"
        found.prefix(prefix, Exposure(framework.name, f"{key} {shown} in {rel}{scope}"))
    if not configured and framework.prefix is not None:
        why = Exposure(framework.name, f"{framework.prefix} prefix ({framework.title})")
        found.prefix(framework.prefix, why)


# Each analyser reads one config file: (framework, path relative to root, text, what is found).
_Analyser = Callable[[str, str, str, _Found], None]
# Names bound to Vite's `loadEnv(mode, dir, prefixes)` -> the prefixes it loads ('' = all,
# () = only Vite's envPrefix, which is exposed anyway).
_Bindings = dict[str, tuple[str, ...]]


def _next(framework: str, rel: str, text: str, found: _Found) -> None:
    for value in property_values(text, "env"):
        if value.startswith("{"):
            for key in object_keys(value):
                found.name(key, Exposure(framework, f"listed under env in {rel}"))
        _ships(value, Exposure(framework, f"read into env in {rel}"), found, {})
    for value in property_values(text, "publicRuntimeConfig"):
        _ships(value, Exposure(framework, f"read into publicRuntimeConfig in {rel}"), found, {})


def _define(framework: str, rel: str, text: str, found: _Found) -> None:
    """Vite's `define` (also under `vite:` in nuxt.config and astro.config)."""
    bindings = _load_env_bindings(text)
    for value in property_values(text, "define"):
        _define_entries(
            object_entries(value), Exposure(framework, f"define in {rel}"), found, bindings
        )


def _nuxt(framework: str, rel: str, text: str, found: _Found) -> None:
    why = Exposure(framework, f"runtimeConfig.public in {rel}")
    for value in property_values(text, "runtimeConfig.public"):
        for key in object_keys(value):
            found.name("NUXT_PUBLIC_" + screaming_snake(key), why)
        _ships(value, why, found, {})


def _expo(framework: str, rel: str, text: str, found: _Found) -> None:
    for value in property_values(text, "extra"):
        _ships(value, Exposure(framework, f"read into extra in {rel}"), found, {})


def _webpack_plugins(framework: str, rel: str, text: str, found: _Found) -> None:
    """DefinePlugin and EnvironmentPlugin, wherever a webpack config is written (webpack.config,
    next.config, vue.config, craco.config, gatsby-node, .storybook/main)."""
    if "Plugin" not in text:
        return
    define = Exposure(framework, f"DefinePlugin in {rel}")
    for call in calls(text, "DefinePlugin"):
        if call.args:
            _define_entries(object_entries(call.args[0]), define, found, {})
    environment = Exposure(framework, f"EnvironmentPlugin in {rel}")
    for call in calls(text, "EnvironmentPlugin"):
        for arg in call.args:
            if _KEYS_OF_ENV.search(arg):
                found.prefix(
                    "", Exposure(framework, f"{environment.reason} (the whole environment)")
                )
            for name in (*string_values(arg), *object_keys(arg)):
                found.name(name, environment)


_ANALYSERS: dict[str, tuple[_Analyser, ...]] = {
    "next": (_next,),
    "vite": (_define,),
    "astro": (_define,),
    "nuxt": (_nuxt, _define),
    "expo": (_expo,),
}


def _define_entries(
    entries: list[tuple[str, str]], why: Exposure, found: _Found, bindings: _Bindings
) -> None:
    """`define` / DefinePlugin entries: their values are baked into the bundle."""
    for key, value in entries:
        unknown = _whole_env(value, bindings) is None and _IDENTIFIER_VALUE.fullmatch(value)
        if key in ("process.env", "import.meta.env") and unknown:
            # An object we cannot follow replaces process.env wholesale: assume the worst.
            _add_shipped(("",), why, found)
        _ships(value, why, found, bindings)


def _ships(value: str, why: Exposure, found: _Found, bindings: _Bindings) -> None:
    """A config value that is sent to the browser: every variable it reads goes with it, and
    all of the environment when the value is the env object itself."""
    _add_shipped(_whole_env(value, bindings), why, found)
    for name in _reads(value, bindings):
        found.name(name, why)


def _add_shipped(prefixes: tuple[str, ...] | None, why: Exposure, found: _Found) -> None:
    for prefix in prefixes or ():
        scope = "" if prefix else " (the whole environment)"
        found.prefix(prefix, Exposure(why.framework, why.reason + scope))


def _reads(value: str, bindings: _Bindings) -> list[str]:
    names = [usage.name for usage in find_usages(value, "config.js")]
    return names + [name for _, name in member_reads(value, bindings)]


def _whole_env(value: str, bindings: _Bindings) -> tuple[str, ...] | None:
    """The prefixes of the environment `value` holds whole ('' = all of it), else None."""
    if re.search(_WHOLE.format(owner=r"process\.env"), value):
        return ("",)
    for name, prefixes in bindings.items():
        if re.search(_WHOLE.format(owner=re.escape(name)), value):
            return prefixes
    return None


def _load_env_bindings(text: str) -> _Bindings:
    return {
        call.bound: tuple(string_values(call.args[2])) if len(call.args) > 2 else ()
        for call in calls(text, "loadEnv")
        if call.bound is not None
    }
