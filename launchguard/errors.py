"""The one error hierarchy: every message is one line and names the file, rule or key."""

from __future__ import annotations


class LaunchguardError(Exception):
    """A problem the user can fix; the CLI prints the message and exits with `exit_code`."""

    exit_code = 2


class ConfigError(LaunchguardError):
    """The configuration file or a command-line option is invalid (exit 2)."""


class RuleError(LaunchguardError):
    """A rule file is invalid (exit 2)."""


class ScanFailedError(LaunchguardError):
    """The scan could not run or could not finish (exit 3): never reported as clean."""

    exit_code = 3
