"""Deterministic corpus for the accuracy benchmark: planted fake credentials and hard negatives.

Every value is generated at run time from a fixed seed, so the same seed gives byte-identical
files. This file holds no credential-shaped literal: provider prefixes are split (``"sk_" +
"live_"``). ``generate(root)`` writes the corpus below ``root`` and returns the ground truth:
one label per labelled line, ``label`` "secret" (a planted credential) or "negative" (a hard
negative that must not raise an alarm above ``info``).

The formats follow each provider's public documentation. Private keys are real: RSA and P-256
keys are generated in pure Python from the seeded generator, so they are deterministic too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import random
import re
import string
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

SEED = 4711

UPPER, LOWER, DIGITS = string.ascii_uppercase, string.ascii_lowercase, string.digits
ALNUM = UPPER + LOWER + DIGITS
BASE62 = DIGITS + UPPER + LOWER
HEX = "0123456789abcdef"
URLSAFE = ALNUM + "-_"
B64 = ALNUM + "+/"
BASE32 = UPPER + "234567"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
PASSWORD_CHARS = ALNUM + "!@%^&*-_=+."
# Random values never contain these, so no scanner can dismiss a positive as a placeholder.
_AVOID = ("xxx", "example", "test", "fake", "dummy", "sample", "1234", "abcd", "0000", "aaaa")

POSITIVE_TYPES = (
    "env",
    "py",
    "js",
    "ts",
    "yaml",
    "compose",
    "k8s",
    "json",
    "tf",
    "dockerfile",
    "ipynb",
    "minjs",
)
CODE_TYPES = POSITIVE_TYPES[:-1]  # everything but minified bundles
SERVICES = ("api", "billing", "worker", "auth", "search", "gateway", "admin", "ingest", "reports")
PKGS = ("lodash", "react", "axios", "express", "chalk", "debug", "semver", "commander", "zod")
PKGS += ("dayjs", "clsx", "tslib", "uuid", "yargs", "dotenv", "ws", "cookie", "mime")
PYPKGS = ("requests", "urllib3", "certifi", "idna", "click", "pydantic", "httpx", "anyio", "attrs")

Gen = Callable[[random.Random], str]
Render = Callable[[random.Random, str, str, str], tuple[list[str], int, str]]
FormFn = Callable[[str, str], tuple[list[str], int]]


# ---------------------------------------------------------------- random values


def rand(rng: random.Random, n: int, alphabet: str) -> str:
    while True:
        value = "".join(rng.choice(alphabet) for _ in range(n))
        low = value.lower()
        if not any(word in low for word in _AVOID):
            return value


def hexs(rng: random.Random, n: int) -> str:
    return rand(rng, n, HEX)


def uuid4(rng: random.Random) -> str:
    h = hexs(rng, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def digest(rng: random.Random, algo: str) -> str:
    return hashlib.new(algo, rng.randbytes(64), usedforsecurity=False).hexdigest()


def sri_hash(rng: random.Random, algo: str) -> str:
    size = {"sha256": 32, "sha384": 48, "sha512": 64}[algo]
    return f"{algo}-{base64.b64encode(rng.randbytes(size)).decode()}"


def _base62(n: int, width: int = 6) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = BASE62[r] + out
    return out.rjust(width, "0")


def crc_token(rng: random.Random, prefix: str) -> str:
    """GitHub / npm style: 30 random base62 characters, then base62(CRC32) in 6 characters."""
    body = rand(rng, 30, ALNUM)
    return prefix + body + _base62(zlib.crc32(body.encode()))


def jwt(payload: dict[str, object], key: bytes) -> str:
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = b64url(json.dumps(payload, separators=(",", ":")).encode())
    sig = hmac.new(key, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64url(sig)}"


def supabase_jwt(rng: random.Random, role: str) -> str:
    iat = rng.randint(1_650_000_000, 1_720_000_000)
    claims = {"iss": "supabase", "ref": rand(rng, 20, LOWER), "role": role, "iat": iat}
    claims["exp"] = iat + 315_360_000
    return jwt(claims, rng.randbytes(32))


def jwt_io_example() -> str:
    """The token on jwt.io's front page, rebuilt from its documented header, claims and key."""
    claims: dict[str, object] = {"sub": "1234567890", "name": "John Doe", "iat": 1516239022}
    return jwt(claims, b"your-256-" + b"bit-secret")


def mapbox(rng: random.Random, kind: str) -> str:
    user = rng.choice(("acme", "geo-team", "fleetops", "maps-prod"))
    claims = json.dumps(
        {"u": user, "a": "cl" + rand(rng, 23, LOWER + DIGITS)}, separators=(",", ":")
    )
    return f"{kind}.{b64url(claims.encode())}.{rand(rng, 22, URLSAFE)}"


def password(rng: random.Random) -> str:
    while True:
        value = rand(rng, rng.randint(16, 24), PASSWORD_CHARS)
        classes = (UPPER, LOWER, DIGITS, "!@%^&*-_=+.")
        if value[0].isalnum() and all(any(c in cls for c in value) for cls in classes):
            return value


def url_password(rng: random.Random) -> str:
    value = rand(rng, rng.randint(14, 24), ALNUM + "-_.~")
    if rng.random() < 0.3:
        cut = rng.randint(2, len(value) - 2)
        value = value[:cut] + rng.choice(("%21", "%40", "%23", "%24")) + value[cut:]
    return value


def _user(rng: random.Random) -> str:
    return rng.choice(
        ("app", "svc_api", "billing", "deploy", "admin", "etl", "ci-bot", "reporting")
    )


def db_url(rng: random.Random, scheme: str) -> str:
    user, pw, db = _user(rng), url_password(rng), rng.choice(("orders", "core", "app", "analytics"))
    region = rng.choice(("eu-west-1", "us-east-1", "ap-south-1"))
    rds = f"prod-{rand(rng, 6, LOWER)}.c{rand(rng, 10, LOWER + DIGITS)}.{region}.rds.amazonaws.com"
    if scheme == "mongodb":
        host = f"cluster0.{rand(rng, 5, LOWER + DIGITS)}.mongodb.net"
        return f"mongodb+srv://{user}:{pw}@{host}/{db}?retryWrites=true&w=majority"
    if scheme == "redis":
        cloud = f"c{rng.randint(1, 300)}.{region}-1.ec2.cloud.rlrcp.com"
        host = f"redis-{rng.randint(10000, 19999)}.{cloud}"
        return (
            f"{rng.choice(('redis', 'rediss'))}://default:{pw}@{host}:{rng.randint(10000, 19999)}"
        )
    if scheme == "amqp":
        host = f"rabbitmq.{rng.choice(SERVICES)}.svc.cluster.local"
        return f"amqp://{user}:{pw}@{host}:5672/{rng.choice(('prod', 'jobs', '%2F'))}"
    port = 3306 if scheme == "mysql" else 5432
    return f"{scheme}://{user}:{pw}@{rds}:{port}/{db}"


def basic_auth_url(rng: random.Random) -> str:
    host = rng.choice(
        ("registry.acme-internal.net", "jenkins.acme-ci.io", "grafana.acme-ops.com", "git.acme.dev")
    )
    path = rng.choice(("v2/", "api/json", "api/health", "acme/platform.git", "repository/npm/"))
    return f"https://{_user(rng)}:{url_password(rng)}@{host}/{path}"


# ---------------------------------------------------------------- real private keys


_SMALL_PRIMES = [p for p in range(3, 3000, 2) if all(p % d for d in range(3, math.isqrt(p) + 1, 2))]
_PRIMORIAL = math.prod(_SMALL_PRIMES)


def _probable_prime(n: int, rng: random.Random) -> bool:
    if math.gcd(n, _PRIMORIAL) != 1:
        return False
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(12):
        x = pow(rng.randrange(2, n - 2), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(rng: random.Random, bits: int) -> int:
    n = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
    while not _probable_prime(n, rng):
        n += 2
    return n


def _tlv(tag: int, body: bytes) -> bytes:
    size = len(body)
    if size < 128:
        return bytes([tag, size]) + body
    raw = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(raw)]) + raw + body


