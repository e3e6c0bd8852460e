"""Account views: session login, DRF API tokens, SendGrid event webhook, health."""

import json
import logging

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from rest_framework.authtoken.models import Token

logger = logging.getLogger(__name__)


@require_POST
def login_view(request: HttpRequest) -> JsonResponse:
    username = request.POST.get("username", "")
    password = request.POST.get("password", "")
    logger.debug("POST data: %s", request.POST)  # expect: unsafe (body)
    logger.info("login attempt for %s from %s", username, request.META.get("REMOTE_ADDR"))  # expect: safe (field)
    logger.debug("auth attempt %s", {"username": username, "password": password})  # expect: unsafe (name)
    user = authenticate(request, username=username, password=password)
    if user is None:
        logger.warning("failed login for %r", username)  # expect: safe (field)
        logger.debug("failed login password was %r", password)  # expect: unsafe (name)
        return JsonResponse({"error": "invalid"}, status=401)
    login(request, user)
    logger.info("user %s logged in, session key rotated", user.pk)  # expect: safe (constant)
    logger.debug("new session key %s", request.session.session_key)  # expect: unsafe (name)
    return JsonResponse({"ok": True})


@login_required
@require_POST
def api_token_view(request: HttpRequest) -> JsonResponse:
    token, created = Token.objects.get_or_create(user=request.user)
    logger.info("api token %s for user %s", "created" if created else "reused", request.user.pk)  # expect: safe (constant)
    logger.debug("api token key=%s", token.key)  # expect: unsafe (name)
    return JsonResponse({"token": token.key})


@login_required
@require_GET
def debug_request(request: HttpRequest) -> HttpResponse:
    if not (settings.DEBUG and request.user.is_superuser):
        return HttpResponseForbidden()
    logger.debug("META: %s", request.META)  # expect: unsafe (headers)
    logger.debug("headers: %s", request.headers)  # expect: unsafe (headers)
    logger.debug("cookies: %s", request.COOKIES)  # expect: unsafe (auth-header)
    logger.debug("authorization: %s", request.META.get("HTTP_AUTHORIZATION"))  # expect: unsafe (auth-header)
    logger.debug("path %s page=%s", request.path, request.GET.get("page"))  # expect: safe (field)
    logger.debug("content type %s, body %d bytes", request.content_type, len(request.body))  # expect: safe (length)
    return HttpResponse("logged")


@csrf_exempt
@require_POST
def sendgrid_events(request: HttpRequest) -> HttpResponse:
    signature = request.headers.get("X-Twilio-Email-Event-Webhook-Signature")
    timestamp = request.headers.get("X-Twilio-Email-Event-Webhook-Timestamp")
    logger.debug("sendgrid webhook at %s", timestamp)  # expect: safe (field)
    logger.debug("sendgrid signature %s", signature)  # expect: unsafe (signature)
    logger.debug("raw body %s", request.body)  # expect: unsafe (body)
    events = json.loads(request.body)
    logger.info("received %d sendgrid events", len(events))  # expect: safe (count)
    for item in events:
        logger.info("event %s for message %s", item.get("event"), item.get("sg_message_id"))  # expect: safe (id)
    return HttpResponse(status=204)


@require_GET
def billing_health(request: HttpRequest) -> JsonResponse:
    configured = bool(settings.STRIPE_SECRET_KEY)
    logger.info("stripe configured=%s", configured)  # expect: safe (bool)
    logger.debug("settings: %s", settings.__dict__)  # expect: unsafe (config)
    logger.debug("stripe key %s", settings.STRIPE_SECRET_KEY)  # expect: unsafe (name)
    logger.debug("webhook secret suffix %s", settings.STRIPE_WEBHOOK_SECRET[-4:])  # expect: safe (masked)
    logger.info("debug=%s, %d allowed hosts", settings.DEBUG, len(settings.ALLOWED_HOSTS))  # expect: safe (count)
    return JsonResponse({"stripe": configured})
