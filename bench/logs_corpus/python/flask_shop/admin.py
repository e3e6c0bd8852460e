"""Admin-only endpoints: partner API keys, impersonation, diagnostics."""

import hashlib
import logging
import os
import secrets

from flask import Blueprint, current_app, jsonify, request
from flask_login import current_user
from werkzeug.security import generate_password_hash

from .models import ApiKey, User, db
from .permissions import admin_required

admin_bp = Blueprint("admin", __name__)
audit = logging.getLogger("shop.audit")


def fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:10]


@admin_bp.post("/partners/<int:partner_id>/api-keys")
@admin_required
def issue_api_key(partner_id: int):
    api_key = "pk_" + secrets.token_hex(24)
    record = ApiKey(partner_id=partner_id, key_hash=hashlib.sha256(api_key.encode()).hexdigest())
    db.session.add(record)
    db.session.commit()
    audit.info("admin %s issued api key %s for partner %s", current_user.id, record.id, partner_id)  # expect: safe (id)
    audit.info("api key fingerprint %s", fingerprint(api_key))  # expect: safe (hashed)
    audit.debug("new api key: %s", api_key)  # expect: unsafe (name)
    print(f"issued key for partner {partner_id}: {api_key}")  # expect: unsafe (name)
    return jsonify(api_key=api_key, id=record.id), 201


@admin_bp.delete("/partners/<int:partner_id>/api-keys/<int:api_key_id>")
@admin_required
def revoke_api_key(partner_id: int, api_key_id: int):
    record = ApiKey.query.filter_by(id=api_key_id, partner_id=partner_id).first_or_404()
    db.session.delete(record)
    db.session.commit()
    audit.info("revoked api key %s for partner %s", api_key_id, partner_id)  # expect: safe (id)
    return "", 204


@admin_bp.post("/impersonate/<int:user_id>")
@admin_required
def impersonate(user_id: int):
    target = User.query.get_or_404(user_id)
    audit.warning("admin %s impersonating user %s", current_user.id, target.id)  # expect: safe (id)
    return jsonify(ok=True)


@admin_bp.get("/diagnostics")
@admin_required
def diagnostics():
    audit.info("diagnostics viewed by %s", current_user.id)  # expect: safe (id)
    audit.debug("environment: %s", dict(os.environ))  # expect: unsafe (config)
    audit.debug("stripe key in use: %s", os.environ["STRIPE_SECRET_KEY"])  # expect: unsafe (env)
    audit.debug("stripe key ends with %s", os.environ["STRIPE_SECRET_KEY"][-4:])  # expect: safe (masked)
    audit.info("debug=%s testing=%s", current_app.debug, current_app.testing)  # expect: safe (bool)
    audit.info("secret key configured: %s", bool(current_app.config.get("SECRET_KEY")))  # expect: safe (bool)
    audit.debug("request cookies: %s", request.cookies)  # expect: unsafe (auth-header)
    audit.debug("admin auth header: %s", request.headers.get("Authorization"))  # expect: unsafe (auth-header)
    return jsonify(
        python=os.environ.get("PYTHON_VERSION"),
        region=os.environ.get("AWS_REGION"),
        users=User.query.count(),
    )


@admin_bp.post("/users/<int:user_id>/rotate-password")
@admin_required
def force_password_rotation(user_id: int):
    user = User.query.get_or_404(user_id)
    temporary_password = secrets.token_urlsafe(12)
    user.password_hash = generate_password_hash(temporary_password)
    user.must_change_password = True
    db.session.commit()
    audit.info("forced password rotation for user %s", user_id)  # expect: safe (constant)
    audit.info("temporary password for %s is %s", user_id, temporary_password)  # expect: unsafe (name)
    return jsonify(temporary_password=temporary_password)
