"""Login, signup and password reset."""

import hashlib
import logging
import secrets
from datetime import UTC, datetime, timedelta

from flask import Blueprint, current_app, jsonify, request, session
from werkzeug.security import check_password_hash, generate_password_hash

from .mail import send_mail
from .models import PasswordReset, User, db

auth_bp = Blueprint("auth", __name__)
logger = logging.getLogger("shop.auth")


@auth_bp.post("/login")
def login():
    email = request.form["email"]
    password = request.form["password"]
    remember = request.form.get("remember") == "on"
    # An email address is not a secret: logging it alone is labelled safe here.
    logger.info("login attempt for %s (remember=%s)", email, remember)  # expect: safe (field)
    logger.debug("login form: %s", request.form)  # expect: unsafe (body)
    logger.debug("login attempt %s / %s", email, password)  # expect: unsafe (name)
    user = User.query.filter_by(email=email).first()
    if user is None or not check_password_hash(user.password_hash, password):
        logger.warning("bad credentials for %s (password length %d)", email, len(password))  # expect: safe (length)
        return jsonify(error="invalid credentials"), 401
    session.clear()
    session["user_id"] = user.id
    session.permanent = remember
    logger.info("user %s logged in", user.id)  # expect: safe (id)
    logger.debug("session cookie for %s: %s", user.id, request.cookies.get("session"))  # expect: unsafe (auth-header)
    return jsonify(ok=True)


@auth_bp.post("/signup")
def signup():
    data = request.get_json()
    current_app.logger.debug("signup payload: %s", data)  # expect: unsafe (flow)
    current_app.logger.info("signup for %s", data["email"])  # expect: safe (field)
    if len(data.get("password", "")) < 12:
        current_app.logger.info("signup rejected: password too short")  # expect: safe (constant)
        return jsonify(error="password too short"), 400
    user = User(email=data["email"], password_hash=generate_password_hash(data["password"]))
    db.session.add(user)
    db.session.commit()
    current_app.logger.info("created user %s", user.id)  # expect: safe (id)
    return jsonify(id=user.id), 201


@auth_bp.post("/password/forgot")
def forgot_password():
    email = request.json["email"]
    user = User.query.filter_by(email=email).first()
    if user is None:
        logger.info("password reset requested for unknown address")  # expect: safe (constant)
        return jsonify(ok=True)
    token = secrets.token_urlsafe(32)
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    expires_at = datetime.now(UTC) + timedelta(hours=1)
    db.session.add(PasswordReset(user_id=user.id, token_hash=token_hash, expires_at=expires_at))
    db.session.commit()
    reset_url = f"{current_app.config['PUBLIC_URL']}/reset?token={token}"
    logger.info("password reset token created for user %s, expires at %s", user.id, expires_at)  # expect: safe (constant)
    logger.debug("reset link: %s", reset_url)  # expect: unsafe (flow)
    logger.debug("reset token %s", token)  # expect: unsafe (name)
    logger.debug("reset token fingerprint %s", hashlib.sha256(token.encode()).hexdigest()[:12])  # expect: safe (hashed)
    if current_app.debug:
        logger.debug("DEV reset token %s", token)  # launchguard:allow local dev server only  # expect: safe (allow)
    password_reset_sent = bool(send_mail(user.email, "Reset your password", reset_url))
    logger.info("password_reset_sent=%s for user %s", password_reset_sent, user.id)  # expect: safe (bool)
    return jsonify(ok=True)


@auth_bp.post("/password/reset")
def reset_password():
    token = request.args.get("token", "")
    logger.info("password reset attempt")  # expect: safe (constant)
    logger.debug("password reset with token=%s" % token)  # expect: unsafe (name)
    reset = PasswordReset.query.filter_by(
        token_hash=hashlib.sha256(token.encode()).hexdigest()
    ).first()
    if reset is None or reset.expires_at < datetime.now(UTC):
        logger.warning("expired or unknown reset token")  # expect: safe (constant)
        return jsonify(error="invalid token"), 400
    new_password = request.json.get("password", "")
    if len(new_password) < 12:
        logger.info("rejected short password (%d chars)", len(new_password))  # expect: safe (length)
        return jsonify(error="too short"), 400
    logger.debug("new password for user %s: %s", reset.user_id, new_password)  # expect: unsafe (name)
    user = db.session.get(User, reset.user_id)
    user.password_hash = generate_password_hash(new_password)
    user.password_changed_at = datetime.now(UTC)
    logger.info("password_changed_at=%s for user %s", user.password_changed_at, user.id)  # expect: safe (other)
    db.session.delete(reset)
    db.session.commit()
    logger.info("password changed for user %s", reset.user_id)  # expect: safe (id)
    return jsonify(ok=True)


@auth_bp.post("/logout")
def logout():
    user_id = session.pop("user_id", None)
    logger.info("logout user=%s", user_id)  # expect: safe (id)
    return jsonify(ok=True)
