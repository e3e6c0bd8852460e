"""The rotation checklist a founder follows: one entry per distinct credential, blockers
first, from the rule's `rotate` data; then the history clean-up."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass

from launchguard.audit.credentials import Credential
from launchguard.findings import Severity
from launchguard.rule import Rule

_VERIFY = (
    "Run `launchguard audit` again: this value must no longer appear in the current code, "
    "bundles or env files (history is covered by the clean-up below)."
)
_NO_GUIDE = (
    "Find where this credential was issued (the provider's dashboard or the service's admin "
    "settings), create a new one, and revoke this one.",
    "Replace the old value everywhere it is used (env files, hosting provider settings, CI "
    "secrets), then redeploy.",
)
WARNINGS = (
    "Rotation, not rewriting, is what makes a leaked key safe: anyone who cloned, forked or "
    "cached the repository before the rewrite still has the old value. Rotate first.",
    "Rewriting history changes every commit id: push with `git push --force --all` and "
    "`git push --force --tags`, and everyone must make a fresh clone (old clones would push "
    "the secrets back).",
    "Open pull requests, forks and hosted caches keep the old commits: ask your git host's "
    "support to purge cached views after the rewrite.",
    "Back up the repository first (`git clone --mirror`); git filter-repo refuses to run on "
    "a clone that is not fresh unless given --force.",
)


@dataclass(frozen=True, slots=True)
class Entry:
    credential: Credential
    title: str
    dashboard: str | None
    steps: tuple[str, ...]
    update: tuple[str, ...]
    review: str
    verify: str


def entries(credentials: list[Credential], rules: dict[str, Rule]) -> list[Entry]:
    """Every credential to rotate (not the public ones), in the credentials' order."""
    return [_entry(c, rules) for c in credentials if c.rank is not Severity.INFO]


def value_rule(credential: Credential, rules: dict[str, Rule]) -> Rule | None:
    """The provider rule that recognised the value, when one did (a generic rule's guess
    names nothing: the variable holding the value says more)."""
    for place in credential.places:
        finding = place.finding
        for rule_id in (finding.identified_as, finding.rule):
            rule = rules.get(rule_id) if rule_id else None
            if rule is not None and not rule.is_generic and not rule.id.startswith("env-"):
                return rule
    return None


def credential_name(credential: Credential, rules: dict[str, Rule]) -> str:
    """`the OpenAI project API key`, or the variable that holds an unrecognised value."""
    rule = value_rule(credential, rules)
    if rule is not None:
        return f"the {rule.name}"
    if credential.env_vars:
        return f"the value of {credential.env_vars[0]}"
    return f"the secret in {credential.places[0].finding.location.path}"


def _entry(credential: Credential, rules: dict[str, Rule]) -> Entry:
    finding = credential.finding
    rule = value_rule(credential, rules)
    name = credential_name(credential, rules)
    rotation = rule.rotate if rule is not None else None
    ids = {
        p.finding.secret.redacted
        for p in credential.places
        if p.finding.rule.endswith("-access-key-id")
        and p.finding.secret.sha256 != finding.secret.sha256
    }
    paired = f" (key id {', '.join(sorted(ids))})" if ids else ""
    return Entry(
        credential=credential,
        title=f"Rotate {name} {finding.secret.redacted}{paired}",
        dashboard=rotation.url if rotation is not None else None,
        steps=rotation.steps if rotation is not None else _NO_GUIDE,
        update=_updates(credential),
        review=_review(credential, rotation_review(rule), name),
        verify=_VERIFY,
    )


def rotation_review(rule: Rule | None) -> str:
    """Where the provider shows what a key was used for (rules may carry it)."""
    return rule.rotate.review if rule is not None and rule.rotate is not None else ""


def _review(credential: Credential, review: str, name: str) -> str:
    since = credential.first_seen
    when = f"since {since} (the first commit that holds it)" if since else "since it was created"
    if review:
        return f"{review.rstrip('.')} — {when}."
    return f"In the provider's dashboard, look at the activity or usage of {name} {when}."


