"""A progress display on the terminal (stderr), or nothing: never in pipes, CI logs or hooks."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Advance = Callable[[int], None]  # called with the bytes of each unit scanned


def silent(_: int) -> None:
    return None


@contextmanager
def progress(label: str, *, enabled: bool) -> Iterator[Advance]:
    """Files and bytes scanned so far, live; a no-op unless enabled and stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield silent
        return
    from rich.console import Console
    from rich.progress import DownloadColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.fields[files]} files"),
        DownloadColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None, files=0)
        count = 0

        def advance(size: int) -> None:
            nonlocal count
            count += 1
            bar.update(task, advance=size, files=count)

        yield advance
