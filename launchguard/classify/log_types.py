"""What the log analyzers report: one LogHit per log call that writes something it should not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# secret: a token/password/key value; auth-header: Authorization/Cookie or whole request
# headers; signature: a webhook signature header; payload: a whole request body or customer
# object; config: a whole settings/config object or the whole environment.
Leak = Literal["secret", "auth-header", "signature", "payload", "config"]


@dataclass(frozen=True, slots=True)
class LogHit:
    line: int  # 1-based line of the sink call
    column: int  # 1-based column (characters) of the sink call
    sink: str  # the call as written, without arguments: "logger.info", "print", "console.log"
    leak: Leak
    expression: str  # the leaking argument as written, at most 80 characters: "req.headers"
    detail: str  # why, in a few words: "secret-named value `token`", "env var STRIPE_KEY"
