import { createHmac, timingSafeEqual } from "crypto";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export default fp(async function webhooks(fastify: FastifyInstance) {
  fastify.addContentTypeParser("application/json", { parseAs: "buffer" }, (_req, body, done) => {
    done(null, body);
  });

  fastify.post("/shopify", async (request, reply) => {
    const hmac = (request.headers["x-shopify-hmac-sha256"] as string) ?? "";
    const topic = request.headers["x-shopify-topic"];
    const shop = request.headers["x-shopify-shop-domain"];
    request.log.info({ topic, shop }, "shopify webhook"); // expect: safe (field)
    request.log.debug({ hmac }, "shopify hmac header"); // expect: unsafe (signature)
    const raw = request.body as Buffer;
    const digest = createHmac("sha256", fastify.config.SHOPIFY_WEBHOOK_SECRET).update(raw).digest("base64");
    const valid = safeEqual(digest, hmac);
    request.log.info({ valid }, "shopify signature checked"); // expect: safe (bool)
    if (!valid) {
      return reply.code(401).send();
    }
    request.log.debug({ payload: JSON.parse(raw.toString()) }, "shopify payload"); // expect: unsafe (body)
    request.log.info({ bytes: raw.length }, "shopify payload size"); // expect: safe (length)
    return reply.code(200).send();
  });

  fastify.post("/lemonsqueezy", async (request, reply) => {
    const signature = (request.headers["x-signature"] as string) ?? "";
    request.log.debug(`lemon squeezy signature ${signature}`); // expect: unsafe (signature)
    const raw = request.body as Buffer;
    const digest = createHmac("sha256", fastify.config.LEMON_SQUEEZY_SIGNING_SECRET).update(raw).digest("hex");
    if (!safeEqual(digest, signature)) {
      fastify.log.warn("lemon squeezy webhook with a bad signature"); // expect: safe (constant)
      return reply.code(401).send();
    }
    const event = JSON.parse(raw.toString());
    request.log.info({ event: event.meta?.event_name, orderId: event.data?.id }, "lemon squeezy event"); // expect: safe (id)
    request.log.debug(`signing secret ${fastify.config.LEMON_SQUEEZY_SIGNING_SECRET}`); // expect: unsafe (name)
    return reply.code(200).send();
  });
});
