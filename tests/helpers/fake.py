"""Fake but format-valid credentials, generated at test time (none is committed verbatim)."""

from __future__ import annotations

import base64
import json
import random
import string

from launchguard.filters.checksums import checksum_tail

ALNUM = string.ascii_letters + string.digits


def rand(n: int, charset: str = ALNUM, seed: int | None = None) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(charset) for _ in range(n))


def stripe_live(seed: int = 1) -> str:
    return "sk_" + "live_" + "51" + rand(30, seed=seed)


def github_classic(seed: int = 2, *, valid: bool = True) -> str:
    body = rand(30, seed=seed)
    tail = checksum_tail(body) if valid else rand(6, seed=seed + 1000)
    return "gh" + "p_" + body + tail


def aws_key_id(seed: int = 3) -> str:
    return "AK" + "IA" + rand(16, string.ascii_uppercase + "234567", seed=seed)


def jwt(payload: dict[str, object], seed: int = 4) -> str:
    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    signature = b64(random.Random(seed).randbytes(32))
    return f"{header}.{b64(json.dumps(payload).encode())}.{signature}"


def openai_project(seed: int = 5) -> str:
    return "sk-" + "proj-" + rand(20, seed=seed) + "T3Blbk" + "FJ" + rand(20, seed=seed + 1)


def pem_rsa_block(seed: int = 6) -> str:
    body = "\n".join(rand(64, ALNUM + "+/", seed=seed + i) for i in range(12))
    kind = "RSA PRIVATE" + " KEY"
    return f"-----BEGIN {kind}-----\nMIIEowIBAAKCAQEA{body}\n-----END {kind}-----\n"


def slack_bot(seed: int = 7) -> str:
    digits = string.digits
    return (
        "xo"
        + "xb-"
        + rand(12, digits, seed)
        + "-"
        + rand(13, digits, seed + 1)
        + "-"
        + rand(24, seed=seed + 2)
    )


def aws_secret(seed: int = 8) -> str:
    return rand(40, ALNUM + "+/", seed=seed)


# The head of a real PNG (signature, IHDR chunk): control bytes enough to be binary, as a whole
# image is. A few NUL bytes alone no longer make a file binary (text with stray NULs is text).
PNG_HEAD = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
)
