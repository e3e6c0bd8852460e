"""Incoming webhooks: GitHub (push/PR) and Mailgun (delivery events)."""

import hashlib
import hmac
import logging

from fastapi import APIRouter, Depends, Header, HTTPException, Request

from .deps import Settings, get_settings

router = APIRouter(prefix="/webhooks")
LOG = logging.getLogger("notes.webhooks")


@router.post("/github")
async def github_webhook(
    request: Request,
    x_github_event: str = Header(...),
    x_github_delivery: str = Header(...),
    x_hub_signature_256: str = Header(...),
    settings: Settings = Depends(get_settings),
):
    body = await request.body()
    LOG.info("github %s delivery %s", x_github_event, x_github_delivery)  # expect: safe (id)
    LOG.debug("github header names: %s", list(request.headers.keys()))  # expect: safe (other)
    LOG.debug("github signature %s", x_hub_signature_256)  # expect: unsafe (signature)
    expected = (
        "sha256="
        + hmac.new(settings.github_webhook_secret.encode(), body, hashlib.sha256).hexdigest()
    )
    valid = hmac.compare_digest(expected, x_hub_signature_256)
    LOG.info("signature valid: %s", valid)  # expect: safe (bool)
    if not valid:
        LOG.warning("rejecting github delivery %s: bad signature", x_github_delivery)  # expect: safe (id)
        raise HTTPException(401, "bad signature")
    LOG.debug("raw github body: %s", body)  # expect: unsafe (flow)
    payload = await request.json()
    LOG.debug("github payload %s", await request.json())  # expect: unsafe (body)
    LOG.info(  # expect: safe (field)
        "%s on %s by %s",
        payload.get("action"),
        payload["repository"]["full_name"],
        payload["sender"]["login"],
    )
    return {"ok": True}


@router.post("/mailgun")
async def mailgun_events(request: Request):
    form = await request.form()
    LOG.debug("mailgun form: %s", form)  # expect: unsafe (flow)
    LOG.debug("mailgun form fields: %s", list(form.keys()))  # expect: safe (other)
    LOG.info("mailgun event %s for %s", form.get("event"), form.get("recipient"))  # expect: safe (field)
    LOG.debug("mailgun signature %s", form.get("signature"))  # expect: unsafe (signature)
    return {"ok": True}
