import { App, LogLevel } from "@slack/bolt";

import { triggerDeploy } from "./deploy";

const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  logLevel: LogLevel.INFO,
});

app.command("/deploy", async ({ command, ack, respond, logger }) => {
  await ack();
  logger.info(`deploy of ${command.text} requested by ${command.user_id} in ${command.channel_id}`); // expect: safe (id)
  logger.debug(`slash command verification token ${command.token}`); // expect: unsafe (name)
  try {
    const run = await triggerDeploy(command.text);
    logger.info(`deploy run ${run.id} started`); // expect: safe (id)
    await respond(`Deploy started: ${run.url}`);
  } catch (error) {
    logger.error(error); // expect: safe (error)
    await respond("Deploy failed, check the logs.");
  }
});

app.event("app_mention", async ({ event, client, logger }) => {
  logger.info(`mentioned by ${event.user} in ${event.channel}`); // expect: safe (id)
  try {
    await client.chat.postMessage({ channel: event.channel, thread_ts: event.ts, text: "On it!" });
  } catch (error) {
    logger.error(error); // expect: safe (error)
  }
});

app.error(async (error) => {
  console.error("bolt error", error.code); // expect: safe (error)
});

(async () => {
  await app.start(Number(process.env.PORT) || 3000);
  console.log("Bolt app is running"); // expect: safe (constant)
  console.log("bot token:", process.env.SLACK_BOT_TOKEN); // expect: unsafe (env)
  console.log("signing secret configured:", Boolean(process.env.SLACK_SIGNING_SECRET)); // expect: safe (bool)
})();
