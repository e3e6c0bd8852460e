"""prepare(): the config and the matcher every scanning command starts from."""

from __future__ import annotations

from pathlib import Path

from launchguard.config import Config, load_config
from launchguard.engine.compile import load_matcher
from launchguard.engine.scan import Matcher
from launchguard.options import CommonOptions
from launchguard.ruleset import rule_files


def prepare(opts: CommonOptions) -> tuple[Config, Matcher]:
    return prepare_config(opts.config)


def prepare_config(path: Path | None) -> tuple[Config, Matcher]:
    """The config (explicit, or found from the current directory) and its matcher."""
    config = load_config(path, Path.cwd())
    return config, load_matcher(rule_files(config.rule_files))
