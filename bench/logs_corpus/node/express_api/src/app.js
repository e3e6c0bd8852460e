require("dotenv").config();

const cookieParser = require("cookie-parser");
const express = require("express");

const logger = require("./logger");
const { requireAuth } = require("./middleware/auth");
const users = require("./routes/users");
const webhooks = require("./routes/webhooks");

const config = {
  port: Number(process.env.PORT || 3000),
  jwtSecret: process.env.JWT_SECRET,
  stripeSecretKey: process.env.STRIPE_SECRET_KEY,
  githubWebhookSecret: process.env.GITHUB_WEBHOOK_SECRET,
};

logger.info("config loaded", { port: config.port, env: process.env.NODE_ENV }); // expect: safe (env-ok)
logger.debug("config", config); // expect: unsafe (config)
logger.debug(`JWT secret: ${config.jwtSecret}`); // expect: unsafe (name)
if (!process.env.JWT_SECRET) {
  logger.error("JWT_SECRET is not set, refusing to start"); // expect: safe (constant)
  process.exit(1);
}
logger.info(`JWT secret length: ${process.env.JWT_SECRET.length}`); // expect: safe (length)
if (process.env.DEBUG_ENV === "1") {
  console.log("process env:", process.env); // expect: unsafe (config)
}

const app = express();
app.locals.config = config;

// Webhooks first: they need the raw body for signature checks.
app.use("/webhooks", webhooks);
app.use(express.json());
app.use(cookieParser());

app.use((req, res, next) => {
  const started = Date.now();
  res.on("finish", () => {
    logger.info("request", { // expect: safe (id)
      method: req.method,
      path: req.path,
      status: res.statusCode,
      ms: Date.now() - started,
      requestId: req.get("x-request-id"),
    });
  });
  logger.debug("incoming headers", req.headers); // expect: unsafe (headers)
  logger.debug(`cookies: ${JSON.stringify(req.cookies)}`); // expect: unsafe (auth-header)
  logger.debug("header names", { names: Object.keys(req.headers) }); // expect: safe (other)
  next();
});

app.use("/api/users", requireAuth, users);

app.get("/healthz", (req, res) => {
  res.json({ ok: true });
});

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  logger.error("unhandled error", { err: err.message, stack: err.stack, path: req.path }); // expect: safe (error)
  res.status(500).json({ error: "internal" });
});

app.listen(config.port, () => {
  console.log(`API listening on http://localhost:${config.port}`); // expect: safe (other)
});
