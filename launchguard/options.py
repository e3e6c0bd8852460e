"""Options every scanning command shares, and the CommonOptions they parse into."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("table", "json")
SEVERITIES = ("blocker", "high", "medium", "low", "info")
DEFAULT_FAIL_ON = "medium"


@dataclass(frozen=True, slots=True, kw_only=True)
class CommonOptions:
    format: str
    output: Path | None
    config: Path | None
    baseline: Path | None
    fail_on: str | None
    show_secrets: bool
    no_progress: bool


def common_options(func: F) -> F:
    """--format --output --config --fail-on --show-secrets --no-progress, parsed into `opts`."""

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )
    @click.option(
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write the report to FILE instead of standard output.",
    )
    @click.option(
        "--config",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Config file (default: nearest .launchguard.yaml or pyproject.toml).",
    )
    @click.option(
        "--baseline",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Report only findings not in this baseline (launchguard or detect-secrets).",
    )
    @click.option(
        "--fail-on",
        type=click.Choice(SEVERITIES),
        help=f"Exit 1 on findings at or above this severity [default: {DEFAULT_FAIL_ON}].",
    )
    @click.option(
        "--show-secrets", is_flag=True, help="Print raw secret values (never the default)."
    )
    @click.option("--no-progress", is_flag=True, help="Never show a progress display.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        names = ("output", "config", "baseline", "fail_on", "show_secrets", "no_progress")
        opts = CommonOptions(format=kwargs.pop("fmt"), **{n: kwargs.pop(n) for n in names})
        return func(*args, opts=opts, **kwargs)

    return wrapper  # type: ignore[return-value]
