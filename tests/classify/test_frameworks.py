"""Framework detection on real project folders, and the config-literal reader under it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from launchguard.classify import jsconfig
from launchguard.classify.frameworks import FRAMEWORKS, Exposure, FrameworkProfile, detect


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def package(*deps: str, dev: tuple[str, ...] = ()) -> str:
    return json.dumps(
        {
            "name": "app",
            "private": True,
            "scripts": {"dev": "x"},
            "dependencies": dict.fromkeys(deps, "^1.0.0"),
            "devDependencies": dict.fromkeys(dev, "^1.0.0"),
        },
        indent=2,
    )


def reasons(profile: FrameworkProfile) -> dict[str, str]:
    return {name: why.reason for name, why in profile.exposed.items()}


def prefixes(profile: FrameworkProfile) -> list[tuple[str, str]]:
    return [(prefix, why.reason) for prefix, why in profile.prefixes]


NEXT_CONFIG = """\
// @ts-check
const webpack = require("webpack");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  images: { remotePatterns: [{ protocol: "https", hostname: "cdn.example.com" }] },
  env: {
    STRIPE_KEY: process.env.STRIPE_KEY,
    API_URL: process.env.BACKEND_URL ?? "http://localhost:4000",
    'QUOTED_KEY': "literal, with a comma } and brace",
  },
  // env: { COMMENTED_OUT: process.env.COMMENTED_OUT },
  publicRuntimeConfig: { mapsKey: process.env["MAPS_KEY"] },
  serverRuntimeConfig: { dbPassword: process.env.DB_PASSWORD },
  webpack: (config, { isServer }) => {
    config.plugins.push(
      new webpack.DefinePlugin({
        "process.env.SENTRY_DSN": JSON.stringify(process.env.SENTRY_DSN),
      }),
    );
    return config;
  },
};

module.exports = nextConfig;
"""


def test_next_config(tmp_path: Path) -> None:
    root = write(
        tmp_path, {"package.json": package("next", "react"), "next.config.js": NEXT_CONFIG}
    )
    profile = detect(root)
    assert profile.root == tmp_path.as_posix()
    assert profile.frameworks == ("next",)
    assert profile.config_files == ("next.config.js",)
    assert prefixes(profile) == [("NEXT_PUBLIC_", "NEXT_PUBLIC_ prefix (Next.js)")]
    assert reasons(profile) == {
        "STRIPE_KEY": "listed under env in next.config.js",
        "API_URL": "listed under env in next.config.js",
        "QUOTED_KEY": "listed under env in next.config.js",
        "BACKEND_URL": "read into env in next.config.js",
        "MAPS_KEY": "read into publicRuntimeConfig in next.config.js",
        "SENTRY_DSN": "DefinePlugin in next.config.js",
    }
    assert profile.expose_all is None
    assert profile.exposure("SENTRY_DSN") == Exposure("webpack", "DefinePlugin in next.config.js")
    assert profile.exposure("NEXT_PUBLIC_SITE") == Exposure("next", "NEXT_PUBLIC_ prefix (Next.js)")
    assert profile.exposure("DB_PASSWORD") is None
    assert profile.exposure("COMMENTED_OUT") is None


def test_next_config_typescript_and_esm(tmp_path: Path) -> None:
    config = """\
import type { NextConfig } from "next";

const config: NextConfig = {
  env: { ANALYTICS_ID: `${process.env.ANALYTICS_ID}`, ...process.env.EXTRA ? {} : {} },
};
export default config;
"""
    profile = detect(write(tmp_path, {"next.config.ts": config}))
    assert profile.frameworks == ("next",)
    assert reasons(profile) == {
        "ANALYTICS_ID": "listed under env in next.config.ts",
        "EXTRA": "read into env in next.config.ts",
    }


VITE_CONFIG = """\
import { defineConfig, loadEnv } from 'vite'
import react from '@vitejs/plugin-react'

