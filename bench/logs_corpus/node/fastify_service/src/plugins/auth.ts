import jwt from "@fastify/jwt";
import bcrypt from "bcrypt";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";

import { findUserByEmail } from "../users";

type LoginBody = { email: string; password: string };

export default fp(async function authPlugin(fastify: FastifyInstance) {
  await fastify.register(jwt, { secret: fastify.config.JWT_SECRET });
  fastify.log.info("jwt plugin registered"); // expect: safe (constant)

  fastify.decorate("authenticate", async (request: FastifyRequest, reply: FastifyReply) => {
    request.log.debug({ authorization: request.headers.authorization }, "auth header"); // expect: unsafe (auth-header)
    request.log.debug({ hasAuthorization: Boolean(request.headers.authorization) }, "auth header present?"); // expect: safe (bool)
    try {
      const claims = await request.jwtVerify<{ sub: string }>();
      request.log.info({ userId: claims.sub }, "authenticated"); // expect: safe (id)
    } catch (err) {
      request.log.warn({ err }, "jwt verification failed"); // expect: safe (error)
      // slice(7) only drops "Bearer ": what is left is the whole token.
      request.log.debug(`rejected jwt ${request.headers.authorization?.slice(7)}`); // expect: unsafe (auth-header)
      return reply.code(401).send({ error: "unauthorized" });
    }
  });

  fastify.addHook("onRequest", async (request) => {
    request.log.trace({ headers: request.headers }, "incoming request headers"); // expect: unsafe (headers)
    request.log.info({ url: request.url, method: request.method, reqId: request.id }, "incoming"); // expect: safe (id)
  });

  fastify.post<{ Body: LoginBody }>("/login", async (request, reply) => {
    const { email, password } = request.body;
    request.log.info({ email }, "login attempt"); // expect: safe (field)
    request.log.debug({ body: request.body }, "login body"); // expect: unsafe (body)
    request.log.debug({ password }, "login password"); // expect: unsafe (name)
    const user = await findUserByEmail(email);
    if (!user || !(await bcrypt.compare(password, user.passwordHash))) {
      request.log.info({ email }, "invalid credentials"); // expect: safe (field)
      return reply.code(401).send({ error: "invalid credentials" });
    }
    const token = fastify.jwt.sign({ sub: user.id }, { expiresIn: "1h" });
    request.log.info({ userId: user.id }, "token issued"); // expect: safe (id)
    request.log.debug({ token }, "token issued"); // expect: unsafe (name)
    return { token };
  });
});
