"""The audit's progress: one line per phase (history, tree with bundles and logs, env) with
files, bytes and findings as they come, on a terminal's stderr; nothing otherwise."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from launchguard.progress import Advance, silent


class Phases:
    """`with phases.phase(name) as advance:` for each phase; `found(n)` as it ends."""

    def __init__(self, bar: Any = None) -> None:
        self._bar = bar
        self._task: Any = None

    @contextmanager
    def phase(self, name: str) -> Iterator[Advance]:
        if self._bar is None:
            yield silent
            return
        task = self._task = self._bar.add_task(name, total=None, files=0, found="")
        count = 0

        def advance(size: int) -> None:
            nonlocal count
            count += 1
            self._bar.update(task, advance=size, files=count)

        yield advance
        self._bar.update(task, total=1, completed=1)

    def found(self, findings: int) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, found=f"{findings} findings")


def phases_display(*, enabled: bool) -> AbstractContextManager[Phases]:
    if not enabled or not sys.stderr.isatty():
        return nullcontext(Phases())
    return _rich_phases()


@contextmanager
def _rich_phases() -> Iterator[Phases]:
    from rich.console import Console
    from rich.progress import DownloadColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (
        SpinnerColumn(finished_text="✓"),
        TextColumn("{task.description:<24}"),
        TextColumn("{task.fields[files]} files"),
        DownloadColumn(),
        TextColumn("{task.fields[found]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as bar:
        yield Phases(bar)