// https://vitejs.dev/config/ -- note: `define: {}` in a comment is not config
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), '')
  const banner = `built for ${mode} with { braces } and "quotes"`
  return {
    plugins: [react()],
    envPrefix: ['VITE_', "APP_"],
    define: {
      __API_URL__: JSON.stringify(env.API_URL),
      'import.meta.env.STRIPE_KEY': JSON.stringify(env["STRIPE_SECRET_KEY"]),
      "process.env.SENTRY": `"${process.env.SENTRY_DSN}"`,
      __BANNER__: JSON.stringify(banner),
    },
    server: { port: Number(env.PORT) },
  }
})
"""


def test_vite_config(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "package.json": package("react", dev=("vite", "@vitejs/plugin-react")),
            "vite.config.ts": VITE_CONFIG,
        },
    )
    profile = detect(root)
    assert profile.frameworks == ("vite",)
    assert prefixes(profile) == [
        ("VITE_", "envPrefix VITE_ in vite.config.ts"),
        ("APP_", "envPrefix APP_ in vite.config.ts"),
    ]
    assert reasons(profile) == {
        "API_URL": "define in vite.config.ts",
        "STRIPE_SECRET_KEY": "define in vite.config.ts",
        "SENTRY_DSN": "define in vite.config.ts",
    }
    assert profile.expose_all is None
    assert profile.exposure("PORT") is None
    assert profile.exposure("APP_NAME") == Exposure("vite", "envPrefix APP_ in vite.config.ts")


@pytest.mark.parametrize(
    ("config", "reason"),
    [
        pytest.param(
            "export default defineConfig(({ mode }) => {\n"
            "  const env = loadEnv(mode, process.cwd(), '')\n"
            "  return { define: { 'process.env': env } }\n"
            "})\n",
            "define in vite.config.js (the whole environment)",
            id="define-process.env-loadEnv-all",
        ),
        pytest.param(
            "export default { define: { __ENV__: JSON.stringify(process.env) } }\n",
            "define in vite.config.js (the whole environment)",
            id="define-stringify-process.env",
        ),
        pytest.param(
            "export default { define: { 'process.env': { ...process.env, NODE_ENV: 'x' } } }\n",
            "define in vite.config.js (the whole environment)",
            id="define-spread-process.env",
        ),
        pytest.param(
            "const vars = buildVars()\nexport default { define: { 'process.env': vars } }\n",
            "define in vite.config.js (the whole environment)",
            id="define-process.env-unknown-object",
        ),
        pytest.param(
            "export default defineConfig({ envPrefix: '' })\n",
            "envPrefix '' in vite.config.js (the whole environment)",
            id="empty-envPrefix",
        ),
    ],
)
def test_vite_ships_the_whole_environment(tmp_path: Path, config: str, reason: str) -> None:
    profile = detect(write(tmp_path, {"vite.config.js": config}))
    assert profile.expose_all == Exposure("vite", reason)
    assert profile.exposure("ANYTHING") == profile.expose_all


def test_vite_loadenv_with_a_prefix_exposes_that_prefix(tmp_path: Path) -> None:
    config = """\
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), ['VITE_', 'SHOP_'])
  const defaults = loadEnv(mode, process.cwd())
  return { define: { 'process.env': env, __D__: JSON.stringify(defaults) } }
})
"""
    profile = detect(write(tmp_path, {"vite.config.mjs": config}))
    assert profile.expose_all is None
    assert prefixes(profile) == [
        ("VITE_", "VITE_ prefix (Vite)"),
        ("SHOP_", "define in vite.config.mjs"),
    ]


WEBPACK_CONFIG = """\
const path = require('path');
const webpack = require('webpack');
const { EnvironmentPlugin } = webpack;

