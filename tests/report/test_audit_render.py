"""The audit's Markdown and HTML renderers, on documents built here as plain dicts.

The Markdown is read back with a CommonMark parser (markdown-it, which rich already brings)
and the HTML with the standard library's parser, so the checks are about what a reader sees,
not about the exact bytes.
"""

from __future__ import annotations

import copy
import html
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from markdown_it import MarkdownIt

from launchguard.report.audit_html import render_html
from launchguard.report.audit_markdown import render_markdown

DASHBOARD = "https://dashboard.stripe.com/apikeys"
# Everything a value could use to escape its place: a table pipe, HTML, code, emphasis, a
# link and an image, a heading and a list after a newline, an entity, a closing code fence.
HOSTILE = (
    "a | b <script>alert(1)</script> `tick` **bold** _u_ [x](javascript:alert(1)) "
    "![i](https://e.invalid/i.png) &amp; ```\n# heading\n- item\n1. one\n> quote ---"
)
FLAT = " ".join(HOSTILE.split())
SECTIONS = ("summary", "risks", "checklist", "history-cleanup", "info")
MD_HEADINGS = (
    "## Summary",
    "## Risks, worst first",
    "## Rotation checklist",
    "## History clean-up",
    "## Public by design (info)",
)


def sample_doc() -> dict[str, Any]:
    """An audit document with every section: two credentials to rotate, a log risk without a
    credential, history to clean and one public key."""
    stripe_where = [
        "src/pay.py:12",
        "commit 1a2b3c4 (2024-05-01) config/.env:3",
        "bundle dist/assets/index.js:1 (from src/main.ts:7)",
        "env STRIPE_SECRET_KEY (.env.production)",
    ]
    return {
        "version": "0.1.0",
        "project": "/srv/shop",
        "generated": "2026-11-22T10:00:00Z",
        "summary": {"blocker": 2, "high": 1, "medium": 0, "low": 0, "info": 1, "credentials": 2},
        "phases": [
            {"name": "history", "files": 120, "findings": 3, "complete": True},
            {"name": "tree", "files": 80, "findings": 2, "complete": True},
            {"name": "bundles", "files": 4, "findings": 1, "complete": True},
            {"name": "env", "files": 3, "findings": 2, "complete": True},
            {"name": "logs", "files": 2, "findings": 1, "complete": True},
        ],
        "incomplete": False,
        "risks": [
            {
                "rank": "blocker",
                "title": "Stripe secret key in the built JavaScript",
                "why": "Anyone who opens the site can read it and charge cards on your account.",
                "rule": "stripe-secret-key",
                "provider": "stripe",
                "redacted": "sk_live_…4f2a",
                "credential": "c1",
                "locations": stripe_where,
            },
            {
                "rank": "blocker",
                "title": "OpenAI API key in git history",
                "why": "Anyone with a clone can spend on your OpenAI account.",
                "rule": "openai-project-key",
                "provider": "openai",
                "redacted": "sk-proj-…Qx9w",
                "credential": "c2",
                "locations": ["commit 9f8e7d6 (2024-03-02) src/old_keys.py:4"],
            },
            {
                "rank": "high",
                "title": "Unsafe log: logs/app.log:77",
                "why": "A request body with a card token was written to a log file.",
                "rule": "log-request-body",
                "provider": None,
                "redacted": None,
                "credential": None,
                "locations": ["logs/app.log:77"],
            },
        ],
        "credentials": [
            {
                "id": "c1",
                "rank": "blocker",
                "rule": "stripe-secret-key",
                "name": "Stripe secret key",
                "provider": "stripe",
                "redacted": "sk_live_…4f2a",
                "secret_sha256": "ab12" * 16,
                "first_seen": "2024-05-01",
                "env_vars": ["STRIPE_SECRET_KEY"],
                "environments": ["production"],
                "locations": stripe_where,
            }
        ],
        "checklist": [
            {
                "credential": "c1",
                "rank": "blocker",
                "title": "Rotate the Stripe secret key sk_live_…4f2a",
                "dashboard": DASHBOARD,
                "steps": [
                    "Roll the key in the Stripe dashboard (Developers → API keys).",
                    "Choose an expiry of now for the old key once the new one is deployed.",
                ],
                "update": [
                    "STRIPE_SECRET_KEY in .env.production",
                    "STRIPE_SECRET_KEY in your hosting provider's settings and CI secrets",
                ],
                "environments": ["production"],
                "review": "In Stripe → Developers → Logs, look for requests since 2024-05-01 "
                "that you did not make.",
                "verify": "Run `launchguard audit` again: this key must no longer appear in "
                "the current code, bundles or env files.",
            },
            {
                "credential": "c2",
                "rank": "blocker",
                "title": "Rotate the OpenAI API key sk-proj-…Qx9w",
                "dashboard": "https://platform.openai.com/api-keys",
                "steps": ["Revoke the key and create a new one."],
                "update": ["OPENAI_API_KEY in your server's environment"],
                "environments": [],
                "review": "Check the usage page for spending since 2024-03-02.",
                "verify": "Run `launchguard audit` again.",
            },
        ],
        "history_cleanup": {
            "paths": ["config/.env", "src/old_keys.py"],
            "commands": [
                "git filter-repo --invert-paths --path config/.env --path src/old_keys.py"
            ],
            "notes": ["config/.env is still in the current files: delete it first."],
            "warnings": [
                "Rewriting history needs a force-push, and everyone must re-clone.",
                "Rotation, not rewriting, is what makes a leaked key safe.",
            ],
        },
        "info": [
            {
                "rule": "stripe-publishable-key",
                "redacted": "pk_live_…9xYz",
                "why": "Publishable keys are meant to ship to browsers.",
                "locations": ["src/checkout.ts:3"],
            }
        ],
    }


