"""JS/TS log statements: each unsafe form with the (leak, expression) it produces, each safe
form with nothing, and the prefilter, positions and robustness around them."""

from __future__ import annotations

import threading

import pytest
from _pytest.mark import ParameterSet
from hypothesis import given, settings
from hypothesis import strategies as st

from launchguard.classify import logs_js
from launchguard.classify.log_types import LogHit
from launchguard.classify.logs_js import Dialect, analyze_js, dialect_for

Expected = tuple[str, str] | None


def unsafe(code: str, leak: str, expression: str, dialect: Dialect = "js") -> ParameterSet:
    return pytest.param(code, dialect, (leak, expression), id=f"{leak}:{code[:60]}")


def safe(code: str, dialect: Dialect = "js") -> ParameterSet:
    return pytest.param(code, dialect, None, id=f"safe:{code[:60]}")


def only(code: str, dialect: Dialect = "js", secret_vars: frozenset[str] = frozenset()) -> Expected:
    hits = analyze_js(code.encode(), dialect, secret_vars)
    assert len(hits) <= 1, hits
    return (hits[0].leak, hits[0].expression) if hits else None


# Snippets reused by several cases: the frames real handlers put around a log call.
EXPRESS = (
    "app.post('/webhook', express.json(), async (req, res) => {{\n  {}\n"
    "  res.sendStatus(200)\n}})\n"
)
NEXT = (
    "export async function POST(request: NextRequest) {{\n  {}\n"
    "  return NextResponse.json({{}})\n}}\n"
)
LAMBDA = (
    "export const handler = async (event: APIGatewayProxyEvent) => {{\n  {}\n"
    "  return {{ statusCode: 200 }}\n}}\n"
)
# A NestJS controller method: decorators only parse inside a class.
CONTROLLER = "@Controller('x')\nclass C {{\n  @Post()\n  {}\n}}\n"
NEST = """@Injectable()
export class PaymentsService {{
  private readonly logger = new Logger(PaymentsService.name)
  constructor(private readonly config: ConfigService, private readonly http: HttpService) {{}}

  async charge(userId: string, amount: number): Promise<void> {{
    {}
  }}
}}
"""

