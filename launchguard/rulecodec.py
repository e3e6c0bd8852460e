"""Rule <-> plain dict, for the compiled-matcher cache (JSON, never pickle)."""

from __future__ import annotations

import dataclasses
from typing import Any

from launchguard.findings import Kind, Severity
from launchguard.rule import Rotation, Rule


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    out = {f.name: getattr(rule, f.name) for f in dataclasses.fields(rule)}
    out["rotate"] = dataclasses.asdict(rule.rotate) if rule.rotate else None
    return out


def rule_from_dict(data: Any) -> Rule:
    """The Rule `rule_to_dict` wrote. A cache from another version can hold anything: what is
    not such a dict raises TypeError, KeyError or ValueError, and the caller rebuilds."""
    if not isinstance(data, dict):
        raise TypeError("a cached rule is not an object")
    data = dict(data)  # the caller's dict stays as it was
    rotate = data.pop("rotate")
    if rotate and not isinstance(rotate, dict):
        raise TypeError("a cached rule's rotate is not an object")
    tuples = ("keywords", "references", "examples", "negative_examples")
    fields = {k: tuple(v) if k in tuples else v for k, v in data.items()}
    fields["jwt_claims"] = tuple(tuple(pair) for pair in data["jwt_claims"])
    fields["kind"] = Kind(data["kind"])
    fields["severity"] = Severity(data["severity"])
    if rotate:
        fields["rotate"] = Rotation(
            url=rotate["url"], steps=tuple(rotate["steps"]), review=rotate.get("review", "")
        )
    return Rule(**fields)  # type: ignore[arg-type]  # JSON we wrote ourselves, from a Rule
