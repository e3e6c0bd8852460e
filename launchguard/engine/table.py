"""RuleTable: the scan-time view of a rule set (content rules, keywords, confirm widths)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from launchguard.rule import Rule


@dataclass(frozen=True, slots=True)
class RuleTable:
    """Rules split by what they look at, with everything the backends need precomputed."""

    content: tuple[Rule, ...]
    path_rules: tuple[Rule, ...]
    widths: tuple[int, ...]
    keywords: tuple[str, ...]
    rule_keywords: tuple[tuple[int, ...], ...]
    path_regexes: tuple[re.Pattern[str], ...] = ()  # one per path rule, same order
    _regex: dict[int, re.Pattern[bytes]] = field(default_factory=dict, compare=False)

    def regex(self, index: int) -> re.Pattern[bytes]:
        """Python pattern of content rule `index`, compiled on first use: the hook rarely
        needs any, and compiling all of them would cost more than the whole scan."""
        compiled = self._regex.get(index)
        if compiled is None:
            compiled = self._regex[index] = self.content[index].compiled()
        return compiled

    def is_enabled(self, index: int, present: set[int]) -> bool:
        """A rule with keywords runs only where one of them occurs in the unit."""
        wanted = self.rule_keywords[index]
        return not wanted or any(k in present for k in wanted)


def build_table(rules: tuple[Rule, ...], widths: tuple[int, ...] | None = None) -> RuleTable:
    content = tuple(r for r in rules if r.pattern is not None)
    keywords = tuple(sorted({k for r in content for k in r.keywords}))
    position = {k: i for i, k in enumerate(keywords)}
    return RuleTable(
        content=content,
        path_rules=tuple(r for r in rules if r.path is not None),
        widths=widths if widths is not None else tuple(r.max_width() for r in content),
        keywords=keywords,
        rule_keywords=tuple(tuple(position[k] for k in r.keywords) for r in content),
        path_regexes=tuple(re.compile(r.path or "") for r in rules if r.path is not None),
    )