SECRET_CASES = [
    unsafe("console.log(token)", "secret", "token"),
    unsafe("console.log('token:', token)", "secret", "token"),
    unsafe("logger.info(`Using key ${apiKey}`)", "secret", "apiKey"),
    unsafe("console.log('pw=' + password)", "secret", "password"),
    unsafe("logger.debug({ token })", "secret", "token"),
    unsafe("logger.info({ password: pw })", "secret", "password: pw"),
    unsafe("logger.info({ 'client_secret': value })", "secret", "'client_secret': value"),
    unsafe("console.log(user.password)", "secret", "user.password"),
    unsafe("console.log(creds['apiKey'])", "secret", "creds['apiKey']"),
    unsafe("logger.info([accessToken, userId])", "secret", "accessToken"),
    unsafe("console.log(refreshToken ?? 'none')", "secret", "refreshToken"),
    unsafe("console.log(debug ? secret : '')", "secret", "secret"),
    unsafe("console.log(JSON.stringify({ jwt }))", "secret", "jwt"),
    unsafe("console.log(token.trim())", "secret", "token"),
    unsafe("console.log(authToken.slice(7))", "secret", "authToken"),
    unsafe("console.log(String(privateKey))", "secret", "privateKey"),
    unsafe("logger.info('creds %o', credentials)", "secret", "credentials"),
    unsafe("Logger.log(`secret: ${webhookSecret}`, 'Stripe')", "secret", "webhookSecret", "ts"),
    unsafe(
        "fastify.log.info({ apiKey: request.body.apiKey }, 'signup')",
        "secret",
        "request.body.apiKey",
    ),
    unsafe("req.log.info(`session ${sessionToken}`)", "secret", "sessionToken"),
    unsafe("winston.info('stripe key', stripeSecretKey)", "secret", "stripeSecretKey"),
    unsafe("logger.log('info', 'db', { dbPassword })", "secret", "dbPassword"),
    unsafe("log.warn(`retrying with ${clientSecret}`)", "secret", "clientSecret"),
    unsafe("LOG.error('auth failed', bearerToken)", "secret", "bearerToken"),
    unsafe("auditLogger.info({ user, passphrase })", "secret", "passphrase"),
    unsafe("console.log(process.env.STRIPE_SECRET_KEY)", "secret", "process.env.STRIPE_SECRET_KEY"),
    unsafe("console.log(process.env['OPENAI_API_KEY'])", "secret", "process.env['OPENAI_API_KEY']"),
    unsafe(
        "console.log(import.meta.env.VITE_SUPABASE_SERVICE_ROLE_KEY)",
        "secret",
        "import.meta.env.VITE_SUPABASE_SERVICE_ROLE_KEY",
        "ts",
    ),
    unsafe("const t = process.env.STRIPE_SECRET_KEY\nlogger.info(t)", "secret", "t"),
    unsafe(
        "const { DATABASE_PASSWORD } = process.env\nconsole.log(DATABASE_PASSWORD)",
        "secret",
        "DATABASE_PASSWORD",
    ),
    unsafe(
        "const key: string = process.env.ANTHROPIC_API_KEY!\nconsole.log(`key=${key}`)",
        "secret",
        "key",
        "ts",
    ),
    unsafe(EXPRESS.format("const { token } = req.body\n  console.log(token)"), "secret", "token"),
    unsafe(
        EXPRESS.format(
            "const bearer = req.headers.authorization?.split(' ')[1]\n  log.info(bearer)"
        ),
        "secret",
        "bearer",
    ),
    unsafe("process.stdout.write(`token=${token}\\n`)", "secret", "token"),
    unsafe("process.stderr.write(apiKey + '\\n')", "secret", "apiKey"),
    unsafe(
        "console.log(localStorage.getItem('accessToken'))",
        "secret",
        "localStorage.getItem('accessToken')",
    ),
    unsafe(
        NEST.format("this.logger.debug(this.config.get('JWT_SECRET'))"),
        "secret",
        "this.config.get('JWT_SECRET')",
        "ts",
    ),
    unsafe(
        "console.log(Deno.env.get('STRIPE_SECRET_KEY'))",
        "secret",
        "Deno.env.get('STRIPE_SECRET_KEY')",
        "ts",
    ),
    unsafe(
        "console.table(users.map(u => u.id), [{ name: u.name, password: u.password }])",
        "secret",
        "u.password",
    ),
    unsafe("console.dir(session.accessToken, { depth: 2 })", "secret", "session.accessToken"),
    unsafe(
        "const body = { grant_type: 'client_credentials', client_secret: clientSecret }\n"
        "console.log(body)",
        "secret",
        "body",
    ),
    unsafe(
        "logger.info(`auth ${Buffer.from(`${user}:${password}`).toString('base64')}`)",
        "secret",
        "password",
    ),
    unsafe("this.logger.debug(`JWT: ${jwt as string}`)", "secret", "jwt", "ts"),
    unsafe("logger.error({ err, token }, 'refresh failed')", "secret", "token"),
    unsafe("console.log(searchParams.get('token'))", "secret", "searchParams.get('token')"),
    unsafe("console.log(formData.get('password'))", "secret", "formData.get('password')"),
    unsafe(
        "let apiToken: string | undefined\napiToken = await vault.read('x')\n"
        "this.logger.verbose(apiToken)",
        "secret",
        "apiToken",
        "ts",
    ),
    unsafe(
        "class Client {\n  #apiKey = ''\n  call() { logger.debug(this.#apiKey) }\n}",
        "secret",
        "this.#apiKey",
    ),
    unsafe("logger.fatal(`boot: ${config.stripe.secretKey}`)", "secret", "config.stripe.secretKey"),
    unsafe("this.logger?.warn(creds.password)", "secret", "creds.password", "ts"),
    unsafe("(logger as any).info(token)", "secret", "token", "ts"),
    unsafe("pino().info({ otp })", "secret", "otp"),
    unsafe("getLogger('auth').info(resetToken)", "secret", "resetToken"),
    unsafe("logger.child({ module: 'auth' }).warn(idToken)", "secret", "idToken"),
    unsafe("for (const key of apiKeys) { console.log(key) }", "secret", "key"),
    unsafe(
        "'use client'\nexport function Checkout({ clientSecret }: { clientSecret: string }) {\n"
        "  useEffect(() => { console.debug('stripe', clientSecret) }, [clientSecret])\n"
        "  return <Elements stripe={stripePromise} options={{ clientSecret }} />\n}",
        "secret",
        "clientSecret",
        "tsx",
    ),
    unsafe(
        "const Form = <T,>({ onSubmit }: Props<T>) => {\n"
        "  const handle = (e: FormEvent) => {\n"
        "    const data = Object.fromEntries(new FormData(e.currentTarget))\n"
        "    console.log('submit', data.password as string)\n  }\n"
        "  return <form onSubmit={handle} />\n}",
        "secret",
        "data.password",
        "tsx",
    ),
    unsafe("console.log(await getAccessToken())", "secret", "getAccessToken()"),
    unsafe("logger.info('key', session.getApiKey())", "secret", "session.getApiKey()"),
    unsafe("logger.error(new Error(`bad token ${token}`))", "secret", "token"),
    unsafe("log.info(`login ${username}/${body.password}`)", "secret", "body.password"),
    unsafe(
        "const headers = { Authorization: `Bearer ${token}` }\nconsole.log('calling', headers)",
        "secret",
        "headers",
    ),
    unsafe(
        "export default function Page() {\n  console.log(session.accessToken)\n"
        "  return <div>{session.user.name}</div>\n}",
        "secret",
        "session.accessToken",
        "tsx",
    ),
    unsafe(
        "function Login() {\n  const [password, setPassword] = useState('')\n"
        "  const submit = () => console.log('submitting', password)\n"
        "  return <form onSubmit={submit} />\n}",
        "secret",
        "password",
    ),
]

