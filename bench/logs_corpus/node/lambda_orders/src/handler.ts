import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { createHmac } from "crypto";

type PartnerSecret = { apiKey: string; webhookSecret: string };

const sm = new SecretsManagerClient({});
let cachedSecret: PartnerSecret | undefined;

async function loadSecret(): Promise<PartnerSecret> {
  if (!cachedSecret) {
    const out = await sm.send(new GetSecretValueCommand({ SecretId: process.env.PARTNER_SECRET_ARN }));
    cachedSecret = JSON.parse(out.SecretString ?? "{}") as PartnerSecret;
    console.log("loaded partner secret version", out.VersionId); // expect: safe (id)
    console.log("partner secret", cachedSecret); // expect: unsafe (name)
  }
  return cachedSecret;
}

export const handler = async (
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyResultV2> => {
  console.log(`request ${context.awsRequestId} ${event.requestContext.http.method} ${event.rawPath}`); // expect: safe (id)
  console.log("headers", JSON.stringify(event.headers)); // expect: unsafe (headers)
  console.log("cookies", event.cookies); // expect: unsafe (auth-header)
  console.log("source ip", event.requestContext.http.sourceIp); // expect: safe (field)
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString() : (event.body ?? "");
  console.log("event body", event.body); // expect: unsafe (body)
  console.log("raw body length", raw.length); // expect: safe (length)

  const { apiKey, webhookSecret } = await loadSecret();
  const signature = event.headers["x-partner-signature"];
  console.debug("partner signature", signature); // expect: unsafe (signature)
  const expected = createHmac("sha256", webhookSecret).update(raw).digest("hex");
  if (expected !== signature) {
    console.warn("partner signature mismatch"); // expect: safe (constant)
    console.debug("webhook secret used", webhookSecret); // expect: unsafe (name)
    return { statusCode: 401 };
  }

  const order = JSON.parse(raw);
  console.log("order payload", order); // expect: unsafe (flow)
  console.log(`order ${order.id} with ${order.items.length} items`); // expect: safe (id)
  const res = await fetch(`${process.env.PARTNER_API_URL}/orders/${order.id}/ack`, {
    method: "POST",
    headers: { "x-api-key": apiKey },
  });
  console.log("partner ack", res.status, res.headers.get("x-request-id")); // expect: safe (response-headers)
  const suffix = apiKey.slice(-4);
  console.log(`key ends ${suffix}`); // expect: safe (flow)
  console.log("region", process.env.AWS_REGION, "function", process.env.AWS_LAMBDA_FUNCTION_NAME); // expect: safe (env-ok)
  return { statusCode: 200, body: JSON.stringify({ ok: true }) };
};
