"""The audit's progress: one line per phase with counts on a terminal, nothing elsewhere."""

from __future__ import annotations

import io

from rich.console import Console
from rich.progress import Progress, TextColumn

from launchguard.audit.progress import Phases, phases_display


def test_quiet_when_stderr_is_not_a_terminal() -> None:
    # pytest captures stderr: not a terminal, so no bar, and advancing is a no-op.
    with phases_display(enabled=True) as phases, phases.phase("history") as advance:
        advance(100)
        phases.found(3)
    assert phases._bar is None


def test_each_phase_shows_files_and_findings() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120)
    columns = (
        TextColumn("{task.description}"),
        TextColumn("{task.fields[files]} files"),
        TextColumn("{task.fields[found]}"),
    )
    with Progress(*columns, console=console, auto_refresh=False) as bar:
        phases = Phases(bar)
        with phases.phase("history") as advance:
            for _ in range(7):
                advance(10)
            phases.found(2)
        with phases.phase("env"):
            phases.found(0)
        bar.refresh()
    text = out.getvalue()
    assert "history" in text
    assert "7 files" in text
    assert "2 findings" in text
    assert "env" in text
