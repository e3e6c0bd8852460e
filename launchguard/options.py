"""Options every scanning command shares, and the CommonOptions they parse into."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("table", "json", "sarif", "github", "markdown", "html")
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
    also_write: tuple[tuple[str, Path], ...] = ()  # more reports of the same scan: (format, path)


def _parse_also_write(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[tuple[str, Path], ...]:
    out = []
    for value in values:
        fmt, sep, path = value.partition("=")
        if not sep or not path or fmt not in FORMATS:
            choices = ", ".join(FORMATS)
            raise click.BadParameter(f"{value!r}: expected FORMAT=FILE, FORMAT one of {choices}")
        out.append((fmt, Path(path)))
    return tuple(out)


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
    @click.option(
        "--also-write",
        "also_write",
        multiple=True,
        metavar="FORMAT=FILE",
        callback=_parse_also_write,
        help="Also write the same scan's report in FORMAT to FILE (repeatable).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        names = ("output", "config", "baseline", "fail_on", "show_secrets", "no_progress")
        opts = CommonOptions(
            format=kwargs.pop("fmt"),
            also_write=kwargs.pop("also_write"),
            **{n: kwargs.pop(n) for n in names},
        )
        return func(*args, opts=opts, **kwargs)

    return wrapper  # type: ignore[return-value]
