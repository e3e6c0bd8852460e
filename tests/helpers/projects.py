"""Small real projects that several reporter tests scan."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.fake import openai_project, stripe_live


def vite_env_project(root: Path) -> list[str]:
    """A Vite project whose .env holds a client-exposed OpenAI key and a server Stripe key,
    and whose code reads one variable no env file defines. Returns the planted secrets."""
    secrets = [openai_project(31), stripe_live(32)]
    (root / "package.json").write_text('{"devDependencies": {"vite": "7.0.0"}}')
    (root / ".env").write_text(
        f"VITE_OPENAI_API_KEY={secrets[0]}\nSTRIPE_SECRET_KEY={secrets[1]}\n"
    )
    (root / "src").mkdir()
    (root / "src" / "main.ts").write_text(
        "const key = import.meta.env.VITE_OPENAI_API_KEY\n"
        "const url = import.meta.env.VITE_API_URL\n"
    )
    return secrets
