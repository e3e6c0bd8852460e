"""What the Markdown and HTML audit reports share: rank order, grouping, and the tickable
lines of a checklist entry. Each report escapes and lays them out its own way."""

from __future__ import annotations

from typing import Any

RANKS = ("blocker", "high", "medium", "low")
SUMMARY = (*RANKS, "info")


def by_rank(risks: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Known ranks worst first, then any other rank in the order it appears: nothing dropped."""
    groups: dict[str, list[dict[str, Any]]] = {rank: [] for rank in RANKS}
    for risk in risks:
        groups.setdefault(str(risk.get("rank", "")), []).append(risk)
    return {rank: group for rank, group in groups.items() if group}


def task_lines(entry: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, text) for each tickable line of an entry: each step (no label), each update
    ("Update"), the review ("Review:") and the check ("Verify:")."""
    lines = [("", str(step)) for step in entry.get("steps", [])]
    lines += [("Update", str(where)) for where in entry.get("update", [])]
    lines += [(label, str(entry[key])) for key, label in _LABELLED if entry.get(key)]
    return lines


_LABELLED = (("review", "Review:"), ("verify", "Verify:"))
