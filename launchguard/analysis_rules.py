"""The rules that are analyses rather than patterns (env exposure, bundles, unsafe logs): the
same metadata as a YAML rule, so reports describe every finding the same way."""

from __future__ import annotations

from launchguard.engine.table import RuleTable
from launchguard.findings import Kind, Severity
from launchguard.rule import Rotation, Rule

_ENV_DOCS = "https://12factor.net/config"
_LOG_DOCS = "https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html"
_ROTATE_CLIENT = Rotation(
    _ENV_DOCS,
    (
        "Rotate the credential at its provider: every visitor's browser has downloaded it.",
        "Move the call that needs it to the server (an API route, server action or edge "
        "function) and read the variable there.",
        "Rename the variable without the client prefix (NEXT_PUBLIC_, VITE_, ...) or remove it "
        "from next.config env / Vite define, rebuild and redeploy.",
    ),
)
_ROTATE_SERVER_VALUE = Rotation(
    _ENV_DOCS,
    (
        "Rotate the credential at its provider: the deployed bundle is public.",
        "Find what put the value into client code (a hard-coded copy, a config `define`, an "
        "import of a server module) using the finding's original source location.",
        "Rebuild, redeploy, and purge old bundles from the CDN cache.",
    ),
)


def _rule(
    rule_id: str, name: str, kind: Kind, severity: Severity, description: str, rotate: Rotation
) -> Rule:
    return Rule(
        id=rule_id,
        name=name,
        provider="launchguard",
        kind=kind,
        severity=severity,
        description=description,
        rotate=rotate,
        source="launchguard/analysis_rules.py",
    )


def _log_rule(rule_id: str, what: str, fix: str) -> Rule:
    steps = (fix, "Rotate the value if these logs were ever shipped to a log service.")
    return _rule(
        rule_id,
        f"Log statement writes {what}",
        Kind.UNSAFE_LOG,
        Severity.MEDIUM,
        f"A log or print call writes {what}; everyone with access to the logs can read it.",
        Rotation(_LOG_DOCS, steps),
    )


ANALYSIS_RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        _rule(
            "env-client-exposed-secret",
            "Secret in a variable shipped to the browser",
            Kind.ENV_EXPOSURE,
            Severity.BLOCKER,
            "The framework inlines this variable into the JavaScript every visitor downloads.",
            _ROTATE_CLIENT,
        ),
        _rule(
            "env-server-value-in-bundle",
            "Server-only value found in the bundle",
            Kind.ENV_EXPOSURE,
            Severity.BLOCKER,
            "The value of a server-only variable is in built frontend output.",
            _ROTATE_SERVER_VALUE,
        ),
        _rule(
            "env-public-value-in-bundle",
            "Public-by-design key in the bundle",
            Kind.ENV_EXPOSURE,
            Severity.INFO,
            "A key meant to ship to browsers (publishable, anon, web API key) is in the bundle.",
            Rotation(_ENV_DOCS, ("Nothing to rotate: restrict the key at its provider.",)),
        ),
        _rule(
            "env-file-not-ignored",
            ".env file not covered by .gitignore",
            Kind.ENV_FILE,
            Severity.MEDIUM,
            "An env file that the next `git add .` would commit.",
            Rotation(_ENV_DOCS, ("Add `.env*` and `!.env.example` to .gitignore.",)),
        ),
        _rule(
            "env-shared-across-environments",
            "Same secret in production and another environment",
            Kind.ENV_EXPOSURE,
            Severity.MEDIUM,
            "A development, staging or test env file holds the production credential.",
            Rotation(
                _ENV_DOCS,
                ("Create a separate credential for each environment and rotate the shared one.",),
            ),
        ),
        _rule(
            "env-undefined-variable",
            "Variable read by the code but defined in no env file",
            Kind.ENV_EXPOSURE,
            Severity.LOW,
            "A deploy without this variable runs with it undefined.",
            Rotation(_ENV_DOCS, ("Document the variable in .env.example.",)),
        ),
        _log_rule("unsafe-log-secret", "a secret", "Log a masked form (last 4 characters)."),
        _log_rule(
            "unsafe-log-auth-header",
            "authentication headers",
            "Log header names only, or drop Authorization and Cookie before logging.",
        ),
        _log_rule(
            "unsafe-log-signature",
            "a webhook signature",
            "Log whether the signature verified, not the header.",
        ),
        _log_rule(
            "unsafe-log-payload",
            "a whole customer payload",
            "Log the fields you need (ids, event type), not the whole body.",
        ),
        _log_rule(
            "unsafe-log-config",
            "a whole configuration object",
            "Log the specific non-secret settings you need.",
        ),
    )
}


def rule_catalog(table: RuleTable) -> dict[str, Rule]:
    """Every rule a finding can name: the loaded YAML rules and the analyses."""
    return {**ANALYSIS_RULES, **{r.id: r for r in (*table.content, *table.path_rules)}}
