"""The command line: parse options, build sources, run the pipeline, report, exit.

Only click is imported at module level; everything else is imported inside the command that
needs it, so the pre-commit hook starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from launchguard import __version__
from launchguard.errors import LaunchguardError
from launchguard.options import CommonOptions, common_options


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="launchguard")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Keep keys, tokens and .env values out of your web product."""
    ctx.obj = {"debug": debug}


_NO_LOGS_HELP = "Skip the unsafe-log analysis of Python and JavaScript/TypeScript code."


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--all-files",
    is_flag=True,
    help="Inside a git repository, scan every file, not only those git would commit.",
)
@click.option("--no-logs", is_flag=True, help=_NO_LOGS_HELP)
@common_options
def scan(paths: tuple[Path, ...], all_files: bool, no_logs: bool, opts: CommonOptions) -> int:
    """Scan files and folders on disk (default: this repository's working tree).

    Inside a git repository a folder means the files git would commit: tracked files and
    untracked files that are not ignored.

    \b
    Example:
        launchguard scan . --format json --output launchguard.json
    """
    from launchguard.classify.unsafe_logs import start_offload
    from launchguard.finish import finish
    from launchguard.prepare import prepare
    from launchguard.progress import progress
    from launchguard.treescan import TreeOptions, scan_tree

    offload = None if no_logs else start_offload()  # before any thread: see log_offload
    config, matcher = prepare(opts)
    options = TreeOptions(all_files=all_files, logs=not no_logs, offload=offload)
    with progress("scanning", enabled=not opts.no_progress) as advance:
        result = scan_tree(paths or (Path(),), config, matcher, options, advance=advance)
    return finish(result, opts, config, command="scan")


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--no-logs", is_flag=True, help=_NO_LOGS_HELP)
@common_options
def hook(files: tuple[Path, ...], no_logs: bool, opts: CommonOptions) -> int:
    """The pre-commit entry point: scan exactly the files pre-commit passes.

    While hooks run, pre-commit stashes unstaged changes, so these files hold what is staged.

    \b
    Example (.pre-commit-config.yaml):
        - repo: https://github.com/launchguard/launchguard
          rev: v0.1.0
          hooks: [{id: launchguard}]
    """
    from launchguard import pipeline
    from launchguard.classify.unsafe_logs import LogCheck
    from launchguard.finish import finish
    from launchguard.prepare import prepare
    from launchguard.sources.files import FileSource

    config, matcher = prepare(opts)
    source = FileSource(
        paths=files,
        exclude=config.exclude,
        max_file_size=config.max_file_size,
        explicit_files_excludable=True,
    )
    logs = None if no_logs else LogCheck()
    result = pipeline.run([source], matcher=matcher, config=config, extra=logs)
    return finish(result, opts, config, command="hook")


@cli.command()
@click.option("--all-lines", is_flag=True, help="Report every line of the staged files.")
@click.option("--no-logs", is_flag=True, help=_NO_LOGS_HELP)
@common_options
def staged(all_lines: bool, no_logs: bool, opts: CommonOptions) -> int:
    """Scan the git index: exactly what is about to be committed.

    Only lines the commit adds are reported, unless --all-lines. A staged .env file is
    always reported.

    \b
    Example:
        launchguard staged --fail-on high
    """
    from launchguard import pipeline
    from launchguard.classify.unsafe_logs import LogCheck
    from launchguard.finish import finish
    from launchguard.prepare import prepare
    from launchguard.sources.commit_range import staged_source
    from launchguard.sources.gitrepo import GitRepo

    config, matcher = prepare(opts)
    repo = GitRepo(Path.cwd())
    source = staged_source(
        repo, all_lines=all_lines, exclude=config.exclude, max_file_size=config.max_blob_size
    )
    logs = None if no_logs else LogCheck()
    result = pipeline.run([source], matcher=matcher, config=config, extra=logs)
    result.findings = source.keep(result.findings)
    return finish(result, opts, config, command="staged")


@cli.command()
@click.option(
    "--range",
    "rev_range",
    metavar="BASE..HEAD",
    help="Only what the commits in this range add (a pull request).",
)
@common_options
def history(rev_range: str | None, opts: CommonOptions) -> int:
    """Scan every blob reachable from every ref: branches, tags, remotes and stashes.

    Each unique blob is read once. Every finding names the commit that introduced it, its
    author and date, the refs that reach it, and whether the secret is still at HEAD.

    \b
    Examples:
        launchguard history
        launchguard history --range origin/main..HEAD --format json
    """
    from launchguard.finish import finish
    from launchguard.gitscan import scan_history
    from launchguard.prepare import prepare
    from launchguard.progress import progress

    config, matcher = prepare(opts)
    with progress("history", enabled=not opts.no_progress) as advance:
        result = scan_history(config, matcher, rev_range=rev_range, advance=advance)
    return finish(result, opts, config, command="history")


