"""A project with everything the audit reads: a real Vite build with its .env, a backend
with unsafe logs, secrets removed from the files but still in git history, and one on a
branch that was never merged."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import vite_app
from tests.conftest import commit_all, git
from tests.helpers.ci import skip_or_fail
from tests.helpers.fake import aws_key_id, aws_secret, github_classic, slack_bot


@dataclass(frozen=True)
class Planted:
    root: Path
    env: dict[str, str]  # the Vite fixture's .env values
    aws_id: str
    aws_secret: str
    github: str
    slack: str


# One literal per line: launchguard's own scan of this file must see no function in it.
BACKEND = "\n".join(
    [
        "import logging",
        "import os",
        "",
        "log = logging.getLogger(__name__)",
        "",
        "def webhook(request):",
        '    log.info("webhook headers: %s", request.headers)',
        '    token = os.environ["ADMIN_API_TOKEN"]',
        '    log.debug("admin token %s", token)',
        '    return {"ok": True}',
        "",
    ]
)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    reason = vite_app.unavailable_reason()
    if reason is not None:
        skip_or_fail(reason, needed_for="build the Vite app the audit reads")
    vite_app.install()
    root = vite_app.prepare(tmp_path_factory.mktemp("audit") / "shop")
    vite_app.build(root)
    env = vite_app.env_values()
    found = Planted(root, env, aws_key_id(61), aws_secret(62), github_classic(63), slack_bot(64))
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "commit.gpgsign", "false")
    (root / ".gitignore").write_text("node_modules\ndist/\n.env\n")
    (root / "config").mkdir()
    (root / "config" / "old.env").write_text(
        f"AWS_ACCESS_KEY_ID={found.aws_id}\nAWS_SECRET_ACCESS_KEY={found.aws_secret}\n"
    )
    (root / "server").mkdir()
    (root / "server" / "settings.py").write_text(
        f'GITHUB_TOKEN = "{found.github}"\nSTRIPE_KEY = "{env["STRIPE_SECRET_KEY"]}"\n'
    )
    (root / "server" / "app.py").write_text(BACKEND)
    commit_all(root, "first version")
    git(root, "rm", "-q", "config/old.env")
    (root / "server" / "settings.py").write_text(
        'import os\n\nGITHUB_TOKEN = os.environ["GITHUB_TOKEN"]\n'
        'STRIPE_KEY = os.environ["STRIPE_SECRET_KEY"]\n'
    )
    commit_all(root, "keys out of the code")
    git(root, "checkout", "-q", "-b", "experiment")
    (root / "scripts").mkdir()
    (root / "scripts" / "notify.py").write_text(f'SLACK_BOT_TOKEN = "{found.slack}"\n')
    commit_all(root, "slack experiment")
    git(root, "checkout", "-q", "main")
    return found