def empty_doc() -> dict[str, Any]:
    doc = sample_doc()
    doc.update(
        summary=dict.fromkeys(("blocker", "high", "medium", "low", "info", "credentials"), 0),
        risks=[],
        credentials=[],
        checklist=[],
        history_cleanup=None,
        info=[],
    )
    return doc


def hostile_doc() -> dict[str, Any]:
    """The sample with a hostile value in every text field a renderer prints."""
    doc = sample_doc()
    doc.update(project=HOSTILE, generated=HOSTILE, version=HOSTILE)
    doc["phases"][0]["name"] = HOSTILE
    risk = doc["risks"][0]
    risk.update(title=HOSTILE, why=HOSTILE, rule=HOSTILE, redacted=HOSTILE, locations=[HOSTILE])
    entry = doc["checklist"][0]
    entry.update(title=HOSTILE, review=HOSTILE, verify=HOSTILE, environments=[HOSTILE])
    entry.update(steps=[HOSTILE], update=[HOSTILE], dashboard="javascript:alert(1)")
    doc["history_cleanup"].update(paths=[HOSTILE], notes=[HOSTILE], warnings=[HOSTILE])
    doc["info"][0].update(rule=HOSTILE, redacted=HOSTILE, why=HOSTILE, locations=[HOSTILE])
    return doc


# Markdown ------------------------------------------------------------------------------------


def _md_html(markdown: str) -> str:
    """What GitHub would show, near enough: CommonMark with tables, raw HTML allowed (as on
    GitHub), so an escape that fails shows up as a tag."""
    return str(MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown))


