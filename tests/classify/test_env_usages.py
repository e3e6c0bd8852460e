"""Each env-read form, with the exact (name, line, column, how, side) it produces."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from launchguard.classify.env_usages import (
    USAGE_SUFFIXES,
    Usage,
    find_usages,
    member_reads,
    screaming_snake,
)

Row = tuple[str, int, int, str, str | None]


def rows(text: str, path: str) -> list[Row]:
    return [(u.name, u.line, u.column, u.how, u.side) for u in find_usages(text, path)]


JS_CASES = [
    pytest.param(
        "const key = process.env.STRIPE_KEY\n",
        [("STRIPE_KEY", 1, 25, "process.env", None)],
        id="process.env-dot",
    ),
    pytest.param(
        "const a = process.env[\"A_B\"]\nconst b = process.env['B1']\nconst c = process.env[`C`]\n",
        [
            ("A_B", 1, 24, "process.env", None),
            ("B1", 2, 24, "process.env", None),
            ("C", 3, 24, "process.env", None),
        ],
        id="process.env-brackets",
    ),
    pytest.param(
        "x = process.env?.OPTIONAL ?? process.env?.['Q']\n",
        [("OPTIONAL", 1, 18, "process.env", None), ("Q", 1, 45, "process.env", None)],
        id="process.env-optional-chaining",
    ),
    pytest.param(
        'const { A, B: b, C = "d", "E": e, ...rest } = process.env\n',
        [
            ("A", 1, 9, "process.env", None),
            ("B", 1, 12, "process.env", None),
            ("C", 1, 18, "process.env", None),
            ("E", 1, 28, "process.env", None),
        ],
        id="process.env-destructuring",
    ),
    pytest.param(
        "const {\n  DATABASE_URL,\n  PORT = 3000,\n} = process.env;\n",
        [("DATABASE_URL", 2, 3, "process.env", None), ("PORT", 3, 3, "process.env", None)],
        id="process.env-destructuring-multiline",
    ),
    pytest.param(
        "fetch(import.meta.env.VITE_API_URL)\nimport.meta.env['VITE_X']\n",
        [
            ("VITE_API_URL", 1, 23, "import.meta.env", None),
            ("VITE_X", 2, 18, "import.meta.env", None),
        ],
        id="import.meta.env",
    ),
    pytest.param(
        "const { VITE_A, MODE } = import.meta.env\n",
        [("VITE_A", 1, 9, "import.meta.env", None), ("MODE", 1, 17, "import.meta.env", None)],
        id="import.meta.env-destructuring",
    ),
    pytest.param(
        'const t = Deno.env.get("TOKEN")\nconst u = Bun.env.BUN_URL\n',
        [("TOKEN", 1, 25, "Deno.env", None), ("BUN_URL", 2, 19, "Bun.env", None)],
        id="deno-bun",
    ),
    pytest.param(
        "const merged = { ...process.env.EXTRA, ...import.meta.env }\n",
        [("EXTRA", 1, 33, "process.env", None)],
        id="spread",
    ),
    pytest.param(
        "process.env.NODE_ENV = 'test'\nif (process.env.CI == '1') {}\n",
        [("CI", 2, 17, "process.env", None)],
        id="writes-are-not-reads",
    ),
    pytest.param(
        "// const old = process.env.OLD\n/* process.env.BLOCK */ process.env.AFTER\n"
        " * process.env.JSDOC\n",
        [("AFTER", 2, 37, "process.env", None)],
        id="comment-lines-skipped",
    ),
    pytest.param(
        "myprocess.env.NO; process.environment.NO; process.env.X$y; 'process.env.' + k\n"
        "a.process.env.NO; a..process.env.NO\n",
        [],
        id="near-misses",
    ),
]


@pytest.mark.parametrize(("text", "expected"), JS_CASES)
def test_javascript_forms(text: str, expected: list[Row]) -> None:
    assert rows(text, "src/app.ts") == expected


SVELTEKIT = """\
<script lang="ts">
  import { STRIPE_SECRET, DB_URL as db } from '$env/static/private';
  import { PUBLIC_SITE } from "$env/static/public";
  import { env } from '$env/dynamic/private';
  import { env as pub } from '$env/dynamic/public';
  const a = env.SESSION_KEY, b = env["OTHER"];
  const c = pub.PUBLIC_ANALYTICS;