module.exports = {
  entry: './src/index.js',
  output: { path: path.resolve(__dirname, 'dist') },
  plugins: [
    new webpack.DefinePlugin({
      'process.env.API_KEY': JSON.stringify(process.env.API_KEY),
      VERSION: JSON.stringify('1.2.3'),
    }),
    new EnvironmentPlugin(['NODE_ENV', "DEBUG"]),
    new webpack.EnvironmentPlugin({ MAPBOX_TOKEN: '', SEGMENT_KEY: null }),
  ],
};
"""


def test_webpack_config(tmp_path: Path) -> None:
    root = write(
        tmp_path, {"package.json": package(dev=("webpack",)), "webpack.config.js": WEBPACK_CONFIG}
    )
    profile = detect(root)
    assert profile.frameworks == ("webpack",)
    assert profile.prefixes == ()
    assert reasons(profile) == {
        "API_KEY": "DefinePlugin in webpack.config.js",
        "NODE_ENV": "EnvironmentPlugin in webpack.config.js",
        "DEBUG": "EnvironmentPlugin in webpack.config.js",
        "MAPBOX_TOKEN": "EnvironmentPlugin in webpack.config.js",
        "SEGMENT_KEY": "EnvironmentPlugin in webpack.config.js",
    }
    assert profile.expose_all is None


@pytest.mark.parametrize(
    ("plugin", "reason"),
    [
        (
            "new webpack.DefinePlugin({ 'process.env': JSON.stringify(process.env) })",
            "DefinePlugin in webpack.config.js (the whole environment)",
        ),
        (
            'new DefinePlugin({ "process.env": JSON.stringify({ ...process.env }) })',
            "DefinePlugin in webpack.config.js (the whole environment)",
        ),
        (
            "new webpack.EnvironmentPlugin(Object.keys(process.env))",
            "EnvironmentPlugin in webpack.config.js (the whole environment)",
        ),
    ],
)
def test_webpack_ships_the_whole_environment(tmp_path: Path, plugin: str, reason: str) -> None:
    config = f"module.exports = {{ plugins: [\n  {plugin},\n] }};\n"
    profile = detect(write(tmp_path, {"webpack.config.js": config}))
    assert profile.expose_all == Exposure("webpack", reason)


NUXT_CONFIG = """\
// https://nuxt.com/docs/api/configuration/nuxt-config
export default defineNuxtConfig({
  devtools: { enabled: true },
  runtimeConfig: {
    // private keys, server only
    apiSecret: '',
    stripe: { secretKey: process.env.STRIPE_SECRET_KEY },
    public: {
      apiBase: '/api',
      siteURL: process.env.SITE_URL || "https://example.com",
      'mapsKey': '',
    },
  },
  vite: { define: { __SUPABASE__: JSON.stringify(process.env.SUPABASE_SERVICE_KEY) } },
})
"""


def test_nuxt_config(tmp_path: Path) -> None:
    root = write(tmp_path, {"package.json": package("nuxt", "vue"), "nuxt.config.ts": NUXT_CONFIG})
    profile = detect(root)
    assert profile.frameworks == ("nuxt",)
    assert prefixes(profile) == [("NUXT_PUBLIC_", "NUXT_PUBLIC_ prefix (Nuxt)")]
    assert reasons(profile) == {
        "NUXT_PUBLIC_API_BASE": "runtimeConfig.public in nuxt.config.ts",
        "NUXT_PUBLIC_SITE_URL": "runtimeConfig.public in nuxt.config.ts",
        "NUXT_PUBLIC_MAPS_KEY": "runtimeConfig.public in nuxt.config.ts",
        "SITE_URL": "runtimeConfig.public in nuxt.config.ts",
        "SUPABASE_SERVICE_KEY": "define in nuxt.config.ts",
    }
    assert profile.exposure("NUXT_API_SECRET") is None
    assert profile.exposure("STRIPE_SECRET_KEY") is None


SVELTE_CONFIG = """\
import adapter from '@sveltejs/adapter-auto';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter(),
    env: { publicPrefix: 'CLIENT_', privatePrefix: '' },
  },
};

