const bunyan = require("bunyan");
const { Pool } = require("pg");
const Stripe = require("stripe");

const log = bunyan.createLogger({ name: "billing-worker" });
const stripeKey = process.env.STRIPE_SECRET_KEY;
const stripe = Stripe(stripeKey);
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

async function chargeDueInvoices() {
  const { rows } = await pool.query(
    "select id, customer_id, stripe_customer, amount, currency from invoices where due_at < now() and paid = false",
  );
  log.info({ count: rows.length }, "due invoices"); // expect: safe (count)
  for (const inv of rows) {
    const invLog = log.child({ invoiceId: inv.id });
    try {
      const intent = await stripe.paymentIntents.create({
        customer: inv.stripe_customer,
        amount: inv.amount,
        currency: inv.currency,
        confirm: true,
        off_session: true,
      });
      await pool.query("update invoices set paid = true where id = $1", [inv.id]);
      invLog.info({ intentId: intent.id, status: intent.status }, "charged"); // expect: safe (id)
    } catch (err) {
      invLog.error({ err, customerId: inv.customer_id }, "charge failed"); // expect: safe (error)
    }
  }
}

function main() {
  if (!stripeKey) {
    log.fatal("STRIPE_SECRET_KEY is missing"); // expect: safe (constant)
    process.exit(1);
  }
  console.log(`key ends ${stripeKey.slice(-4)}`); // expect: safe (masked)
  log.debug({ stripeKey }, "stripe key"); // expect: unsafe (flow)
  log.debug({ env: process.env }, "environment"); // expect: unsafe (config)
  log.info("STRIPE_SECRET_KEY set: %s", Boolean(process.env.STRIPE_SECRET_KEY)); // expect: safe (bool)
  log.info("STRIPE_SECRET_KEY: %s", process.env.STRIPE_SECRET_KEY); // expect: unsafe (env)
  setInterval(() => {
    chargeDueInvoices().catch((err) => log.error({ err }, "run failed")); // expect: safe (error)
  }, 60_000);
  log.info("billing worker started"); // expect: safe (constant)
}

main();
