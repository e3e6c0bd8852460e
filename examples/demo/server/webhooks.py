"""Stripe webhook handler that logs far too much."""

import logging
import os

import stripe
from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger(__name__)


@app.post("/webhooks/stripe")
def stripe_webhook():
    signature = request.headers.get("Stripe-Signature")
    logger.info("webhook headers: %s", request.headers)  # every header, cookies included
    logger.debug("signature=%s", signature)
    secret = os.environ["STRIPE_WEBHOOK_SECRET"]
    event = stripe.Webhook.construct_event(request.data, signature, secret)
    logger.info("event %s for customer %s", event["type"], event["data"]["object"]["customer"])
    return "", 204
