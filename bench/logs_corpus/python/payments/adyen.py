"""Adyen payments with structlog (JSON lines shipped to the log platform)."""

import os

import httpx
import structlog

log = structlog.get_logger(__name__)

CHECKOUT_URL = "https://checkout-test.adyen.com/v71"


class PaymentsClient:
    def __init__(self, api_key: str | None = None) -> None:
        self.api_key = api_key or os.environ["ADYEN_API_KEY"]
        self.merchant_account = os.environ["ADYEN_MERCHANT_ACCOUNT"]
        log.info("payments.client_created", merchant=self.merchant_account)  # expect: safe (field)
        log.debug("payments.client_key", api_key=self.api_key)  # expect: unsafe (name)
        log.debug("payments.client_key_suffix", suffix=self.api_key[-4:])  # expect: safe (masked)
        log.debug("payments.env", adyen_api_key=os.environ.get("ADYEN_API_KEY"))  # expect: unsafe (env)

    def charge(self, order_id: str, amount: int, currency: str, payment_method: dict) -> dict:
        order_log = log.bind(order_id=order_id)
        order_log.info("payments.charge_started", amount=amount, currency=currency)  # expect: safe (field)
        headers = {"X-API-Key": self.api_key, "Content-Type": "application/json"}
        order_log.debug("payments.charge_request", headers=headers)  # expect: unsafe (flow)
        resp = httpx.post(
            f"{CHECKOUT_URL}/payments",
            headers=headers,
            json={
                "merchantAccount": self.merchant_account,
                "amount": {"value": amount, "currency": currency},
                "reference": order_id,
                "paymentMethod": payment_method,
            },
            timeout=20,
        )
        result = resp.json()
        order_log.info(  # expect: safe (id)
            "payments.charge_done",
            psp_reference=result.get("pspReference"),
            result=result.get("resultCode"),
        )
        return result


def handle_webhook(request) -> tuple[str, int]:
    """Flask view for Adyen standard notifications."""
    body = request.get_json()
    log.debug("payments.webhook_body", body=body)  # expect: unsafe (flow)
    log.debug("payments.webhook_headers", headers=dict(request.headers))  # expect: unsafe (headers)
    items = body.get("notificationItems", [])
    log.info("payments.webhook_received", items=len(items))  # expect: safe (count)
    for wrapper in items:
        item = wrapper["NotificationRequestItem"]
        signature = item.get("additionalData", {}).get("hmacSignature")
        if not signature:
            log.warning("payments.webhook_unsigned", reason="missing hmacSignature")  # expect: safe (constant)
            continue
        log.debug("payments.webhook_hmac", signature=signature)  # expect: unsafe (signature)
        log.info(  # expect: safe (field)
            "payments.webhook_item",
            event=item["eventCode"],
            psp_reference=item["pspReference"],
            success=item["success"] == "true",
        )
    return "[accepted]", 200
