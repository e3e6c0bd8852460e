"""The compiled matcher is cached on disk and reused; a broken cache is rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchguard.engine import compile as compile_module
from launchguard.engine.compile import cache_dir, load_matcher
from launchguard.errors import RuleError
from launchguard.ruleset import rule_files


@pytest.fixture(autouse=True)
def _fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAUNCHGUARD_CACHE_DIR", str(tmp_path / "cache"))


def _cache_files() -> list[Path]:
    return sorted(cache_dir().glob("rules-*.bin"))


def test_second_load_uses_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_matcher(rule_files())
    assert len(_cache_files()) == 1

    def refuse(*_: object) -> bytes:
        raise AssertionError("recompiled although the cache is warm")

    monkeypatch.setattr("launchguard.engine.hyperscan_backend.compile_database", refuse)
    second = load_matcher(rule_files())
    assert second.table.content == first.table.content
    assert second.table.widths == first.table.widths


def test_corrupt_cache_is_rebuilt() -> None:
    load_matcher(rule_files())
    (path,) = _cache_files()
    path.write_bytes(b"LGM1garbage")
    matcher = load_matcher(rule_files())
    assert matcher.find(b"token sk_" + b"live_51FAKEk3yF0rT3st1ngOnlyAbCdEf")
    assert path.read_bytes()[:4] == b"LGC2"
    assert len(path.read_bytes()) > 1000


def test_rule_change_changes_the_key(tmp_path: Path) -> None:
    extra = tmp_path / "custom.yaml"
    extra.write_text(
        "provider: acme\nrules:\n  - id: acme-token\n    name: Acme token\n    kind: secret\n"
        "    severity: high\n    keywords: [acme_]\n    pattern: '\\b(acme_[a-z0-9]{20})\\b'\n"
        "    rotate: {url: 'https://acme.invalid/keys', steps: [Revoke it., Redeploy.]}\n"
        "    examples: ['t = acme_q8w7e6r5t4y3u2i1o9p8']\n"
    )
    load_matcher(rule_files())
    matcher = load_matcher(rule_files([extra]))
    assert len(_cache_files()) == 2
    assert matcher.find(b"acme_q8w7e6r5t4y3u2i1o9p8")


def test_pattern_hyperscan_rejects_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "provider: bad\nrules:\n  - id: bad-rule\n    name: Bad\n    kind: secret\n"
        "    severity: high\n    keywords: [bad]\n    pattern: '(?>ba)(d{1,3})'\n"
        "    rotate: {url: 'https://bad.invalid', steps: [a, b]}\n    examples: [bad]\n"
    )
    with pytest.raises(RuleError, match=r"bad\.yaml: rule bad-rule"):
        load_matcher(rule_files([bad]))


def test_unwritable_cache_only_costs_speed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("LAUNCHGUARD_CACHE_DIR", str(blocker / "cache"))
    assert load_matcher(rule_files()).find(b"sk_" + b"live_51FAKEk3yF0rT3st1ngOnlyAbCdEf")
    assert compile_module.cache_dir() == blocker / "cache"
