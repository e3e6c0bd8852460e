"""analyze_python: tables of realistic snippets (Flask, Django, FastAPI, AWS Lambda, Stripe
webhooks, structlog, loguru) that must be reported with one (leak, expression), and as many
that must stay quiet. Credentials appear only as names and short obviously fake strings."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from launchguard.classify import logs_python
from launchguard.classify.log_types import LogHit
from launchguard.classify.logs_python import analyze_python

_HEAD = "import json, logging, os, sys\nlog = logging.getLogger(__name__)\n"


def _run(code: str, secret_env: frozenset[str] = frozenset()) -> list[LogHit]:
    return analyze_python(_HEAD + textwrap.dedent(code), secret_env)


def _one(code: str) -> tuple[str, str] | None:
    hits = _run(code)
    assert len(hits) <= 1, hits
    return (hits[0].leak, hits[0].expression) if hits else None


SECRETS = [
    ('log.info("token=%s", token)', "token"),
    ('logger.debug(f"access token: {access_token}")', "access_token"),
    ('logger.info("refreshing with %s", refresh_token)', "refresh_token"),
    ('logger.info("google id token %s", id_token)', "id_token"),
    ("print(jwt)", "jwt"),
    ('print("password:", password)', "password"),
    ('logging.info("pw %s" % passwd)', "passwd"),
    ('log.warning("db pwd {}".format(pwd))', "pwd"),
    ('log.info("phrase " + passphrase)', "passphrase"),
    ('logger.info("oauth app: %s", client_secret)', "client_secret"),
    ('logger.info("key=%s", api_key)', "api_key"),
    ('logger.info("key=%s", self.apiKey)', "self.apiKey"),
    ("print(settings.STRIPE_SECRET_KEY)", "settings.STRIPE_SECRET_KEY"),
    ('logger.error("bad creds %r", creds)', "creds"),
    ("log.debug(credentials)", "credentials"),
    ('logger.info("session %s", session_id)', "session_id"),
    ('logger.info("signing with %s", signing_key)', "signing_key"),
    ("print(user.password)", "user.password"),
    ('log.info("creds %s", creds["api_key"])', 'creds["api_key"]'),
    ('log.info(data.get("password"))', 'data.get("password")'),
    ('log.info("otp %s", otp)', "otp"),
    ('log.info("auth %s", bearer)', "bearer"),
    ('log.info("pem %s", private_key)', "private_key"),
    ('log.info("secret %s", self.client_secret)', "self.client_secret"),
    ('logger.info("user.login", password=pw)', "password=pw"),
    ('logger.info("auth", extra={"token": t})', '"token": t'),
    ('logger.info({"event": "login", "api_key": k})', '"api_key": k'),
    ('log.info("%(password)s", {"password": pw})', '"password": pw'),
    ('log.info("t=" + token.strip())', "token"),
    ("print(str(secret_key))", "secret_key"),
    ('print(json.dumps({"password": password}))', "password"),
    ('logger.info("Token: %s", get_access_token())', "get_access_token()"),
    ('logger.info("jwt %s", jwt.encode(claims, key))', "jwt.encode(claims, key)"),
    ("print(secrets.token_hex(32))", "secrets.token_hex(32)"),
    (
        'log.info("%s", settings.openai_key.get_secret_value())',
        "settings.openai_key.get_secret_value()",
    ),
    ('logger.opt(colors=True).info("key {}", api_key)', "api_key"),
    ('logger.success("token {t}", t=token)', "token"),
    ('structlog.get_logger().info("login", token=token)', "token"),
    ('log.bind(user=uid).info("auth", password=password)', "password"),
    ('log.bind(password=pw).info("login")', "password=pw"),
    ('structlog.get_logger().bind(token=token).warning("retry")', "token"),
    ('logging.getLogger(__name__).warning("bad secret %s", secret)', "secret"),
    ('self.logger.info("key %s", self.secret_key)', "self.secret_key"),
    ('app.logger.info("csrf %s", csrf_token)', "csrf_token"),
    ('current_app.logger.debug(f"jwt {auth_token}")', "auth_token"),
    ('sys.stdout.write(token + "\\n")', "token"),
    ('sys.stderr.write(f"pw={password}\\n")', "password"),
    ("pprint(credentials)", "credentials"),
    ('LOGGER.exception("auth failed for %s", api_token)', "api_token"),
    ('_logger.critical("webhook secret %s", webhook_secret)', "webhook_secret"),
    ('log.log(logging.INFO, "key %s", secret_key)', "secret_key"),
    ('click.echo(f"Your API key: {api_key}")', "api_key"),
    ('print("first chars", token[:10])', "token"),
    ('print("tail", token[4:])', "token"),
    ('log.debug("db %s", DB_PASSWORD)', "DB_PASSWORD"),
    ('log.debug("smtp %s", smtp_pass)', "smtp_pass"),
    ('log.info("aws %s", aws_secret_access_key)', "aws_secret_access_key"),
    ('log.info("code %s", auth_code)', "auth_code"),
    ('console.print(f"token: {personal_access_token}")', "personal_access_token"),
    ('log.info("login %s", form.password.data)', "form.password.data"),
    ('log.info("token %s", resp.json()["access_token"])', 'resp.json()["access_token"]'),
]

ENVIRONMENT = [
    ('t = os.environ["STRIPE_KEY"]\nlog.info(t)', "t"),
    ('log.info(os.getenv("OPENAI_API_KEY"))', 'os.getenv("OPENAI_API_KEY")'),
    (
        'log.info("db %s", os.environ.get("DATABASE_PASSWORD"))',
        'os.environ.get("DATABASE_PASSWORD")',
    ),
    ('from os import getenv\nprint(getenv("SECRET_KEY"))', 'getenv("SECRET_KEY")'),
    ('key = os.environ["SENDGRID_API_KEY"].strip()\nprint(f"using {key}")', "key"),
]

HEADERS = [
    ("log.info(request.headers)", "request.headers"),
    ('logger.debug("headers: %s", dict(request.headers))', "request.headers"),
    ("log.info(req.headers)", "req.headers"),
    ("log.info(request.META)", "request.META"),
    ('log.info(request.headers["Authorization"])', 'request.headers["Authorization"]'),
    ('log.info(request.headers.get("authorization"))', 'request.headers.get("authorization")'),
    ("log.info(request.cookies)", "request.cookies"),
    ('log.info(request.COOKIES.get("sessionid"))', 'request.COOKIES.get("sessionid")'),
    (
        'logger.info("auth %s", request.META.get("HTTP_AUTHORIZATION"))',
        'request.META.get("HTTP_AUTHORIZATION")',
    ),
    ('print(event["headers"])', 'event["headers"]'),
    ('log.info(request.headers.get("X-Api-Key"))', 'request.headers.get("X-Api-Key")'),
    ('auth = request.headers.get("Authorization")\nlog.info("auth=%s", auth)', "auth"),
    ("for k, v in request.headers.items():\n    log.info('%s: %s', k, v)", "v"),
    ("print(self.headers)", "self.headers"),
    ("log.info(request.environ)", "request.environ"),
    ('log.info("cookie %s", request.cookies.get("session"))', 'request.cookies.get("session")'),
    ("log.debug(scope['headers'])", "scope['headers']"),
    ('log.info("set %s", set_cookie)', "set_cookie"),
    ("print(ctx.request.headers)", "ctx.request.headers"),
    ('log.info("x-api-key %s", headers["X-Api-Key"])', 'headers["X-Api-Key"]'),
]

SIGNATURES = [
    (
        'log.info(request.headers.get("Stripe-Signature"))',
        'request.headers.get("Stripe-Signature")',
    ),
    (
        'sig_header = request.headers.get("stripe-signature")\nlogger.info("sig %s", sig_header)',
        "sig_header",
    ),
    ('log.info(request.META["HTTP_STRIPE_SIGNATURE"])', 'request.META["HTTP_STRIPE_SIGNATURE"]'),
    (
        'log.info("gh %s", request.headers["X-Hub-Signature-256"])',
        'request.headers["X-Hub-Signature-256"]',
    ),
    (
        'log.info("slack %s", request.headers.get("X-Slack-Signature"))',
        'request.headers.get("X-Slack-Signature")',
    ),
    ('log.warning("bad signature %s", signature)', "signature"),
    ('log.info("expected %s", expected_sig)', "expected_sig"),
    ('h = request.headers.get("X-Shopify-Hmac-Sha256")\nprint(h)', "h"),
    ('log.info("svix %s", request.headers["svix-signature"])', 'request.headers["svix-signature"]'),
    (
        'log.info("gitlab %s", request.headers.get("X-Gitlab-Token"))',
        'request.headers.get("X-Gitlab-Token")',
    ),
]

PAYLOADS = [
    ("log.info(request.json)", "request.json"),
    ("log.info(request.get_json())", "request.get_json()"),
    ("async def hook(request):\n    data = await request.json()\n    log.info(data)", "data"),
    ("log.info(request.body)", "request.body"),
    ('log.info("POST %s", request.POST)', "request.POST"),
    ("log.info(request.data)", "request.data"),
    ("log.info(request.form)", "request.form"),
    ('print(event["body"])', 'event["body"]'),
    ("def handler(event, context):\n    logger.info(json.dumps(event))", "event"),
    (
        "def lambda_handler(event, context):\n"
        '    print("Received event: " + json.dumps(event, indent=2))',
        "event",
    ),
    (
        "def webhook():\n"
        "    event = stripe.Webhook.construct_event(raw, sig, endpoint)\n"
        '    log.info("event %s", event)',
        "event",
    ),
    ("payload = request.get_data(as_text=True)\nlog.info(payload)", "payload"),
    ('log.info("webhook %s", webhook_payload)', "webhook_payload"),
    ("body = json.loads(request.body)\nlog.debug(body)", "body"),
    ("log.info(request.form.to_dict())", "request.form"),
    ("async def hook(request):\n    raw = await request.body()\n    print(raw)", "raw"),
    ('print(event.get("body"))', 'event.get("body")'),
    ("log.info(req.body)", "req.body"),
    ("log.info(self.request.body)", "self.request.body"),
]

CONFIGS = [
    ("log.info(settings)", "settings"),
    ("print(app.config)", "app.config"),
    ("log.info(dict(os.environ))", "os.environ"),
    ("log.debug(os.environ)", "os.environ"),
    ('logger.info("config: %s", config)', "config"),
    ("print(current_app.config)", "current_app.config"),
    ("log.info(vars(settings))", "settings"),
    ("log.info(settings.model_dump())", "settings"),
    ("for k, v in os.environ.items():\n    print(k, v)", "v"),
    ("log.info(CONFIG)", "CONFIG"),
    ("log.info({**os.environ})", "os.environ"),
    ("log.info(get_settings())", "get_settings()"),
]

DATAFLOW = [
    ('t = os.environ["STRIPE_KEY"]\nu = t\nlog.info(u)', "secret", "u"),
    ('msg = "token: "\nmsg += token\nlog.info(msg)', "secret", "msg"),
    (
        'if debug:\n    t = os.environ["API_TOKEN"]\nelse:\n    t = "none"\nlog.info(t)',
        "secret",
        "t",
    ),
    (
        'headers = {"Accept": "json"}\nheaders["Authorization"] = "Bearer " + tok\n'
        "log.debug(headers)",
        "auth-header",
        "headers",
    ),
    ('params = {}\nparams.update({"client_secret": cs})\nlog.info(params)', "secret", "params"),
    ('API = os.getenv("STRIPE_SECRET_KEY")\nprint(API)', "secret", "API"),
    (
        "def make():\n    h = {'Authorization': f'Bearer {token}'}\n    log.debug('%s', h)",
        "secret",
        "h",
    ),
    (
        "class Client:\n    def call(self):\n        key = os.environ['ANTHROPIC_API_KEY']\n"
        "        self.logger.debug('calling with %s', key)",
        "secret",
        "key",
    ),
    (
        "def outer():\n    def inner(creds):\n        print(creds)\n    return inner",
        "secret",
        "creds",
    ),
    (
        "try:\n    x = 1\nexcept Exception:\n    t = os.environ['GITHUB_TOKEN']\nprint(t)",
        "secret",
        "t",
    ),
    ("while True:\n    h = request.headers\n    break\nlog.info(h)", "auth-header", "h"),
    ("data = request.get_json()\ncopy = data\nlog.info('got %s', copy)", "payload", "copy"),
    ("parts = []\nparts.append(api_key)\nlog.info(parts)", "secret", "parts"),
    ("x = json.dumps(request.json)\nlog.info(x)", "payload", "x"),
    ("cfg = app.config\nlog.info(cfg)", "config", "cfg"),
    ("with open(p) as f:\n    t = os.environ['SLACK_TOKEN']\nprint(t)", "secret", "t"),
    ("match kind:\n    case 'a':\n        t = os.environ['API_TOKEN']\nprint(t)", "secret", "t"),
]

UNSAFE = (
    [(code, "secret", expr) for code, expr in SECRETS + ENVIRONMENT]
    + [(code, "auth-header", expr) for code, expr in HEADERS]
    + [(code, "signature", expr) for code, expr in SIGNATURES]
    + [(code, "payload", expr) for code, expr in PAYLOADS]
    + [(code, "config", expr) for code, expr in CONFIGS]
    + DATAFLOW
)


@pytest.mark.parametrize(("code", "leak", "expression"), UNSAFE)
def test_unsafe(code: str, leak: str, expression: str) -> None:
    assert _one(code) == (leak, expression)


SAFE = [
    'log.info("token refreshed")',
    'log.info(f"token for {user_id}")',
    'log.info("len %d", len(token))',
    'log.info("has token: %s", bool(token))',
    'log.info("missing: %s", token is None)',
    'log.info("token count %d", token_count)',
    'log.info("type %s", token_type)',
    'log.info("expires %s", token_expiry)',
    'log.info("expires %s", expires_at)',
    'log.info("tokens used %d", tokens_used)',
    "log.info(max_tokens)",
    'log.info("reset url %s", password_reset_url)',
    "log.info(has_token)",
    "log.info(is_secret)",
    'log.info("token id %s", token_id)',
    'log.info("secret name %s", secret_name)',
    'log.info("pw len %d", password_length)',
    "log.info(num_tokens)",
    "log.info(token_url)",
    "log.info(api_key_id)",
    'log.info("key %s", key)',
    'log.info("user %s", user_id)',
    'log.info("request %s", request_id)',
    "log.exception(e)",
    'log.error("failed: %s", e)',
    'log.info("status %s", response.status_code)',
    "log.info(resp.headers)",
    'log.info("last4 %s", token[-4:])',
    'log.info("prefix %s", api_key[:6])',
    "log.info(mask_token(token))",
    "log.info(redact(secret))",
    "log.info(hashlib.sha256(token.encode()).hexdigest())",
    "log.info(type(credentials))",
    "log.info(password_hash)",
    "log.info(hashed_password)",
    "log.info(token_last4)",
    'log.info(request.headers.get("User-Agent"))',
    'log.info(request.headers["Content-Type"])',
    'log.info("event %s", event["type"])',
    'log.info("event %s", event.type)',
    "log.info(settings.DEBUG)",
    'log.info(config["debug"])',
    'log.info(os.getenv("DEBUG"))',
    'log.info(os.environ["PORT"])',
    't = os.environ["STRIPE_KEY"]\nn = len(t)\nlog.info(n)',
    "token = mask(token)\nlog.info(token)",
    'log.info("%s", token)  # launchguard:allow',
    '# launchguard:allow-next-line\nlog.info("%s", token)',
    'logger.info("user %s logged in", user.email)',
    'log.info("keys: %s", list(request.headers.keys()))',
    'log.info("%d headers", len(request.headers))',
    "log.info(request.path)",
    'log.info("%s %s", request.method, request.url)',
    "log.info(request.args)",
    "log.info(request.GET)",
    'log.info("event %s received", event.id)',
    "import tokenize\nfor tok in toks:\n    print(token)",
    "for token in tokens:\n    print(token)",
    "log.info(self.config)",
    "log.info(packet.payload)",
    "signature = inspect.signature(fn)\nprint(signature)",
    'def handler(signum, frame):\n    print("signal", signum)',
    'log.info("%s", {k: v for k, v in request.headers.items() if k != "Authorization"})',
    'payload = {"amount": 100, "currency": "usd"}\nlog.info(payload)',
    'config = "settings.yaml"\nprint(config)',
    'def load(config: Path):\n    log.info("reading %s", config)',
    'log.info("page token %s", next_page_token)',
    "log.info(eos_token)",
    'log.info("cookie name %s", SESSION_COOKIE_NAME)',
    "warnings.warn(token)",
    "math.log(token)",
    'self.log("token")',
    'log.info("x", token=None)',
    'log.info("x", password="***")',
    'log.info("x", token=mask(t))',
    'log.info("x", has_password=bool(pw))',
    'log.info("x", token_count=n)',
    'log.info("x %s", err, exc_info=True)',
    "print(password_strength)",
    'log.info("sending %s", json.dumps({"user": user_id}))',
    "log.info(request.user)",
    'log.info(request.headers.get("X-Request-Id"))',
    "r = requests.get(url)\nlog.info(r.headers)",
    "def on_click(event):\n    print(event)",
    "print(dir(settings))",
    "log.info(settings.SECRET_KEY is not None)",
    'log.info("ok" if token else "missing")',
    'log.info("%s", "*" * len(token))',
    'log.info(token.startswith("sk_"))',
    'log.info("game %s", game_session_id)',
    'log.info("aws key id %s", access_key)',
    "print(public_key)",
    "log.info(cache_key)",
    "token = None\nlog.info('token: %s', token)",
    'log.info("user %s", request.json["username"])',
    'log.info("cookie theme %s", request.cookies.get("theme"))',
    "print(sig)",
    'log.info("%s", resp.json()["expires_in"])',
    'payload = {"sub": uid}\nlog.debug("claims %s", payload)',
    "log.info(token_hash)",
    "log.info(fingerprint(api_key))",
    "log.info(len(request.body))",
    "log.info(request.headers is None)",
    'print("tokens", [t.type for t in tokens])',
    "log.info(os.environ.keys())",
    "log.info(sorted(os.environ))",
    'log.bind(user_id=uid).info("login")',
    'logger.opt(exception=True).error("auth failed for %s", user_id)',
    't = os.environ["API_TOKEN"]\nt = mask(t)\nlog.info(t)',
    'key = os.environ["API_KEY_SECRET_ARN"]\nlog.info("fetching %s", key)',
    'log.info("claims %s", jwt.decode(token, key, algorithms=["HS256"]))',
    'log.info("valid %s", hmac.compare_digest(signature, expected))',
    'log.info("publishable %s", settings.STRIPE_PUBLISHABLE_KEY)',
    "def closure(config: LexerATNConfig):\n    print(config)",
]


@pytest.mark.parametrize("code", SAFE)
def test_safe(code: str) -> None:
    assert _run(code) == []


def test_tables_are_large() -> None:
    assert len(UNSAFE) >= 80
    assert len(SAFE) >= 80


def _in_function(code: str) -> str:
    return "def view(request):\n" + textwrap.indent(textwrap.dedent(code), "    ")


def _in_method(code: str) -> str:
    return "class Handler:\n    def post(self, request):\n" + textwrap.indent(
        textwrap.dedent(code), "        "
    )


@pytest.mark.parametrize(("code", "leak", "expression"), UNSAFE)
def test_unsafe_in_a_function_and_a_method(code: str, leak: str, expression: str) -> None:
    # Functions and methods are cut out and parsed alone: the same verdicts must come out.
    assert _one(_in_function(code)) == (leak, expression)
    assert _one(_in_method(code)) == (leak, expression)


@pytest.mark.parametrize("code", SAFE)
def test_safe_in_a_function_and_a_method(code: str) -> None:
    assert _run(_in_function(code)) == []
    assert _run(_in_method(code)) == []


def test_every_snippet_in_one_file() -> None:
    text = "\n".join(_in_function(code) for code, _, _ in UNSAFE)
    hits = analyze_python(text)
    assert len(hits) == len(UNSAFE)
    assert [(h.leak, h.expression) for h in hits] == [(leak, e) for _, leak, e in UNSAFE]


def test_position_sink_and_detail() -> None:
    text = 'def f():\n    x = "héllo"; log.info(token)\n'
    assert analyze_python(text) == [
        LogHit(
            line=2,
            column=18,  # characters, not UTF-8 bytes
            sink="log.info",
            leak="secret",
            expression="token",
            detail="a value named `token`",
        )
    ]


@pytest.mark.parametrize(
    ("text", "sink", "line", "column"),
    [
        (
            "def f():\n    logging.getLogger(\n        __name__\n    ).info(token)\n",
            "logging.getLogger().info",
            2,
            5,
        ),
        (
            'def f():\n    logger.info(\n        "x %s",\n        token,\n    )\n',
            "logger.info",
            2,
            5,
        ),
        (
            "class A:\n\tdef f(self):\n\t\tself.logger.warning('%s', self.api_key)\n",
            "self.logger.warning",
            3,
            3,
        ),
        ("print(password)\n", "print", 1, 1),
        ("if True:\n    sys.stderr.write(password)\n", "sys.stderr.write", 2, 5),
        (
            "@app.route(\n    '/x',\n    methods=['POST'],\n)\n"
            "def hook():\n    log.info(request.json)\n",
            "log.info",
            6,
            5,
        ),
        (
            "async def f(request):\n    await log.ainfo('got', body=await request.json())\n",
            "log.ainfo",
            2,
            11,
        ),
        ("def f():\n    pprint.pprint(settings)\n", "pprint.pprint", 2, 5),
        ("def f():\n    typer.echo(api_key)\n", "typer.echo", 2, 5),
        ("def f():\n    click.secho(api_key, fg='red')\n", "click.secho", 2, 5),
        (
            "def f():\n    log.bind(user=uid,\n             ip=ip).info('x', token=token)\n",
            "log.bind().info",
            2,
            5,
        ),
        ("def f():\r\n    print(password)\r\n", "print", 2, 5),
        ("def f():\r    x = 1\r    print(password)\r", "print", 3, 5),
    ],
)
def test_sinks_and_positions(text: str, sink: str, line: int, column: int) -> None:
    [hit] = analyze_python(text)
    assert (hit.sink, hit.line, hit.column) == (sink, line, column)


@pytest.mark.parametrize(
    ("code", "detail"),
    [
        ('t = os.environ["STRIPE_KEY"]\nu = t\nlog.info(u)', "`u` holds env var STRIPE_KEY"),
        ('log.info(request.headers.get("Stripe-Signature"))', "the Stripe-Signature header"),
        ('print(request.COOKIES["sessionid"])', "the sessionid cookie"),
        ("log.info(request.json)", "the whole `request.json`"),
        ('log.info("x", password=pw)', "a value written as `password`"),
        ("def handler(event, context):\n    print(event)", "`event` holds the whole Lambda event"),
        ("log.info(get_access_token())", "the result of get_access_token()"),
        ("log.info(settings)", "the whole config `settings`"),
    ],
)
def test_details(code: str, detail: str) -> None:
    [hit] = _run(code)
    assert hit.detail == detail


def test_env_var_names_from_the_caller() -> None:
    code = 'print(os.environ["MY_THING"])'
    assert _run(code) == []
    [hit] = _run(code, frozenset({"MY_THING"}))
    assert (hit.leak, hit.detail) == ("secret", "env var MY_THING")


def test_one_hit_per_call_the_most_severe() -> None:
    [hit] = _run('log.info("%s %s %s", settings, request.json, token)')
    assert (hit.leak, hit.expression) == ("secret", "token")
    [hit] = _run('log.info("%s %s", request.json, request.headers["Stripe-Signature"])')
    assert hit.leak == "signature"


def test_hits_in_line_order() -> None:
    text = "def g():\n    print(password)\n\ndef f():\n    log.info(request.headers)\n"
    text = text + "print(settings)\n"
    assert [(h.line, h.leak) for h in analyze_python(text)] == [
        (2, "secret"),
        (5, "auth-header"),
        (6, "config"),
    ]


def test_long_expression_is_cut_to_80_characters() -> None:
    name = "self." + "very_long_attribute_name_" * 4 + "api_key"
    [hit] = _run(f"log.info({name})")
    assert len(hit.expression) == 80
    assert hit.expression.endswith("...")


def test_a_piece_that_does_not_parse_alone_falls_back_to_the_file() -> None:
    # Column-0 text inside a docstring ends the function for the indentation scan.
    text = (
        'def f():\n    """Doc\nat column 0\n"""\n    log.info(token)\n\ndef g():\n    print(pwd)\n'
    )
    assert [(h.line, h.expression) for h in analyze_python(text)] == [
        (5, "token"),
        (8, "pwd"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "log.info(token",
        "def f(:\n    log.info(token)\n",
        'print "token", token\nlog.info(token)\n',  # Python 2
        "{% if token %}{{ print(token) }}{% endif %}",  # a template
        "log.info(token)\x00",
        "print(" * 500 + "token" + ")" * 500,
        "x = " + "+".join(["token"] * 5000) + "\nprint(x)\n",
        "log.info(\ud800token)",
    ],
)
def test_bad_input_never_raises(text: str) -> None:
    assert isinstance(analyze_python(text), list)


def test_python_2_file_reports_nothing_at_module_level() -> None:
    assert analyze_python('import os\nprint "token", token\nprint(password)\n') == []


def test_no_sink_word_means_no_parse() -> None:
    assert analyze_python("token = os.environ['API_TOKEN']\nsend(token)\n") == []


_FRAGMENTS = [
    "log.info(", "print(", "logger.debug(", "token", "request.headers", "os.environ",
    '"Authorization"', "[", "]", "(", ")", ",", "\n", "    ", "def f(event, context):\n",
    "f'{", "}'", "=", ".get(", "settings", "%", "+", "await ", "for k, v in ", ".items():\n",
    "if x:\n", "else:\n", "class A:\n", "'''", "#", "launchguard:allow", "é", "\t",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_random_text_never_raises(text: str) -> None:
    assert isinstance(analyze_python(text), list)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join))
def test_random_code_like_text_never_raises(text: str) -> None:
    for hit in analyze_python(text):
        assert hit.line >= 1
        assert hit.column >= 1
        assert len(hit.expression) <= 80


def _without_shortcuts(text: str) -> list[LogHit]:
    """The same analysis on the whole file at once: no prefilter, no cutting into functions,
    every statement searched for sinks."""
    lines = text.split("\n")
    whole = logs_python._Piece(lines, 0, [0] * len(lines), list(range(1, len(lines) + 1)))
    lexer = any(word in text for word in logs_python._LEXER_WORDS)
    hits = logs_python._analyze_piece(whole, lines, frozenset(), lexer) or []
    return sorted(hits, key=lambda hit: (hit.line, hit.column))


_SNIPPETS = [code for code, _, _ in UNSAFE] + SAFE
_WRAPS = [textwrap.dedent, _in_function, _in_method]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_SNIPPETS), st.sampled_from(_WRAPS)), max_size=8))
def test_shortcuts_never_change_the_result(parts: list[tuple[str, Callable[[str], str]]]) -> None:
    # The prefilter, the per-function parse and the sink-line search may only save time.
    text = "\n".join(wrap(code) for code, wrap in parts) + "\n"
    assert analyze_python(text) == _without_shortcuts(text)


def test_a_name_bound_to_a_logger_factory_is_a_logger() -> None:
    """`audit = logging.getLogger("audit")`: a logger whatever it is called."""
    source = (
        "import logging\n"
        'audit = logging.getLogger("audit")\n'
        "\n"
        "def login(user, password):\n"
        '    audit.info("login %s %s", user, password)\n'
        '    audit.info("login %s", user.id)\n'
        "\n"
        "class Worker:\n"
        "    def __init__(self):\n"
        "        self.events = structlog.get_logger()\n"
        "\n"
        "    def run(self, token):\n"
        '        self.events.info("run", token=token)\n'
        '        self.metrics.info("run", token=token)  # never bound to a logger: not a sink\n'
    )
    hits = analyze_python(source)
    assert [(h.line, h.sink, h.expression) for h in hits] == [
        (5, "audit.info", "password"),
        (13, "self.events.info", "token"),
    ]


def test_code_inside_a_string_is_not_reported() -> None:
    """A test fixture or a docs sample holds a `def` that parses when cut out alone."""
    source = (
        "SAMPLE = '''\n"
        "import logging\n"
        "log = logging.getLogger()\n"
        "\n"
        "def webhook(request):\n"
        "    log.info('headers %s', request.headers)\n"
        "'''\n"
        "\n"
        "def webhook(request):\n"
        "    log.info('headers %s', request.headers)\n"
    )
    assert [hit.line for hit in analyze_python(source)] == [10]


def _parses(source: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    """How many pieces `analyze_python` parsed, and the expressions it reported."""
    calls: list[object] = []
    analyze_piece = logs_python._analyze_piece

    def counting(*args: object, **kwargs: object) -> list[LogHit] | None:
        calls.append(args)
        return analyze_piece(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(logs_python, "_analyze_piece", counting)
    reported = [hit.expression for hit in analyze_python(source)]
    return len(calls), reported


@pytest.mark.parametrize(
    ("message", "parsed"),
    [
        ('"Running command %s", cmd', 0),  # the message's words are not logged names
        ('f"Running {command}"', 1),
        ('"it\'s %s", command', 1),
    ],
)
def test_the_words_of_a_message_are_not_logged_names(
    message: str, parsed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = f"def run(token):\n    command = build(token)\n    log.info({message})\n"
    assert _parses(source, monkeypatch)[0] == parsed


@pytest.mark.parametrize(
    ("assignment", "parsed", "reported"),
    [
        ("client = Client(url=token)", 0, []),  # `url` here is a keyword, not a variable
        ("url = token", 1, ["url"]),
        ("url = (\n        token\n    )", 1, ["url"]),
        # A bracket in a string over two lines stays: the brackets do not balance, and every
        # `=` counts again.
        ('url = f("""(\n    """, token)', 1, []),
    ],
)
def test_only_assignments_lead_a_word_to_a_logged_name(
    assignment: str, parsed: int, reported: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A function is parsed only when a sensitive word reaches what it logs."""
    source = (
        "def call(request):\n"
        '    token = request.headers.get("X-Token")\n'
        f"    {assignment}\n"
        '    log.info("calling %s", url)\n'
    )
    assert _parses(source, monkeypatch) == (parsed, reported)
