const bunyan = require("bunyan");
const express = require("express");
const { Webhook } = require("svix");

const { upsertUser, deleteUser } = require("./users");

const log = bunyan.createLogger({ name: "clerk-webhooks", level: process.env.LOG_LEVEL || "info" });
const router = express.Router();

router.post("/clerk", express.raw({ type: "application/json" }), async (req, res) => {
  const svixId = req.headers["svix-id"];
  const svixTimestamp = req.headers["svix-timestamp"];
  const svixSignature = req.headers["svix-signature"];
  log.info({ svixId, svixTimestamp }, "clerk webhook received"); // expect: safe (id)
  log.debug({ svixSignature }, "svix signature"); // expect: unsafe (signature)
  log.debug("svix headers %j", { id: svixId, timestamp: svixTimestamp, signature: svixSignature }); // expect: unsafe (signature)
  if (!svixId || !svixTimestamp || !svixSignature) {
    log.warn("missing svix headers"); // expect: safe (constant)
    return res.status(400).end();
  }
  const secret = process.env.CLERK_WEBHOOK_SECRET;
  const wh = new Webhook(secret);
  let evt;
  try {
    evt = wh.verify(req.body, {
      "svix-id": svixId,
      "svix-timestamp": svixTimestamp,
      "svix-signature": svixSignature,
    });
  } catch (err) {
    log.error({ err }, "svix verification failed"); // expect: safe (error)
    log.debug({ secret }, "verified against"); // expect: unsafe (name)
    log.debug("raw body %s", req.body.toString()); // expect: unsafe (body)
    return res.status(400).end();
  }
  log.info({ type: evt.type, userId: evt.data.id }, "clerk event"); // expect: safe (id)
  if (evt.type === "user.created" || evt.type === "user.updated") {
    await upsertUser(evt.data);
    log.info({ userId: evt.data.id, emails: evt.data.email_addresses.length }, "user synced"); // expect: safe (count)
  } else if (evt.type === "user.deleted") {
    await deleteUser(evt.data.id);
    log.info({ userId: evt.data.id }, "user deleted"); // expect: safe (id)
  }
  return res.status(204).end();
});

module.exports = router;
