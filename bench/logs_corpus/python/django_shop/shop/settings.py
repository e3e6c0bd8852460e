"""Django settings for the shop project (values come from the environment)."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")

STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
SENDGRID_API_KEY = os.environ.get("SENDGRID_API_KEY", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "rest_framework",
    "rest_framework.authtoken",
    "accounts",
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("POSTGRES_DB", "shop"),
        "USER": os.environ.get("POSTGRES_USER", "shop"),
        "PASSWORD": os.environ.get("POSTGRES_PASSWORD", ""),
        "HOST": os.environ.get("POSTGRES_HOST", "localhost"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

if DEBUG:
    print(f"DEBUG is on, allowed hosts: {ALLOWED_HOSTS}")  # expect: safe (other)
    print("SECRET_KEY:", SECRET_KEY)  # expect: unsafe (name)
if not STRIPE_SECRET_KEY:
    print("warning: STRIPE_SECRET_KEY is empty, payments are disabled")  # expect: safe (constant)
print(f"SendGrid key loaded: {bool(SENDGRID_API_KEY)}")  # expect: safe (bool)
print("postgres password from env:", os.environ.get("POSTGRES_PASSWORD"))  # expect: unsafe (env)
