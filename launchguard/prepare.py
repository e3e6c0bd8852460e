"""prepare(): the config and the matcher every scanning command starts from."""

from __future__ import annotations

from pathlib import Path

from launchguard.config import Config, load_config
from launchguard.engine.compile import load_matcher
from launchguard.engine.scan import Matcher
from launchguard.options import CommonOptions
from launchguard.ruleset import rule_files


def prepare(opts: CommonOptions, start: Path | None = None) -> tuple[Config, Matcher]:
    config = load_config(opts.config, start or Path.cwd())
    return config, load_matcher(rule_files(config.rule_files))
