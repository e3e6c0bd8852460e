"""Run `main([...])` and capture (exit code, stdout, stderr), as a user would see them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from launchguard.cli import main


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    code = main(list(argv))
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)
