"""Two Hyperscan passes over a Python file's bytes that mark the lines with a sensitive word
and the places where a sink call may start, before anything is decoded, split or parsed.

The first looks for sink calls only: most files have none (two in three of a site-packages),
and their many `def` lines and words then cost no match callback. The second marks the
words, environment reads and `def` lines of the files where a sink call may write
something.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from launchguard.classify.log_hint_pattern import ENV_READS, expressions
from launchguard.classify.logs_python_sinks import SINK_NAMES
from launchguard.classify.logs_python_values import secret_env_read
from launchguard.engine.patterns import PatternSet

# A sink's name right before `(`: `print(`, `.info(`, `log(`; `blueprint(` is not one.
_SINK_CALLS = [rf"(?:^|[^A-Za-z0-9_]){name}\(" for name in sorted(SINK_NAMES | {"pprint"})]
_DEFS = [r"^[ \t]*(?:async[ \t]+)?def[ \t]"]
_SINKS = PatternSet("python-log-sinks", [_SINK_CALLS])
_WORDS = PatternSet("python-log-words", [expressions(), list(ENV_READS), _DEFS])
# What follows `environ`/`getenv` when one variable is read by a constant name.
_ENV_KEY = re.compile(
    rb"""(?:\[|\.get\(|\.pop\(|\()[ \t]*(?:"([A-Za-z_][A-Za-z0-9_]*)"|'([A-Za-z_][A-Za-z0-9_]*)')"""
)


@dataclass(frozen=True, slots=True)
class Words:
    offsets: list[int]  # byte offsets inside each sensitive word found, ascending
    defs: list[int]  # byte offsets just past each `def ` that starts a line, ascending


def sink_calls(data: bytes) -> list[int]:
    """The byte offsets of the `(` of each possible sink call, ascending."""
    return [end - 1 for end in _SINKS.ends(data)[0]]


def sensitive_words(data: bytes, secret_env: frozenset[str] = frozenset()) -> Words:
    """Where `data` (with `\\n` line ends) has sensitive words, and its `def` lines. An
    environment read counts as a sensitive word unless it reads one variable by a name that
    holds no secret (`os.environ["HOME"]`)."""
    hint_ends, env_ends, def_ends = _WORDS.ends(data)
    return Words(_hint_offsets(data, hint_ends, env_ends, secret_env), def_ends)


def hint_lines(data: bytes) -> frozenset[int]:
    """The 0-based lines with a sensitive word, whether or not a sink call is there."""
    hint_ends, env_ends, _ = _WORDS.ends(data)
    return frozenset(lines_of(data, _hint_offsets(data, hint_ends, env_ends, frozenset())))


def _hint_offsets(
    data: bytes, hint_ends: list[int], env_ends: list[int], secret_env: frozenset[str]
) -> list[int]:
    secret_reads = [end for end in env_ends if _reads_secret(data, end, secret_env)]
    if secret_reads:
        hint_ends = sorted(hint_ends + secret_reads)
    return [end - 1 for end in hint_ends]  # the last character: on the word's line


def lines_of(data: bytes, offsets: list[int]) -> list[int]:
    """The 0-based line of each offset (ascending offsets): newlines counted between them."""
    lines: list[int] = []
    line, at = 0, 0
    for offset in offsets:
        line += data.count(b"\n", at, offset)
        at = offset
        lines.append(line)
    return lines


def _reads_secret(data: bytes, end: int, secret_env: frozenset[str]) -> bool:
    # The match ends after the character that follows the word, or at a line's end.
    key = _ENV_KEY.match(data, end if data[end - 1 : end] == b"n" else end - 1)
    if key is None:
        return True  # the whole environment, or a key that is not a constant
    name = (key.group(1) or key.group(2)).decode()
    return secret_env_read(name, secret_env)
