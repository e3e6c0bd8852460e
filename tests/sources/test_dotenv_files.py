"""Env file names -> environments, and which names are env files at all."""

from __future__ import annotations

import pytest

from launchguard.sources.dotenv_files import environment_of, is_env_file, parse_env_text


@pytest.mark.parametrize(
    ("name", "environment"),
    [
        (".env", "all"),
        (".env.local", "local"),
        (".env.development", "development"),
        (".env.development.local", "development"),
        (".env.dev", "development"),
        (".env.production", "production"),
        (".env.production.local", "production"),
        (".env.prod", "production"),
        ("prod.env", "production"),
        (".env.staging", "staging"),
        (".env.preview", "staging"),
        (".env.test", "test"),
        (".env.example", "example"),
        (".env.local.example", "example"),
        (".env.sample", "example"),
        (".env.template", "example"),
        ("docker.env", "all"),
    ],
)
def test_environment_of(name: str, environment: str) -> None:
    assert is_env_file(name)
    assert environment_of(name) == environment


@pytest.mark.parametrize("name", [".envrc", "env.py", ".environment", "README.env.md", "envoy"])
def test_not_env_files(name: str) -> None:
    assert not is_env_file(name)


def test_parse_keeps_lines_and_errors() -> None:
    parsed = parse_env_text('A=1\nB="two\nlines"\nnot valid\nC=${A}${MISSING:-x}\n', ".env", "all")
    assert [(d.name, d.line, d.value) for d in parsed.definitions] == [
        ("A", 1, "1"),
        ("B", 2, "two\nlines"),
        ("C", 5, "1x"),
    ]
    assert parsed.errors == (4,)
