"""Stripe checkout and the Stripe webhook."""

import logging

import stripe
from flask import Blueprint, abort, current_app, jsonify, request
from flask_login import current_user, login_required

from .models import Order, Product, db

billing_bp = Blueprint("billing", __name__)
log = logging.getLogger(__name__)


@billing_bp.post("/checkout")
@login_required
def create_checkout():
    stripe.api_key = current_app.config["STRIPE_SECRET_KEY"]
    cart = request.get_json()
    log.info("checkout for user %s with %d items", current_user.id, len(cart["items"]))  # expect: safe (count)
    order = Order(user_id=current_user.id, status="pending")
    db.session.add(order)
    db.session.commit()
    line_items = []
    for item in cart["items"]:
        product = db.session.get(Product, item["product_id"])
        line_items.append({"price": product.stripe_price_id, "quantity": item["quantity"]})
    checkout = stripe.checkout.Session.create(
        mode="payment",
        line_items=line_items,
        metadata={"order_id": order.id},
        success_url=current_app.config["PUBLIC_URL"] + "/thanks",
        cancel_url=current_app.config["PUBLIC_URL"] + "/cart",
    )
    log.info("created stripe checkout for order %s", order.id)  # expect: safe (id)
    return jsonify(url=checkout.url)


@billing_bp.post("/webhook")
def stripe_webhook():
    payload = request.get_data(as_text=True)
    sig_header = request.headers.get("Stripe-Signature")
    endpoint_secret = current_app.config["STRIPE_WEBHOOK_SECRET"]
    log.debug("stripe webhook received, %d bytes", len(payload))  # expect: safe (length)
    log.debug("Stripe-Signature: %s", sig_header)  # expect: unsafe (signature)
    log.debug("raw webhook payload: %s", payload)  # expect: unsafe (flow)
    log.debug("verifying with %s", endpoint_secret)  # expect: unsafe (name)
    try:
        event = stripe.Webhook.construct_event(payload, sig_header, endpoint_secret)
    except ValueError:
        log.warning("invalid stripe payload")  # expect: safe (constant)
        abort(400)
    except stripe.error.SignatureVerificationError:
        log.warning("stripe signature verification failed")  # expect: safe (constant)
        log.debug("bad signature header was %s", request.headers["Stripe-Signature"])  # expect: unsafe (signature)
        abort(400)

    log.info("stripe event %s (%s)", event["id"], event["type"])  # expect: safe (id)
    if event["type"] == "checkout.session.completed":
        checkout = event["data"]["object"]
        order = db.session.get(Order, checkout["metadata"]["order_id"])
        order.status = "paid"
        db.session.commit()
        log.info(  # expect: safe (field)
            "order %s paid, amount %s %s",
            order.id,
            checkout["amount_total"],
            checkout["currency"],
        )
    elif event["type"] == "invoice.payment_failed":
        log.warning("payment failed for customer %s", event["data"]["object"]["customer"])  # expect: safe (id)
    else:
        log.debug("ignoring event type %s", event["type"])  # expect: safe (field)
    return jsonify(received=True)