@cli.command()
@click.argument("dist", type=click.Path(path_type=Path))
@click.option(
    "--env-file",
    "env_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="An env file whose values must not leak (repeatable; default: the project's .env*).",
)
@common_options
def bundle(dist: Path, env_files: tuple[Path, ...], opts: CommonOptions) -> int:
    """Scan built frontend output (JS, CSS, HTML, JSON, source maps) for secrets and env values.

    Every value of the env files is searched for in the bundle: a server-only value there is
    a blocker, naming the variable. Findings in generated code are mapped back to the original
    file and line through the source maps. For a Next.js, Nuxt or SvelteKit build only the
    part shipped to the browser (.next/static, .output/public, .svelte-kit/output/client) is
    read.

    \b
    Examples:
        launchguard bundle dist
        launchguard bundle .next --env-file .env.production --format json
    """
    from launchguard.bundlescan import scan_bundle
    from launchguard.finish import finish
    from launchguard.prepare import prepare
    from launchguard.progress import progress

    config, matcher = prepare(opts)
    with progress("bundle", enabled=not opts.no_progress) as advance:
        result = scan_bundle(dist, env_files, config, matcher, advance=advance)
    return finish(result, opts, config, command="bundle")


@cli.command("env")
@click.argument("path", required=False, default=Path(), type=click.Path(path_type=Path))
@common_options
def env_inventory(path: Path, opts: CommonOptions) -> int:
    """List every environment variable: where it is defined and read, client or server, secret.

    Client or server follows each framework's own rule (NEXT_PUBLIC_, VITE_ or envPrefix,
    REACT_APP_, NUXT_PUBLIC_, PUBLIC_, EXPO_PUBLIC_, GATSBY_, next.config env, Vite define,
    webpack DefinePlugin). Reports secrets exposed to the browser, env files git tracks or
    does not ignore, production values reused in development, and variables nothing defines.

    \b
    Example:
        launchguard env . --format json --output env.json
    """
    from launchguard.envscan import scan_env
    from launchguard.finish import finish
    from launchguard.prepare import prepare

    config, matcher = prepare(opts)
    result = scan_env(path, config, matcher)
    return finish(result, opts, config, command="env")


DEFAULT_REPORT = Path("launchguard-report.md")


@cli.command()
@click.argument("path", required=False, default=Path(), type=click.Path(path_type=Path))
@click.option("--no-history", is_flag=True, help="Skip the git history (the report says so).")
@click.option("--no-logs", is_flag=True, help=_NO_LOGS_HELP)
@common_options
def audit(path: Path, no_history: bool, no_logs: bool, opts: CommonOptions) -> int:
    """The pre-launch audit: every check on one project, one report to act on.

    Scans the working tree with its built bundles and unsafe logs, the whole git history and
    the env inventory; joins the same credential found in several places; ranks everything
    by launch impact; and writes a rotation checklist with a history clean-up plan.

    Without --format and --output, the report goes to launchguard-report.md (Markdown with
    checkboxes) and a summary to the terminal.

    \b
    Examples:
        launchguard audit
        launchguard audit . --format html --output report.html
        launchguard audit . --format json
    """
    import dataclasses

    from launchguard.audit.progress import phases_display
    from launchguard.audit.run import AuditOptions, run_audit
    from launchguard.classify.unsafe_logs import start_offload
    from launchguard.finish import finish
    from launchguard.prepare import prepare

    if not path.is_dir():
        raise LaunchguardError(f"{path}: not a folder")
    offload = None if no_logs else start_offload()  # before any thread: see log_offload
    config, matcher = prepare(opts)
    options = AuditOptions(history=not no_history, logs=not no_logs, offload=offload)
    with phases_display(enabled=not opts.no_progress) as phases:
        result = run_audit(path, config, matcher, options, phases)
    default = click.get_current_context().get_parameter_source("fmt")
    to_file = default is click.core.ParameterSource.DEFAULT and opts.output is None
    if to_file:
        opts = dataclasses.replace(opts, format="markdown", output=DEFAULT_REPORT)
    code = finish(result, opts, config, command="audit")
    if to_file:
        from launchguard.audit.summary import summary_line

        click.echo(summary_line(result, DEFAULT_REPORT))
    return code


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--history",
    "with_history",
    is_flag=True,
    help="Record the findings of the whole git history instead of the working tree.",
)
@click.option(
    "--file",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".launchguard-baseline.json"),
    show_default=True,
)
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), help="Config file.")
def baseline(paths: tuple[Path, ...], with_history: bool, target: Path, config: Path | None) -> int:
    """Record today's findings so that only new ones block (--baseline FILE).

    The file holds fingerprints, secret hashes, rule ids and paths: never a secret.

    \b
    Example:
        launchguard baseline && launchguard scan --baseline .launchguard-baseline.json
    """
    from launchguard import pipeline
    from launchguard.baseline import baseline_document
    from launchguard.finish import write_report
    from launchguard.prepare import prepare_config
    from launchguard.sources.files import FileSource

    settings, matcher = prepare_config(config)
    if with_history:
        from launchguard.gitscan import scan_history

        result = scan_history(settings, matcher)
    else:
        source = FileSource(
            paths=paths or (Path(),), exclude=settings.exclude, max_file_size=settings.max_file_size
        )
        result = pipeline.run([source], matcher=matcher, config=settings)
    write_report(target, baseline_document(result.findings))
    click.echo(f"{target}: recorded {len(result.findings)} findings")
    return 3 if result.incomplete else 0


