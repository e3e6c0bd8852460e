"""Findings from the environment inventory: secrets the framework ships to the browser, env
files git tracks or does not ignore, production values reused elsewhere, and variables the
code reads but nothing defines."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from launchguard.classify.env_inventory import Inventory, Variable
from launchguard.classify.env_secrets import Verdict
from launchguard.config import Config
from launchguard.engine.table import RuleTable
from launchguard.findings import Finding, Kind, Location, Secret, Severity
from launchguard.sources import gitrepo
from launchguard.sources.dotenv_files import EXAMPLE, Definition
from launchguard.units import Origin, printable_path

CLIENT_EXPOSED = "env-client-exposed-secret"
FILE_NOT_IGNORED = "env-file-not-ignored"
SHARED_VALUE = "env-shared-across-environments"
UNDEFINED = "env-undefined-variable"

_NON_PRODUCTION = frozenset({"development", "staging", "test"})
# Set by the platform, the runtime or the bundler itself, never by the project's env files.
_PROVIDED = re.compile(
    r"^(?:NODE_ENV|MODE|DEV|PROD|SSR|BASE_URL|PORT|HOST|HOSTNAME|HOME|PATH|PWD|USER|SHELL|TERM"
    r"|LANG|TZ|CI|DEBUG|NEXT_RUNTIME|NEXT_PHASE|__NEXT_\w+|npm_\w+|VERCEL\w*|NETLIFY\w*"
    r"|GITHUB_\w+|RUNNER_\w+|RENDER\w*|RAILWAY_\w+|FLY_\w+|HEROKU_\w+|DYNO|K_SERVICE"
    r"|AWS_REGION|AWS_LAMBDA_\w+|AWS_EXECUTION_ENV|VIRTUAL_ENV|PYTHON\w+|DJANGO_SETTINGS_MODULE"
    r"|TMPDIR|TEMP|TMP|LOG_LEVEL|CF_PAGES\w*|DENO_\w+|XDG_\w+|EDITOR|PAGER|NO_COLOR)$"
)


def inventory_findings(inventory: Inventory, table: RuleTable, config: Config) -> list[Finding]:
    findings: list[Finding] = []
    for variable in inventory.variables.values():
        findings += _client_secrets(inventory, variable)
        findings += _shared_values(inventory, variable)
        findings += _undefined(inventory, variable)
    findings += _env_file_status(inventory, table, config)
    return findings


def _secret_definitions(variable: Variable) -> list[tuple[Definition, Verdict]]:
    """The definitions whose value is a secret, with that verdict."""
    out = []
    for d in variable.definitions:
        verdict = variable.value_verdicts.get((d.path, d.line))
        if d.value and verdict is not None and verdict.level == "secret":
            out.append((d, verdict))
    return out


def _at_definition(
    inventory: Inventory, d: Definition, rule: str, severity: Severity, message: str
) -> Finding:
    """A finding on an env file line; the secret is the value defined there."""
    return Finding(
        rule=rule,
        kind=Kind.ENV_EXPOSURE,
        severity=severity,
        provider=None,
        location=Location(path=inventory.show(d.path), line=d.line, column=1),
        secret=Secret(str(d.value).encode()),
        message=message,
        env_var=d.name,
        exposure="server",
    )


def _client_secrets(inventory: Inventory, variable: Variable) -> list[Finding]:
    exposure = variable.exposure
    if exposure is None:
        return []
    return [
        dataclasses.replace(
            _at_definition(
                inventory,
                d,
                CLIENT_EXPOSED,
                Severity.BLOCKER,
                f"{d.name} holds a secret ({verdict.reason}) and is exposed to the browser "
                f"({exposure.reason}): rotate it and use it only on the server.",
            ),
            provider=verdict.provider,
            identified_as=verdict.rule,
            exposure="client",
        )
        for d, verdict in _secret_definitions(variable)
    ]


def _shared_values(inventory: Inventory, variable: Variable) -> list[Finding]:
    """The same secret in production and in a development, staging or test file: whoever
    holds the laptop's .env holds production."""
    secret_defs = [d for d, _ in _secret_definitions(variable)]
    production = {d.value: d for d in secret_defs if d.environment == "production"}
    out = []
    for d in secret_defs:
        prod = production.get(d.value)
        if prod is None or d.environment not in _NON_PRODUCTION:
            continue
        message = (
            f"{d.name} has the same secret in {inventory.show(prod.path)} (production) and "
            f"{inventory.show(d.path)} ({d.environment}): give each environment its own."
        )
        finding = _at_definition(inventory, d, SHARED_VALUE, Severity.MEDIUM, message)
        out.append(dataclasses.replace(finding, exposure=variable.side))
    return out


def _undefined(inventory: Inventory, variable: Variable) -> list[Finding]:
    """Only in projects that keep env files: elsewhere the environment comes from the shell or
    the platform, and every read would be "undefined"."""
    if variable.definitions or _PROVIDED.match(variable.name):
        return []
    reads = [u for u in variable.usages if inventory.has_env_files(u.path)]
    if not reads:
        return []
    first = min(reads, key=lambda u: (u.path, u.line, u.column))
    return [
        Finding(
            rule=UNDEFINED,
            kind=Kind.ENV_EXPOSURE,
            severity=Severity.LOW,
            provider=None,
            location=Location(
                path=inventory.show(first.path), line=first.line, column=first.column
            ),
            secret=Secret(variable.name.encode()),
            message=(
                f"{variable.name} is read by the code but defined in no env file: document it in "
                ".env.example so the next deploy does not run without it."
            ),
            env_var=variable.name,
            exposure=variable.side,
        )
    ]


def _env_file_status(inventory: Inventory, table: RuleTable, config: Config) -> list[Finding]:
    """Tracked env files are the committed-env-file rule's; untracked ones that .gitignore does
    not cover are one `git add .` away from it."""
    from launchguard.analyze import path_findings

    repo = gitrepo.repo_root(inventory.root)
    if repo is None:
        return []
    paths = [inventory.repo_path(f.path) for f in inventory.files if f.environment != EXAMPLE]
    if not paths:
        return []
    tracked, ignored = _git_status(repo, paths)
    out: list[Finding] = []
    for path in paths:
        if path in tracked:
            out += path_findings(Origin(path=path), table, config)
        elif path not in ignored:
            out.append(_not_ignored(printable_path(path)))
    return out


def _git_status(repo: Path, paths: list[str]) -> tuple[set[str], set[str]]:
    listed = gitrepo.run_git(repo, ["ls-files", "-z", "--", *paths])
    tracked = {p.decode("utf-8", "surrogateescape") for p in listed.split(b"\0") if p}
    stdin = "".join(p + "\0" for p in paths if p not in tracked)
    out = gitrepo.run_git(repo, ["check-ignore", "-z", "--stdin"], check=False, stdin=stdin)
    ignored = {p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p}
    return tracked, ignored


def _not_ignored(path: str) -> Finding:
    return Finding(
        rule=FILE_NOT_IGNORED,
        kind=Kind.ENV_FILE,
        severity=Severity.MEDIUM,
        provider="dotenv",
        location=Location(path=path, line=1, column=1),
        secret=Secret(path.encode()),
        message=(
            f"{path} is not covered by .gitignore: the next `git add .` commits it. "
            "Add `.env*` and `!.env.example` to .gitignore."
        ),
    )
