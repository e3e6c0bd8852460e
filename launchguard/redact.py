"""The only code that turns a secret into something safe to show."""

from __future__ import annotations

from collections.abc import Iterable

ELLIPSIS = "…"
# Prefixes that identify a token's type without revealing anything random.
_KNOWN_PREFIX_CHARS = 12


def _prefix_len(text: str) -> int:
    """Keep a leading type marker such as `sk_live_`, `ghp_` or `AKIA`, never more than 12 chars."""
    cut = max(text.rfind("_", 0, _KNOWN_PREFIX_CHARS), text.rfind("-", 0, _KNOWN_PREFIX_CHARS))
    if cut >= 2:
        return cut + 1
    return 4 if len(text) >= 20 and text[:4].isupper() and text[:4].isalpha() else 0


def preview(raw: bytes) -> str:
    """A short preview such as `sk_live_…4f2a`: type prefix, then at most 4 trailing chars.

    Short values show nothing of themselves: revealing 4 of 8 characters is revealing half.
    """
    text = raw.decode("utf-8", "replace").replace("\n", " ").strip()
    if len(text) < 16:
        return f"{ELLIPSIS}({len(text)} chars)"
    head = text[: _prefix_len(text)]
    if "-----BEGIN" in text:
        head = text[: text.find("-----", 10) + 5] if text.find("-----", 10) > 0 else "-----BEGIN"
        return f"{head}{ELLIPSIS}"
    return f"{head}{ELLIPSIS}{text[-4:]}"


def scrub(message: str, secrets: Iterable[bytes]) -> str:
    """Replace every known raw secret in `message` by its preview (for error text)."""
    for raw in secrets:
        text = raw.decode("utf-8", "replace")
        if len(text) >= 4 and text in message:
            message = message.replace(text, preview(raw))
    return message


def scrub_found(message: str) -> str:
    """`message` with anything the shipped rules recognise as a credential replaced by its
    preview: an error quoting what the user typed or wrote (a path, a range, a config line)
    must not print a key that happens to be in it. Best effort: without rules, as it is."""
    try:
        from launchguard.engine.compile import load_matcher
        from launchguard.ruleset import rule_files

        found = load_matcher(rule_files()).find(message.encode("utf-8", "surrogatepass"))
    except Exception:  # noqa: BLE001  # an error message must always get out
        return message
    return scrub(message, [f.secret for f in found])
