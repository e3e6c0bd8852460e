const bcrypt = require("bcrypt");
const crypto = require("crypto");
const express = require("express");

const db = require("../db");
const logger = require("../logger");

const router = express.Router();

router.post("/", async (req, res) => {
  const { email, password, name } = req.body;
  // An email address is not a secret: logging req.body.email alone is labelled safe.
  logger.info("creating user", { email: req.body.email }); // expect: safe (field)
  logger.debug("create user body", req.body); // expect: unsafe (body)
  logger.debug(`signup password: ${password}`); // expect: unsafe (name)
  logger.debug(`signup password length ${password.length}`); // expect: safe (length)
  const passwordHash = await bcrypt.hash(password, 12);
  const user = await db.users.create({ email, name, passwordHash });
  logger.info(`user ${user.id} created`); // expect: safe (id)
  res.status(201).json({ id: user.id });
});

router.patch("/:id/password", async (req, res) => {
  logger.info("password change requested", { userId: req.params.id }); // expect: safe (id)
  logger.debug("password change", { // expect: unsafe (name)
    current: req.body.currentPassword,
    next: req.body.newPassword,
  });
  const user = await db.users.findById(req.params.id);
  if (!(await bcrypt.compare(req.body.currentPassword, user.passwordHash))) {
    logger.warn("wrong current password", { userId: user.id }); // expect: safe (constant)
    return res.status(403).end();
  }
  await db.users.update(user.id, { passwordHash: await bcrypt.hash(req.body.newPassword, 12) });
  logger.info("password changed", { userId: user.id, by: req.user.id }); // expect: safe (id)
  return res.status(204).end();
});

router.post("/:id/api-tokens", async (req, res) => {
  const token = crypto.randomBytes(32).toString("base64url");
  const tokenHash = crypto.createHash("sha256").update(token).digest("hex");
  await db.apiTokens.create({ userId: req.params.id, tokenHash });
  logger.info("api token created", { userId: req.params.id, tokenHash: tokenHash.slice(0, 12) }); // expect: safe (hashed)
  logger.info(`api token fingerprint ${crypto.createHash("sha256").update(token).digest("hex").slice(0, 12)}`); // expect: safe (hashed)
  logger.debug(`api token: ${token}`); // expect: unsafe (name)
  if (process.env.NODE_ENV === "development") {
    console.log("dev api token", token); // launchguard:allow seeded dev database only // expect: safe (allow)
  }
  res.status(201).json({ token });
});

router.get("/me", (req, res) => {
  logger.debug("whoami", { userId: req.user.id, role: req.user.role }); // expect: safe (id)
  logger.debug("whoami auth", { authorization: req.get("authorization") }); // expect: unsafe (auth-header)
  res.json(req.user);
});

module.exports = router;
