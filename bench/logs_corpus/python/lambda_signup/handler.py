"""API Gateway (REST API, proxy integration) handler for the marketing signup form.

Pushes the contact to HubSpot with a private-app key kept in Secrets Manager.
"""

import base64
import json
import logging
import os

import boto3
import requests

logger = logging.getLogger()
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))

secrets_client = boto3.client("secretsmanager")
_cached_secret: dict | None = None

HUBSPOT_URL = "https://api.hubapi.com/crm/v3/objects/contacts"


def _hubspot_secret() -> dict:
    global _cached_secret
    if _cached_secret is None:
        resp = secrets_client.get_secret_value(SecretId=os.environ["HUBSPOT_SECRET_ID"])
        _cached_secret = json.loads(resp["SecretString"])
        logger.info("loaded hubspot secret version %s", resp["VersionId"])  # expect: safe (id)
        logger.debug("hubspot secret: %s", _cached_secret)  # expect: unsafe (name)
    return _cached_secret


class HubspotClient:
    def __init__(self, api_key: str) -> None:
        self.api_key = api_key
        self.logger = logging.getLogger("hubspot")
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {api_key}"

    def create_contact(self, email: str, first_name: str) -> str:
        self.logger.info("creating contact for %s", email)  # expect: safe (field)
        self.logger.debug("hubspot key %s", self.api_key)  # expect: unsafe (name)
        resp = self.session.post(
            HUBSPOT_URL,
            json={"properties": {"email": email, "firstname": first_name}},
            timeout=10,
        )
        if resp.status_code == 409:
            self.logger.info("contact already exists")  # expect: safe (constant)
            return resp.json()["message"].rsplit(" ", 1)[-1]
        resp.raise_for_status()
        return resp.json()["id"]


def lambda_handler(event, context):
    logger.info("request %s %s %s", context.aws_request_id, event["httpMethod"], event["path"])  # expect: safe (id)
    logger.debug("headers: %s", event["headers"])  # expect: unsafe (headers)
    logger.debug("authorization: %s", event["headers"].get("Authorization"))  # expect: unsafe (auth-header)
    logger.debug("source ip %s", event["requestContext"]["identity"]["sourceIp"])  # expect: safe (field)
    raw = event["body"] or ""
    if event.get("isBase64Encoded"):
        raw = base64.b64decode(raw).decode()
    logger.debug("body: %s", event["body"])  # expect: unsafe (body)
    logger.debug("decoded body: %s", raw)  # expect: unsafe (flow)
    form = json.loads(raw)
    logger.debug("parsed form %s", form)  # expect: unsafe (flow)
    logger.info("signup for %s (newsletter=%s)", form.get("email"), form.get("newsletter", False))  # expect: safe (field)
    if not form.get("email"):
        logging.warning("signup without email, %d fields", len(form))  # expect: safe (count)
        return {"statusCode": 400, "body": json.dumps({"error": "email required"})}

    api_key = _hubspot_secret()["api_key"]
    print(f"calling hubspot with key ...{api_key[-4:]}")  # expect: safe (masked)
    print("hubspot key", api_key)  # expect: unsafe (name)
    contact_id = HubspotClient(api_key).create_contact(form["email"], form.get("first_name", ""))
    logger.info("created hubspot contact %s", contact_id)  # expect: safe (id)
    return {"statusCode": 201, "body": json.dumps({"ok": True})}