</script>
"""


def test_sveltekit_env_modules_decide_the_side() -> None:
    assert rows(SVELTEKIT, "src/routes/+page.svelte") == [
        ("STRIPE_SECRET", 2, 12, "$env/static/private", "server"),
        ("DB_URL", 2, 27, "$env/static/private", "server"),
        ("PUBLIC_SITE", 3, 12, "$env/static/public", "client"),
        ("SESSION_KEY", 6, 17, "$env/dynamic/private", "server"),
        ("OTHER", 6, 39, "$env/dynamic/private", "server"),
        ("PUBLIC_ANALYTICS", 7, 17, "$env/dynamic/public", "client"),
    ]


def test_dynamic_env_without_the_import_is_just_an_object() -> None:
    assert rows("const env = {}; env.SESSION_KEY", "a.js") == []


NUXT = """\
<script setup lang="ts">
const config = useRuntimeConfig()
const base = config.public.apiBase
const secret = config.apiSecret
const url = useRuntimeConfig().public.siteURL
const { stripeSecretKey } = useRuntimeConfig(event)
const other = settings.public.apiBase
</script>
"""


def test_nuxt_runtime_config() -> None:
    assert rows(NUXT, "pages/index.vue") == [
        ("NUXT_PUBLIC_API_BASE", 3, 28, "useRuntimeConfig", "client"),
        ("NUXT_API_SECRET", 4, 23, "useRuntimeConfig", "server"),
        ("NUXT_PUBLIC_SITE_URL", 5, 39, "useRuntimeConfig", "client"),
        ("NUXT_STRIPE_SECRET_KEY", 6, 9, "useRuntimeConfig", "server"),
    ]


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("apiBase", "API_BASE"),
        ("baseURL", "BASE_URL"),
        ("stripeSecretKey", "STRIPE_SECRET_KEY"),
        ("apiV2Key", "API_V2_KEY"),
        ("already_snake", "ALREADY_SNAKE"),
        ("URLPath", "URL_PATH"),
    ],
)
def test_screaming_snake(key: str, name: str) -> None:
    assert screaming_snake(key) == name


PYTHON = """\
import os
from os import environ, getenv
import environ as django_environ