@cli.group()
def rules() -> None:
    """Show the rules, or run every rule's examples."""


@rules.command("list")
@click.option(
    "--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True
)
def rules_list(fmt: str) -> int:
    """List every rule: id, provider, severity, public by design.

    \b
    Example:
        launchguard rules list --format json
    """
    from launchguard.report.rules_table import render_rules
    from launchguard.ruleset import load_rules, rule_files

    render_rules(load_rules(rule_files()), fmt, sys.stdout)
    return 0


@rules.command("test")
@click.option("--warnings-as-errors", is_flag=True, help="Fail on warnings too.")
def rules_test(warnings_as_errors: bool) -> int:
    """Run every rule's examples and negative examples through the real engine.

    \b
    Example:
        launchguard rules test --warnings-as-errors
    """
    from launchguard.engine.compile import load_matcher
    from launchguard.rulecheck import check_all
    from launchguard.ruleset import rule_files

    matcher = load_matcher(rule_files())
    problems = check_all(matcher)
    for p in problems:
        click.echo(f"{'warning' if p.is_warning else 'error'}: {p.rule}: {p.message}")
    errors = [p for p in problems if not p.is_warning or warnings_as_errors]
    total = len(matcher.table.content) + len(matcher.table.path_rules)
    click.echo(f"{total} rules checked ({matcher.backend_name}): {len(errors)} failed")
    return 1 if errors else 0


def _report_internal_error(error: Exception, debug: bool) -> int:
    from launchguard.redact import scrub_found

    if debug:  # the traceback quotes messages too: redacted like every other output
        import traceback

        click.echo(scrub_found(traceback.format_exc()), err=True, nl=False)
    detail = scrub_found(str(error).strip().split("\n", 1)[0])  # one line, always
    click.echo(f"launchguard: internal error: {type(error).__name__}: {detail}", err=True)
    return 3


def _never_fail_to_print() -> None:
    """A terminal that cannot show a character (LANG=C, PYTHONIOENCODING=ascii) gets an
    escape for it, not a crash: the report's box lines and '…' are not ASCII."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if reconfigure is not None and encoding != "utf8":
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0911  # one exit per error
    """The console script and `python -m launchguard` both land here (one error funnel)."""
    args = list(sys.argv[1:] if argv is None else argv)
    _never_fail_to_print()
    try:
        rv = cli.main(args=args, prog_name="launchguard", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as e:
        click.echo(e.ctx.get_help())
        return 2
    except click.ClickException as e:  # usage errors: click's own message, exit 2
        e.show()
        return 2
    except click.exceptions.Exit as e:  # --help and --version
        return int(e.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo("launchguard: interrupted", err=True)
        return 130
    except LaunchguardError as e:
        from launchguard.redact import scrub_found

        line = str(e).splitlines()[0] if str(e) else type(e).__name__
        click.echo(f"launchguard: error: {scrub_found(line)}", err=True)
        return e.exit_code
    except BrokenPipeError:
        return 1
    except Exception as e:  # noqa: BLE001  # a bug: one line, traceback only with --debug
        return _report_internal_error(e, "--debug" in args)
    return rv if isinstance(rv, int) else 0
