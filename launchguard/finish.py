"""finish(): render the result where the user asked and choose the exit code."""

from __future__ import annotations

import errno
import io
import sys
from pathlib import Path

from launchguard.atomic import write_atomically
from launchguard.config import Config
from launchguard.errors import LaunchguardError, ScanFailedError
from launchguard.exitcode import exit_code
from launchguard.findings import Severity
from launchguard.options import DEFAULT_FAIL_ON, CommonOptions
from launchguard.report import REPORTERS, RenderOptions
from launchguard.result import ScanResult

_STORAGE_FAULTS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EROFS})


def write_report(path: Path, text: str) -> None:
    """The report appears whole or not at all: a crash or a full disk leaves no half file."""
    try:
        write_atomically(path, text.encode("utf-8"))
    except OSError as e:
        message = f"{path}: cannot write report: {e.strerror or type(e).__name__}"
        if e.errno in _STORAGE_FAULTS:  # the scan ran, but its result is lost: incomplete
            raise ScanFailedError(message) from None
        raise LaunchguardError(message) from None


def fail_on(opts: CommonOptions, config: Config) -> Severity:
    if opts.fail_on:
        return Severity(opts.fail_on)
    return config.fail_on or Severity(DEFAULT_FAIL_ON)


def apply_baseline(result: ScanResult, path: Path) -> None:
    """Drop findings the baseline already knows; count them in stats."""
    from launchguard.baseline import load_baseline

    known = load_baseline(path)
    kept = [f for f in result.findings if not known.is_known(f)]
    result.stats["baselined"] = len(result.findings) - len(kept)
    result.findings = kept


def apply_config(result: ScanResult, config: Config) -> None:
    """`disable:` and `allow:` hold for every finding, whichever analysis made it (the rule
    engine already applied them to its own; env, bundle and log findings meet them here)."""
    kept = [
        f
        for f in result.findings
        if f.rule not in config.disable
        and not any(e.allows(f.rule, f.location.path, f.secret.raw_bytes()) for e in config.allow)
    ]
    if len(kept) != len(result.findings):
        result.stats["allowlisted"] = len(result.findings) - len(kept)
    result.findings = kept


def finish(result: ScanResult, opts: CommonOptions, config: Config, *, command: str) -> int:
    """Apply the config and the baseline, render the report where asked, and choose the exit
    code."""
    apply_config(result, config)
    if opts.baseline is not None:
        apply_baseline(result, opts.baseline)
    # Counted here, once, after every step that drops findings (added lines, attribution,
    # baseline), so the counts always describe the findings shown.
    result.stats["findings"] = len(result.findings)
    result.stats["credentials"] = len({f.secret.sha256 for f in result.findings})
    for fmt, path in opts.also_write:
        write_report(path, _render(result, fmt, opts, command, color=False))
    text = _render(
        result, opts.format, opts, command, color=opts.output is None and sys.stdout.isatty()
    )
    if opts.output is not None:
        write_report(opts.output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return exit_code(result, fail_on(opts, config))


def _render(result: ScanResult, fmt: str, opts: CommonOptions, command: str, *, color: bool) -> str:
    options = RenderOptions(show_secrets=opts.show_secrets, color=color, command=command)
    buffer = io.StringIO()
    REPORTERS[fmt](result, options, buffer)
    return buffer.getvalue()
