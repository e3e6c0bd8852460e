"""Reporters render a ScanResult; they never decide anything. REPORTERS is keyed by --format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from launchguard.result import ScanResult


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderOptions:
    show_secrets: bool = False
    color: bool = False
    width: int = 120
    command: str = "scan"


Reporter = Callable[[ScanResult, RenderOptions, TextIO], None]


def _table(result: ScanResult, options: RenderOptions, out: TextIO) -> None:
    from launchguard.report.table import render

    render(result, options, out)


def _json(result: ScanResult, options: RenderOptions, out: TextIO) -> None:
    from launchguard.report.json_format import render

    render(result, options, out)


def _sarif(result: ScanResult, options: RenderOptions, out: TextIO) -> None:
    from launchguard.report.sarif import render

    render(result, options, out)


def _github(result: ScanResult, options: RenderOptions, out: TextIO) -> None:
    from launchguard.report.github import render

    render(result, options, out)


def _markdown(result: ScanResult, options: RenderOptions, out: TextIO) -> None:
    if result.audit is not None:
        from launchguard.audit.document import build
        from launchguard.report.audit_markdown import render_markdown

        out.write(render_markdown(build(result)))
        return
    from launchguard.report.markdown import render

    render(result, options, out)


def _html(result: ScanResult, options: RenderOptions, out: TextIO) -> None:
    from launchguard.audit.document import build
    from launchguard.report.audit_html import render_html

    out.write(render_html(build(result)))


REPORTERS: dict[str, Reporter] = {
    "table": _table,
    "json": _json,
    "sarif": _sarif,
    "github": _github,
    "markdown": _markdown,
    "html": _html,
}
# Formats that show the redacted preview even with --show-secrets: what they write is shared
# (SARIF uploads, workflow logs, job summaries), where a raw value must never land.
ALWAYS_REDACTED = frozenset({"sarif", "github", "markdown", "html"})