AUTH_HEADER_CASES = [
    unsafe(EXPRESS.format("console.log(req.headers)"), "auth-header", "req.headers"),
    unsafe("logger.info({ headers: req.headers }, 'incoming')", "auth-header", "req.headers"),
    unsafe("console.log(req.headers.authorization)", "auth-header", "req.headers.authorization"),
    unsafe(
        "console.log(req.headers['authorization'])", "auth-header", "req.headers['authorization']"
    ),
    unsafe("console.log(req.get('Authorization'))", "auth-header", "req.get('Authorization')"),
    unsafe(
        "console.log(req.header('authorization'))", "auth-header", "req.header('authorization')"
    ),
    unsafe(
        NEXT.format("console.log(request.headers.get('authorization'))"),
        "auth-header",
        "request.headers.get('authorization')",
        "ts",
    ),
    unsafe("console.log(req.cookies)", "auth-header", "req.cookies"),
    unsafe("console.log(document.cookie)", "auth-header", "document.cookie"),
    unsafe("console.log(ctx.headers)", "auth-header", "ctx.headers"),
    unsafe("ctx.logger.info(ctx.request.headers)", "auth-header", "ctx.request.headers"),
    unsafe(LAMBDA.format("console.log(event.headers)"), "auth-header", "event.headers", "ts"),
    unsafe(
        "console.log(req.headers?.authorization)", "auth-header", "req.headers?.authorization", "ts"
    ),
    unsafe(
        "console.log(req.headers.authorization!)", "auth-header", "req.headers.authorization", "ts"
    ),
    unsafe(
        EXPRESS.format("const { authorization } = req.headers\n  logger.info(authorization)"),
        "auth-header",
        "authorization",
    ),
    unsafe("const h = req.headers\nconsole.log(h.cookie)", "auth-header", "h.cookie"),
    unsafe(
        "import { headers } from 'next/headers'\nexport async function GET() {\n"
        "  const auth = (await headers()).get('authorization')\n  console.log(auth)\n}",
        "auth-header",
        "auth",
        "ts",
    ),
    unsafe("logger.info(`${req.method} ${req.url}`, req.headers)", "auth-header", "req.headers"),
    unsafe(
        "console.log(request.headers as Record<string, string>)",
        "auth-header",
        "request.headers",
        "ts",
    ),
    unsafe("console.log(req.headers['x-api-key'])", "auth-header", "req.headers['x-api-key']"),
    unsafe(
        "app.get('/', (c) => { console.log(c.req.header('Authorization')); return c.text('ok') })",
        "auth-header",
        "c.req.header('Authorization')",
        "ts",
    ),
    unsafe("logger.info({ cookie: req.headers.cookie })", "auth-header", "req.headers.cookie"),
    unsafe("console.log(req.cookies.session)", "auth-header", "req.cookies.session"),
    unsafe("request.log.info(request.raw.headers)", "auth-header", "request.raw.headers"),
    unsafe(
        CONTROLLER.format(
            "create(@Headers() headers: Record<string, string>) { this.logger.log(headers) }"
        ),
        "auth-header",
        "headers",
        "ts",
    ),
    unsafe(
        CONTROLLER.format("me(@Headers('authorization') auth: string) { this.logger.debug(auth) }"),
        "auth-header",
        "auth",
        "ts",
    ),
    unsafe(
        "app.use(async (ctx) => { const k = ctx.get('x-api-key'); ctx.logger.warn(k) })",
        "auth-header",
        "k",
        "ts",
    ),
    unsafe("const h = new Headers(request.headers)\nconsole.log(h)", "auth-header", "h"),
    unsafe("for (const h of req.headers) console.log(h)", "auth-header", "h"),
    unsafe(
        "console.log(options.headers.Authorization)", "auth-header", "options.headers.Authorization"
    ),
    unsafe(
        "io.on('connection', (socket) => { log.info(socket.handshake.headers) })",
        "auth-header",
        "socket.handshake.headers",
    ),
]