def _md_text(markdown: str) -> str:
    """The visible text of the rendered Markdown, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", _md_html(markdown))).split())


def _md_entries(markdown: str) -> list[list[str]]:
    """The lines of each rotation checklist entry, one list per `###` heading."""
    section = markdown.split("## Rotation checklist\n", 1)[1].split("\n## ", 1)[0]
    return [block.splitlines() for block in section.split("\n### ")[1:]]


def test_markdown_has_every_section_in_order() -> None:
    markdown = render_markdown(sample_doc())
    positions = [markdown.index(f"\n{heading}\n") for heading in MD_HEADINGS]
    assert positions == sorted(positions)
    assert markdown.startswith("# launchguard audit report\n")
    assert "Nothing found" not in markdown


def test_markdown_summary_table_and_phases() -> None:
    markdown = render_markdown(sample_doc())
    assert "| blocker | 2 |" in markdown
    assert "| high | 1 |" in markdown
    assert "| info | 1 |" in markdown
    assert "**2 distinct credentials to rotate.**" in markdown
    for phase in ("history", "tree", "bundles", "env", "logs"):
        assert f"| `{phase}` |" in markdown


def test_markdown_risks_grouped_worst_first_with_values_and_locations() -> None:
    markdown = render_markdown(sample_doc())
    blocker, high = markdown.index("### Blocker (2)"), markdown.index("### High (1)")
    assert blocker < high
    assert "### Medium" not in markdown  # no empty group
    assert markdown.index("#### OpenAI API key in git history") < high
    assert "- Value: `sk_live_…4f2a`" in markdown
    assert "  - `bundle dist/assets/index.js:1 (from src/main.ts:7)`" in markdown
    assert "  - `env STRIPE_SECRET_KEY (.env.production)`" in markdown
    log_risk = markdown[markdown.index("#### Unsafe log") :].split("\n####", 1)[0]
    assert "Value:" not in log_risk  # no credential, so no value line


def test_markdown_checkboxes_match_steps_updates_review_and_verify() -> None:
    doc = sample_doc()
    entries = _md_entries(render_markdown(doc))
    assert len(entries) == len(doc["checklist"])
    for lines, entry in zip(entries, doc["checklist"], strict=True):
        boxes = [line for line in lines if line.startswith("- [ ] ")]
        assert len(boxes) == len(entry["steps"]) + len(entry["update"]) + 2
        assert boxes[len(entry["steps"])].startswith("- [ ] Update ")
        assert boxes[-2].startswith("- [ ] Review: ")
        assert boxes[-1].startswith("- [ ] Verify: ")
    assert f"Dashboard: <{DASHBOARD}>" in entries[0][2]
    assert "Environments: production" in entries[0][2]
    assert "Environments" not in entries[1][2]  # none known: nothing to list


def test_markdown_history_cleanup_commands_and_every_warning() -> None:
    doc = sample_doc()
    markdown = render_markdown(doc)
    command = doc["history_cleanup"]["commands"][0]
    assert f"```sh\n{command}\n```\n" in markdown
    assert "- `config/.env`" in markdown
    for warning in doc["history_cleanup"]["warnings"]:
        assert f"> - **{warning}**" in markdown
    text = _md_text(markdown)
    assert "Rotation, not rewriting, is what makes a leaked key safe." in text
    for warning in doc["history_cleanup"]["warnings"]:
        assert warning in text


def test_markdown_info_section_says_why() -> None:
    markdown = render_markdown(sample_doc())
    assert (
        "- **stripe-publishable-key** `pk_live_…9xYz`: "
        "Publishable keys are meant to ship to browsers.\n  - `src/checkout.ts:3`\n"
    ) in markdown


@pytest.mark.parametrize("incomplete", [True, False])
def test_markdown_incomplete_banner_only_when_incomplete(incomplete: bool) -> None:
    doc = sample_doc()
    doc["incomplete"] = incomplete
    doc["phases"][4]["complete"] = not incomplete
    markdown = render_markdown(doc)
    assert ("> [!WARNING]" in markdown) is incomplete
    assert ("This audit is incomplete" in markdown) is incomplete
    if incomplete:  # at the top: before the summary
        assert markdown.index("> [!WARNING]") < markdown.index("## Summary")
        assert "> Not fully read: logs." in markdown


def test_markdown_empty_doc_says_nothing_found() -> None:
    markdown = render_markdown(empty_doc())
    assert "**Nothing found:** no secrets to rotate and no risks in this project." in markdown
    for heading in MD_HEADINGS[1:]:
        assert heading not in markdown
    assert "- [ ]" not in markdown
    assert "## Summary" in markdown


def test_markdown_empty_incomplete_doc_never_claims_clean() -> None:
    doc = empty_doc()
    doc["incomplete"] = True
    markdown = render_markdown(doc)
    assert "Nothing found in the files that were read" in markdown
    assert "no risks in this project" not in markdown


def test_markdown_hostile_values_stay_text() -> None:
    markdown = render_markdown(hostile_doc())
    rendered = _md_html(markdown)
    assert "<script" not in rendered
    assert "<img" not in rendered
    # the javascript: dashboard is not a link, nor is [x](...): only the other entry's is
    assert re.findall(r"<a [^>]*>", rendered) == ['<a href="https://platform.openai.com/api-keys">']
    assert "<em>" not in rendered  # no value formats: the report itself uses only bold
    assert "<blockquote>" in rendered  # the warnings list, and nothing else opened one:
    assert rendered.count("<blockquote>") == 1
    # one h1 (the title) and no heading, list or rule opened by a value's own lines
    assert rendered.count("<h1>") == 1
    assert "<hr" not in rendered
    assert "<ol" not in rendered
    # each hostile value is shown whole: 3 head fields, 1 phase, 5 risk, 7 entry, 3 clean-up,
    # 3 info; the code spans flatten newlines as the text does
    assert _md_text(markdown).count(FLAT) == 22


@pytest.mark.parametrize(
    "value", ["- item", "+ item", "1. one", "12) twelve", "# title", "===", "---", "-", "- - -"]
)
def test_markdown_value_at_line_start_opens_no_block(value: str) -> None:
    doc = sample_doc()
    doc["risks"][0]["why"] = value
    doc["checklist"][0]["steps"] = [value]
    markdown = render_markdown(doc)
    assert f"<p>{html.escape(value)}</p>" in _md_html(markdown)
    assert f"- [ ] {value}" not in markdown  # escaped in a task line too


def test_markdown_table_cells_do_not_split() -> None:
    rendered = _md_html(render_markdown(hostile_doc()))
    for row in re.findall(r"<tr>(.*?)</tr>", rendered, flags=re.DOTALL):
        assert len(re.findall(r"<t[dh]", row)) in (2, 4)  # summary: 2 columns, phases: 4


def test_markdown_code_fence_is_never_closed_by_a_command() -> None:
    doc = sample_doc()
    doc["history_cleanup"]["commands"] = ["echo ````` done", "git filter-repo --path a"]
    rendered = _md_html(render_markdown(doc))
    blocks = re.findall(r"<pre><code[^>]*>(.*?)</code></pre>", rendered, flags=re.DOTALL)
    assert blocks == ["echo ````` done\ngit filter-repo --path a\n"]


def test_markdown_only_https_dashboards_are_links() -> None:
    doc = sample_doc()
    doc["checklist"][0]["dashboard"] = "http://dashboard.stripe.com/apikeys"
    rendered = _md_html(render_markdown(doc))
    hrefs = re.findall(r'<a href="([^"]*)"', rendered)
    assert hrefs == ["https://platform.openai.com/api-keys"]


# HTML ----------------------------------------------------------------------------------------


class _Page(HTMLParser):
    """The parts of a page the tests look at: tags, ids, checkboxes per article, visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.boxes: list[int] = []  # one count per article
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "article":
            self.boxes.append(0)
        if tag == "input" and dict(attrs).get("type") == "checkbox":
            self.boxes[-1] += 1
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())

    def ids(self) -> list[str]:
        return [i for _, a in self.tags if (i := a.get("id"))]