env = django_environ.Env()
A = os.environ["DATABASE_URL"]
B = os.environ.get('REDIS_URL', "redis://")
C = os.getenv("SECRET_KEY")
D = environ["STRIPE_KEY"] + environ.get("SENTRY_DSN")
E = getenv('PORT')
F = env("DJANGO_SECRET") or env.bool("DEBUG", default=False) or env.db_url("DB")
os.environ["WRITTEN"] = "1"
os.environ.setdefault("DEFINED", "1")
# os.getenv("COMMENTED")
"""


def test_python_forms() -> None:
    assert rows(PYTHON, "app/settings.py") == [
        ("DATABASE_URL", 6, 17, "os.environ", None),
        ("REDIS_URL", 7, 21, "os.environ", None),
        ("SECRET_KEY", 8, 16, "os.getenv", None),
        ("STRIPE_KEY", 9, 14, "os.environ", None),
        ("SENTRY_DSN", 9, 42, "os.environ", None),
        ("PORT", 10, 13, "os.getenv", None),
        ("DJANGO_SECRET", 11, 10, "env()", None),
        ("DEBUG", 11, 39, "env()", None),
        ("DB", 11, 77, "env()", None),
    ]


def test_bare_environ_needs_the_os_import() -> None:
    wsgi = "def app(environ, start):\n    return environ['PATH_INFO'], environ.get('HTTP_HOST')\n"
    assert rows(wsgi, "wsgi.py") == []


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        (
            "config/app.rb",
            'a = ENV["RAILS_KEY"]\nb = ENV.fetch("SMTP_PASS") { nil }\nc = ENV.fetch \'X\'\n',
            [
                ("RAILS_KEY", 1, 10, "ENV", None),
                ("SMTP_PASS", 2, 16, "ENV", None),
                ("X", 3, 16, "ENV", None),
            ],
        ),
        (
            "main.go",
            'key := os.Getenv("API_KEY")\nv, ok := os.LookupEnv(`PORT`)\n',
            [("API_KEY", 1, 19, "os.Getenv", None), ("PORT", 2, 24, "os.LookupEnv", None)],
        ),
        (
            "index.php",
            "$a = getenv('DB_PASS');\n$b = $_ENV[\"APP_KEY\"];\n"
            "$c = env('MAIL_PASSWORD');\n$d = $x->env('NO');\n",
            [
                ("DB_PASS", 1, 14, "getenv", None),
                ("APP_KEY", 2, 13, "$_ENV", None),
                ("MAIL_PASSWORD", 3, 11, "env()", None),
            ],
        ),
        (
            "src/Main.java",
            'String k = System.getenv("JAVA_KEY");\n',
            [("JAVA_KEY", 1, 27, "System.getenv", None)],
        ),
        (
            "build.gradle.kts",
            'val k = System.getenv("SIGNING_KEY")\n',
            [("SIGNING_KEY", 1, 24, "System.getenv", None)],
        ),
        (
            "Program.cs",
            'var k = Environment.GetEnvironmentVariable("CS_KEY");\n',
            [("CS_KEY", 1, 45, "Environment.GetEnvironmentVariable", None)],
        ),
        (
            "src/main.rs",
            'let a = std::env::var("RUST_KEY");\nlet b = env::var_os("B");\nlet c = env!("C");\n',
            [
                ("RUST_KEY", 1, 24, "env::var", None),
                ("B", 2, 22, "env::var", None),
                ("C", 3, 15, "env!", None),
            ],
        ),
        (
            "config/runtime.exs",
            'key = System.get_env("EX_KEY")\nother = System.fetch_env!("EX_OTHER")\n',
            [
                ("EX_KEY", 1, 23, "System.get_env", None),
                ("EX_OTHER", 2, 28, "System.get_env", None),
            ],
        ),
    ],
)
def test_other_languages(path: str, text: str, expected: list[Row]) -> None:
    assert rows(text, path) == expected


def test_suffix_picks_the_forms() -> None:
    text = 'os.Getenv("GO_VAR")\nprocess.env.JS_VAR\n'
    assert [u.name for u in find_usages(text, "a.py")] == []
    assert [u.name for u in find_usages(text, "a.js")] == ["JS_VAR"]
    assert [u.name for u in find_usages(text, "a.go")] == ["GO_VAR"]
    assert [u.name for u in find_usages(text, "Dockerfile.tmpl")] == ["GO_VAR", "JS_VAR"]


def test_usage_fields_and_path_unchanged() -> None:
    path = "apps\\web/Page.TSX"
    assert find_usages("\tprocess.env.é_NO; process.env.OK", path) == [
        Usage("OK", path, 1, 32, "process.env", None)
    ]


def test_columns_count_characters_not_bytes() -> None:
    assert rows("const s = 'héllo→'; process.env.AFTER", "a.js") == [
        ("AFTER", 1, 33, "process.env", None)
    ]


def test_same_read_is_reported_once() -> None:
    usages = find_usages("process.env.A; process.env.A\nprocess.env.A", "a.js")
    assert [(u.line, u.column) for u in usages] == [(1, 13), (1, 28), (2, 13)]


def test_suffixes() -> None:
    assert {
        ".js",
        ".tsx",
        ".vue",
        ".svelte",
        ".astro",
        ".py",
        ".rb",
        ".go",
        ".php",
    } <= USAGE_SUFFIXES
    assert {".java", ".kt", ".cs", ".rs", ".ex", ".exs"} <= USAGE_SUFFIXES
    assert not {".json", ".env", ".yaml", ".md", ".TS"} & USAGE_SUFFIXES


def test_member_reads() -> None:
    text = "const v = env.API_URL + env['KEY'] + myenv.NO + other.env.NO"
    assert member_reads(text, ["env"]) == [(14, "API_URL"), (29, "KEY")]
    assert member_reads(text, []) == []


def test_a_minified_line_keeps_exact_columns() -> None:
    line = "var a=1;" * 5000 + "x=process.env.DEEP;"
    assert rows(line, "dist/app.js") == [("DEEP", 1, 40015, "process.env", None)]


TOKENS = [
    *"{}[]()'\"`=,.:;$\n /*#?!\\",
    *["process.env", "import.meta.env", "useRuntimeConfig()", "'$env/dynamic/public'", "import {"],
    *["} from ", "env", "A", "const ", "os.environ", "ENV", "from os import ", "getenv("],
]


@settings(max_examples=300)
@given(
    text=st.lists(st.sampled_from(TOKENS) | st.text(max_size=3), max_size=40).map("".join),
    path=st.sampled_from(["a.js", "a.py", "a.rb", "a.php", "a.unknown", "a.svelte"]),
)
def test_never_raises(text: str, path: str) -> None:
    for usage in find_usages(text, path):
        assert 1 <= usage.line <= text.count("\n") + 1
        assert usage.column >= 1
