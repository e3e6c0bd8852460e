"""`launchguard rules list`: the rule inventory as a table or JSON."""

from __future__ import annotations

import json
from typing import TextIO

from launchguard.rule import Rule


def render_rules(rules: tuple[Rule, ...], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        rows = [
            {
                "id": r.id,
                "name": r.name,
                "provider": r.provider,
                "kind": r.kind.value,
                "severity": r.severity.value,
                "public_by_design": r.public_by_design,
            }
            for r in rules
        ]
        json.dump(rows, out, indent=2)
        out.write("\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rules)} rules, {len({r.provider for r in rules})} providers")
    for name in ("id", "provider", "severity", "public"):
        table.add_column(name)
    for r in rules:
        table.add_row(r.id, r.provider, r.severity.value, "yes" if r.public_by_design else "")
    Console(file=out, width=120, color_system=None, highlight=False).print(table)