SIGNATURE_CASES = [
    unsafe(
        EXPRESS.format("console.log(req.headers['stripe-signature'])"),
        "signature",
        "req.headers['stripe-signature']",
    ),
    unsafe(
        NEXT.format("console.log(request.headers.get('x-hub-signature-256'))"),
        "signature",
        "request.headers.get('x-hub-signature-256')",
        "ts",
    ),
    unsafe(
        "console.log(req.get('X-Slack-Signature'))", "signature", "req.get('X-Slack-Signature')"
    ),
    unsafe(
        EXPRESS.format(
            "const sig = req.headers['stripe-signature'] as string\n  logger.warn('bad sig', sig)"
        ),
        "signature",
        "sig",
        "ts",
    ),
    unsafe(
        LAMBDA.format("console.log(event.headers['X-Hub-Signature-256'])"),
        "signature",
        "event.headers['X-Hub-Signature-256']",
        "ts",
    ),
    unsafe(
        "const svixSignature = headers().get('svix-signature')\nconsole.error(svixSignature)",
        "signature",
        "svixSignature",
        "ts",
    ),
    unsafe(
        "logger.info({ signature: req.get('x-shopify-hmac-sha256') })",
        "signature",
        "req.get('x-shopify-hmac-sha256')",
    ),
]

PAYLOAD_CASES = [
    unsafe(EXPRESS.format("console.log(req.body)"), "payload", "req.body"),
    unsafe(
        "fastify.post('/orders', async (request) => { request.log.info('order', request.body) })",
        "payload",
        "request.body",
    ),
    unsafe("console.log(ctx.request.body)", "payload", "ctx.request.body"),
    unsafe(
        NEXT.format("const body = await request.json()\n  console.log(body)"),
        "payload",
        "body",
        "ts",
    ),
    unsafe("console.log(await req.json())", "payload", "req.json()"),
    unsafe(LAMBDA.format("console.log(event.body)"), "payload", "event.body", "ts"),
    unsafe(LAMBDA.format("console.log(JSON.parse(event.body!))"), "payload", "event.body", "ts"),
    unsafe("console.log(JSON.stringify(req.body, null, 2))", "payload", "req.body"),
    unsafe("logger.info({ ...req.body })", "payload", "req.body"),
    unsafe("logger.info({ body: req.body }, 'webhook')", "payload", "req.body"),
    unsafe("const payload = JSON.parse(rawBody)\nconsole.log(payload)", "payload", "payload"),
    unsafe(
        "export const handler = async (event) => {\n  const data = JSON.parse(event.body ?? '{}')\n"
        "  console.log(data)\n}",
        "payload",
        "data",
    ),
    unsafe(EXPRESS.format("const { body } = req\n  console.log(body)"), "payload", "body"),
    unsafe(
        "export default async function handler(req, res) {\n  const raw = await buffer(req)\n"
        "  console.log(raw.toString())\n}",
        "payload",
        "raw",
    ),
    unsafe(
        "export default defineEventHandler(async (event) => {\n"
        "  const body = await readBody(event)\n  console.log(body)\n})",
        "payload",
        "body",
        "ts",
    ),
    unsafe(
        CONTROLLER.format("async create(@Body() dto: CreateUserDto) { this.logger.log(dto) }"),
        "payload",
        "dto",
        "ts",
    ),
    unsafe(
        "export const handler = async (event, context) => {\n"
        "  console.log('EVENT: ' + JSON.stringify(event, null, 2))\n}",
        "payload",
        "event",
    ),
    unsafe(
        "export const handler: Handler = async (event: APIGatewayProxyEventV2) => {\n"
        "  console.log(event)\n  return { statusCode: 200 }\n}",
        "payload",
        "event",
        "ts",
    ),
    unsafe("exports.handler = async (event) => { console.info(event) }", "payload", "event"),
    unsafe(
        "function onEvent(webhookPayload) { console.log(webhookPayload) }",
        "payload",
        "webhookPayload",
    ),
    unsafe(
        NEXT.format("const text = await request.text()\n  console.log(text)"),
        "payload",
        "text",
        "ts",
    ),
    unsafe(
        NEXT.format("const form = await request.formData()\n  log.debug(form)"),
        "payload",
        "form",
        "ts",
    ),
    unsafe("const { ...rest } = req.body\nconsole.log(rest)", "payload", "rest"),
    unsafe("const b = await request.clone().json() as Order\nconsole.log(b)", "payload", "b", "ts"),
]