export default config;
"""


def test_sveltekit_public_prefix_and_vite(tmp_path: Path) -> None:
    files = {
        "package.json": package(dev=("@sveltejs/kit", "vite", "svelte")),
        "svelte.config.js": SVELTE_CONFIG,
        "vite.config.ts": "import { sveltekit } from '@sveltejs/kit/vite';\n"
        "export default defineConfig({ plugins: [sveltekit()] });\n",
    }
    profile = detect(write(tmp_path, files))
    assert profile.frameworks == ("vite", "sveltekit")
    assert profile.config_files == ("vite.config.ts", "svelte.config.js")
    assert prefixes(profile) == [
        ("VITE_", "VITE_ prefix (Vite)"),
        ("CLIENT_", "kit.env.publicPrefix CLIENT_ in svelte.config.js"),
    ]
    assert profile.exposure("PUBLIC_X") is None


def test_astro_owns_vites_prefix(tmp_path: Path) -> None:
    files = {
        "package.json": package("astro", dev=("vite",)),
        "astro.config.mjs": "import { defineConfig } from 'astro/config';\n"
        "export default defineConfig({\n"
        "  site: 'https://x.dev',\n"
        "  vite: { envPrefix: ['PUBLIC_', 'SITE_'] },\n"
        "});\n",
    }
    profile = detect(write(tmp_path, files))
    assert profile.frameworks == ("vite", "astro")
    assert prefixes(profile) == [
        ("PUBLIC_", "vite.envPrefix PUBLIC_ in astro.config.mjs"),
        ("SITE_", "vite.envPrefix SITE_ in astro.config.mjs"),
    ]
    assert profile.exposure("VITE_X") is None


def test_expo(tmp_path: Path) -> None:
    files = {
        "app.json": json.dumps({"expo": {"name": "app", "slug": "app"}}),
        "app.config.ts": "import type { ExpoConfig } from 'expo/config';\n"
        "export default ({ config }: { config: ExpoConfig }) => ({\n"
        "  ...config,\n"
        "  extra: { revenueCatKey: process.env.REVENUECAT_KEY, eas: { projectId: 'x' } },\n"
        "});\n",
    }
    profile = detect(write(tmp_path, files))
    assert profile.frameworks == ("expo",)
    assert profile.config_files == ("app.json", "app.config.ts")
    assert prefixes(profile) == [("EXPO_PUBLIC_", "EXPO_PUBLIC_ prefix (Expo)")]
    assert reasons(profile) == {"REVENUECAT_KEY": "read into extra in app.config.ts"}


def test_a_heroku_app_json_is_not_expo(tmp_path: Path) -> None:
    app = {"name": "api", "env": {"SECRET_KEY": {"generator": "secret"}}, "addons": ["heroku-x"]}
    profile = detect(write(tmp_path, {"app.json": json.dumps(app)}))
    assert profile.frameworks == ()
    assert profile.config_files == ()


@pytest.mark.parametrize(
    ("dependency", "framework", "prefix"),
    [
        ("next", "next", "NEXT_PUBLIC_"),
        ("vite", "vite", "VITE_"),
        ("react-scripts", "cra", "REACT_APP_"),
        ("nuxt", "nuxt", "NUXT_PUBLIC_"),
        ("@sveltejs/kit", "sveltekit", "PUBLIC_"),
        ("astro", "astro", "PUBLIC_"),
        ("expo", "expo", "EXPO_PUBLIC_"),
        ("gatsby", "gatsby", "GATSBY_"),
        ("@remix-run/react", "remix", None),
        ("webpack", "webpack", None),
        ("@vue/cli-service", "vue-cli", "VUE_APP_"),
        ("parcel", "parcel", None),
        ("@storybook/react", "storybook", "STORYBOOK_"),
    ],
)
def test_detect_from_package_json(
    tmp_path: Path, dependency: str, framework: str, prefix: str | None
) -> None:
    profile = detect(write(tmp_path, {"package.json": package(dependency)}))
    assert profile.frameworks == (framework,)
    assert [p for p, _ in profile.prefixes] == ([] if prefix is None else [prefix])


@pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda f: f.name)
def test_detect_from_each_config_file(tmp_path: Path, framework) -> None:  # type: ignore[no-untyped-def]
    for rel in framework.configs:
        root = tmp_path / rel.replace("/", "_")
        text = '{"expo": {}}' if rel == "app.json" else "export default { /* expo */ }\n"
        profile = detect(write(root, {rel: text}))
        assert profile.frameworks == (framework.name,), rel
        assert profile.config_files == (rel,)


def test_remix_router_alone_is_not_remix(tmp_path: Path) -> None:
    profile = detect(
        write(tmp_path, {"package.json": package("react-router-dom", "@remix-run/router")})
    )
    assert profile.frameworks == ()


def test_empty_folder(tmp_path: Path) -> None:
    assert detect(tmp_path) == FrameworkProfile(tmp_path.as_posix(), (), (), {}, None, ())
    assert detect(tmp_path / "missing").frameworks == ()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "[1, 2]",
        "null",
        '{"dependencies": ["next"]}',
        '{"dependencies": {"next": 1}, "devDependencies": "vite"}',
        "[" * 100_000 + "]" * 100_000,
        '{"dependencies": {"next": "1"}} trailing',
        "\ufeff{}",
    ],
)
def test_malformed_package_json_counts_as_absent(tmp_path: Path, text: str) -> None:
    profile = detect(write(tmp_path, {"package.json": text}))
    expected = ("next",) if text.startswith('{"dependencies": {"next": 1}') else ()
    assert profile.frameworks == expected


@pytest.mark.parametrize(
    "text",
    [
        "module.exports = { env: {",
        "module.exports = { env: { A: process.env.A, 'B",
        "export default { define: { x: `${ {{{ ",
        "}}}]]) env: } define: ) envPrefix: [ '",
        "/* never closed",
        "const s = 'never closed\nmodule.exports = { env: { OK: 1 } }",
        "\x00\xff\ud7ff" * 100,
        "env: " * 10_000,
    ],
)
def test_garbage_config_never_raises(tmp_path: Path, text: str) -> None:
    files = dict.fromkeys(("next.config.js", "vite.config.ts", "webpack.config.js"), text)
    files["nuxt.config.ts"] = text
    files["svelte.config.js"] = text
    profile = detect(write(tmp_path, files))
    assert profile.frameworks == ("next", "vite", "nuxt", "sveltekit", "webpack")


def test_unreadable_and_oversized_configs_count_as_absent(tmp_path: Path) -> None:
    (tmp_path / "next.config.js").mkdir()
    (tmp_path / "vite.config.ts").write_bytes(b"// x\n" * 300_000)
    (tmp_path / "nuxt.config.ts").symlink_to(tmp_path / "nowhere")
    (tmp_path / "package.json").write_bytes(b"\xff\xfe{")
    profile = detect(tmp_path)
    assert profile.frameworks == ()
    assert profile.config_files == ()


def test_exposure_order() -> None:
    everything = Exposure("vite", "envPrefix '' in vite.config.ts")
    named = Exposure("next", "listed under env in next.config.js")
    prefix = Exposure("next", "NEXT_PUBLIC_ prefix (Next.js)")
    profile = FrameworkProfile(".", ("next",), (("NEXT_PUBLIC_", prefix),), {"A": named}, None, ())
    assert profile.exposure("A") == named
    assert profile.exposure("NEXT_PUBLIC_A") == prefix
    assert profile.exposure("NEXT_PUBLIC") is None
    assert profile.exposure("B") is None
    both = FrameworkProfile(
        ".", ("next",), (("NEXT_PUBLIC_", prefix),), {"A": named}, everything, ()
    )
    assert both.exposure("A") == everything


# --- jsconfig: the reader under detect() ---------------------------------------------------

CONFIG = """\
/* { env: not here } */
const s = "env: { NOT: 1 }", t = `${ { env: 1 }.env } env: {`;
export default {
  label: cond ? env : other,
  "env": { A: 1, 'B-C': "x", [computed]: 2, ...spread, D, method() { return { env: 3 } }, 42: 'n' },
  kit: { env: { publicPrefix: 'APP_' } },
};
"""


def test_property_values_skip_strings_comments_and_ternaries() -> None:
    values = jsconfig.property_values(CONFIG, "env")
    # `${ ... }` is code, so its `env: 1` counts; the template text after it does not.
    assert values[0] == "1"
    assert values[1].startswith("{ A: 1, ")
    assert values[2:] == ["{ publicPrefix: 'APP_' }"]
    assert jsconfig.property_values(CONFIG, "kit.env.publicPrefix") == ["'APP_'"]
    assert jsconfig.property_values(CONFIG, "kit.nope") == []
    assert jsconfig.property_values(CONFIG, "") == []


def test_object_entries_and_keys() -> None:
    env = jsconfig.property_values(CONFIG, "env")[1]
    assert jsconfig.object_entries(env) == [("A", "1"), ("B-C", '"x"'), ("D", "D"), ("42", "'n'")]
    assert jsconfig.object_keys("  { 'it\\'s': 1, b }") == ["it's", "b"]
    assert jsconfig.object_keys("[1, 2]") == []
    assert jsconfig.object_keys("{ a: { b: 1 }, c: [1, { d }], e: f(g, h) }") == ["a", "c", "e"]


@pytest.mark.parametrize(
    ("value", "strings"),
    [
        ("'VITE_'", ["VITE_"]),
        ('  "A\\"B"  ', ['A"B']),
        ("`PLAIN`", ["PLAIN"]),
        ("`${x}_`", []),
        ("['A', \"B\", c, `D`, 'E' + f]", ["A", "B", "D"]),
        ("prefix", []),
        ("'A' + 'B'", []),
        ("", []),
        ("['unclosed", []),
    ],
)
def test_string_values(value: str, strings: list[str]) -> None:
    assert jsconfig.string_values(value) == strings


def test_calls() -> None:
    source = """\
