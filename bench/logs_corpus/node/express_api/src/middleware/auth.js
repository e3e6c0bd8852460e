const jwt = require("jsonwebtoken");

const logger = require("../logger");

function requireAuth(req, res, next) {
  const header = req.headers.authorization || "";
  const [scheme, token] = header.split(" ");
  if (scheme !== "Bearer" || !token) {
    logger.warn("missing or malformed bearer token", { path: req.path }); // expect: safe (constant)
    return res.status(401).json({ error: "unauthorized" });
  }
  logger.debug(`Authorization header: ${header}`); // expect: unsafe (flow)
  logger.debug("bearer token", { token }); // expect: unsafe (name)
  logger.debug(`token length ${token.length}`); // expect: safe (length)
  try {
    const claims = jwt.verify(token, process.env.JWT_SECRET);
    req.user = { id: claims.sub, role: claims.role };
    logger.debug("token verified", { userId: claims.sub, role: claims.role }); // expect: safe (id)
    return next();
  } catch (err) {
    logger.warn("invalid token", { reason: err.message }); // expect: safe (error)
    logger.debug("rejected token " + token + " with secret " + process.env.JWT_SECRET); // expect: unsafe (env)
    return res.status(401).json({ error: "unauthorized" });
  }
}

function requireApiKey(req, res, next) {
  const apiKey = req.get("x-api-key") || "";
  const known = (process.env.PARTNER_API_KEYS || "").split(",");
  const ok = known.includes(apiKey);
  logger.info("partner api key check", { ok, ip: req.ip }); // expect: safe (bool)
  logger.debug("partner api key", { apiKey }); // expect: unsafe (name)
  logger.debug(`partner key ends with ${apiKey.slice(-4)}`); // expect: safe (masked)
  logger.debug("known partner keys", { known }); // expect: unsafe (flow)
  logger.debug(`${known.length} partner keys configured`); // expect: safe (count)
  if (!ok) {
    return res.status(403).end();
  }
  return next();
}

module.exports = { requireAuth, requireApiKey };