CONFIG_CASES = [
    unsafe("console.log(process.env)", "config", "process.env"),
    unsafe("import config from './config'\nconsole.log(config)", "config", "config"),
    unsafe("logger.debug({ settings })", "config", "settings"),
    unsafe("console.log(import.meta.env)", "config", "import.meta.env", "ts"),
    unsafe(NEST.format("this.logger.log(this.config)"), "config", "this.config", "ts"),
    unsafe("console.log(app.config)", "config", "app.config"),
    unsafe("const env = process.env\nconsole.log(env)", "config", "env"),
    unsafe("console.log(JSON.stringify(process.env, null, 2))", "config", "process.env"),
]

SAFE_CASES = [
    safe("console.log(token.length)"),
    safe("console.log(!!token)"),
    safe("console.log(Boolean(secret))"),
    safe("console.log(typeof token)"),
    safe("console.log(token === expected)"),
    safe("console.log(tokenCount)"),
    safe("console.log(token.slice(-4))"),
    safe("console.log(token.substring(0, 6))"),
    safe("console.log(`${apiKey.slice(0, 8)}...`)"),
    safe("console.log(mask(token))"),
    safe("console.log(redact(password))"),
    safe("console.log(crypto.createHash('sha256').update(token).digest('hex'))"),
    safe("console.log(createHmac('sha256', secret).update(body).digest('hex'))"),
    safe("console.log('token refreshed')"),
    safe("console.log(`token for ${userId}`)"),
    safe("console.log(userId, requestId)"),
    safe("console.log(tokenId)"),
    safe("console.error(err)"),
    safe("logger.error({ err }, 'request failed')"),
    safe("console.log(res.status)"),
    safe("console.log(response.status, response.statusText)"),
    safe("console.log(token) // launchguard:allow"),
    safe("logger.info({\n  token,\n}) // launchguard:allow"),
    safe("const n = token.length\nconsole.log(n)"),
    safe("let t = process.env.STRIPE_SECRET_KEY\nt = 'redacted'\nconsole.log(t)"),
    safe("console.log(process.env.NODE_ENV)"),
    safe("console.log(process.env.PORT)"),
    safe("console.log(process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY)"),
    safe("logger.info({ apiKey: process.env.NEXT_PUBLIC_ALGOLIA_SEARCH_KEY })"),
    safe("console.log(req.headers['user-agent'])"),
    safe("console.log(req.headers['content-type'])"),
    safe(NEXT.format("console.log(request.headers.get('x-request-id'))"), "ts"),
    safe("console.log(Object.keys(req.headers))"),
    safe("console.log(req.body.email)"),
    safe("console.log(req.body.items.length)"),
    safe("console.log(req.query.page)"),
    safe("console.log(req.method, req.url)"),
    safe("console.log(event.type)"),
    safe("console.log(`Webhook ${event.type} received: ${event.id}`)"),
    safe("logger.info({ userId: user.id, email: user.email })"),
    safe("console.log(tokenType)"),
    safe("console.log(hasToken, isSecret)"),
    safe("console.log(passwordHash, hashedPassword)"),
    safe("logger.info({ hasPassword: !!password })"),
    safe("logger.info({ token: '***' })"),
    safe("logger.info({ password: undefined })"),
    safe("logger.info({ token: mask(token) })"),
    safe("logger.info({ tokenLength: token.length })"),
    safe("console.log(Math.log(10))"),
    safe("catalog.info(token)"),
    safe("dialog.error(password)"),
    safe("console.log('Authorization header missing')"),
    safe("console.log(`${req.method} ${req.path}`)"),
    safe("const body = { userId, action: 'login' }\nconsole.log(body)"),
    safe("const payload = { event: 'signup', userId }\nconsole.log(payload)"),
    safe("function render(body) { console.log(body) }"),
    safe("console.log(config.port, config.db.host)"),
    safe("console.log(settings.theme)"),
    safe("const result = verifySignature(req)\nconsole.log(result.valid)"),
    safe("console.log(stripe.webhooks.constructEvent(raw, sig, secret).type)"),
    safe("console.log(await bcrypt.hash(password, 10))"),
    safe("console.log(await bcrypt.compare(password, user.passwordHash))"),
    safe("console.log(jwt.verify(token, secret).sub)"),
    safe("console.log(jwt.decode(token))"),
    safe("console.log(password.startsWith('x'))"),
    safe("console.log(keys, cacheKey, sortKey)"),
    safe("console.log(nextPageToken, maxTokens, tokens)"),
    safe("console.log(err.message, error.response?.status)"),
    safe("const s = 'console.log(token)'"),
    safe("// console.log(token)\n/* logger.info(password) */"),
    safe("logger.info(`user ${user.id} updated password`)"),
    safe("console.log(sessionTimeout, authorized, authorizationUrl, passwordResetUrl)"),
    safe("logger.info({ status: res.statusCode, ms })"),
    safe("console.log(req.headers.host)"),
    safe("console.log(headers.get('content-type'))"),
    safe("console.log(Object.keys(process.env).length)"),
    safe("console.log(process.env.DATABASE_URL ? 'db set' : 'no db')"),
    safe("console.log(token ? 'present' : 'missing')"),
    safe("console.log(secret !== undefined)"),
    safe("console.log(token && token.slice(-4))"),
    safe("console.log(user?.profile?.name)"),
    safe("console.log(userToken.slice(0, 4) + '...')"),
    safe(
        "const body = { name: username, password }\n"
        "log.verbose('login', 'before PUT', { ...body, password: 'XXXXX' })"
    ),
    safe("console.log(`${key}: ${value}`)"),
    safe("logger.info(`Loaded ${Object.keys(config).length} settings`)"),
    safe("this.log(token)"),
    safe("blog.info(secret)"),
    safe("console.log(req.cookies.theme)"),
    safe("console.log(password.length > 8 ? 'strong' : 'weak')"),
    safe(NEST.format("this.logger.log(`charging ${userId} ${amount}`)"), "ts"),
    safe(
        CONTROLLER.format(
            "async create(@Body() dto: CreateUserDto) { this.logger.log(dto.email) }"
        ),
        "ts",
    ),
    safe(EXPRESS.format("logger.info({ path: req.path, ip: req.ip }, 'webhook')")),
    safe(LAMBDA.format("console.log(event.requestContext.requestId)"), "ts"),
    safe("const sig = req.headers['stripe-signature']\nconsole.log(Boolean(sig))"),
    safe("const body = await req.json()\nconsole.log(body.type, body.id)"),
    safe("logger.info('token %s', token.slice(-4))"),
    safe("console.log(<string>name)", "ts"),
    safe("const token = ''\nconsole.log(token)"),
    safe("function f(apiKey = '') {}\nconsole.log(apiKeyPrefix)"),
    safe("console.log(secretsManager.region)"),
    safe(
        "export default function Avatar({ user }: Props) {\n  console.log(user.name)\n"
        "  return <img alt={user.name} />\n}",
        "tsx",
    ),
    safe("console.log(process.argv, __dirname)"),
    safe("for (const token of tokens) { console.log(token) }"),
    safe(
        "export default function Nav({ session }: { session: Session | null }) {\n"
        "  console.log('signed in:', !!session?.accessToken, session?.user?.email)\n"
        "  return <nav>{session ? <UserMenu /> : <SignIn />}</nav>\n}",
        "tsx",
    ),
    safe("console.log(getTokenCount(), getHeaders(), foo.getSecret().length)"),
    safe("const evt = jwt.verify(token, secret)\nconsole.log(evt, jwtDecode(idToken))"),
    safe("for (const key in secrets) { console.log(key) }"),
    safe("logger.info({ token: tokenCount, secrets: secretNames, apiKey: user.apiKeyId })"),
    safe("button.addEventListener('click', (event) => console.log(event))"),
    safe("function onClick(event) { console.log(event) }"),
    safe("emitter.on('x', (event, ctx) => console.log(event.type))"),
    safe("logger.error(new HttpException('Unauthorized', 401))"),
    safe("console.log(new Date(), new URL(req.url).pathname)"),
    safe("logger.info({ usage: completion.usage, maxTokens })"),
    safe("console.log(publicKey, keyId, authUrl, session, cookieConsent)"),
    safe("console.log(document.body, message.body, response.body, res.headers)"),
    safe("console.log(jwtPayload, decoded, passport, tokenizer, bypass)"),
    safe("const headers = { 'Content-Type': 'application/json' }\nconsole.log(headers)"),
    safe("const { password, ...result } = user\nthis.logger.debug(result)", "ts"),
    safe("logger.info(`got ${Object.values(req.headers).length} headers`)"),
]


