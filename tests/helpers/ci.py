"""Tests that need a tool from outside Python (Node): skip on a developer machine without it,
fail in CI, which must never skip silently."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(reason: str, *, needed_for: str) -> NoReturn:
    if in_ci():
        pytest.fail(f"CI must {needed_for}, but {reason}", pytrace=False)
    pytest.skip(reason)