def _page(doc: dict[str, Any]) -> _Page:
    page = _Page()
    page.feed(render_html(doc))
    page.close()
    return page


def test_html_is_one_self_contained_page() -> None:
    page = render_html(sample_doc())
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "<title>launchguard audit: /srv/shop</title>" in page
    assert "<script" not in page.lower()
    assert "src=" not in page.lower()
    assert "url(" not in page.lower()
    assert "@import" not in page.lower()
    assert "<link" not in page.lower()
    urls = re.findall(r"https?://[^\s\"'<>]+", page)
    assert sorted(set(urls)) == [DASHBOARD, "https://platform.openai.com/api-keys"]
    hrefs = re.findall(r'<a href="([^"]*)"', page)
    assert hrefs == [DASHBOARD, "https://platform.openai.com/api-keys"]


def test_html_has_every_section_in_order() -> None:
    page = _page(sample_doc())
    ids = page.ids()
    assert [i for i in ids if i in SECTIONS] == list(SECTIONS)
    assert "nothing-found" not in ids
    assert "incomplete" not in ids


def test_html_summary_boxes_show_number_and_severity() -> None:
    page = render_html(sample_doc())
    for rank, n in (("blocker", 2), ("high", 1), ("medium", 0), ("low", 0), ("info", 1)):
        assert (
            f'<div class="count count-{rank}"><span class="n">{n}</span> '
            f'<span class="label">{rank}</span></div>'
        ) in page
    assert '<span class="n">2</span> <span class="label">credentials to rotate</span>' in page