@pytest.mark.parametrize(
    ("code", "dialect", "expected"),
    [
        *SECRET_CASES,
        *AUTH_HEADER_CASES,
        *SIGNATURE_CASES,
        *PAYLOAD_CASES,
        *CONFIG_CASES,
        *SAFE_CASES,
    ],
)
def test_cases(code: str, dialect: Dialect, expected: Expected) -> None:
    assert only(code, dialect) == expected


def test_case_counts() -> None:
    unsafe_count = sum(
        map(len, [SECRET_CASES, AUTH_HEADER_CASES, SIGNATURE_CASES, PAYLOAD_CASES, CONFIG_CASES])
    )
    assert unsafe_count >= 80
    assert len(SAFE_CASES) >= 80


def test_secret_env_vars_from_the_env_inventory() -> None:
    code = "console.log(process.env.MY_UPSTREAM)\nconsole.log(import.meta.env.VITE_THING)"
    assert only(code) is None
    hits = analyze_js(code.encode(), "js", frozenset({"MY_UPSTREAM", "VITE_THING"}))
    assert [(h.line, h.leak, h.detail) for h in hits] == [
        (1, "secret", "env var MY_UPSTREAM"),
        (2, "secret", "env var VITE_THING"),
    ]


def test_hit_fields() -> None:
    code = (
        "import pino from 'pino'\n"
        "const logger = pino()\n"
        "export class Billing {\n"
        "  charge() {\n"
        "    const s = 'héllo wörld'; this.logger.warn(\n"
        "      'charge', { amount: 1, headers: req.headers }, token\n"
        "    )\n"
        "  }\n"
        "}\n"
    )
    assert analyze_js(code.encode(), "ts") == [
        LogHit(
            line=5,
            column=30,  # characters, not bytes: é and ö are two bytes each
            sink="this.logger.warn",
            leak="secret",  # most severe of the call's arguments
            expression="token",
            detail="secret-named value `token`",
        )
    ]