const env = await loadEnv(mode, process.cwd(), '')   // loadEnv(in, a, comment)
const s = "loadEnv(in, a, string)"
other = loadEnv(mode, root, ['A', 'B'],)
"""
    assert jsconfig.calls(source, "loadEnv") == [
        jsconfig.Call("env", ["mode", "process.cwd()", "''"]),
        jsconfig.Call(None, ["mode", "root", "['A', 'B']"]),
    ]
    assert jsconfig.calls("new webpack.DefinePlugin({ a: 1 })", "DefinePlugin")[0].args == [
        "{ a: 1 }"
    ]
    assert jsconfig.calls("MyDefinePlugin({})", "DefinePlugin") == []


def test_code_only_keeps_length_and_code() -> None:
    source = "a = 'x{' // c\nb = `t${ {k: 'v'} }u` /* d */"
    masked = jsconfig.code_only(source)
    assert len(masked) == len(source)
    assert masked == "a = '  '     \nb = ` ${ {k: ' '} } `        "


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            [*"{}[]()'\"`,:;/*\\\n $", "${", "env", "define", "//", "/*", "*/", "...", "A"]
        )
        | st.text(max_size=3),
        max_size=50,
    ).map("".join)
)
def test_reader_never_raises(text: str) -> None:
    assert len(jsconfig.code_only(text)) == len(text)
    for value in jsconfig.property_values(text, "env.define"):
        assert value in text
    jsconfig.object_entries(text)
    jsconfig.string_values(text)
    jsconfig.calls(text, "env")
