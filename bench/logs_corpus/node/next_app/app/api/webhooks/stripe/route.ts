import { headers } from "next/headers";
import { NextResponse } from "next/server";
import Stripe from "stripe";

import { markOrderPaid } from "@/lib/orders";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, { apiVersion: "2024-06-20" });
const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET!;

export async function POST(req: Request) {
  const body = await req.text();
  const signature = headers().get("stripe-signature");
  console.log(`stripe webhook: ${body.length} bytes, signature ${signature ? "present" : "missing"}`); // expect: safe (length)
  console.log("stripe signature", signature); // expect: unsafe (signature)
  console.log("webhook body", body); // expect: unsafe (flow)
  if (!signature) {
    console.warn("missing stripe-signature header"); // expect: safe (constant)
    return NextResponse.json({ error: "missing signature" }, { status: 400 });
  }

  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, signature, webhookSecret);
  } catch (err) {
    console.error("stripe signature check failed", err); // expect: safe (error)
    console.debug(`checked with secret ${webhookSecret}`); // expect: unsafe (name)
    return NextResponse.json({ error: "bad signature" }, { status: 400 });
  }

  console.info(`stripe ${event.type} ${event.id}`); // expect: safe (id)
  if (event.type === "checkout.session.completed") {
    const session = event.data.object as Stripe.Checkout.Session;
    // A Stripe Checkout Session object, not a login session: its metadata is not a secret.
    console.info("checkout completed", { orderId: session.metadata?.orderId, amount: session.amount_total }); // expect: safe (id)
    await markOrderPaid(session.metadata?.orderId ?? "");
  }
  return NextResponse.json({ received: true });
}