def test_one_hit_per_call_in_source_order() -> None:
    code = (
        "console.log(req.body)\n"
        "console.log('ok')\n"
        "logger.info({ token, cfg: config })\n"
        "  process.stdout.write(req.headers.cookie)\n"
    )
    hits = analyze_js(code.encode(), "js")
    assert [(h.line, h.column, h.sink, h.leak) for h in hits] == [
        (1, 1, "console.log", "payload"),
        (3, 1, "logger.info", "secret"),
        (4, 3, "process.stdout.write", "auth-header"),
    ]


def test_expression_is_clipped_to_80_characters() -> None:
    key = "k" * 100
    (hit,) = analyze_js(f"console.log(creds['{key}'].apiKey)".encode(), "js")
    assert len(hit.expression) == 80
    assert hit.expression.startswith("creds['kkk")


def test_dataflow_is_per_function_and_ordered() -> None:
    code = (
        "const t = process.env.STRIPE_SECRET_KEY\n"
        "function a() { const t = 'x'; console.log(t) }\n"  # shadowed: safe
        "function b() { console.log(t) }\n"  # the module's t
        "function c() { let v = 1; console.log(v); v = process.env.API_TOKEN; console.log(v) }\n"
    )
    hits = analyze_js(code.encode(), "js")
    assert [(h.line, h.column, h.detail) for h in hits] == [
        (3, 16, "`t` holds env var STRIPE_SECRET_KEY"),
        (4, 70, "`v` holds env var API_TOKEN"),
    ]


def test_self_referencing_bindings_terminate() -> None:
    code = "let a = b\nlet b = a\na = a + b\nconsole.log(a, b)\nx = x\nconsole.log(x)"
    assert analyze_js(code.encode(), "js") == []


@pytest.mark.parametrize(
    ("path", "dialect"),
    [
        ("src/app.js", "js"),
        ("src/App.JSX", "js"),
        ("server.mjs", "js"),
        ("config.cjs", "js"),
        ("api/route.ts", "ts"),
        ("lib/x.mts", "ts"),
        ("lib/x.cts", "ts"),
        ("app/page.tsx", "tsx"),
        ("bundle.js#src/server.ts", "ts"),
        ("src/App.vue", None),
        ("src/App.svelte", None),
        ("types/index.d.ts", None),
        ("vendor/jquery.min.js", None),
        ("README.md", None),
        ("Makefile", None),
    ],
)
def test_dialect_for(path: str, dialect: Dialect | None) -> None:
    assert dialect_for(path) == dialect


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("var a=1;" * 200 + "\nconsole.log(token)\n", id="minified-line"),
        pytest.param("console.log(token)\n//# sourceMappingURL=app.js.map\n", id="source-map"),
        pytest.param("/*! bundle v1 | MIT */\nconsole.log(token)\n", id="banner"),
        pytest.param("/** @license React */\nconsole.log(token)\n", id="license"),
        pytest.param(
            '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\n'
            "console.log(token)\n",
            id="transpiled",
        ),
        pytest.param("// @generated by protoc\nconsole.log(token)\n", id="generated"),
        pytest.param(
            "//#region ../../node_modules/parse5/dist/index.js\nconsole.log(token)\n",
            id="rolldown-region",
        ),
        pytest.param("console.log(token)\n" + "//" + "x" * 600 * 1024, id="too-big"),
    ],
)
def test_generated_and_bundled_files_are_skipped(code: str) -> None:
    assert analyze_js(code.encode(), "js") == []


