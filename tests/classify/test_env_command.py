"""`launchguard env` on real projects in real git repositories: the inventory and its findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import commit_all, git
from tests.helpers.cli import run
from tests.helpers.fake import openai_project, rand, stripe_live

STRIPE_PK = "pk_" + "live_" + "51" + rand(30, seed=71)


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _findings(report: dict[str, Any]) -> set[tuple[str, str, int, str | None]]:
    return {(f["rule"], f["path"], f["line"], f["env_var"]) for f in report["findings"]}


def _inventory(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {v["name"]: v for v in report["inventory"]}


@pytest.fixture
def next_app(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(git_repo)
    stripe, analytics = stripe_live(72), rand(40, seed=73)
    _write(
        git_repo,
        {
            "package.json": '{"dependencies": {"next": "15.0.0", "react": "19.0.0"}}',
            "next.config.js": (
                "// analytics needs the key in the browser\n"
                "module.exports = { env: { ANALYTICS_SECRET: process.env.ANALYTICS_SECRET } }\n"
            ),
            ".gitignore": ".env*.local\n",
            ".env.example": "STRIPE_SECRET_KEY=\nNEXT_PUBLIC_OPENAI_API_KEY=your-key-here\n",
            ".env.production": f"STRIPE_SECRET_KEY={stripe}\nANALYTICS_SECRET={analytics}\n",
            "app/page.tsx": (
                "export default function Page() {\n"
                "  const key = process.env.NEXT_PUBLIC_OPENAI_API_KEY\n"
                "  const pk = process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY\n"
                '  if (process.env.NODE_ENV === "production") track(process.env.ANALYTICS_SECRET)\n'
                "  return fetch(process.env.FEATURE_FLAGS_URL, { headers: { key, pk } })\n"
                "}\n"
            ),
            "app/api/pay/route.ts": "const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!)\n",
        },
    )
    commit_all(git_repo)
    _write(
        git_repo,
        {
            ".env.local": (
                f"NEXT_PUBLIC_OPENAI_API_KEY={openai_project(74)}\n"
                f"NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY={STRIPE_PK}\n"
            ),
            ".env.development": f"STRIPE_SECRET_KEY={stripe}\n",
        },
    )
    return git_repo


def test_next_app_findings_are_exact(next_app: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "env", ".", "--format", "json")
    assert r.code == 1, r.err
    assert _findings(r.json()) == {
        ("env-client-exposed-secret", ".env.local", 1, "NEXT_PUBLIC_OPENAI_API_KEY"),
        ("env-client-exposed-secret", ".env.production", 2, "ANALYTICS_SECRET"),
        ("dotenv-file-committed", ".env.production", 1, None),
        ("env-file-not-ignored", ".env.development", 1, None),
        ("env-shared-across-environments", ".env.development", 1, "STRIPE_SECRET_KEY"),
        ("env-undefined-variable", "app/page.tsx", 5, "FEATURE_FLAGS_URL"),
    }


def test_next_app_inventory(next_app: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = run(capsys, "env", "--format", "json").json()
    inventory = _inventory(report)
    assert report["stats"]["frameworks"] == ["next"]
    openai = inventory["NEXT_PUBLIC_OPENAI_API_KEY"]
    assert (openai["exposure"], openai["secret"], openai["provider"]) == (
        "client",
        "secret",
        "openai",
    )
    assert openai["environments"] == ["example", "local"]
    assert [u["path"] for u in openai["used_in"]] == ["app/page.tsx"]
    assert inventory["NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY"]["secret"] == "public"
    assert inventory["ANALYTICS_SECRET"]["exposed_by"] == "listed under env in next.config.js"
    stripe = inventory["STRIPE_SECRET_KEY"]
    assert (stripe["exposure"], stripe["secret"]) == ("server", "secret")
    assert stripe["environments"] == ["development", "example", "production"]
    assert stripe["redacted"].startswith("sk_live_")
    assert "NODE_ENV" in inventory  # listed, but a runtime variable: never "undefined"


def test_table_shows_the_inventory(next_app: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "env")
    assert r.code == 1
    for header in ("variable", "environments", "used in", "client/server", "secret?", "value"):
        assert header in r.out
    assert "public by design" in r.out


@pytest.mark.parametrize(
    ("package", "config", "client", "server"),
    [
        ("vite", None, "VITE_API_KEY", "API_KEY"),
        ("vite", ("vite.config.ts", "export default { envPrefix: 'APP_' }"), "APP_KEY", "VITE_KEY"),
        ("react-scripts", None, "REACT_APP_KEY", "KEY"),
        ("nuxt", None, "NUXT_PUBLIC_KEY", "NUXT_KEY"),
        ("@sveltejs/kit", None, "PUBLIC_KEY", "PRIVATE_KEY"),
        ("astro", None, "PUBLIC_KEY", "SECRET_KEY"),
        ("expo", None, "EXPO_PUBLIC_KEY", "KEY"),
        ("gatsby", None, "GATSBY_KEY", "KEY"),
        ("@remix-run/react", None, None, "REMIX_KEY"),
        ("next", None, "NEXT_PUBLIC_KEY", "VITE_KEY"),
    ],
)
def test_each_framework_decides_client_or_server(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    package: str,
    config: tuple[str, str] | None,
    client: str | None,
    server: str,
) -> None:
    files = {"package.json": f'{{"devDependencies": {{"{package}": "1.0.0"}}}}'}
    names = [n for n in (client, server) if n]
    files[".env"] = "".join(f"{n}=value-{i}\n" for i, n in enumerate(names))
    if config:
        files[config[0]] = config[1]
    _write(tmp_path, files)
    inventory = _inventory(run(capsys, "env", str(tmp_path), "--format", "json").json())
    if client:
        assert inventory[client]["exposure"] == "client"
    assert inventory[server]["exposure"] == "server"


def test_dotenv_syntax_and_expansion(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = rand(40, seed=75)
    _write(
        tmp_path,
        {
            ".env": (
                "# comment\n"
                f"export BASE_TOKEN={secret}\n"
                'MULTI="line one\nline two"\n'
                "COPY=${BASE_TOKEN}\n"
                "FROM_MACHINE=${HOME}\n"
                "this line is not dotenv\n"
                "AFTER='quoted # not a comment'\n"
            )
        },
    )
    report = run(capsys, "env", str(tmp_path), "--format", "json", "--show-secrets").json()
    inventory = _inventory(report)
    assert inventory["BASE_TOKEN"]["value"] == secret
    assert inventory["COPY"]["value"] == secret  # expanded from the same file
    assert inventory["FROM_MACHINE"]["value"] is None  # never from our own environment
    assert inventory["MULTI"]["defined_in"][0]["line"] == 3
    assert inventory["AFTER"]["defined_in"][0]["line"] == 8
    assert report["stats"]["unparsed_lines"] == {f"{_shown(tmp_path)}/.env": [7]}


def _shown(path: Path) -> str:
    return path.resolve().as_posix()


def test_missing_folder_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "env", str(tmp_path / "nope"))
    assert r.code == 2
    assert r.err.count("\n") == 1
    assert "not a folder" in r.err


def test_unreadable_env_file_makes_the_inventory_incomplete(
    git_repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(git_repo)
    (git_repo / ".env").mkdir()  # a folder named like an env file is skipped, not read
    (git_repo / "prod.env").symlink_to("/proc/self/mem")
    r = run(capsys, "env", ".", "--format", "json")
    assert r.code == 3, r.out
    assert r.json()["stats"]["skipped"][0]["path"] == "prod.env"
    git(git_repo, "status")


def test_no_env_files_means_no_undefined_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A project without env files takes its environment from the shell or the platform."""
    _write(tmp_path, {"app.py": 'import os\nTOKEN = os.environ["DEPLOY_TOKEN"]\n'})
    report = run(capsys, "env", str(tmp_path), "--format", "json").json()
    assert report["findings"] == []
    assert _inventory(report)["DEPLOY_TOKEN"]["used_in"][0]["line"] == 2
