"""Flask storefront: app factory, config loading and request hooks."""

import logging
import os
import uuid

from flask import Flask, g, jsonify, request

from .admin import admin_bp
from .auth import auth_bp
from .billing import billing_bp
from .models import db

log = logging.getLogger(__name__)


class Config:
    SECRET_KEY = os.environ.get("FLASK_SECRET_KEY")
    STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY")
    STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///shop.db")
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://localhost:5000")
    SESSION_COOKIE_SECURE = True


def create_app(config_object: type = Config) -> Flask:
    app = Flask(__name__)
    app.config.from_object(config_object)
    db.init_app(app)

    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
    log.info("starting shop in %s mode", os.environ.get("FLASK_ENV", "production"))  # expect: safe (env-ok)
    log.debug("loaded config: %s", app.config)  # expect: unsafe (config)
    if not app.config["STRIPE_SECRET_KEY"]:
        log.warning("STRIPE_SECRET_KEY is not set; checkout is disabled")  # expect: safe (constant)
    else:
        log.info("stripe key configured (%d chars)", len(app.config["STRIPE_SECRET_KEY"]))  # expect: safe (length)
    log.debug("flask secret key: %s", app.config["SECRET_KEY"])  # expect: unsafe (name)

    app.register_blueprint(auth_bp)
    app.register_blueprint(billing_bp, url_prefix="/billing")
    app.register_blueprint(admin_bp, url_prefix="/admin")

    @app.before_request
    def trace_request() -> None:
        g.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        app.logger.debug("%s %s request_id=%s", request.method, request.path, g.request_id)  # expect: safe (id)
        app.logger.debug("request headers: %s", dict(request.headers))  # expect: unsafe (headers)
        app.logger.debug("user agent %s", request.headers.get("User-Agent"))  # expect: safe (field)

    @app.after_request
    def log_response(response):
        app.logger.info(  # expect: safe (id)
            "%s %s -> %s request_id=%s",
            request.method,
            request.path,
            response.status_code,
            g.get("request_id"),
        )
        return response

    @app.errorhandler(500)
    def server_error(exc):
        app.logger.exception("unhandled error on %s", request.path)  # expect: safe (error)
        return jsonify(error="internal"), 500

    return app
