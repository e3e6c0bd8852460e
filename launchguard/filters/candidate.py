"""The Candidate every filter judges: a confirmed match with the context filters need."""

from __future__ import annotations

from dataclasses import dataclass

from launchguard.rule import Rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    rule: Rule
    secret: bytes
    path: str
    line: bytes  # the line where the (encoded) secret starts
    previous_line: bytes  # for "allow next line" comments
    encodings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.secret.decode("utf-8", "replace")