def _der_int(v: int) -> bytes:
    return _tlv(0x02, v.to_bytes(v.bit_length() // 8 + 1, "big"))


def rsa_pkcs1(rng: random.Random, bits: int = 2048) -> bytes:
    e = 65537
    while True:
        p, q = _prime(rng, bits // 2), _prime(rng, bits // 2)
        phi = (p - 1) * (q - 1)
        if p != q and math.gcd(e, phi) == 1:
            break
    d = pow(e, -1, phi)
    fields = (0, p * q, e, d, p, q, d % (p - 1), d % (q - 1), pow(q, -1, p))
    return _tlv(0x30, b"".join(_der_int(f) for f in fields))


def pkcs8(pkcs1: bytes) -> bytes:
    algo = _tlv(0x30, _tlv(0x06, bytes.fromhex("2a864886f70d010101")) + b"\x05\x00")
    return _tlv(0x30, _der_int(0) + algo + _tlv(0x04, pkcs1))


# NIST P-256 (public curve parameters)
_P = 2**256 - 2**224 + 2**192 + 2**96 - 1
_N = int("ffffffff00000000ffffffffffffffff" + "bce6faada7179e84f3b9cac2fc632551", 16)
_G = (
    int("6b17d1f2e12c4247f8bce6e563a440f2" + "77037d812deb33a0f4a13945d898c296", 16),
    int("4fe342e2fe1a7f9b8ee7eb4a7c0f9e16" + "2bce33576b315ececbb6406837bf51f5", 16),
)
Point = tuple[int, int] | None


def _ec_add(a: Point, b: Point) -> Point:
    if a is None:
        return b
    if b is None:
        return a
    (x1, y1), (x2, y2) = a, b
    if x1 == x2 and (y1 + y2) % _P == 0:
        return None
    if a == b:
        lam = (3 * x1 * x1 - 3) * pow(2 * y1, -1, _P) % _P
    else:
        lam = (y2 - y1) * pow(x2 - x1, -1, _P) % _P
    x3 = (lam * lam - x1 - x2) % _P
    return x3, (lam * (x1 - x3) - y1) % _P


def p256_key(rng: random.Random) -> tuple[int, bytes]:
    d = rng.randrange(1, _N)
    acc: Point = None
    point: Point = _G
    k = d
    while k:
        if k & 1:
            acc = _ec_add(acc, point)
        point = _ec_add(point, point)
        k >>= 1
    if acc is None:
        raise ValueError("point at infinity")
    return d, b"\x04" + acc[0].to_bytes(32, "big") + acc[1].to_bytes(32, "big")


def ec_sec1(rng: random.Random) -> bytes:
    d, pub = p256_key(rng)
    curve = _tlv(0xA0, _tlv(0x06, bytes.fromhex("2a8648ce3d030107")))
    body = _der_int(1) + _tlv(0x04, d.to_bytes(32, "big")) + curve
    return _tlv(0x30, body + _tlv(0xA1, _tlv(0x03, b"\x00" + pub)))


def _ssh_str(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def openssh_ecdsa(rng: random.Random) -> bytes:
    d, pub = p256_key(rng)
    algo = b"ecdsa-sha2-nistp256"
    blob = _ssh_str(algo) + _ssh_str(b"nistp256") + _ssh_str(pub)
    check = rng.getrandbits(32).to_bytes(4, "big")
    comment = f"{_user(rng)}@{rng.choice(SERVICES)}-prod".encode()
    priv = check + check + blob + _ssh_str(d.to_bytes(d.bit_length() // 8 + 1, "big"))
    priv += _ssh_str(comment)
    priv += bytes(range(1, 8 - len(priv) % 8 + 1)) if len(priv) % 8 else b""
    head = b"openssh-key-v1\x00" + _ssh_str(b"none") + _ssh_str(b"none") + _ssh_str(b"")
    return head + (1).to_bytes(4, "big") + _ssh_str(blob) + _ssh_str(priv)


def pem(label: str, der: bytes, width: int = 64) -> str:
    body = base64.b64encode(der).decode()
    lines = [body[i : i + width] for i in range(0, len(body), width)]
    dashes = "-" * 5
    return "\n".join([f"{dashes}BEGIN {label}{dashes}", *lines, f"{dashes}END {label}{dashes}"])


_PK = "PRIVATE" + " KEY"


def pem_key(rng: random.Random, kind: str) -> str:
    if kind == "rsa":
        return pem("RSA " + _PK, rsa_pkcs1(rng))
    if kind == "ec":
        return pem("EC " + _PK, ec_sec1(rng))
    if kind == "openssh":
        return pem("OPENSSH " + _PK, openssh_ecdsa(rng), width=70)
    return pem(_PK, pkcs8(rsa_pkcs1(rng)))


def _bech32_polymod(values: Iterable[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def bech32(hrp: str, data: bytes) -> str:
    acc, bits, groups = 0, 0, []
    for byte in data:
        acc, bits = (acc << 8) | byte, bits + 8
        while bits >= 5:
            bits -= 5
            groups.append((acc >> bits) & 31)
    if bits:
        groups.append((acc << (5 - bits)) & 31)
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    poly = _bech32_polymod([*expanded, *groups, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(poly >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32[g] for g in groups + checksum)


def gcp_service_account(rng: random.Random) -> str:
    project = (
        f"{rng.choice(('acme', 'shop', 'data'))}-{rng.choice(SERVICES)}-{rng.randint(100, 999)}"
    )
    name = rng.choice(("terraform", "ci-deployer", "bigquery-etl", "storage-uploader"))
    email = f"{name}@{project}.iam.gserviceaccount.com"
    info = {
        "type": "service_account",
        "project_id": project,
        "private_key_id": hexs(rng, 40),
        "private_key": pem_key(rng, "pkcs8") + "\n",
        "client_email": email,
        "client_id": str(rng.randint(10**20, 10**21 - 1)),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/"
        + email.replace("@", "%40"),
        "universe_domain": "googleapis.com",
    }
    return json.dumps(info, separators=(",", ":"))


def sentry_org_token(rng: random.Random) -> str:
    claims = {
        "iat": round(1_690_000_000 + rng.random() * 3e7, 6),
        "url": "https://sentry.io",
        "region_url": "https://us.sentry.io",
        "org": rng.choice(("acme", "acme-shop", "platform")),
    }
    body = b64(json.dumps(claims, separators=(",", ":"))).rstrip("=")
    return "sntry" + "s_" + body + "_" + b64(hexs(rng, 32)).rstrip("=")


def onepassword_token(rng: random.Random) -> str:
    seg = [rand(rng, 6, UPPER + DIGITS)] + [rand(rng, 5, UPPER + DIGITS) for _ in range(5)]
    claims = {
        "signInAddress": "my.1password.com",
        "userAuth": {"method": "SRPg-4096", "alg": "PBES2g-HS256", "iterations": 650000},
        "email": f"{rand(rng, 13, LOWER + DIGITS)}@1passwordserviceaccounts.com",
        "srpX": hexs(rng, 64),
        "muk": {"alg": "A256GCM", "ext": True, "k": rand(rng, 43, URLSAFE), "kty": "oct"},
        "secretKey": "A3-" + "-".join(seg),
        "throttleSecret": {"seed": hexs(rng, 64), "uuid": rand(rng, 26, UPPER + DIGITS)},
        "deviceUuid": rand(rng, 26, LOWER + DIGITS),
    }
    return "op" + "s_" + b64url(json.dumps(claims, separators=(",", ":")).encode())


def stripe_like(rng: random.Random, prefix: str) -> str:
    return prefix + rand(rng, rng.choice((24, 34, 99, rng.randint(24, 99))), ALNUM)


def pcsk(rng: random.Random) -> str:
    return "pc" + "sk_" + rand(rng, 5, ALNUM) + "_" + rand(rng, 63, ALNUM)


def discord_bot(rng: random.Random) -> str:
    snowflake = str(rng.randint(10**17, 10**18 - 1))
    return f"{b64(snowflake)}.{rand(rng, 6, URLSAFE)}.{rand(rng, 38, URLSAFE)}"


def image_data_uri(rng: random.Random) -> str:
    kind = rng.choice(("png", "gif", "svg", "woff2"))
    if kind == "svg":
        points = " ".join(f"{rng.randint(0, 24)},{rng.randint(0, 24)}" for _ in range(30))
        svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
        svg += f'<path d="M{points}"/></svg>'
        return "data:image/svg+xml;base64," + b64(svg)
    magic = {"png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "gif": b"GIF89a", "woff2": b"wOF2"}[
        kind
    ]
    mime = {"png": "image/png", "gif": "image/gif", "woff2": "font/woff2"}[kind]
    raw = magic + rng.randbytes(rng.randint(60, 2400))
    return f"data:{mime};base64,{base64.b64encode(raw).decode()}"


# ---------------------------------------------------------------- what gets planted


@dataclass(frozen=True)
class Spec:
    label: str  # "secret" | "negative"
    provider: str  # positives: the provider; negatives: what the value is
    category: str  # negatives only: the negative category
    names: tuple[str, ...]  # context variable names
    gen: Gen
    types: tuple[str, ...] = POSITIVE_TYPES
    count: int = 7
    self_id: bool = True  # recognisable without a variable name (enables call-style contexts)
    render: Render | None = None
    companion: Callable[[random.Random], tuple[str, str, str]] | None = None


@dataclass(frozen=True)
class Plant:
    spec: Spec
    var: str
    value: str
    ftype: str
    companion: tuple[str, str, str] | None  # (var, value, provider; "" = unlabelled)


@dataclass(frozen=True)
class Mark:
    offset: int
    label: str
    provider: str
    category: str
    context: str
    value: str


@dataclass
class Block:
    lines: list[str]
    marks: list[Mark]


def _pos(provider: str, names: str, gen: Gen, **kw: object) -> Spec:
    return Spec("secret", provider, "", tuple(names.split()), gen, **kw)


def _neg(category: str, kind: str, names: str, gen: Gen, **kw: object) -> Spec:
    """A negative keeps its variable name: "checksum" is what makes a hex string harmless."""
    kw.setdefault("self_id", False)
    return Spec("negative", kind, category, tuple(names.split()), gen, **kw)


def _aws_id(rng: random.Random) -> str:
    return "AK" + "IA" + rand(rng, 16, BASE32)


def positive_specs() -> list[Spec]:
    r = rand
    ctx = {"self_id": False}
    return [
        _pos("aws-access-key-id", "AWS_ACCESS_KEY_ID", _aws_id),
        _pos(
            "aws-secret-access-key",
            "AWS_SECRET_ACCESS_KEY",
            lambda g: r(g, 40, B64),
            self_id=False,
            companion=lambda g: ("AWS_ACCESS_KEY_ID", _aws_id(g), "aws-access-key-id"),
        ),
        _pos("gcp-service-account", "GOOGLE_CREDENTIALS", gcp_service_account, render=render_gcp),
        _pos(
            "gcp-api-key", "GOOGLE_API_KEY GCP_API_KEY", lambda g: "AI" + "za" + r(g, 35, URLSAFE)
        ),
        _pos(
            "azure-storage-connection-string",
            "AZURE_STORAGE_CONNECTION_STRING",
            lambda g: (
                "DefaultEndpointsProtocol=https;AccountName="
                + r(g, 12, LOWER + DIGITS)
                + ";Account"
                + "Key="
                + base64.b64encode(g.randbytes(64)).decode()
                + ";EndpointSuffix=core.windows.net"
            ),
        ),
        _pos(
            "azure-ad-client-secret",
            "AZURE_CLIENT_SECRET",
            lambda g: r(g, 3, ALNUM) + "8Q" + "~" + r(g, 34, ALNUM + "_~.-"),
            **ctx,
        ),
        _pos("github-pat", "GITHUB_TOKEN GH_TOKEN", lambda g: crc_token(g, "gh" + "p_")),
        _pos(
            "github-fine-grained-pat",
            "GITHUB_TOKEN GITHUB_PAT",
            lambda g: "github" + "_pat_11" + r(g, 20, UPPER + DIGITS) + "_" + r(g, 59, ALNUM),
        ),
        _pos("github-oauth", "GITHUB_OAUTH_TOKEN", lambda g: crc_token(g, "gh" + "o_")),
        _pos("github-user-to-server", "GITHUB_USER_TOKEN", lambda g: crc_token(g, "gh" + "u_")),
        _pos("github-server-to-server", "GITHUB_APP_TOKEN", lambda g: crc_token(g, "gh" + "s_")),
        _pos("github-refresh", "GITHUB_REFRESH_TOKEN", lambda g: crc_token(g, "gh" + "r_")),
        _pos("gitlab-pat", "GITLAB_TOKEN CI_JOB_PAT", lambda g: "glp" + "at-" + r(g, 20, URLSAFE)),
        _pos(
            "slack-bot-token",
            "SLACK_BOT_TOKEN",
            lambda g: (
                f"xox{'b'}-{g.randint(10**10, 10**13)}-{g.randint(10**10, 10**13)}-"
                + r(g, 24, ALNUM)
            ),
        ),
        _pos(
            "slack-user-token",
            "SLACK_USER_TOKEN",
            lambda g: (
                f"xox{'p'}-{g.randint(10**10, 10**13)}-{g.randint(10**10, 10**13)}-"
                + f"{g.randint(10**10, 10**13)}-{hexs(g, 32)}"
            ),
        ),
        _pos(
            "slack-webhook",
            "SLACK_WEBHOOK_URL",
            lambda g: (
                "https://hooks.slack.com/" + "services/T" + r(g, 8, UPPER + DIGITS) + "/B"
                f"{r(g, 10, UPPER + DIGITS)}/{r(g, 24, ALNUM)}"
            ),
        ),
        _pos("stripe-secret-key", "STRIPE_SECRET_KEY", lambda g: stripe_like(g, "sk_" + "live_")),
        _pos("stripe-restricted-key", "STRIPE_API_KEY", lambda g: stripe_like(g, "rk_" + "live_")),
        _pos(
            "stripe-webhook-secret",
            "STRIPE_WEBHOOK_SECRET",
            lambda g: "wh" + "sec_" + r(g, 32, ALNUM),
        ),
        _pos(
            "twilio-auth-token",
            "TWILIO_AUTH_TOKEN",
            lambda g: hexs(g, 32),
            companion=lambda g: ("TWILIO_ACCOUNT_SID", "A" + "C" + hexs(g, 32), ""),
            **ctx,
        ),
        _pos("twilio-api-key", "TWILIO_API_KEY", lambda g: "S" + "K" + hexs(g, 32), **ctx),
        _pos(
            "sendgrid",
            "SENDGRID_API_KEY",
            lambda g: "S" + "G." + r(g, 22, URLSAFE) + "." + r(g, 43, URLSAFE),
        ),
        _pos("mailgun", "MAILGUN_API_KEY", lambda g: "ke" + "y-" + hexs(g, 32), **ctx),
        _pos(
            "mailchimp",
            "MAILCHIMP_API_KEY",
            lambda g: hexs(g, 32) + f"-us{g.randint(1, 21)}",
            **ctx,
        ),
        _pos("postmark", "POSTMARK_SERVER_TOKEN", uuid4, **ctx),
        _pos(
            "openai-project-key",
            "OPENAI_API_KEY",
            lambda g: (
                lambda n: "sk-" + "proj-" + r(g, n, URLSAFE) + "T3Blbk" + "FJ" + r(g, n, URLSAFE)
            )(g.choice((58, 74))),
        ),
        _pos(
            "openai-legacy-key",
            "OPENAI_API_KEY",
            lambda g: "sk-" + r(g, 20, ALNUM) + "T3Blbk" + "FJ" + r(g, 20, ALNUM),
        ),
        _pos(
            "anthropic",
            "ANTHROPIC_API_KEY",
            lambda g: "sk-" + "ant-api03-" + r(g, 93, URLSAFE) + "AA",
        ),
        _pos("gemini", "GEMINI_API_KEY", lambda g: "AI" + "za" + r(g, 35, URLSAFE), **ctx),
        _pos(
            "huggingface",
            "HF_TOKEN HUGGINGFACE_TOKEN",
            lambda g: "h" + "f_" + r(g, 34, UPPER + LOWER),
        ),
        _pos("cohere", "COHERE_API_KEY", lambda g: r(g, 40, ALNUM), **ctx),
        _pos("replicate", "REPLICATE_API_TOKEN", lambda g: "r8" + "_" + r(g, 37, ALNUM)),
        _pos("groq", "GROQ_API_KEY", lambda g: "gs" + "k_" + r(g, 52, ALNUM)),
        _pos("mistral", "MISTRAL_API_KEY", lambda g: r(g, 32, ALNUM), **ctx),
        _pos(
            "supabase-service-role",
            "SUPABASE_SERVICE_ROLE_KEY",
            lambda g: supabase_jwt(g, "service_role"),
            **ctx,
        ),
        _pos(
            "firebase-fcm-server-key",
            "FCM_SERVER_KEY",
            lambda g: "AAAA" + r(g, 7, URLSAFE) + ":APA9" + "1b" + r(g, 134, URLSAFE),
        ),
        _pos("clerk", "CLERK_SECRET_KEY", lambda g: "sk_" + "live_" + r(g, 46, ALNUM), **ctx),
        _pos("auth0-client-secret", "AUTH0_CLIENT_SECRET", lambda g: r(g, 64, URLSAFE), **ctx),
        _pos("okta", "OKTA_API_TOKEN", lambda g: "00" + r(g, 40, URLSAFE), **ctx),
        _pos("shopify", "SHOPIFY_ACCESS_TOKEN", lambda g: "shp" + "at_" + hexs(g, 32)),
        _pos("square", "SQUARE_ACCESS_TOKEN", lambda g: "EA" + "AA" + r(g, 60, URLSAFE)),
        _pos(
            "braintree",
            "BRAINTREE_ACCESS_TOKEN",
            lambda g: (
                "access_token$" + "production$" + r(g, 16, LOWER + DIGITS) + "$" + hexs(g, 32)
            ),
        ),
        _pos("plaid", "PLAID_SECRET", lambda g: hexs(g, 30), **ctx),
        _pos("heroku", "HEROKU_API_KEY", uuid4, **ctx),
        _pos("digitalocean", "DIGITALOCEAN_TOKEN", lambda g: "dop" + "_v1_" + hexs(g, 64)),
        _pos("vercel", "VERCEL_TOKEN", lambda g: r(g, 24, ALNUM), **ctx),
        _pos("netlify", "NETLIFY_AUTH_TOKEN", lambda g: "nf" + "p_" + r(g, 40, ALNUM)),
        _pos("flyio", "FLY_API_TOKEN", lambda g: "fo" + "1_" + r(g, 43, URLSAFE)),
        _pos("cloudflare", "CLOUDFLARE_API_TOKEN", lambda g: r(g, 40, URLSAFE), **ctx),
        _pos("datadog", "DD_API_KEY", lambda g: hexs(g, 32), **ctx),
        _pos("newrelic", "NEW_RELIC_API_KEY", lambda g: "NR" + "AK-" + r(g, 27, UPPER + DIGITS)),
        _pos("sentry-org-token", "SENTRY_AUTH_TOKEN", sentry_org_token),
        _pos("pagerduty", "PAGERDUTY_TOKEN", lambda g: r(g, 20, URLSAFE + "+"), **ctx),
        _pos("npm", "NPM_TOKEN", lambda g: crc_token(g, "np" + "m_")),
        _pos(
            "pypi",
            "PYPI_TOKEN TWINE_PASSWORD",
            lambda g: "pyp" + "i-AgEIcHlwaS5vcmc" + r(g, g.randint(60, 160), URLSAFE),
        ),
        _pos("rubygems", "GEM_HOST_API_KEY", lambda g: "ruby" + "gems_" + hexs(g, 48)),
        _pos("dockerhub", "DOCKERHUB_TOKEN", lambda g: "dck" + "r_pat_" + r(g, 27, URLSAFE)),
        _pos("vault", "VAULT_TOKEN", lambda g: "hv" + "s." + r(g, g.randint(90, 100), URLSAFE)),
        _pos(
            "terraform-cloud",
            "TFE_TOKEN TF_TOKEN_app_terraform_io",
            lambda g: r(g, 14, ALNUM) + ".atlas" + "v1." + r(g, 67, URLSAFE),
        ),
        _pos("doppler", "DOPPLER_TOKEN", lambda g: "dp" + ".pt." + r(g, 43, ALNUM)),
        _pos("1password", "OP_SERVICE_ACCOUNT_TOKEN", onepassword_token),
        _pos("linear", "LINEAR_API_KEY", lambda g: "lin" + "_api_" + r(g, 40, ALNUM)),
        _pos(
            "notion",
            "NOTION_TOKEN",
            lambda g: "nt" + "n_" + str(g.randint(10**10, 10**11 - 1)) + r(g, 35, ALNUM),
        ),
        _pos("notion-legacy", "NOTION_API_KEY", lambda g: "sec" + "ret_" + r(g, 43, ALNUM), **ctx),
        _pos(
            "airtable",
            "AIRTABLE_TOKEN AIRTABLE_API_KEY",
            lambda g: "pa" + "t" + r(g, 14, ALNUM) + "." + hexs(g, 64),
        ),
        _pos(
            "atlassian",
            "JIRA_API_TOKEN ATLASSIAN_API_TOKEN",
            lambda g: (
                "ATA" + "TT3xFfGF0" + r(g, 170, URLSAFE) + "=" + rand(g, 8, "0123456789ABCDEF")
            ),
        ),
        _pos("discord-bot-token", "DISCORD_BOT_TOKEN", discord_bot, **ctx),
        _pos(
            "discord-webhook",
            "DISCORD_WEBHOOK_URL",
            lambda g: (
                "https://discord.com/api/"
                + f"webhooks/{g.randint(10**17, 10**19 - 1)}/"
                + r(g, 68, URLSAFE)
            ),
        ),
        _pos(
            "telegram-bot-token",
            "TELEGRAM_BOT_TOKEN",
            lambda g: f"{g.randint(10**8, 10**10 - 1)}:A" + "A" + r(g, 33, URLSAFE),
            **ctx,
        ),
        _pos("mapbox-secret-token", "MAPBOX_SECRET_TOKEN", lambda g: mapbox(g, "s" + "k")),
        _pos("algolia-admin-key", "ALGOLIA_ADMIN_KEY", lambda g: hexs(g, 32), **ctx),
        _pos("pinecone", "PINECONE_API_KEY", pcsk),
        _pos(
            "contentful", "CONTENTFUL_MANAGEMENT_TOKEN", lambda g: "CF" + "PAT-" + r(g, 43, URLSAFE)
        ),
        _pos(
            "hubspot",
            "HUBSPOT_ACCESS_TOKEN",
            lambda g: "pa" + f"t-{g.choice(('na1', 'eu1'))}-" + uuid4(g),
        ),
        _pos(
            "pem-rsa",
            "SSH_PRIVATE_KEY RSA_PRIVATE_KEY",
            lambda g: pem_key(g, "rsa"),
            render=render_pem,
        ),
        _pos(
            "pem-ec",
            "EC_PRIVATE_KEY JWT_SIGNING_KEY",
            lambda g: pem_key(g, "ec"),
            render=render_pem,
        ),
        _pos("pem-openssh", "DEPLOY_SSH_KEY", lambda g: pem_key(g, "openssh"), render=render_pem),
        _pos("pem-pkcs8", "PRIVATE_KEY TLS_KEY", lambda g: pem_key(g, "pkcs8"), render=render_pem),
        _pos(
            "age-secret-key",
            "SOPS_AGE_KEY",
            lambda g: bech32("age-secret-" + "key-", g.randbytes(32)).upper(),
        ),
        _pos(
            "postgres-url",
            "DATABASE_URL",
            lambda g: db_url(g, g.choice(("postgres", "postgresql"))),
        ),
        _pos("mysql-url", "MYSQL_URL DATABASE_URL", lambda g: db_url(g, "mysql")),
        _pos("mongodb-url", "MONGODB_URI MONGO_URL", lambda g: db_url(g, "mongodb")),
        _pos("redis-url", "REDIS_URL", lambda g: db_url(g, "redis")),
        _pos("amqp-url", "CELERY_BROKER_URL RABBITMQ_URL", lambda g: db_url(g, "amqp")),
        _pos("basic-auth-url", "REGISTRY_URL JENKINS_URL GIT_REMOTE", basic_auth_url),
        _pos(
            "generic-password",
            "DB_PASSWORD ADMIN_PASSWORD SMTP_PASSWORD REDIS_PASSWORD",
            password,
            **ctx,
        ),
        _pos(
            "generic-secret",
            "API_SECRET JWT_SECRET SESSION_SECRET CLIENT_SECRET SECRET_KEY",
            password,
            **ctx,
        ),
    ]


SECRETISH = (
    "STRIPE_SECRET_KEY GITHUB_TOKEN OPENAI_API_KEY DB_PASSWORD AWS_SECRET_ACCESS_KEY "
    "SLACK_BOT_TOKEN API_KEY JWT_SECRET SENDGRID_API_KEY ANTHROPIC_API_KEY CLIENT_SECRET"
)
WEB_TYPES = ("env", "js", "ts", "minjs", "json")
PLAIN_NEG_TYPES = CODE_TYPES


def _pick(options: str) -> Gen:
    choices = options.split("|")
    return lambda g: g.choice(choices)


def negative_specs() -> list[Spec]:
    aws_id, aws_secret = (
        "AK" + "IAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY",
    )
    aws_id2, aws_secret2 = (
        "AK" + "IAI44QH8DHBEXAMPLE",
        "je7MtGbClwBF/2Zp9Utk/" + "h3yCo8nvbEXAMPLEKEY",
    )
    ph = "placeholder"
    yamlish = ("yaml", "k8s")
    shellish = ("env", "compose", "yaml", "dockerfile", "json")
    return [
        _neg(
            ph,
            "xxxx",
            SECRETISH,
            lambda g: g.choice("xX") * g.randint(16, 40),
            types=CODE_TYPES,
            count=8,
        ),
        _neg(
            ph,
            "angle-bracket",
            SECRETISH,
            _pick("<your-token>|<YOUR_API_KEY>|<insert-secret-here>"),
            types=CODE_TYPES,
        ),
        _neg(
            ph,
            "shell-variable",
            SECRETISH,
            _pick("${STRIPE_KEY}|${API_TOKEN}|$SECRET_KEY|${DB_PASS}"),
            types=shellish,
        ),
        _neg(
            ph,
            "helm-template",
            SECRETISH,
            _pick("{{ .Values.apiKey }}|{{ .Values.secrets.token }}|{{ .Values.db.password }}"),
            types=yamlish,
            count=6,
        ),
        _neg(
            ph,
            "changeme",
            SECRETISH,
            _pick("changeme|change-me|CHANGE_ME|changeit"),
            types=CODE_TYPES,
        ),
        _neg(
            ph,
            "your-key-here",
            SECRETISH,
            _pick("your_api_key_here|your-secret-here|YOUR_TOKEN_HERE|insert_your_key_here"),
            types=CODE_TYPES,
        ),
        _neg(
            ph,
            "prefix-ellipsis",
            "STRIPE_SECRET_KEY",
            lambda g: "sk_" + "live_...",
            types=CODE_TYPES,
            count=4,
        ),
        _neg(
            ph,
            "prefix-ellipsis",
            "GITHUB_TOKEN",
            lambda g: "gh" + "p_...",
            types=CODE_TYPES,
            count=4,
        ),
        _neg(
            ph,
            "prefix-ellipsis",
            "OPENAI_API_KEY",
            lambda g: "sk-" + "proj-...",
            types=CODE_TYPES,
            count=4,
        ),
        _neg(
            ph,
            "prefix-xxx",
            "STRIPE_SECRET_KEY",
            lambda g: "sk_" + "live_" + "x" * 24,
            types=CODE_TYPES,
            count=4,
        ),
        _neg(
            ph,
            "prefix-xxx",
            "GITHUB_TOKEN",
            lambda g: "gh" + "p_" + "x" * 36,
            types=CODE_TYPES,
            count=4,
        ),
        _neg(
            ph,
            "prefix-xxx",
            "AWS_ACCESS_KEY_ID",
            lambda g: "AK" + "IA" + "X" * 16,
            types=CODE_TYPES,
            count=4,
        ),
        _neg(
            ph,
            "redacted",
            SECRETISH,
            _pick("********|[REDACTED]|REDACTED|<redacted>"),
            types=CODE_TYPES,
            count=6,
        ),
        _neg(
            ph, "todo", SECRETISH, _pick("TODO|REPLACE_ME|FIXME|set-me"), types=CODE_TYPES, count=6
        ),
        _neg(
            ph,
            "env-reference",
            SECRETISH,
            lambda g: "",
            types=CODE_TYPES,
            count=24,
            render=render_envref,
        ),
        _neg(
            "example-key",
            "aws-docs-access-key-id",
            "AWS_ACCESS_KEY_ID",
            lambda g: aws_id,
            types=CODE_TYPES,
            count=10,
        ),
        _neg(
            "example-key",
            "aws-docs-secret-key",
            "AWS_SECRET_ACCESS_KEY",
            lambda g: aws_secret,
            types=CODE_TYPES,
            count=10,
            companion=lambda g: ("AWS_ACCESS_KEY_ID", aws_id, "aws-docs-access-key-id"),
        ),
        _neg(
            "example-key",
            "aws-docs-secret-key-2",
            "AWS_SECRET_ACCESS_KEY",
            lambda g: aws_secret2,
            types=CODE_TYPES,
            count=6,
            companion=lambda g: ("AWS_ACCESS_KEY_ID", aws_id2, "aws-docs-access-key-id-2"),
        ),
        _neg(
            "example-key",
            "jwt-io-example",
            "JWT ACCESS_TOKEN AUTH_TOKEN",
            lambda g: jwt_io_example(),
            types=CODE_TYPES,
            count=6,
        ),
        _neg(
            "hash-digest",
            "md5",
            "CHECKSUM MD5SUM FILE_HASH ETAG CONTENT_MD5",
            lambda g: digest(g, "md5"),
            types=CODE_TYPES,
            count=14,
        ),
        _neg(
            "hash-digest",
            "sha1",
            "SHA1_DIGEST ASSET_HASH OBJECT_HASH CACHE_KEY",
            lambda g: digest(g, "sha1"),
            types=CODE_TYPES,
            count=14,
        ),
        _neg(
            "hash-digest",
            "sha256",
            "SHA256 ARCHIVE_SHA256 CONTENT_HASH INTEGRITY_HASH IMAGE_DIGEST CHECKSUM_SHA256",
            lambda g: digest(g, "sha256"),
            types=CODE_TYPES,
            count=24,
        ),
        _neg(
            "hash-digest",
            "dockerfile-sha256sum",
            "SHA256",
            lambda g: digest(g, "sha256"),
            types=("dockerfile",),
            count=4,
            render=render_raw,
        ),
        _neg(
            "hash-digest",
            "tf-source-code-hash",
            "SOURCE_CODE_HASH",
            lambda g: base64.b64encode(g.randbytes(32)).decode(),
            types=("tf",),
            count=4,
            render=render_raw,
        ),
        _neg(
            "git-sha",
            "commit-sha",
            "GIT_COMMIT GIT_SHA BUILD_SHA COMMIT REVISION GIT_HEAD SOURCE_VERSION "
            "VERCEL_GIT_COMMIT_SHA",
            lambda g: digest(g, "sha1"),
            types=CODE_TYPES,
            count=26,
        ),
        _neg(
            "git-sha",
            "actions-pinned-sha",
            "SHA",
            lambda g: digest(g, "sha1"),
            types=("workflow",),
            count=8,
            render=render_raw,
        ),
        _neg(
            "git-sha",
            "pre-commit-rev",
            "SHA",
            lambda g: digest(g, "sha1"),
            types=("precommit",),
            count=8,
            render=render_raw,
        ),
        _neg(
            "uuid",
            "uuid",
            "REQUEST_ID USER_ID TENANT_ID CORRELATION_ID TRACE_ID ORDER_ID WORKSPACE_ID "
            "INSTALLATION_ID DEVICE_ID PROJECT_ID",
            uuid4,
            types=CODE_TYPES,
            count=50,
        ),
        *_lockfile_specs(),
        _neg(
            "sri",
            "subresource-integrity",
            "SRI",
            lambda g: sri_hash(g, g.choice(("sha256", "sha384", "sha512"))),
            types=("html",),
            count=30,
            render=render_raw,
        ),
        _neg(
            "data-uri",
            "base64-data-uri",
            "ICON",
            image_data_uri,
            types=("css", "html", "js", "ts", "minjs"),
            count=36,
            render=render_data_uri,
        ),
        _neg(
            "css-chunk-hash",
            "css-class-or-chunk-hash",
            "CHUNK",
            lambda g: "",
            types=("css", "html", "js", "ts", "json", "minjs"),
            count=45,
            render=render_chunk,
        ),
        *_public_specs(),
    ]


def _lockfile_specs() -> list[Spec]:
    def npm(g: random.Random) -> str:
        return sri_hash(g, "sha512")

    def hex64(g: random.Random) -> str:
        return digest(g, "sha256")

    def h1(g: random.Random) -> str:
        return "h1:" + base64.b64encode(g.randbytes(32)).decode()

    table = (
        ("package-lock", npm, 12),
        ("yarn-lock", npm, 10),
        ("pnpm-lock", npm, 6),
        ("poetry-lock", hex64, 10),
        ("requirements", hex64, 8),
        ("go-sum", h1, 6),
        ("cargo-lock", hex64, 6),
    )
    return [
        _neg("lockfile-integrity", kind, "HASH", gen, types=(kind,), count=n, render=render_raw)
        for kind, gen, n in table
    ]


def _public_specs() -> list[Spec]:
    cat = "public-by-design"
    return [
        _neg(
            cat,
            "stripe-publishable-key",
            "STRIPE_PUBLISHABLE_KEY NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY VITE_STRIPE_PUBLIC_KEY",
            lambda g: stripe_like(g, "pk_" + "live_"),
            types=(*WEB_TYPES, "yaml", "compose"),
            count=25,
            self_id=True,
        ),
        _neg(
            cat,
            "firebase-web-api-key",
            "NEXT_PUBLIC_FIREBASE_API_KEY VITE_FIREBASE_API_KEY",
            lambda g: "AI" + "za" + rand(g, 35, URLSAFE),
            types=("js", "ts", "minjs", "json", "js", "ts", "env"),
            count=25,
            render=render_firebase,
        ),
        _neg(
            cat,
            "supabase-anon-key",
            "NEXT_PUBLIC_SUPABASE_ANON_KEY SUPABASE_ANON_KEY VITE_SUPABASE_ANON_KEY",
            lambda g: supabase_jwt(g, "anon"),
            types=(*WEB_TYPES, "compose", "yaml"),
            count=25,
            self_id=False,
        ),
        _neg(
            cat,
            "mapbox-public-token",
            "MAPBOX_ACCESS_TOKEN NEXT_PUBLIC_MAPBOX_TOKEN",
            lambda g: mapbox(g, "p" + "k"),
            types=WEB_TYPES,
            count=20,
            self_id=True,
        ),
        _neg(
            cat,
            "sentry-dsn",
            "SENTRY_DSN NEXT_PUBLIC_SENTRY_DSN",
            lambda g: (
                f"https://{hexs(g, 32)}@o{g.randint(100000, 4_500_000)}.ingest."
                f"{g.choice(('', 'us.', 'de.'))}sentry.io/{g.randint(10**6, 10**16)}"
            ),
            types=(
                "env",
                "py",
                "js",
                "ts",
                "yaml",
                "compose",
                "k8s",
                "json",
                "dockerfile",
                "minjs",
            ),
            count=25,
            self_id=True,
        ),
        _neg(
            cat,
            "algolia-search-key",
            "ALGOLIA_SEARCH_KEY NEXT_PUBLIC_ALGOLIA_SEARCH_KEY",
            lambda g: hexs(g, 32),
            types=WEB_TYPES,
            count=20,
            self_id=False,
        ),
    ]


# ---------------------------------------------------------------- rendering one value in context


def camel(var: str) -> str:
    parts = var.lower().split("_")
    return parts[0] + "".join(p.title() for p in parts[1:])


def split_name(var: str) -> tuple[str, str]:
    head, _, tail = var.lower().partition("_")
    return head, tail or "key"


_YAML_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./:+=~$@%-]*")


def yq(value: str) -> str:
    return value if _YAML_PLAIN.fullmatch(value) and ": " not in value else json.dumps(value)


def js(value: str) -> str:
    return json.dumps(value)


@dataclass(frozen=True)
class Form:
    name: str
    fn: FormFn
    self_only: bool = False


def _one(template: str) -> FormFn:
    """A one-line context: {n} variable, {l} lower-case, {c} camelCase, {v} value, {j} JSON."""

    def fn(n: str, v: str) -> tuple[list[str], int]:
        return [template.format(n=n, l=n.lower(), c=camel(n), v=v, j=js(v), y=yq(v), b=b64(v))], 0

    return fn


def _multi(offset: int, *templates: str) -> FormFn:
    def fn(n: str, v: str) -> tuple[list[str], int]:
        sec, key = split_name(n)
        fields = {"n": n, "l": n.lower(), "c": camel(n), "v": v, "j": js(v), "y": yq(v)}
        fields.update(s=sec, k=key, kc=camel(key))
        return [t.format(**fields) for t in templates], offset

    return fn


FORMS: dict[str, list[Form]] = {
    "env": [
        Form("env-bare", _one("{n}={v}")),
        Form("env-double-quoted", _one('{n}="{v}"')),
        Form("env-export-single-quoted", _one("export {n}='{v}'")),
    ],
    "py": [
        Form("py-constant", _one('{n} = "{v}"')),
        Form("py-os-environ", _one('os.environ["{n}"] = "{v}"')),
        Form("py-setdefault", _one('os.environ.setdefault("{n}", "{v}")')),
        Form("py-snake-case", _one('{l} = "{v}"')),
        Form(
            "py-settings-dict",
            _multi(1, "SETTINGS = {{", '    "{l}": "{v}",', '    "timeout": 30,', "}}"),
        ),
        Form("py-client-arg", _one('client = ApiClient("{v}")'), self_only=True),
    ],
    "ipynb": [
        Form("nb-assign", _one('{n} = "{v}"')),
        Form("nb-os-environ", _one('os.environ["{n}"] = "{v}"')),
        Form("nb-env-magic", _one("%env {n}={v}")),
        Form("nb-client-arg", _one('client = ApiClient(api_key="{v}")'), self_only=True),
    ],
    "js": [
        Form("js-const", _one('const {n} = "{v}";')),
        Form("js-env-fallback", _one('const {c} = process.env.{n} || "{v}";')),
        Form("js-object", _multi(1, "const config = {{", '  {c}: "{v}",', "  retries: 3,", "}};")),
        Form("js-export-single-quoted", _one("export const {n} = '{v}';")),
        Form("js-client-arg", _one('const client = new ApiClient("{v}");'), self_only=True),
    ],
    "ts": [
        Form("ts-typed-const", _one('export const {n}: string = "{v}";')),
        Form("ts-env-fallback", _one('const {c}: string = process.env.{n} ?? "{v}";')),
        Form(
            "ts-record",
            _multi(1, "export const settings: Record<string, string> = {{", '  {c}: "{v}",', "}};"),
        ),
        Form(
            "ts-class-field",
            _multi(1, "export class ApiClient {{", '  private readonly {c} = "{v}";', "}}"),
        ),
        Form("ts-client-arg", _one('const client = createClient("{v}");'), self_only=True),
    ],
    "yaml": [
        Form("yaml-flat", _one("{l}: {y}")),
        Form("yaml-flat-quoted", _one("{l}: {j}")),
        Form("yaml-nested", _multi(1, "{s}:", "  {k}: {y}")),
        Form("yaml-nested-deep", _multi(2, "integrations:", "  {s}:", "    {k}: {j}")),
    ],
    "compose:list": [Form("compose-env-list", _one("      - {n}={v}"))],
    "compose:map": [Form("compose-env-map", _one("      {n}: {y}"))],
    "k8s:stringData": [Form("k8s-secret-stringData", _one("  {n}: {y}"))],
    "k8s:configmap": [Form("k8s-configmap-data", _one("  {n}: {y}"))],
    "k8s:data": [Form("k8s-secret-data-base64", _one("  {n}: {b}"))],
    "k8s:env": [
        Form("k8s-env-name-value", _multi(1, "            - name: {n}", "              value: {y}"))
    ],
    "json": [
        Form("json-key", _one('"{n}": {j}')),
        Form("json-camel-key", _one('"{c}": {j}')),
        Form("json-nested", _multi(1, '"{s}": {{', '  "{kc}": {j}', "}}")),
    ],
    "tf": [
        Form("tf-locals", _multi(1, "locals {{", '  {l} = "{v}"', "}}")),
        Form(
            "tf-variable-default",
            _multi(
                2,
                'variable "{l}" {{',
                "  type      = string",
                '  default   = "{v}"',
                "  sensitive = true",
                "}}",
            ),
        ),
        Form(
            "tf-k8s-secret-data",
            _multi(
                5,
                'resource "kubernetes_secret" "{s}" {{',
                "  metadata {{",
                '    name = "{s}-credentials"',
                "  }}",
                "  data = {{",
                '    {n} = "{v}"',
                "  }}",
                "}}",
            ),
        ),
        Form(
            "tf-lambda-env",
            _multi(
                4,
                'resource "aws_lambda_function" "{s}_sync" {{',
                '  function_name = "{s}-sync"',
                "  environment {{",
                "    variables = {{",
                '      {n} = "{v}"',
                "    }}",
                "  }}",
                "}}",
            ),
        ),
    ],
    "dockerfile": [
        Form("docker-env-equals", _one("ENV {n}={v}")),
        Form("docker-env-quoted", _one('ENV {n}="{v}"')),
        Form("docker-env-space", _one("ENV {n} {v}")),
        Form("docker-arg-default", _one("ARG {n}={v}")),
        Form("docker-run-echo", _one('RUN echo "{n}={v}" >> /app/.env')),
        Form(
            "docker-curl-bearer",
            _one(
                'RUN curl -fsSL -H "Authorization: Bearer {v}" '
                "https://api.acme-shop.io/bootstrap | sh"
            ),
            self_only=True,
        ),
    ],
    "minjs": [
        Form("min-object", _one("var Qe={{{c}:{j},timeout:3e4}};")),
        Form("min-define-plugin", _one('var Ee={{"NODE_ENV":"production","{n}":{j}}};')),
        Form("min-env-fallback", _one("const Rt=process.env.{n}||{j};")),
        Form("min-member-assign", _one("Ot.{c}={j};")),
        Form("min-client-arg", _one("const Zt=new Xe({j});"), self_only=True),
    ],
}

_FALLBACK = {"ipynb": "py", "k8s:configmap": "k8s:stringData", "compose:map": "compose:list"}


def _slot_entry(
    table: dict[str, tuple[list[str], int, str]], slot: str
) -> tuple[list[str], int, str]:
    while slot not in table:
        slot = _FALLBACK.get(slot, slot.split(":")[0] if ":" in slot else "js")
    return table[slot]


def render_pem(rng: random.Random, slot: str, var: str, value: str) -> tuple[list[str], int, str]:
    lines, esc, c, low = value.split("\n"), value.replace("\n", "\\n"), camel(var), var.lower()
    table = {
        "env": ([f'{var}="{esc}"'], 0, "env-pem-escaped-newlines"),
        "py": ([f'{var} = """', *lines, '"""'], 1, "py-triple-quoted"),
        "js": ([f"const {c} = `", *lines, "`;"], 1, "js-template-literal"),
        "ts": ([f"export const {c}: string = `", *lines, "`;"], 1, "ts-template-literal"),
        "yaml": ([f"{low}: |", *(f"  {x}" for x in lines)], 1, "yaml-block-scalar"),
        "compose:list": ([f'      - "{var}={esc}"'], 0, "compose-pem-escaped"),
        "compose:map": ([f'      {var}: "{esc}"'], 0, "compose-pem-escaped"),
        "k8s:stringData": ([f"  {low}: |", *(f"    {x}" for x in lines)], 1, "k8s-block-scalar"),
        "k8s:data": ([f"  {low}: {b64(value)}"], 0, "k8s-secret-data-base64"),
        "k8s:env": (
            [f"            - name: {var}", f"              value: {js(value)}"],
            1,
            "k8s-env-pem-escaped",
        ),
        "json": ([f'"{var}": {js(value)}'], 0, "json-pem-escaped"),
        "tf": (
            ["locals {", f"  {low} = <<-EOT", *(f"    {x}" for x in lines), "  EOT", "}"],
            2,
            "tf-heredoc",
        ),
        "dockerfile": (
            [f'RUN echo -e "{esc}" > /root/.ssh/id_key && chmod 600 /root/.ssh/id_key'],
            0,
            "docker-echo-pem",
        ),
        "minjs": ([f"var Pk={{{c}:{js(value)}}};"], 0, "min-pem-escaped"),
    }
    return _slot_entry(table, slot)


def render_gcp(rng: random.Random, slot: str, var: str, value: str) -> tuple[list[str], int, str]:
    info = json.loads(value)
    pretty = json.dumps(info, indent=2).split("\n")
    pk = next(i for i, line in enumerate(pretty) if '"private_key"' in line)
    order = list(info).index("private_key") + 1
    py = ["SERVICE_ACCOUNT_INFO = {", *(f"    {js(k)}: {js(v)}," for k, v in info.items()), "}"]
    jsl = ["const serviceAccount = {", *(f"  {k}: {js(v)}," for k, v in info.items()), "};"]
    tsl = ["const serviceAccount: ServiceAccount = {", *jsl[1:]]
    project = info["project_id"]
    table = {
        "json-file": (pretty, pk, "json-service-account-file"),
        "json": (
            [f'"{var}": {{', *(f"  {x}" for x in pretty[1:-1]), "}"],
            pk,
            "json-nested-object",
        ),
        "env": ([f"{var}='{value}'"], 0, "env-json-one-line"),
        "py": (py, order, "py-dict-literal"),
        "js": (jsl, order, "js-object-literal"),
        "ts": (tsl, order, "ts-object-literal"),
        "yaml": ([f"{var.lower()}: |", *(f"  {x}" for x in pretty)], 1 + pk, "yaml-block-scalar"),
        "compose:list": ([f"      - {var}={value}"], 0, "compose-json-one-line"),
        "compose:map": ([f"      {var}: '{value}'"], 0, "compose-json-one-line"),
        "k8s:stringData": (
            ["  key.json: |", *(f"    {x}" for x in pretty)],
            1 + pk,
            "k8s-block-scalar",
        ),
        "k8s:data": ([f"  key.json: {b64(value)}"], 0, "k8s-secret-data-base64"),
        "k8s:env": (
            [f"            - name: {var}", f"              value: '{value}'"],
            1,
            "k8s-env-json-one-line",
        ),
        "tf": (
            [
                'provider "google" {',
                f'  project     = "{project}"',
                "  credentials = <<-EOT",
                *(f"    {x}" for x in pretty),
                "  EOT",
                "}",
            ],
            3 + pk,
            "tf-heredoc",
        ),
        "dockerfile": ([f"RUN echo '{value}' > /app/service-account.json"], 0, "docker-echo-json"),
        "minjs": ([f"var Sa={value};"], 0, "min-object-literal"),
    }
    return _slot_entry(table, slot)


def render_envref(
    rng: random.Random, slot: str, var: str, value: str
) -> tuple[list[str], int, str]:
    c, low = camel(var), var.lower()
    ref = "${" + var + "}"
    table = {
        "env": ([f"{var}={ref}"], 0, "env-interpolation"),
        "py": (
            [rng.choice((f'{var} = os.environ["{var}"]', f'{low} = os.getenv("{var}")'))],
            0,
            "py-environ-lookup",
        ),
        "js": ([f"const {c} = process.env.{var};"], 0, "js-process-env"),
        "ts": ([f'const {c}: string = process.env.{var} ?? "";'], 0, "ts-process-env"),
        "yaml": ([f"{low}: {ref}"], 0, "yaml-interpolation"),
        "compose:list": ([f"      - {var}={ref}"], 0, "compose-interpolation"),
        "compose:map": ([f"      {var}: {ref}"], 0, "compose-interpolation"),
        "k8s:env": (
            [
                f"            - name: {var}",
                "              valueFrom:",
                "                secretKeyRef:",
                "                  name: app-secrets",
                f"                  key: {low}",
            ],
            0,
            "k8s-secret-key-ref",
        ),
        "k8s:stringData": ([f"  {var}: {{{{ .Values.{c} | quote }}}}"], 0, "helm-values"),
        "k8s:data": ([f"  {var}: {{{{ .Values.{c} | b64enc }}}}"], 0, "helm-values-b64enc"),
        "json": ([f'"{var}": "{ref}"'], 0, "json-interpolation"),
        "tf": (["locals {", f"  {low} = var.{low}", "}"], 1, "tf-variable-ref"),
        "dockerfile": ([f"ENV {var}={ref}"], 0, "docker-env-ref"),
        "minjs": ([f"var Pe=process.env.{var};"], 0, "min-process-env"),
    }
    return _slot_entry(table, slot)


def render_firebase(
    rng: random.Random, slot: str, var: str, value: str
) -> tuple[list[str], int, str]:
    project = f"{rng.choice(('acme', 'shop', 'chat'))}-{rng.choice(SERVICES)}-{rand(rng, 5, LOWER)}"
    sender = str(rng.randint(10**11, 10**12 - 1))
    fields = {
        "apiKey": value,
        "authDomain": f"{project}.firebaseapp.com",
        "projectId": project,
        "storageBucket": f"{project}.appspot.com",
        "messagingSenderId": sender,
        "appId": f"1:{sender}:web:{hexs(rng, 22)}",
    }
    body = [f"  {k}: {js(v)}," for k, v in fields.items()]
    inline = ",".join(f"{k}:{js(v)}" for k, v in fields.items())
    table = {
        "js": (["const firebaseConfig = {", *body, "};"], 1, "js-firebase-config"),
        "ts": (["const firebaseConfig: FirebaseOptions = {", *body, "};"], 1, "ts-firebase-config"),
        "minjs": ([f"const Fc={{{inline}}};Ye(Fc);"], 0, "min-firebase-config"),
        "json": (
            ['"firebase": {', *(f"  {js(k)}: {js(v)}," for k, v in fields.items()), "}"],
            1,
            "json-firebase-config",
        ),
        "env": ([f"{var}={value}"], 0, "env-public-prefixed"),
    }
    lines, offset, ctx = _slot_entry(table, slot)
    if slot == "json":
        lines[-2] = lines[-2].rstrip(",")
    return lines, offset, ctx


def render_data_uri(
    rng: random.Random, slot: str, var: str, value: str
) -> tuple[list[str], int, str]:
    table = {
        "css": (
            [f".icon-{rand(rng, 4, LOWER)} {{", f'  background-image: url("{value}");', "}"],
            1,
            "css-background",
        ),
        "html": ([f'    <img alt="logo" width="24" src="{value}">'], 0, "html-img-src"),
        "js": ([f'export const ICON_{rand(rng, 4, UPPER)} = "{value}";'], 0, "js-const"),
        "ts": ([f'export const ICON_{rand(rng, 4, UPPER)}: string = "{value}";'], 0, "ts-const"),
        "minjs": ([f'var Ie="{value}";'], 0, "min-string"),
    }
    return _slot_entry(table, slot)


def render_chunk(rng: random.Random, slot: str, var: str, value: str) -> tuple[list[str], int, str]:
    h8, h16, r5, r8 = hexs(rng, 8), hexs(rng, 16), rand(rng, 5, URLSAFE), rand(rng, 8, URLSAFE)
    ids = [str(rng.randint(10, 999)) for _ in range(rng.randint(3, 6))]
    chunk_map = ",".join(f'"{i}":"{hexs(rng, 8)}"' for i in ids)
    css = {
        "css-module": f".Button_primary__{r5} {{",
        "styled-components": f".sc-{rand(rng, 6, ALNUM)}.{rand(rng, 6, ALNUM)} {{",
        "emotion": f".css-{rand(rng, 7, LOWER + DIGITS)}-Card {{",
    }
    html = {
        "cra-css-chunk": f'    <link rel="stylesheet" href="/static/css/main.{h8}.css">',
        "next-chunk": f'    <script defer src="/_next/static/chunks/pages/_app-{h16}.js"></script>',
        "vite-chunk": f'    <script type="module" src="/assets/index-{r8}.js"></script>',
        "styled-class": f'    <div class="sc-{rand(rng, 6, ALNUM)} {rand(rng, 6, ALNUM)}">',
    }
    jsx = {
        "webpack-chunk-map": '__webpack_require__.u = (id) => "static/js/" + id + "." + '
        f'{{{chunk_map}}}[id] + ".chunk.js";',
        "vite-lazy-import": f'const Page = lazy(() => import("./assets/Page-{r8}.js"));',
        "css-module-map": f'const styles = {{ root: "Card_root__{r5}", title: "Card__{r5}" }};',
    }
    jsonl = {
        "asset-manifest": f'"main.js": "/static/js/main.{h8}.js"',
        "next-build-id": f'"buildId": "{rand(rng, 21, URLSAFE)}"',
        "webpack-contenthash": f'"app": "app.{hexs(rng, 20)}.js"',
    }
    mini = {
        "min-chunk-map": f'o.u=e=>"static/js/"+e+"."+{{{chunk_map}}}[e]+".chunk.js";',
        "min-css-module-map": f'var Ke={{root:"Card_root__{r5}",title:"Card_title__{r5}"}};',
    }
    pools = {"css": css, "html": html, "js": jsx, "ts": jsx, "json": jsonl, "minjs": mini}
    kind = rng.choice(sorted(pools[slot]))
    line = pools[slot][kind]
    lines = [line, "  display: flex;", "}"] if slot == "css" else [line]
    return lines, 0, kind


def _pkg(rng: random.Random, pool: tuple[str, ...]) -> tuple[str, str]:
    return rng.choice(pool), f"{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 20)}"


def render_raw(rng: random.Random, slot: str, var: str, value: str) -> tuple[list[str], int, str]:
    name, ver = _pkg(rng, PKGS)
    org = rng.choice(("spf13", "gorilla", "stretchr"))
    cdn, sri = f"https://cdn.jsdelivr.net/npm/{name}@{ver}/dist", f'integrity="{value}"'
    sri_tag = rng.choice(
        (
            f'    <script src="{cdn}/{name}.min.js" {sri} crossorigin="anonymous"></script>',
            f'    <link rel="stylesheet" href="{cdn}/{name}.css" {sri} crossorigin="anonymous">',
        )
    )
    py, pyver = _pkg(rng, PYPKGS)
    tag = f"v{rng.randint(1, 5)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}"
    action = rng.choice(
        ("actions/checkout", "actions/setup-node", "actions/cache", "docker/login-action")
    )
    hook = rng.choice(("psf/black", "astral-sh/ruff-pre-commit", "pre-commit/pre-commit-hooks"))
    table: dict[str, tuple[list[str], int, str]] = {
        "dockerfile": (
            [f'RUN echo "{value}  node-v20.11.1-linux-x64.tar.xz" | sha256sum -c -'],
            0,
            "docker-sha256sum",
        ),
        "tf": (
            [
                'resource "aws_lambda_function" "worker" {',
                '  function_name    = "worker"',
                '  filename         = "build/worker.zip"',
                f'  source_code_hash = "{value}"',
                "}",
            ],
            3,
            "tf-source-code-hash",
        ),
        "workflow": ([f"      - uses: {action}@{value} # {tag}"], 0, "actions-pinned-sha"),
        "precommit": (
            [
                f"  - repo: https://github.com/{hook}",
                f"    rev: {value}  # frozen: {tag}",
                "    hooks:",
                f"      - id: {hook.split('/')[1]}",
            ],
            1,
            "pre-commit-rev",
        ),
        "html": (
            [sri_tag],
            0,
            "html-sri",
        ),
        "package-lock": (
            [
                f'"node_modules/{name}": {{',
                f'  "version": "{ver}",',
                f'  "resolved": "https://registry.npmjs.org/{name}/-/{name}-{ver}.tgz",',
                f'  "integrity": "{value}",',
                '  "license": "MIT"',
                "}",
            ],
            3,
            "package-lock-integrity",
        ),
        "yarn-lock": (
            [
                f'"{name}@^{ver}":',
                f'  version "{ver}"',
                f'  resolved "https://registry.yarnpkg.com/{name}/-/{name}-{ver}.tgz#'
                f'{digest(rng, "sha1")}"',
                f"  integrity {value}",
                "",
            ],
            3,
            "yarn-lock-integrity",
        ),
        "pnpm-lock": (
            [f"  /{name}@{ver}:", f"    resolution: {{integrity: {value}}}", "    dev: false", ""],
            1,
            "pnpm-lock-integrity",
        ),
        "poetry-lock": (
            [
                "[[package]]",
                f'name = "{py}"',
                f'version = "{pyver}"',
                "optional = false",
                'python-versions = ">=3.8"',
                "files = [",
                f'    {{file = "{py}-{pyver}-py3-none-any.whl", hash = "sha256:{value}"}},',
                "]",
                "",
            ],
            6,
            "poetry-lock-hash",
        ),
        "requirements": ([f"{py}=={pyver} \\", f"    --hash=sha256:{value}"], 1, "pip-hash"),
        "go-sum": (
            [
                f"github.com/{org}/{name} v{ver}/go.mod "
                f"h1:{base64.b64encode(rng.randbytes(32)).decode()}",
                f"github.com/{org}/{name} v{ver} {value}",
            ],
            1,
            "go-sum-h1",
        ),
        "cargo-lock": (
            [
                "[[package]]",
                f'name = "{name}"',
                f'version = "{ver}"',
                'source = "registry+https://github.com/rust-lang/crates.io-index"',
                f'checksum = "{value}"',
                "",
            ],
            4,
            "cargo-lock-checksum",
        ),
    }
    return table[slot]


def render_plant(plant: Plant, rng: random.Random, slot: str) -> Block:
    spec = plant.spec
    if spec.render is not None:
        lines, offset, ctx = spec.render(rng, slot, plant.var, plant.value)
        return Block(lines, [_mark(spec, spec.provider, offset, ctx, plant.value)])
    base = slot if slot in FORMS else _FALLBACK.get(slot, slot)
    forms = [f for f in FORMS[base] if spec.self_id or not f.self_only]
    form = rng.choice(forms)
    block = Block([], [])
    if plant.companion is not None and slot != "minjs":  # one labelled value per line
        var, value, provider = plant.companion
        lines, offset = form.fn(var, value)
        if slot == "json":  # two members of one JSON object
            lines[-1] += ","
        block.lines += lines
        if provider:
            block.marks.append(_mark(spec, provider, offset, form.name, value))
    lines, offset = form.fn(plant.var, plant.value)
    block.marks.append(
        _mark(spec, spec.provider, len(block.lines) + offset, form.name, plant.value)
    )
    block.lines += lines
    return block


def _mark(spec: Spec, provider: str, offset: int, ctx: str, value: str) -> Mark:
    return Mark(offset, spec.label, provider, spec.category, ctx, value)


# ---------------------------------------------------------------- assembling files


class Out:
    """Lines of one file and the labels planted in it (1-based line numbers)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.marks: list[tuple[int, Mark]] = []

    def add(self, lines: Iterable[str], indent: str = "") -> None:
        self.lines.extend(indent + x if x else x for x in lines)

    def block(self, block: Block, indent: str = "") -> None:
        base = len(self.lines)
        self.add(block.lines, indent)
        self.marks.extend((base + m.offset + 1, m) for m in block.marks)

    def filler(self, rng: random.Random, pool: tuple[str, ...], lo: int = 1, hi: int = 2) -> None:
        for _ in range(rng.randint(lo, hi)):
            self.add(rng.choice(pool).split("\n"))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


@dataclass(frozen=True)
class Layout:
    header: tuple[str, ...]
    fillers: tuple[str, ...]
    footer: tuple[str, ...] = ()
    blank: bool = False  # blank line around each item (code blocks)


LAYOUTS: dict[str, Layout] = {
    "env": Layout(
        ("# Application settings",),
        (
            "NODE_ENV=production",
            "PORT=8080",
            "LOG_LEVEL=info",
            "APP_NAME=acme-api",
            "TZ=UTC",
            "# Feature flags\nFEATURE_NEW_CHECKOUT=true",
            "CACHE_TTL_SECONDS=300",
            "PUBLIC_BASE_URL=https://app.acme-shop.io",
            "MAX_UPLOAD_MB=25",
            "",
            "WORKERS=4",
            "AWS_REGION=eu-west-1",
            "S3_BUCKET=acme-prod-uploads",
            "SMTP_HOST=smtp.mailgun.org",
            "SMTP_PORT=587",
            "DEBUG=false",
            "RATE_LIMIT_PER_MINUTE=120",
        ),
    ),
    "py": Layout(
        (
            '"""Service configuration."""',
            "import logging",
            "import os",
            "",
            "logger = logging.getLogger(__name__)",
        ),
        (
            "TIMEOUT_SECONDS = 30",
            "DEBUG = False",
            'ALLOWED_HOSTS = ["app.acme-shop.io"]',
            'def healthcheck() -> dict:\n    return {"status": "ok"}',
            "class RetryPolicy:\n    attempts = 3\n    backoff = 1.5",
            'def build_url(path: str) -> str:\n    return BASE_URL + "/" + path.lstrip("/")',
            'BASE_URL = "https://api.acme-shop.io"',
            "PAGE_SIZE = 50",
            "CACHE_TTL = 300",
            'logger.info("settings loaded")',
        ),
        blank=True,
    ),
    "js": Layout(
        ("// Server configuration", 'import express from "express";', "", "const app = express();"),
        (
            "app.use(express.json());",
            "const PORT = 3000;",
            "export const PAGE_SIZE = 25;",
            "const RETRY_DELAYS = [100, 500, 2000];",
            "function formatPrice(cents) {\n  return (cents / 100).toFixed(2);\n}",
            'app.get("/health", (req, res) => res.json({ ok: true }));',
            "module.exports.timeout = 30000;",
        ),
        ("app.listen(PORT);",),
        blank=True,
    ),
    "ts": Layout(
        ("// Typed configuration", 'import { z } from "zod";', ""),
        (
            "export const PAGE_SIZE: number = 25;",
            'type Region = "eu" | "us";',
            "export function formatPrice(cents: number): string {\n"
            "  return (cents / 100).toFixed(2);\n}",
            "const schema = z.object({ port: z.number() });",
            "interface Options {\n  retries: number;\n  timeoutMs: number;\n}",
            'export const DEFAULT_REGION: Region = "eu";',
        ),
        blank=True,
    ),
    "yaml": Layout(
        ("# Application configuration",),
        (
            "server:\n  port: 8080\n  host: 0.0.0.0",
            "logging:\n  level: info",
            "cache:\n  ttl: 300",
            "features:\n  new_checkout: true\n  dark_mode: false",
            "region: eu-west-1",
            "replicas: 3",
            "app_name: acme-api",
        ),
    ),
    "tf": Layout(
        ("# Production infrastructure", "terraform {", '  required_version = ">= 1.5.0"', "}"),
        (
            'provider "aws" {\n  region = "eu-west-1"\n}',
            'resource "aws_s3_bucket" "uploads" {\n  bucket = "acme-prod-uploads"\n}',
            'variable "environment" {\n  type    = string\n  default = "production"\n}',
            'output "bucket_name" {\n  value = aws_s3_bucket.uploads.bucket\n}',
        ),
        blank=True,
    ),
    "dockerfile": Layout(
        ("# syntax=docker/dockerfile:1", "FROM node:20-bookworm-slim"),
        (
            "WORKDIR /app",
            "COPY package*.json ./",
            "RUN npm ci --omit=dev",
            "COPY . .",
            "EXPOSE 8080",
            "ENV NODE_ENV=production",
            "USER node",
            "RUN apt-get update && apt-get install -y --no-install-recommends curl",
            "HEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1",
        ),
        ('CMD ["node", "server.js"]',),
    ),
    "html": Layout(
        ("<!doctype html>", '<html lang="en">', "  <head>", '    <meta charset="utf-8">'),
        (
            '    <meta name="viewport" content="width=device-width, initial-scale=1">',
            "    <title>Acme Shop</title>",
            '    <nav class="navbar"></nav>',
            "    <p>Welcome back</p>",
        ),
        ("  </head>", "  <body>", '    <div id="root"></div>', "  </body>", "</html>"),
    ),
    "css": Layout(
        ("/* main stylesheet */",),
        (
            ".btn {\n  padding: 8px 16px;\n}",
            "body {\n  margin: 0;\n  font-family: system-ui;\n}",
            ":root {\n  --brand: #0a84ff;\n}",
            ".card {\n  border-radius: 8px;\n}",
        ),
    ),
    "workflow": Layout(
        (
            "name: CI",
            "on:",
            "  push:",
            "    branches: [main]",
            "jobs:",
            "  build:",
            "    runs-on: ubuntu-latest",
            "    steps:",
        ),
        (
            "      - run: npm ci",
            "      - run: npm run lint",
            "      - name: Build\n        run: npm run build",
        ),
    ),
    "precommit": Layout(
        ("# See https://pre-commit.com", "repos:"),
        (
            "  - repo: local\n    hooks:\n      - id: lint\n        name: lint\n"
            "        entry: make lint\n"
            "        language: system",
        ),
    ),
    "yarn-lock": Layout(
        (
            "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.",
            "# yarn lockfile v1",
            "",
        ),
        (),
    ),
    "pnpm-lock": Layout(("lockfileVersion: '6.0'", "", "packages:", ""), ()),
    "poetry-lock": Layout(("# This file is automatically @generated by Poetry 1.8.2.", ""), ()),
    "requirements": Layout(
        ("#", "# This file is autogenerated by pip-compile with Python 3.11", "#"), ()
    ),
    "go-sum": Layout((), ()),
    "cargo-lock": Layout(
        ("# This file is automatically @generated by Cargo.", "version = 3", ""), ()
    ),
}

PATHS: dict[str, tuple[str, ...]] = {
    "env": (
        "services/{s}/.env",
        "apps/{s}/.env.production",
        "services/{s}/.env.local",
        "deploy/{s}/.env.staging",
    ),
    "py": (
        "services/{s}/settings.py",
        "services/{s}/config.py",
        "scripts/{s}/sync_accounts.py",
        "services/{s}/app/integrations.py",
    ),
    "js": ("apps/{s}/src/config.js", "apps/{s}/server/index.js", "apps/{s}/lib/clients.js"),
    "ts": (
        "apps/{s}/src/lib/env.ts",
        "apps/{s}/src/services/payments.ts",
        "apps/{s}/src/server/clients.ts",
    ),
    "yaml": (
        "services/{s}/config/application-prod.yml",
        "services/{s}/settings.yaml",
        "charts/{s}/values-prod.yaml",
    ),
    "compose": (
        "services/{s}/docker-compose.yml",
        "deploy/{s}/docker-compose.prod.yml",
        "services/{s}/compose.yaml",
    ),
    "k8s": ("k8s/{s}/secret.yaml", "k8s/{s}/deployment.yaml", "k8s/{s}/manifests.yaml"),
    "json": (
        "services/{s}/appsettings.Production.json",
        "services/{s}/config/production.json",
        "functions/{s}/local.settings.json",
    ),
    "tf": ("infra/{s}/main.tf", "infra/{s}/secrets.tf", "infra/{s}/providers.tf"),
    "dockerfile": ("docker/{s}/Dockerfile", "services/{s}/Dockerfile.prod"),
    "ipynb": (
        "notebooks/{s}/churn_analysis.ipynb",
        "notebooks/{s}/llm_eval.ipynb",
        "notebooks/{s}/revenue_report.ipynb",
    ),
    "html": ("apps/{s}/public/index.html", "apps/{s}/dist/index.html"),
    "css": ("apps/{s}/src/styles/main.css", "apps/{s}/dist/assets/app.css"),
    "workflow": (".github/workflows/{s}-ci.yml",),
    "precommit": ("tools/{s}/.pre-commit-config.yaml",),
    "package-lock": ("apps/{s}/package-lock.json",),
    "yarn-lock": ("apps/{s}/yarn.lock",),
    "pnpm-lock": ("apps/{s}/pnpm-lock.yaml",),
    "poetry-lock": ("services/{s}/poetry.lock",),
    "requirements": ("services/{s}/requirements.txt",),
    "go-sum": ("services/{s}/go.sum",),
    "cargo-lock": ("services/{s}/Cargo.lock",),
}


def _path(ftype: str, i: int) -> str:
    templates = PATHS[ftype]
    svc = SERVICES[i % len(SERVICES)] + (f"-{i // len(SERVICES) + 1}" if i >= len(SERVICES) else "")
    return templates[i % len(templates)].format(s=svc)


def _chunks(items: list[Plant], rng: random.Random, lo: int, hi: int) -> list[list[Plant]]:
    out, i = [], 0
    while i < len(items):
        n = rng.randint(lo, hi)
        out.append(items[i : i + n])
        i += n
    return out


def assemble_linear(ftype: str, items: list[Plant], rng: random.Random) -> Out:
    layout, out = LAYOUTS[ftype], Out()
    out.add(layout.header)
    for plant in items:
        if layout.fillers:
            out.filler(rng, layout.fillers)
        if layout.blank:
            out.add([""])
        out.block(render_plant(plant, rng, ftype))
        if layout.blank:
            out.add([""])
    out.add(layout.footer)
    return out


COMPOSE_ENV = ("NODE_ENV=production", "PORT=8080", "LOG_LEVEL=info", "TZ=UTC", "WORKERS=4")


def assemble_compose(items: list[Plant], rng: random.Random) -> Out:
    style = rng.choice(("list", "map"))
    out = Out()
    out.add(["# Production stack", "services:"])
    for n, group in enumerate(_chunks(items, rng, 2, 5)):
        svc = f"{rng.choice(SERVICES)}{n}"
        out.add(
            [
                f"  {svc}:",
                f"    image: ghcr.io/acme/{svc}:1.{n}.0",
                "    restart: unless-stopped",
                "    environment:",
            ]
        )
        for plant in group:
            key, _, val = rng.choice(COMPOSE_ENV).partition("=")
            out.add([f"      - {key}={val}" if style == "list" else f"      {key}: {val}"])
            out.block(render_plant(plant, rng, f"compose:{style}"))
        out.add(["    ports:", f'      - "{8080 + n}:8080"'])
    return out


K8S_HEADERS = {
    "stringData": (
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        "  name: {name}",
        "type: Opaque",
        "stringData:",
    ),
    "data": (
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        "  name: {name}",
        "type: Opaque",
        "data:",
    ),
    "configmap": ("apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: {name}", "data:"),
    "env": (
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  name: {name}",
        "spec:",
        "  replicas: 2",
        "  template:",
        "    spec:",
        "      containers:",
        "        - name: {name}",
        "          image: ghcr.io/acme/{name}:2.4.1",
        "          env:",
    ),
}
K8S_FILLER = {
    "stringData": '  LOG_LEVEL: "info"',
    "configmap": '  LOG_LEVEL: "info"',
    "data": "  LOG_LEVEL: " + b64("info"),
    "env": '            - name: LOG_LEVEL\n              value: "info"',
}


def assemble_k8s(items: list[Plant], rng: random.Random) -> Out:
    out = Out()
    out.add(["# Managed by platform team"])
    for n, group in enumerate(_chunks(items, rng, 2, 4)):
        style = rng.choice(sorted(K8S_HEADERS))
        name = f"{rng.choice(SERVICES)}-{n}"
        if n:
            out.add(["---"])
        out.add([line.format(name=name) for line in K8S_HEADERS[style]])
        for plant in group:
            out.add(K8S_FILLER[style].split("\n"))
            out.block(render_plant(plant, rng, f"k8s:{style}"))
    return out


JSON_FILLER = (
    '"port": 8080',
    '"logLevel": "info"',
    '"region": "eu-west-1"',
    '"retries": 3',
    '"features": {\n  "newCheckout": true\n}',
)


def json_object(out: Out, blocks: list[Block], indent: str) -> None:
    for i, block in enumerate(blocks):
        lines = list(block.lines)
        if i < len(blocks) - 1:
            lines[-1] += ","
        out.block(Block(lines, block.marks), indent)


def assemble_json(items: list[Plant], rng: random.Random) -> Out:
    blocks: list[Block] = []
    for plant in items:
        blocks.append(Block(rng.choice(JSON_FILLER).split("\n"), []))
        blocks.append(render_plant(plant, rng, "json"))
    out = Out()
    out.add(["{"])
    json_object(out, blocks, "  ")
    out.add(["}"])
    return out


def assemble_package_lock(items: list[Plant], rng: random.Random) -> Out:
    out = Out()
    out.add(
        [
            "{",
            '  "name": "web",',
            '  "version": "1.0.0",',
            '  "lockfileVersion": 3,',
            '  "requires": true,',
            '  "packages": {',
        ]
    )
    json_object(out, [render_plant(p, rng, "package-lock") for p in items], "    ")
    out.add(["  }", "}"])
    return out


NB_FILLER = (
    "import pandas as pd",
    'df = pd.read_csv("data/orders.csv")',
    "df.head()",
    "import matplotlib.pyplot as plt",
    "print(len(df))",
    'df.groupby("country").size()',
)
NB_TAIL = (
    " ],",
    ' "metadata": {',
    '  "kernelspec": {',
    '   "display_name": "Python 3",',
    '   "language": "python",',
    '   "name": "python3"',
    "  },",
    '  "language_info": {',
    '   "name": "python",',
    '   "version": "3.11.7"',
    "  }",
    " },",
    ' "nbformat": 4,',
    ' "nbformat_minor": 5',
    "}",
)


def assemble_ipynb(items: list[Plant], rng: random.Random) -> Out:
    out = Out()
    out.add(
        [
            "{",
            ' "cells": [',
            "  {",
            '   "cell_type": "markdown",',
            '   "metadata": {},',
            '   "source": [',
            '    "# Analysis notebook"',
            "   ]",
            "  },",
        ]
    )
    for n, plant in enumerate(items):
        cell = Block(["import os"] if rng.random() < 0.5 else [], [])
        item = render_plant(plant, rng, "ipynb")
        cell.marks += [Mark(m.offset + len(cell.lines), *_mark_fields(m)) for m in item.marks]
        cell.lines += [*item.lines, rng.choice(NB_FILLER)]
        source = [json.dumps(x + "\n") + "," for x in cell.lines[:-1]] + [
            json.dumps(cell.lines[-1])
        ]
        out.add(
            [
                "  {",
                '   "cell_type": "code",',
                f'   "execution_count": {n + 1},',
                '   "metadata": {},',
                '   "outputs": [],',
                '   "source": [',
            ]
        )
        out.block(Block(source, cell.marks), "    ")
        out.add(["   ]", "  }," if n < len(items) - 1 else "  }"])
    out.add(NB_TAIL)
    return out


def _mark_fields(m: Mark) -> tuple[str, str, str, str, str]:
    return m.label, m.provider, m.category, m.context, m.value


MIN_WORDS = (
    "click",
    "render",
    "state",
    "props",
    "value",
    "event",
    "error",
    "items",
    "route",
    "theme",
    "modal",
    "input",
    "select",
    "toast",
    "query",
    "cache",
    "store",
    "layout",
)


def minjs_pool(rng: random.Random) -> list[str]:
    def ident() -> str:
        return (
            rng.choice(UPPER + LOWER)
            + rng.choice(("", "e", "t", "n", "r"))
            + rng.choice(("", "$", "_"))
        )

    def word() -> str:
        return rng.choice(MIN_WORDS)

    templates: tuple[Callable[[], str], ...] = (
        lambda: f"function {ident()}(e,t){{return e.{word()}(t)}}",
        lambda: f'var {ident()}={{{word()}:{rng.randint(0, 999)},{word()}:"{word()}"}};',
        lambda: f"{ident()}.prototype.{word()}=function(e){{this.{word()}=e}};",
        lambda: f'const {ident()}=["{word()}","{word()}","{word()}"];',
        lambda: f"if(e.{word()}==={rng.randint(0, 99)}){{t.{word()}(e)}}",
        lambda: f'{ident()}.exports={{name:"{word()}-{word()}",props:{{disabled:Boolean}}}};',
        lambda: f"for(var n=0;n<{rng.randint(2, 64)};n++)r.push(n);",
    )
    return [rng.choice(templates)() for _ in range(3000)]


def assemble_minjs(plant: Plant | None, rng: random.Random, pool: list[str]) -> Out:
    parts = rng.choices(pool, k=rng.randint(3200, 4400))  # about 200 KB
    if plant is not None:
        block = render_plant(plant, rng, "minjs")
        parts.insert(rng.randint(len(parts) // 10, len(parts) - 1), block.lines[0])
    else:
        block = Block([""], [])
    out = Out()
    out.add(["/*! For license information please see bundle.js.LICENSE.txt */"])
    out.block(Block(["".join(parts)], block.marks))
    out.add(["//# sourceMappingURL=bundle.js.map"])
    return out


# ---------------------------------------------------------------- the whole corpus


def plants(rng: random.Random) -> list[Plant]:
    out: list[Plant] = []
    cursor = 0
    for spec in positive_specs() + negative_specs():
        for k in range(spec.count):
            ftype = spec.types[(cursor + k) % len(spec.types)]
            value = spec.gen(rng)
            companion = spec.companion(rng) if spec.companion else None
            out.append(Plant(spec, rng.choice(spec.names), value, ftype, companion))
        cursor += spec.count
    return out


def _files_for(ftype: str, items: list[Plant], rng: random.Random) -> list[Out]:
    if ftype == "compose":
        return [assemble_compose(c, rng) for c in _chunks(items, rng, 8, 14)]
    if ftype == "k8s":
        return [assemble_k8s(c, rng) for c in _chunks(items, rng, 8, 14)]
    if ftype == "json":
        sa = [p for p in items if p.spec.provider == "gcp-service-account"]
        rest = [p for p in items if p.spec.provider != "gcp-service-account"]
        files = [Out() for _ in sa]
        for out, plant in zip(files, sa, strict=True):
            out.block(render_plant(plant, rng, "json-file"))
        return files + [assemble_json(c, rng) for c in _chunks(rest, rng, 8, 12)]
    if ftype == "ipynb":
        return [assemble_ipynb(c, rng) for c in _chunks(items, rng, 4, 8)]
    if ftype == "package-lock":
        return [assemble_package_lock(c, rng) for c in _chunks(items, rng, 4, 6)]
    return [assemble_linear(ftype, c, rng) for c in _chunks(items, rng, 8, 14)]


def build(seed: int = SEED) -> dict[str, Out]:
    rng = random.Random(seed)
    by_type: dict[str, list[Plant]] = {}
    for plant in plants(rng):
        by_type.setdefault(plant.ftype, []).append(plant)
    files: dict[str, Out] = {}
    pool = minjs_pool(rng)
    for ftype in sorted(by_type):
        items = by_type[ftype]
        rng.shuffle(items)
        if ftype == "minjs":
            controls = [None, None]  # bundles with nothing planted: filler must stay silent
            for i, plant in enumerate([*items, *controls]):
                folder = ("dist/assets", "build/static/js", "public/_next/static/chunks")[i % 3]
                stem = ("index", "main", "vendor", "app")[i % 4]
                files[f"{folder}/{stem}-{i:03d}.{hexs(rng, 8)}.js"] = assemble_minjs(
                    plant, rng, pool
                )
            continue
        for i, out in enumerate(_files_for(ftype, items, rng)):
            files[_json_sa_path(ftype, i, out, rng)] = out
    return files


def _json_sa_path(ftype: str, i: int, out: Out, rng: random.Random) -> str:
    if ftype == "json" and out.marks and out.marks[0][1].provider == "gcp-service-account":
        info_line = next(x for x in out.lines if '"project_id"' in x)
        project = info_line.split('"')[3]
        return f"credentials/{project}-{hexs(rng, 12)}.json"
    return _path(ftype, i)


def file_type(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    rules = (
        (".ipynb", "ipynb"),
        ("Dockerfile", "dockerfile"),
        (".tf", "tf"),
        ("compose", "compose"),
        (".env", "env"),
        ("package-lock.json", "package-lock"),
        (".json", "json"),
        ("yarn.lock", "yarn-lock"),
        ("pnpm-lock", "pnpm-lock"),
        ("poetry.lock", "poetry-lock"),
        ("requirements", "requirements"),
        ("go.sum", "go-sum"),
        ("Cargo.lock", "cargo-lock"),
        (".html", "html"),
        (".css", "css"),
        (".py", "py"),
        (".ts", "ts"),
        (".js", "js"),
    )
    if path.startswith("k8s/"):
        return "k8s"
    if path.startswith(".github/"):
        return "workflow"
    if "pre-commit" in name:
        return "precommit"
    if name.endswith(".js") and path.startswith(("dist/", "build/", "public/")):
        return "minjs"
    for needle, kind in rules:
        if needle in name:
            return kind
    return "yaml"


def generate(root: Path, seed: int = SEED) -> list[dict[str, object]]:
    """Write the corpus under ``root`` (which must not exist yet) and return its labels."""
    labels: list[dict[str, object]] = []
    for rel, out in build(seed).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = out.text()
        path.write_text(text, encoding="utf-8")
        if rel.endswith((".json", ".ipynb")):
            json.loads(text)  # the structured files must stay valid
        kind = file_type(rel)
        for line, mark in out.marks:
            labels.append(
                {
                    "path": rel,
                    "line": line,
                    "label": mark.label,
                    "provider": mark.provider,
                    "kind_of_context": mark.context,
                    "category": mark.category or None,
                    "file_type": kind,
                    "value_sha256": hashlib.sha256(mark.value.encode()).hexdigest(),
                }
            )
    seen = {(lab["path"], lab["line"]) for lab in labels}
    if len(seen) != len(labels):
        raise ValueError("two labels on one line")
    labels.sort(key=lambda lab: (str(lab["path"]), int(str(lab["line"]))))
    return labels
