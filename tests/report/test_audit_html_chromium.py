"""The audit's HTML report in a real browser: headless Chromium, JavaScript off, no network.

What a founder sees must be what the document says: the counts, every checklist entry and
every step, in the DOM Chromium builds, and a screenshot that is a real page.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from launchguard.report.audit_html import render_html
from tests.helpers.chromium import dump_dom, find_chromium, screenshot
from tests.helpers.ci import skip_or_fail
from tests.report.test_audit_render import sample_doc

MIN_PNG = 8 * 1024  # a blank 1200x2000 page compresses to well under this


def _need_chromium() -> None:
    if find_chromium() is None:
        skip_or_fail(
            "chromium is not installed", needed_for="render the audit report in headless Chromium"
        )


@pytest.fixture
def page(tmp_path: Path) -> Path:
    _need_chromium()
    path = tmp_path / "launchguard-report.html"
    path.write_text(render_html(sample_doc()), encoding="utf-8")
    return path


def test_chromium_runs_with_javascript_off(tmp_path: Path) -> None:
    """What the other tests prove holds without JavaScript only if it really is off."""
    _need_chromium()
    path = tmp_path / "script.html"
    path.write_text(
        '<!DOCTYPE html><html><body><p id="m">static</p>'
        "<script>document.getElementById('m').textContent = 'ran' + 'JS'</script></body></html>"
    )
    dom = dump_dom(path)
    assert '<p id="m">static</p>' in dom
    assert "ranJS" not in dom


def _visible(dom: str) -> str:
    """The page's text with tags dropped and whitespace collapsed, as a reader sees it."""
    body = dom.split("<body", 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_chromium_renders_counts_and_the_whole_checklist(page: Path) -> None:
    dom = dump_dom(page)
    doc = sample_doc()
    for rank in ("blocker", "high", "medium", "low", "info"):
        box = re.search(rf'<div class="count count-{rank}">(.*?)</div>', dom, flags=re.DOTALL)
        assert box is not None, rank
        assert " ".join(re.sub(r"<[^>]+>", " ", box[1]).split()) == (
            f"{doc['summary'][rank]} {rank}"
        )
    text = _visible(dom)
    for entry in doc["checklist"]:
        assert entry["title"] in text
        for step in entry["steps"]:
            assert step in text
    boxes = len(re.findall(r'<input type="checkbox"', dom))
    assert boxes == sum(len(e["steps"]) + len(e["update"]) + 2 for e in doc["checklist"])
    for section in ("summary", "risks", "checklist", "history-cleanup", "info"):
        assert f'id="{section}"' in dom


def test_chromium_screenshot_is_a_real_page(page: Path, tmp_path: Path) -> None:
    png = tmp_path / "report.png"
    screenshot(page, png)
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > MIN_PNG


def test_html_loads_nothing_and_runs_no_script() -> None:
    """Checked on the file itself, so it holds even where Chromium is missing."""
    raw = render_html(sample_doc())
    assert "<script" not in raw.lower()
    assert "src=" not in raw.lower()
    dashboards = {e["dashboard"] for e in sample_doc()["checklist"]}
    linked = set(re.findall(r'<a href="([^"]+)"', raw))
    assert linked == dashboards
    # every URL in the file is one of those links (its href or its text), nothing else
    assert set(re.findall(r"https?://[^\s\"'<>]+", raw)) == dashboards
