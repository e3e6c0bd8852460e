"""The environment inventory as records (for JSON) and as a table: one row per variable."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from launchguard.findings import Secret

if TYPE_CHECKING:
    from rich.table import Table

    from launchguard.classify.env_inventory import Inventory, Variable

_MAX_USES_SHOWN = 3
_VERDICTS = {"secret": "yes", "public": "public by design", "no": "no"}


def _value(variable: Variable) -> Secret | None:
    """The most telling value: the first one that decided the variable's verdict."""
    values = [d for d in variable.definitions if d.value]
    for d in values:
        if variable.value_verdicts.get((d.path, d.line)) == variable.verdict:
            return Secret(str(d.value).encode())
    return Secret(str(values[0].value).encode()) if values else None


def inventory_records(inventory: Inventory, *, show_secrets: bool) -> list[dict[str, Any]]:
    out = []
    for name in sorted(inventory.variables):
        v = inventory.variables[name]
        value = _value(v)
        record: dict[str, Any] = {
            "name": name,
            "environments": v.environments,
            "defined_in": [
                {"path": inventory.show(d.path), "line": d.line, "environment": d.environment}
                for d in v.definitions
            ],
            "used_in": [
                {"path": inventory.show(u.path), "line": u.line, "column": u.column, "how": u.how}
                for u in v.usages
            ],
            "exposure": v.side,
            "exposed_by": None if v.exposure is None else v.exposure.reason,
            "secret": v.verdict.level,
            "secret_reason": v.verdict.reason or None,
            "provider": v.verdict.provider,
            "redacted": None if value is None else value.redacted,
            "secret_sha256": None if value is None else value.sha256,
        }
        if show_secrets:
            record["value"] = None if value is None else value.reveal()
        out.append(record)
    return out


def inventory_table(inventory: Inventory, *, show_secrets: bool) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Environment variables", title_justify="left")
    for column in ("variable", "environments", "used in", "client/server", "secret?", "value"):
        table.add_column(column, overflow="fold")
    for r in inventory_records(inventory, show_secrets=show_secrets):
        uses = [f"{u['path']}:{u['line']}" for u in r["used_in"]]
        more = len(uses) - _MAX_USES_SHOWN
        used = ", ".join(uses[:_MAX_USES_SHOWN]) + (f" (+{more})" if more > 0 else "")
        side = r["exposure"] + (f" ({r['exposed_by']})" if r["exposed_by"] else "")
        verdict = _VERDICTS[r["secret"]]
        if r["secret_reason"] and r["secret"] in ("secret", "public"):
            verdict += f" ({r['secret_reason']})"
        shown = r["value"] if show_secrets else r["redacted"]
        # Text(), not markup: names, paths and values are user data and may contain "[".
        table.add_row(
            Text(r["name"]),
            Text(", ".join(r["environments"]) or "-"),
            Text(used or "-"),
            Text(side, style="bold red" if r["exposure"] == "client" else ""),
            Text(verdict),
            Text(shown or "-"),
        )
    return table
