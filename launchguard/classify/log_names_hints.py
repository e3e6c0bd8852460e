"""A text-only check that a piece of code may mention something the log_names functions
report, so that an analyzer can skip the rest unread. The words and paths are in
log_hint_pattern; the Python analyzer marks them with Hyperscan (logs_python_marks), and
this is the same search on its own.
"""

from __future__ import annotations


def has_sensitive_hint(text: str) -> bool:
    """False only when `text` cannot contain anything the log_names functions report."""
    from launchguard.classify.logs_python_marks import hint_lines

    return bool(hint_lines(text.encode("utf-8", "surrogatepass")))