def test_html_checkboxes_match_steps_updates_review_and_verify() -> None:
    doc = sample_doc()
    page = _page(doc)
    entries = [a for tag, a in page.tags if tag == "article" and "entry" in (a["class"] or "")]
    assert len(entries) == len(doc["checklist"])
    # articles in order: 3 risks, then the checklist entries, then 1 info
    boxes = page.boxes[3 : 3 + len(entries)]
    assert boxes == [len(e["steps"]) + len(e["update"]) + 2 for e in doc["checklist"]]
    assert sum(page.boxes) == sum(boxes)  # risks and info have none
    visible = page.visible()
    for entry in doc["checklist"]:
        assert entry["title"] in visible
        for step in entry["steps"]:
            assert step in visible
        for where in entry["update"]:
            assert f"Update {where}" in visible
        assert f"Review: {entry['review']}" in visible
        assert f"Verify: {entry['verify']}" in visible


def test_html_history_cleanup_and_info() -> None:
    doc = sample_doc()
    page = render_html(doc)
    visible = _page(doc).visible()
    command = doc["history_cleanup"]["commands"][0]
    assert f"<pre><code>{command}</code></pre>" in page
    for warning in doc["history_cleanup"]["warnings"]:
        assert warning in visible
    assert "Rotation, not rewriting, is what makes a leaked key safe." in visible
    assert "stripe-publishable-key pk_live_…9xYz Publishable keys are meant to ship" in visible


@pytest.mark.parametrize("incomplete", [True, False])
def test_html_incomplete_banner_only_when_incomplete(incomplete: bool) -> None:
    doc = sample_doc()
    doc["incomplete"] = incomplete
    doc["phases"][1]["complete"] = not incomplete
    page = _page(doc)
    ids = page.ids()
    assert ("incomplete" in ids) is incomplete
    assert ("This audit is incomplete" in page.visible()) is incomplete
    if incomplete:
        assert ids.index("incomplete") < ids.index("summary")
        assert "Not fully read: tree." in page.visible()


def test_html_empty_doc_says_nothing_found() -> None:
    page = _page(empty_doc())
    ids = page.ids()
    assert "nothing-found" in ids
    assert "Nothing found: no secrets to rotate and no risks in this project." in page.visible()
    assert not set(ids) & {"risks", "checklist", "history-cleanup", "info"}
    assert not any(tag == "input" for tag, _ in page.tags)


def test_html_empty_incomplete_doc_never_claims_clean() -> None:
    doc = empty_doc()
    doc["incomplete"] = True
    visible = _page(doc).visible()
    assert "Nothing found in the files that were read" in visible
    assert "no risks in this project" not in visible


def test_html_hostile_values_stay_text() -> None:
    doc = hostile_doc()
    page = _page(doc)
    tags = {tag for tag, _ in page.tags}
    assert "script" not in tags
    assert "img" not in tags
    assert "a" in tags  # the second entry's https dashboard is still a link
    hrefs = [a["href"] for tag, a in page.tags if tag == "a"]
    assert hrefs == ["https://platform.openai.com/api-keys"]  # not javascript:
    assert "javascript:alert(1)" in page.visible()
    # every hostile value shown whole: the same 22 places as in the Markdown, plus the title
    raw = render_html(doc)
    assert raw.count(html.escape(HOSTILE, quote=True)) == 23
    assert "<script>" not in raw


def test_html_rank_never_writes_into_a_class() -> None:
    doc = sample_doc()
    doc["risks"][0]["rank"] = 'x" onmouseover="alert(1)'
    raw = render_html(doc)
    assert "onmouseover" not in raw.split("<main>", 1)[1].split("<h3>X&quot;", 1)[0]
    assert 'class="card risk rank-other"' in raw
    page = _page(doc)
    assert all("onmouseover" not in a for _, a in page.tags)


def test_renderers_do_not_change_the_document() -> None:
    doc = hostile_doc()
    before = copy.deepcopy(doc)
    render_markdown(doc)
    render_html(doc)
    assert doc == before
