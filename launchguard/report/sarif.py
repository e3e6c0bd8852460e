"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning: one run, one result per finding.

A SARIF file is uploaded to GitHub and often kept as a build artifact, so it never holds a raw
secret: records are always built with show_secrets=False, whatever `--show-secrets` says.
"""

from __future__ import annotations

import re
from typing import Any, TextIO
from urllib.parse import quote

from launchguard import __version__
from launchguard.findings import Finding, Kind
from launchguard.report import RenderOptions
from launchguard.report.records import dumps, record
from launchguard.result import ScanResult
from launchguard.rule import Rule

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/launchguard/launchguard"
FINGERPRINT_KEY = "launchguardFingerprint/v1"
SRCROOT = "%SRCROOT%"
LEVELS = {"blocker": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
# GitHub buckets security-severity as >9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
# info is 1.0, not 0.0: GitHub's buckets start at 0.1, and an info finding is still a key.
SECURITY_SEVERITY = {
    "blocker": "9.5",
    "high": "8.0",
    "medium": "5.5",
    "low": "3.0",
    "info": "1.0",
}
ALLOW_TEXT = (
    "To allow a finding that is not a leak: add `launchguard:allow` in a comment on its line, "
    "an `allow:` entry in .launchguard.yaml, or record it with `launchguard baseline` and scan "
    "with `--baseline`."
)


def split_embedded(path: str) -> tuple[str, str | None]:
    """`dist/x.js.map#../src/a.js` -> (`dist/x.js.map`, `../src/a.js`): a source embedded in a
    source map is not a file in the repository; the map that holds it is."""
    artifact, sep, inner = path.partition("#")
    return (artifact, inner) if sep else (path, None)


def artifact_location(path: str) -> dict[str, str]:
    # Percent-encoded: a path may hold spaces, '#', or a ':' that would read as a URI scheme.
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


def _pascal(rule_id: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", rule_id)) or rule_id


def _rule_properties(kind: str, severity: str, *, generic: bool) -> dict[str, Any]:
    return {
        "tags": list(dict.fromkeys(("security", "secret", kind))),  # SARIF tags are unique
        "security-severity": SECURITY_SEVERITY[severity],
        # Generic rules (password = "...") rely on entropy and placeholder checks: less sure.
        "precision": "medium" if generic else "high",
    }


def _rotation_lines(rule: Rule) -> list[str]:
    if rule.rotate is None:
        what = "it is public by design" if rule.public_by_design else "none recorded"
        return [f"Rotation: nothing to rotate ({what})."]
    steps = [f"{n}. {step}" for n, step in enumerate(rule.rotate.steps, start=1)]
    return ["How to rotate:", *steps, "", f"Rotation guide: {rule.rotate.url}"]


def _md_text(text: str) -> str:
    """Rule texts are plain text that may quote `code`: keep the code spans, but escape '<'
    elsewhere, or GitHub would read `git rm --cached <file>` as an HTML tag and drop it."""
    parts = re.split(r"(`[^`]*`)", text)
    return "".join(p if n % 2 else p.replace("<", "\\<") for n, p in enumerate(parts))


def _help(rule: Rule) -> dict[str, str]:
    head = (rule.description or rule.name).strip()
    rotation = _rotation_lines(rule)
    references = [f"- {url}" for url in rule.references]
    text = [head, "", *rotation]
    markdown = [_md_text(head), "", *(_md_rotation(rule) if rule.rotate else rotation)]
    if references:
        text += ["", "References:", *references]
        markdown += ["", "**References**", "", *references]
    return {
        "text": "\n".join([*text, "", ALLOW_TEXT]),
        "markdown": "\n".join([*markdown, "", ALLOW_TEXT]),
    }


def _md_rotation(rule: Rule) -> list[str]:
    assert rule.rotate is not None  # noqa: S101  # the caller checked
    steps = [f"{n}. {_md_text(step)}" for n, step in enumerate(rule.rotate.steps, start=1)]
    return ["**How to rotate**", "", *steps, "", f"[Rotation guide]({rule.rotate.url})"]


def _descriptor(rule_id: str, rule: Rule | None, worst: Finding) -> dict[str, Any]:
    """`worst` is the rule's most severe finding in this run. GitHub reads security-severity
    from the rule only, so it follows the findings: a token whose checksum fails is `info`,
    and must not raise a critical alert because live tokens of its rule are blockers."""
    if rule is None:  # a rule the catalog does not know: describe it from its finding
        return {
            "id": rule_id,
            "name": _pascal(rule_id),
            "shortDescription": {"text": rule_id},
            "defaultConfiguration": {"level": LEVELS[worst.severity]},
            "properties": _rule_properties(worst.kind, worst.severity, generic=False),
        }
    help_uri = rule.rotate.url if rule.rotate else next(iter(rule.references), INFORMATION_URI)
    return {
        "id": rule_id,
        "name": _pascal(rule_id),
        "shortDescription": {"text": rule.name},
        "fullDescription": {"text": (rule.description or rule.name).strip()},
        "help": _help(rule),
        "helpUri": help_uri,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": _rule_properties(rule.kind, worst.severity, generic=rule.is_generic),
    }


def _region(f: Finding) -> dict[str, int]:
    loc = f.location
    region = {"startLine": loc.line, "startColumn": loc.column}
    # The end is known only where a rule matched the secret as written. A decoded secret sits
    # inside longer encoded text; an env finding points at the variable's line or the file.
    if f.kind is not Kind.SECRET or f.decoded is not None:
        return region
    lines = f.secret.raw_bytes().decode("utf-8", "replace").split("\n")
    if len(lines) == 1:
        region["endColumn"] = loc.column + len(lines[0])
    else:
        region["endLine"] = loc.line + len(lines) - 1
        region["endColumn"] = 1 + len(lines[-1])
    return region


def _location(f: Finding, inner: str | None, artifact: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(artifact)}
    if inner is None:
        physical["region"] = _region(f)
        return {"physicalLocation": physical}
    # The position is inside the embedded source, not in the map's JSON: point at the map,
    # whose JSON is one line in practice, and name the embedded source as a logical location.
    physical["region"] = {"startLine": 1}
    logical = {"name": inner, "fullyQualifiedName": f"{artifact}#{inner}", "kind": "module"}
    return {"physicalLocation": physical, "logicalLocations": [logical]}


def _message(r: dict[str, Any], inner: str | None) -> str:
    parts = [f"{r['message']} ({r['redacted']})"]
    if inner is not None:
        parts.append(
            f"Found in {inner} (line {r['line']}, column {r['column']}), embedded in the "
            "source map."
        )
    if r["original"]:
        o = r["original"]
        parts.append(f"Original source: {o['path']}:{o['line']}:{o['column']}.")
    if r["commit"]:
        parts.append(f"Introduced in commit {r['commit'][:10]}.")
    return " ".join(parts)


_PROPERTY_KEYS = (
    "secret_sha256",
    "redacted",
    "kind",
    "severity",
    "provider",
    "env_var",
    "exposure",
    "public_by_design",
    "decoded",
    "commit",
    "blob",
    "author",
    "date",
    "refs",
    "in_head",
)


def _properties(r: dict[str, Any]) -> dict[str, Any]:
    """The contract fields that SARIF has no place for, when they are set."""
    return {k: r[k] for k in _PROPERTY_KEYS if r[k] is not None and r[k] != []}


def _related(r: dict[str, Any]) -> list[dict[str, Any]]:
    o = r["original"]
    region = {"startLine": o["line"], "startColumn": o["column"]}
    physical = {"artifactLocation": artifact_location(o["path"]), "region": region}
    return [{"id": 1, "physicalLocation": physical, "message": {"text": "original source"}}]


def _result(f: Finding, rule_index: int) -> dict[str, Any]:
    r = record(f, show_secrets=False)  # never raw: see the module docstring
    artifact, inner = split_embedded(r["path"])
    out: dict[str, Any] = {
        "ruleId": r["rule"],
        "ruleIndex": rule_index,
        "level": LEVELS[r["severity"]],
        "message": {"text": _message(r, inner)},
        "locations": [_location(f, inner, artifact)],
        "partialFingerprints": {FINGERPRINT_KEY: r["fingerprint"]},
        "properties": _properties(r),
    }
    if r["original"]:
        out["relatedLocations"] = _related(r)
    return out


def _notification(level: str, text: str, path: str) -> dict[str, Any]:
    where = {"physicalLocation": {"artifactLocation": artifact_location(split_embedded(path)[0])}}
    return {"level": level, "message": {"text": text}, "locations": [where]}


def _invocation(result: ScanResult) -> dict[str, Any]:
    """No commandLine, workingDirectory or originalUriBaseIds: they would publish absolute
    paths of the scanning machine, and GitHub resolves %SRCROOT% to the checkout itself."""
    notes = [
        _notification("error", f"not scanned: {s.origin.path}: {s.reason}", s.origin.path)
        for s in result.skipped
        if s.incomplete
    ]
    notes += [
        _notification("warning", f"source map not used: {p['reason']}", p["path"])
        for p in result.stats.get("source_map_problems", [])
    ]
    out: dict[str, Any] = {"executionSuccessful": not result.incomplete}
    if notes:
        out["toolExecutionNotifications"] = notes
    return out


def sarif_log(result: ScanResult, command: str) -> dict[str, Any]:
    worst: dict[str, Finding] = {}
    for f in result.findings:
        if f.rule not in worst or f.severity.rank > worst[f.rule].severity.rank:
            worst[f.rule] = f
    rule_ids = sorted(worst)
    index = {rule_id: n for n, rule_id in enumerate(rule_ids)}
    driver = {
        "name": "launchguard",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_descriptor(i, result.rules.get(i), worst[i]) for i in rule_ids],
    }
    run = {
        "tool": {"driver": driver},
        "invocations": [_invocation(result)],
        # The category: uploads of different commands do not close each other's alerts.
        "automationDetails": {"id": f"launchguard/{command}/"},
        # Findings count columns in characters (code points), not SARIF's default UTF-16 units.
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule]) for f in result.findings],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: ScanResult, options: RenderOptions, out: TextIO) -> None:
    out.write(dumps(sarif_log(result, options.command)) + "\n")