def test_an_editor_region_is_not_a_bundle() -> None:
    """Editors fold `//#region Helpers`; only a bundler names a module's path there."""
    code = b"//#region Helpers\nconsole.log(token)\n//#endregion\n"
    assert [hit.expression for hit in analyze_js(code, "js")] == ["token"]


GARBAGE = [
    "console.log(token",
    "logger.info({ token: }",
    "console.log(`${token",
    "}}}{{{ console.log(req.body) ))) ((",
    "const { = req.body; console.log(token)",
    "console.log(" * 300 + "token" + ")" * 300,
    "a + " * 2000 + "console.log(token)",
    "\x00\xff console.log(password)",
    "<div>{console.log(token)}</div>",
    "console . log ( token )",
    "logger\n  .info(\n token\n)",
]


@pytest.mark.parametrize("code", GARBAGE)
@pytest.mark.parametrize("dialect", ["js", "ts", "tsx"])
def test_garbage_never_raises(code: str, dialect: Dialect) -> None:
    for hit in analyze_js(code.encode("utf-8", "surrogatepass"), dialect):
        assert hit.line >= 1
        assert hit.column >= 1


def test_error_nodes_still_analyze_what_parsed() -> None:
    code = "const x = ;\nif (a {\n  console.log(req.body)\n}\nconst b = <<>>;\nlog.info(token)\n"
    hits = analyze_js(code.encode(), "js")
    assert [(h.line, h.leak) for h in hits] == [(3, "payload"), (6, "secret")]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["js", "ts", "tsx"]))
def test_random_bytes_never_raise(data: bytes, dialect: Dialect) -> None:
    analyze_js(b"console.log(" + data + b")\n" + data, dialect)


_JS_TOKENS = [
    "console.log(",
    "logger.info(",
    "this.logger.warn(",
    ")",
    "(",
    "{",
    "}",
    "[",
    "]",
    ",",
    "token",
    "req",
    ".headers",
    ".body",
    "process.env",
    ".STRIPE_SECRET_KEY",
    "const ",
    "let ",
    " = ",
    "...",
    "`${",
    "}`",
    "'x'",
    ";",
    "\n",
    "=>",
    "function f",
    "await ",
    "?.",
    "!",
    " as any",
    "<div>",
    "</div>",
    "+",
    "&&",
    "??",
    "'authorization'",
    ".get(",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_JS_TOKENS), max_size=60), st.sampled_from(["js", "ts", "tsx"]))
def test_random_token_soup_never_raises(tokens: list[str], dialect: Dialect) -> None:
    for hit in analyze_js("".join(tokens).encode(), dialect):
        assert hit.sink
        assert 0 < len(hit.expression) <= 80


def _all_sink_calls(code: bytes, dialect: Dialect) -> set[int]:
    """Every call the AST check accepts, found by walking the whole tree."""
    root = logs_js._parser(dialect).parse(code).root_node
    found: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        func = node.child_by_field_name("function") if node.type == "call_expression" else None
        prop = func.child_by_field_name("property") if func is not None else None
        if func is None or prop is None or func.type != "member_expression":
            continue
        method = code[prop.start_byte : prop.end_byte].decode()
        if logs_js._is_sink(func, method, code):
            found.add(node.start_byte)
    return found


@pytest.mark.parametrize(
    ("code", "dialect", "expected"),
    [*SECRET_CASES, *AUTH_HEADER_CASES, *SIGNATURE_CASES, *PAYLOAD_CASES, *CONFIG_CASES],
)
def test_prefilter_sees_every_sink(code: str, dialect: Dialect, expected: Expected) -> None:
    """The textual prefilter is a superset of the AST's sinks, so it cannot drop a hit."""
    data = code.encode()
    root = logs_js._parser(dialect).parse(data).root_node
    from_sites = set()
    for start, end in logs_js._sink_sites(data):
        call = logs_js._sink_call(root, start, end, data)
        if call is not None:
            from_sites.add(call.start_byte)
    assert from_sites == _all_sink_calls(data, dialect)
    assert from_sites


def test_threads_share_nothing() -> None:
    cases = [(p.values[0], p.values[1], p.values[2]) for p in [*SECRET_CASES, *SAFE_CASES]]
    errors: list[str] = []

    def work() -> None:
        for code, dialect, expected in cases:
            if only(code, dialect) != expected:
                errors.append(code)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
