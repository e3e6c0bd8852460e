import { NextRequest, NextResponse } from "next/server";

import { priceFor } from "@/lib/catalog";

type CartItem = { sku: string; quantity: number };

export async function POST(req: NextRequest) {
  const body = await req.json();
  console.log("checkout request", body); // expect: unsafe (flow)
  const items: CartItem[] = body.items ?? [];
  console.log(`checkout for ${items.length} items`); // expect: safe (count)

  const form = new URLSearchParams({ mode: "payment", success_url: `${req.nextUrl.origin}/thanks` });
  items.forEach((item, i) => {
    form.append(`line_items[${i}][price]`, priceFor(item.sku));
    form.append(`line_items[${i}][quantity]`, String(item.quantity));
  });
  const res = await fetch("https://api.stripe.com/v1/checkout/sessions", {
    method: "POST",
    headers: { Authorization: `Bearer ${process.env.STRIPE_SECRET_KEY}` },
    body: form,
  });
  console.log("stripe responded", res.status, res.headers.get("request-id")); // expect: safe (response-headers)
  console.log("stripe response headers", Object.fromEntries(res.headers)); // expect: safe (response-headers)
  const data = await res.json();
  if (!res.ok) {
    console.error("stripe error", data.error?.message); // expect: safe (error)
    return NextResponse.json({ error: "checkout failed" }, { status: 502 });
  }
  console.log("stripe key used", process.env.STRIPE_SECRET_KEY?.slice(-4)); // expect: safe (masked)
  // A publishable key is public by design: Stripe.js sends it from every visitor's browser.
  console.log("publishable key", process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY); // expect: safe (env-ok)
  return NextResponse.json({ url: data.url });
}
