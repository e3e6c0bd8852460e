import fastifyEnv from "@fastify/env";
import Fastify from "fastify";

import authPlugin from "./plugins/auth";
import webhooksPlugin from "./plugins/webhooks";

declare module "fastify" {
  interface FastifyInstance {
    config: {
      PORT: number;
      JWT_SECRET: string;
      SHOPIFY_WEBHOOK_SECRET: string;
      LEMON_SQUEEZY_SIGNING_SECRET: string;
    };
  }
}

const schema = {
  type: "object",
  required: ["JWT_SECRET", "SHOPIFY_WEBHOOK_SECRET", "LEMON_SQUEEZY_SIGNING_SECRET"],
  properties: {
    PORT: { type: "number", default: 3000 },
    JWT_SECRET: { type: "string" },
    SHOPIFY_WEBHOOK_SECRET: { type: "string" },
    LEMON_SQUEEZY_SIGNING_SECRET: { type: "string" },
  },
};

async function main() {
  const fastify = Fastify({ logger: { level: process.env.LOG_LEVEL ?? "info" } });
  await fastify.register(fastifyEnv, { schema, dotenv: true });
  fastify.log.info({ port: fastify.config.PORT }, "config loaded"); // expect: safe (field)
  fastify.log.debug({ config: fastify.config }, "full config"); // expect: unsafe (config)
  fastify.log.debug(`jwt secret ${fastify.config.JWT_SECRET}`); // expect: unsafe (name)
  fastify.log.info(`shopify webhooks ${fastify.config.SHOPIFY_WEBHOOK_SECRET ? "enabled" : "disabled"}`); // expect: safe (bool)

  await fastify.register(authPlugin);
  await fastify.register(webhooksPlugin, { prefix: "/webhooks" });

  try {
    const address = await fastify.listen({ port: fastify.config.PORT, host: "0.0.0.0" });
    fastify.log.info(`listening on ${address}`); // expect: safe (other)
  } catch (err) {
    fastify.log.fatal({ err }, "failed to start"); // expect: safe (error)
    process.exit(1);
  }
}

main();
