const crypto = require("crypto");
const express = require("express");
const Stripe = require("stripe");

const logger = require("../logger");

const router = express.Router();
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);

router.post("/stripe", express.raw({ type: "application/json" }), async (req, res) => {
  const sig = req.headers["stripe-signature"];
  console.log("stripe webhook hit, signature present:", Boolean(sig)); // expect: safe (bool)
  console.log("stripe-signature:", sig); // expect: unsafe (signature)
  console.log("raw body:", req.body.toString("utf8")); // expect: unsafe (body)
  let event;
  try {
    event = stripe.webhooks.constructEvent(req.body, sig, process.env.STRIPE_WEBHOOK_SECRET);
  } catch (err) {
    console.error(`Webhook signature verification failed: ${err.message}`); // expect: safe (error)
    console.error("expected secret", process.env.STRIPE_WEBHOOK_SECRET); // expect: unsafe (env)
    return res.status(400).send(`Webhook Error: ${err.message}`);
  }
  console.log(`Received ${event.type} (${event.id})`); // expect: safe (id)
  switch (event.type) {
    case "payment_intent.succeeded": {
      const intent = event.data.object;
      logger.info("payment succeeded", { // expect: safe (id)
        intentId: intent.id,
        amount: intent.amount,
        currency: intent.currency,
      });
      break;
    }
    case "customer.subscription.deleted":
      logger.info("subscription cancelled", { customer: event.data.object.customer }); // expect: safe (id)
      break;
    default:
      logger.debug(`unhandled event type ${event.type}`); // expect: safe (field)
  }
  return res.json({ received: true });
});

router.post("/github", express.raw({ type: "application/json" }), (req, res) => {
  const signature = req.get("x-hub-signature-256") || "";
  const delivery = req.get("x-github-delivery");
  const event = req.get("x-github-event");
  logger.info("github webhook", { event, delivery }); // expect: safe (id)
  logger.debug("github content type", { contentType: req.get("content-type") }); // expect: safe (field)
  logger.debug("github signature", { signature }); // expect: unsafe (signature)
  logger.debug(`X-Hub-Signature-256: ${req.headers["x-hub-signature-256"]}`); // expect: unsafe (signature)
  const digest =
    "sha256=" +
    crypto.createHmac("sha256", process.env.GITHUB_WEBHOOK_SECRET).update(req.body).digest("hex");
  const valid =
    signature.length === digest.length &&
    crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(digest));
  logger.info(`github signature valid: ${valid}`); // expect: safe (bool)
  if (!valid) {
    logger.warn("rejecting github delivery with bad signature", { delivery }); // expect: safe (id)
    return res.status(401).end();
  }
  const payload = JSON.parse(req.body.toString());
  logger.debug("github payload", payload); // expect: unsafe (flow)
  logger.info(`${event} on ${payload.repository.full_name} by ${payload.sender.login}`); // expect: safe (field)
  return res.status(204).end();
});

module.exports = router;
