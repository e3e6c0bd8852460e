"""JavaScript's own vocabulary for the unsafe-log analyzer, beside what `log_names` shares with
the Python analyzer: the logging methods, the calls and properties that keep or hide a value's
content, and where requests, headers, cookies, env vars and Lambda events are read from.
"""

from __future__ import annotations

import re

from launchguard.classify.log_names import REQUEST_NAMES

CONSOLE_METHODS = frozenset({"log", "info", "warn", "error", "debug", "trace", "dir", "table"})
LOGGER_METHODS = frozenset(
    {"log", "info", "warn", "warning", "error", "debug", "trace", "fatal", "verbose", "silly"}
    | {"http"}
)
LOGGER_FACTORIES = frozenset({"getLogger", "createLogger", "pino", "bunyan"})

SIZE_PROPS = frozenset({"length", "size", "byteLength"})
# Methods that return their receiver's content, changed in form only.
SAME_CONTENT_METHODS = frozenset(
    {"toString", "trim", "trimStart", "trimEnd", "toUpperCase", "toLowerCase", "replace"}
    | {"replaceAll", "split", "concat", "padStart", "padEnd", "normalize", "valueOf", "toJSON"}
    | {"at", "join", "flat", "clone", "entries", "values", "slice", "substring", "substr"}
)
# Functions that return their arguments' content: serializers and encodings hide nothing.
SAME_CONTENT_FUNCTIONS = frozenset(
    {"JSON.stringify", "JSON.parse", "String", "util.inspect", "inspect", "util.format"}
    | {"format", "Buffer.from", "btoa", "atob", "encodeURIComponent", "decodeURIComponent"}
    | {"encodeURI", "decodeURI", "structuredClone", "Object.entries", "Object.values"}
    | {"Object.assign", "Object.fromEntries", "Array.from", "escape", "unescape"}
)
SAME_CONTENT_CLASSES = frozenset({"Headers", "URLSearchParams", "Map", "Set", "String", "URL"})
ERRORS = ("Error", "Exception")
# Results that say something about a value and nothing of it. Not in log_names because they are
# JavaScript's own (log_names has `startswith`, `len`, `bool`); merge there if shared.
SAFE_CALLS = frozenset(
    {"Boolean", "Number", "isNaN", "Array.isArray", "Object.keys", "parseInt", "parseFloat"}
    | {"startsWith", "endsWith", "includes", "test", "has", "indexOf", "lastIndexOf", "equals"}
    | {"timingSafeEqual", "some", "every", "localeCompare"}
    # A verified or decoded JWT is its claims, not the token.
    | {"jwt.verify", "jwt.decode", "jsonwebtoken.verify", "jsonwebtoken.decode", "jwtDecode"}
    | {"jwtVerify", "decodeJwt"}
)

GETTERS = frozenset({"get", "header", "getHeader", "getAll", "getItem"})
HEADER_GETTERS = frozenset({"header", "getHeader"})
BODY_METHODS = frozenset({"json", "text", "formData", "arrayBuffer", "blob"})
# h3/Nuxt `readBody(event)`, micro `buffer(req)`, `getRawBody(req)`: the whole body.
BODY_READERS = frozenset(
    {"readBody", "readRawBody", "getRawBody", "rawBody", "buffer", "text", "json", "getBody"}
)
ENV_ROOTS = frozenset({("process", "env"), ("import.meta", "env"), ("Bun", "env")})
ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
GETTER_NAME = re.compile(r"^get[A-Z]")
COOKIE_JARS = frozenset({"cookies", "signedCookies"})
COOKIE_WORDS = frozenset({"session", "sid", "auth"})
# Receivers whose `headers` are the caller's, beside log_names' request names:
# Hono/Fastify `req.raw.headers`, socket.io `socket.handshake.headers`.
JS_HEADER_RECEIVERS = frozenset({"raw", "handshake"})
# `req.get('Authorization')` (Express), `ctx.get('X-Api-Key')` (Koa) read a request header.
HEADER_READERS = REQUEST_NAMES | {"ctx"}

LAMBDA_TYPES = re.compile(r"APIGateway|ALBEvent|LambdaFunctionURL|Handler<")
LAMBDA_HANDLERS = frozenset({"handler", "lambdaHandler", "lambda_handler"})
