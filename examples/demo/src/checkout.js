// Checkout page: the developer pasted the server key into client code.
import Stripe from "stripe";

const stripe = new Stripe("sk_live_51E6svi34zWH8xMS9BMoXOJrFAKELo8F2nXMzqQdgCWwDllJ");
const publishable = "pk_live_51JKfLjG7A0nIQoCWVGPqbQTh4DPcT85"; // fine: publishable keys are public by design

export async function charge(amount) {
  return stripe.paymentIntents.create({ amount, currency: "usd" });
}
