"""Hyperscan and pure-Python backends must report identical (rule, span) lists."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from launchguard.engine.scan import Matcher
from launchguard.ruleset import load_rules, rule_files

EXAMPLES = [e for r in load_rules(rule_files()) if r.pattern for e in r.examples]


def _spans(m: Matcher, data: bytes) -> list[tuple[str, int, int, tuple[str, ...]]]:
    return sorted(
        (m.table.content[f.match.rule].id, f.match.secret_start, f.match.secret_end, f.encodings)
        for f in m.find(data)
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    noise=st.lists(st.text(min_size=0, max_size=60), min_size=1, max_size=6),
    picks=st.lists(st.sampled_from(EXAMPLES), min_size=1, max_size=4),
    seed=st.integers(0, 2**32 - 1),
)
def test_backends_agree_on_planted_secrets(
    noise: list[str],
    picks: list[str],
    seed: int,
    hyperscan_matcher: Matcher,
    python_matcher: Matcher,
) -> None:
    parts = noise + picks
    random.Random(seed).shuffle(parts)
    data = "\n".join(parts).encode()
    assert _spans(hyperscan_matcher, data) == _spans(python_matcher, data)


def test_backends_agree_on_whole_example_corpus(
    hyperscan_matcher: Matcher, python_matcher: Matcher
) -> None:
    data = "\n".join(EXAMPLES).encode()
    found = _spans(hyperscan_matcher, data)
    assert found == _spans(python_matcher, data)
    assert len(found) >= len(EXAMPLES) // 2


def test_every_example_is_found_inside_a_long_minified_line(hyperscan_matcher: Matcher) -> None:
    """A 10 MB single line: the secret at the very end is still found (bounded windows)."""
    filler = b"var a=function(b){return b*2};" * (10_000_000 // 30)
    data = filler + b'const k="' + EXAMPLES[0].encode() + b'";'
    assert _spans(hyperscan_matcher, data)
