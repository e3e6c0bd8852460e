"""A real Vite build of tests/fixtures/vite-app, once per test session."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import pytest

from tests import vite_app
from tests.helpers import ci


def skip_or_fail(reason: str) -> NoReturn:
    ci.skip_or_fail(reason, needed_for="build the Vite fixture")


@pytest.fixture(scope="session")
def vite_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built copy of the fixture: the workdir holding `.env`, `src/` and `dist/`.

    Built fresh in a temporary directory (under a second on this machine) rather than reusing
    CI's build, so a stale build can never hide a change to the fixture.
    """
    reason = vite_app.unavailable_reason()
    if reason is None:
        try:
            vite_app.install()
        except vite_app.ViteBuildError as exc:
            reason = str(exc)
    if reason is not None:
        skip_or_fail(reason)
    workdir = vite_app.prepare(tmp_path_factory.mktemp("vite-app"))
    # A failing build is a broken fixture, not a missing tool: let it error everywhere.
    vite_app.build(workdir)
    return workdir
