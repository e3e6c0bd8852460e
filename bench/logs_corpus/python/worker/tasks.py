"""Celery tasks: CRM sync, Google token refresh for connected calendars, invoices."""

import logging
import secrets

import requests
from celery import shared_task
from celery.signals import worker_ready
from celery.utils.log import get_task_logger

from app.crypto import decrypt, encrypt
from app.models import Integration, Invoice

logger = get_task_logger(__name__)
plain = logging.getLogger("worker")

CRM_URL = "https://crm.internal.example/api/customers"
GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"


@worker_ready.connect
def announce(sender, **kwargs) -> None:
    plain.info("worker ready on %s", sender.hostname)  # expect: safe (field)
    plain.debug("celery conf: %s", sender.app.conf)  # expect: unsafe (config)


@shared_task(bind=True, max_retries=5)
def sync_customer_to_crm(self, customer_id: int, api_key: str) -> None:
    logger.info("syncing customer %s (attempt %d)", customer_id, self.request.retries + 1)  # expect: safe (count)
    logger.debug("sync customer %s using api key %s", customer_id, api_key)  # expect: unsafe (name)
    try:
        resp = requests.post(
            f"{CRM_URL}/{customer_id}/sync",
            headers={"Authorization": f"Bearer {api_key}"},
            timeout=10,
        )
        resp.raise_for_status()
    except requests.RequestException as exc:
        logger.warning("crm sync failed for %s: %s", customer_id, exc)  # expect: safe (error)
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc
    logger.info("crm sync ok for %s in task %s", customer_id, self.request.id)  # expect: safe (id)


@shared_task
def refresh_google_tokens(client_id: str, client_secret: str) -> int:
    token_count = 0
    logger.debug("refreshing with client %s / %s", client_id, client_secret)  # expect: unsafe (name)
    for integration in Integration.objects.filter(provider="google", active=True):
        refresh_token = decrypt(integration.refresh_token_encrypted)
        resp = requests.post(
            GOOGLE_TOKEN_URL,
            data={
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
                "client_id": client_id,
                "client_secret": client_secret,
            },
            timeout=10,
        )
        if resp.status_code != 200:
            logger.error("token refresh failed for integration %s: HTTP %s", integration.id, resp.status_code)  # expect: safe (id)
            continue
        tokens = resp.json()
        logger.debug("google token response: %s", tokens)  # expect: unsafe (name)
        access_token = tokens["access_token"]
        logger.debug("new access token for %s: %s", integration.id, access_token)  # expect: unsafe (name)
        logger.debug("refresh token used: %s", refresh_token)  # expect: unsafe (name)
        integration.access_token_encrypted = encrypt(access_token)
        integration.save(update_fields=["access_token_encrypted"])
        logger.info("token refreshed for %s", integration.user_id)  # expect: safe (id)
        token_count += 1
    logger.info("refreshed %d tokens", token_count)  # expect: safe (count)
    plain.info("token refresh run finished, token_count=%d", token_count)  # expect: safe (count)
    return token_count


@shared_task
def email_invoice(invoice_id: int) -> None:
    invoice = Invoice.objects.select_related("customer").get(pk=invoice_id)
    logger.info("emailing invoice %s to customer %s", invoice.number, invoice.customer_id)  # expect: safe (id)
    invoice.send()
    logger.info("invoice %s sent (%d line items)", invoice.number, invoice.lines.count())  # expect: safe (count)


@shared_task(bind=True)
def rotate_signing_secret(self, integration_id: int) -> None:
    integration = Integration.objects.get(pk=integration_id)
    new_secret = secrets.token_hex(32)
    integration.signing_secret_encrypted = encrypt(new_secret)
    integration.save(update_fields=["signing_secret_encrypted"])
    logger.info("rotated signing secret for integration %s", integration_id)  # expect: safe (constant)
    logger.debug("new signing secret %s", new_secret)  # expect: unsafe (name)
    logger.debug("new secret has %d chars", len(new_secret))  # expect: safe (length)
    plain.info("using %s auth for integration %s", "token" if integration.access_token_encrypted else "anonymous", integration_id)  # expect: safe (bool)
