from __future__ import annotations

import pytest

from launchguard.progress import progress, silent


def test_no_display_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    with progress("scanning", enabled=True) as advance:
        assert advance is silent
        advance(10)
    assert capsys.readouterr() == ("", "")


def test_no_display_when_disabled() -> None:
    with progress("scanning", enabled=False) as advance:
        assert advance is silent