def _updates(credential: Credential) -> tuple[str, ...]:
    """What must get the new value (or lose the old one), each read after "Update"."""
    names = credential.env_vars
    out = [f"{var} in {path}" for var in names for path in credential.env_files]
    for place in credential.places:
        loc = place.finding.location
        if place.where != "tree" or place.finding.env_var or _is_env_path(loc.path):
            continue
        if loc.path.rsplit(".", 1)[-1] in _CODE_SUFFIXES:
            out.append(f"{loc.path}:{loc.line}: read the value from an env var instead")
        else:
            out.append(f"{loc.path}:{loc.line}: remove the value from this file")
    if any(p.where == "bundle" for p in credential.places):
        out.append("the frontend: rebuild and redeploy it so no bundle holds the old value")
    held_in = " / ".join(names) if names else "the variable that holds it"
    out.append(f"{held_in} in your hosting provider's settings and in CI secrets")
    return tuple(dict.fromkeys(out))


_CODE_SUFFIXES = frozenset(
    {"py", "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "go", "rb", "php", "java",
     "kt", "cs", "rs", "swift", "ex", "exs", "vue", "svelte", "astro"}
)  # fmt: skip


def _is_env_path(path: str) -> bool:
    from launchguard.sources.dotenv_files import is_env_file

    return is_env_file(path.rsplit("/", 1)[-1])


@dataclass(frozen=True, slots=True)
class Cleanup:
    paths: tuple[str, ...]
    commands: tuple[str, ...]
    notes: tuple[str, ...]
    warnings: tuple[str, ...] = WARNINGS


def cleanup(
    credentials: list[Credential], extra_paths: list[str], current: Callable[[str], bool]
) -> Cleanup | None:
    """The paths that held a secret in any commit and the git filter-repo commands that purge
    them; None when history holds none. Files gone from the current tree, env files and key
    files are removed from every commit; files still in use keep their history and have only
    the leaked values replaced (`current(path)`: whether the path is in the working tree)."""
    paths = sorted(
        {p for c in credentials if c.rank is not Severity.INFO for p in c.history_paths}
        | set(extra_paths)
    )
    if not paths:
        return None
    remove = [p for p in paths if not current(p) or _never_committed(p)]
    scrub = [p for p in paths if p not in remove]
    commands = [
        "pip install git-filter-repo",
        "git clone --mirror <your repository URL> backup.git",
    ]
    notes = []
    if remove:
        commands.append(
            "git filter-repo --invert-paths " + " ".join(f"--path {shlex.quote(p)}" for p in remove)
        )
        notes.append(
            "Copy your env and key files somewhere safe first, and list them in .gitignore: "
            "the rewrite removes them from every commit and from the working tree. Removed: "
            + ", ".join(remove)
            + "."
        )
    if scrub:
        commands.append("git filter-repo --replace-text replacements.txt")
        notes.append(
            "Files still in use (" + ", ".join(scrub) + ") keep their history; only the leaked "
            "values are replaced. Write replacements.txt yourself, one line per leaked value: "
            "`THE_OLD_VALUE==>REMOVED` (the values are listed above by their previews; never "
            "commit this file)."
        )
    commands.append("git push --force --all && git push --force --tags")
    return Cleanup(tuple(paths), tuple(commands), tuple(notes))


def _never_committed(path: str) -> bool:
    """Env files and key files belong in no commit, whether or not they are still there."""
    from launchguard.sources.dotenv_files import EXAMPLE, environment_of, is_env_file

    name = path.rsplit("/", 1)[-1]
    if is_env_file(name) and environment_of(name) != EXAMPLE:
        return True
    return name.endswith((".pem", ".key", ".p12", ".pfx", ".jks", ".keystore")) or name in (
        "id_rsa",
        "id_ed25519",
        "id_ecdsa",
        "credentials.json",
        "service-account.json",
    )
