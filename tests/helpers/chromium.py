"""Headless Chromium for tests that check what a browser really renders.

Every run gets a fresh profile and no background traffic (no sync, updates or QUIC), and
JavaScript is switched off, so a page that passes is known to work without scripts.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = 60  # seconds: a cold start in CI takes a few; a hang must not stall the suite
_NAMES = ("chromium", "chromium-browser", "google-chrome")
_FALLBACK = Path("/usr/bin/chromium")
_FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium refuses to start with its sandbox
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# JavaScript off through the profile's content setting (2 = block), not with
# --blink-settings=scriptEnabled=false: that one also stops the script headless Chromium runs
# itself for --dump-dom and --screenshot, which then exit 0 having printed or written nothing.
_NO_JAVASCRIPT = {"profile": {"default_content_setting_values": {"javascript": 2}}}


class ChromiumError(RuntimeError):
    pass


def find_chromium() -> str | None:
    for name in _NAMES:
        found = shutil.which(name)
        if found is not None:
            return found
    return str(_FALLBACK) if _FALLBACK.is_file() else None


def _run(args: list[str]) -> str:
    binary = find_chromium()
    if binary is None:
        raise ChromiumError("chromium is not installed")
    with tempfile.TemporaryDirectory(prefix="lg-chromium-") as profile:
        (Path(profile) / "Default").mkdir()
        (Path(profile) / "Default" / "Preferences").write_text(json.dumps(_NO_JAVASCRIPT))
        command = [binary, *_FLAGS, f"--user-data-dir={profile}", *args]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired as e:
            raise ChromiumError(f"chromium did not finish in {TIMEOUT}s: {command}") from e
    if done.returncode != 0:
        tail = "\n".join(done.stderr.splitlines()[-20:])
        raise ChromiumError(f"chromium exited with {done.returncode}: {command}\n{tail}")
    return done.stdout


def dump_dom(html_path: Path) -> str:
    """The DOM after Chromium has parsed and laid out the page, serialized as HTML."""
    dom = _run(["--dump-dom", html_path.resolve().as_uri()])
    if "<html" not in dom:
        raise ChromiumError(f"chromium printed no DOM for {html_path}")
    return dom


def screenshot(html_path: Path, png_path: Path) -> None:
    png_path.unlink(missing_ok=True)  # a stale file must not pass for a fresh screenshot
    _run(
        [
            f"--screenshot={png_path.resolve()}",
            "--window-size=1200,2000",
            html_path.resolve().as_uri(),
        ]
    )
    if not png_path.is_file():
        raise ChromiumError(f"chromium wrote no screenshot to {png_path}")
