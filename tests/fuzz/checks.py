"""The property every parser keeps: any input gives a result, or a clean LaunchguardError.

Clean means what the CLI prints for it is fit to print: exit code 2 (the user's file is wrong)
or 3 (the scan could not finish), and a message of one non-empty line that names the file.
Any other exception is a bug, and so is an error without the file's name.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from hypothesis import HealthCheck, settings

from launchguard.errors import LaunchguardError

T = TypeVar("T")
# LAUNCHGUARD_FUZZ_SCALE=20 runs every property on twenty times as many examples, for a deeper
# search than the suite's few seconds per property.
_SCALE = max(1, int(os.environ.get("LAUNCHGUARD_FUZZ_SCALE", "1")))


def fuzz_settings(examples: int, *, slow: bool = False) -> settings:
    """`examples` inputs (times the scale), and no deadline: a slow input is not a failure
    here (the atheris runs have a time limit per input for hangs). `slow` is for tests that
    build a project per example."""
    checks = [HealthCheck.too_slow, HealthCheck.data_too_large] if slow else []
    return settings(max_examples=examples * _SCALE, deadline=None, suppress_health_check=checks)


def assert_clean(error: LaunchguardError, names: str | tuple[str, ...] | None = None) -> None:
    """`error` is what the CLI can print as it is; `names` is the file it must name (one of
    them, for a tuple)."""
    message = str(error)
    assert error.exit_code in (2, 3), f"exit code {error.exit_code}: {message}"
    assert message.strip(), "an empty message"
    assert "\n" not in message, f"a message of more than one line: {message!r}"
    assert "\r" not in message, f"a carriage return in the message: {message!r}"
    if names is not None:
        assert message.startswith(names), f"{message!r} does not start with {names!r}"


def outcome(
    call: Callable[[], T], names: str | tuple[str, ...] | None = None
) -> T | LaunchguardError:
    """The result of `call()`, or the clean LaunchguardError it raised. Any other exception
    propagates: it is the failure the fuzz tests look for."""
    try:
        return call()
    except LaunchguardError as error:
        assert_clean(error, names)
        return error
