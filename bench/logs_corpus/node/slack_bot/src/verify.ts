import crypto from "node:crypto";

import type { NextFunction, Request, Response } from "express";
import pino from "pino";

// Express receiver for Slack slash commands, verifying the signature by hand.
const log = pino({ name: "slack-verify", level: process.env.LOG_LEVEL ?? "info" });

export function verifySlack(req: Request & { rawBody?: Buffer }, res: Response, next: NextFunction) {
  const timestamp = req.header("X-Slack-Request-Timestamp");
  const slackSignature = req.header("X-Slack-Signature");
  log.debug({ timestamp }, "slack request"); // expect: safe (field)
  log.debug({ slackSignature }, "slack signature"); // expect: unsafe (signature)
  log.debug(`X-Slack-Signature=${req.headers["x-slack-signature"]}`); // expect: unsafe (signature)
  if (!timestamp || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) {
    log.warn({ timestamp }, "stale slack request"); // expect: safe (field)
    return res.status(400).end();
  }
  const base = `v0:${timestamp}:${req.rawBody?.toString() ?? ""}`;
  const mine =
    "v0=" + crypto.createHmac("sha256", process.env.SLACK_SIGNING_SECRET ?? "").update(base).digest("hex");
  const ok =
    !!slackSignature &&
    mine.length === slackSignature.length &&
    crypto.timingSafeEqual(Buffer.from(mine), Buffer.from(slackSignature));
  log.info({ ok }, "slack signature verified"); // expect: safe (bool)
  log.debug({ body: req.body }, "slack payload"); // expect: unsafe (body)
  log.debug({ team: req.body?.team_id, command: req.body?.command }, "slack command"); // expect: safe (field)
  if (!ok) {
    log.error({ err: new Error("bad slack signature") }, "failed"); // expect: safe (error)
    return res.status(401).end();
  }
  return next();
}
