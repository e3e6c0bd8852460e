"""notes-api: a FastAPI service with JWT auth and an OpenAI-backed summary endpoint."""

import logging
import os
import time
import uuid

import httpx
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.security import OAuth2PasswordRequestForm
from jose import jwt
from pydantic import BaseModel, EmailStr

from .db import authenticate, create_user_row, get_note
from .deps import Settings, get_current_user, get_settings, verify_internal_key
from .webhooks import router as webhooks_router

OPENAI_URL = "https://api.openai.com/v1/chat/completions"

app = FastAPI(title="notes-api")
app.include_router(webhooks_router)
logger = logging.getLogger("notes")


class UserCreate(BaseModel):
    email: EmailStr
    password: str
    display_name: str


@app.on_event("startup")
async def startup() -> None:
    settings = get_settings()
    logger.info("starting notes-api (%s)", settings.environment)  # expect: safe (field)
    logger.info("OpenAI key present: %s", bool(settings.openai_api_key))  # expect: safe (bool)
    logger.debug("OpenAI key: %s", settings.openai_api_key)  # expect: unsafe (name)
    logger.info("OPENAI_API_KEY from env: %s", os.getenv("OPENAI_API_KEY"))  # expect: unsafe (env)
    logger.info("listening on port %s", os.getenv("PORT", "8000"))  # expect: safe (env-ok)


@app.middleware("http")
async def log_requests(request: Request, call_next):
    started = time.perf_counter()
    request_id = request.headers.get("x-request-id", str(uuid.uuid4()))
    logger.debug("incoming %s %s headers=%s", request.method, request.url.path, request.headers)  # expect: unsafe (headers)
    response = await call_next(request)
    elapsed_ms = (time.perf_counter() - started) * 1000
    logger.info(  # expect: safe (id)
        "%s %s %s %.1fms request_id=%s",
        request.method,
        request.url.path,
        response.status_code,
        elapsed_ms,
        request_id,
    )
    return response


@app.post("/auth/token")
async def issue_token(
    form: OAuth2PasswordRequestForm = Depends(),
    settings: Settings = Depends(get_settings),
):
    logger.info("token requested for %s", form.username)  # expect: safe (field)
    logger.debug("password grant for %s with password %s", form.username, form.password)  # expect: unsafe (name)
    user = await authenticate(form.username, form.password)
    if not user:
        logger.info("bad password for %s", form.username)  # expect: safe (constant)
        raise HTTPException(401, "invalid credentials")
    access_token = jwt.encode(
        {"sub": str(user.id)}, settings.jwt_secret, algorithm=settings.jwt_algorithm
    )
    logger.info("issued access token for user %s", user.id)  # expect: safe (id)
    logger.debug("access_token=%s", access_token)  # expect: unsafe (name)
    return {"access_token": access_token, "token_type": "bearer"}


@app.post("/users", status_code=201)
async def create_user(user_in: UserCreate):
    logger.info("creating user %s", user_in.email)  # expect: safe (field)
    logger.debug("create user body: %s", user_in.model_dump())  # expect: unsafe (body)
    user = await create_user_row(user_in)
    logger.info("created user %s", user.id)  # expect: safe (id)
    return {"id": user.id}


@app.post("/notes/{note_id}/summarize")
async def summarize(
    note_id: int,
    user=Depends(get_current_user),
    settings: Settings = Depends(get_settings),
):
    note = await get_note(note_id, owner=user.id)
    headers = {"Authorization": f"Bearer {settings.openai_api_key}"}
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": note.text}]}
    async with httpx.AsyncClient(timeout=30) as client:
        resp = await client.post(OPENAI_URL, headers=headers, json=body)
    logger.info("openai responded %s in %.0fms", resp.status_code, resp.elapsed.total_seconds() * 1000)  # expect: safe (other)
    logger.debug("openai rate limit remaining %s", resp.headers.get("x-ratelimit-remaining-requests"))  # expect: safe (response-headers)
    logger.debug("openai response headers %s", dict(resp.headers))  # expect: safe (response-headers)
    resp.raise_for_status()
    logger.info("summarized note %s for user %s", note_id, user.id)  # expect: safe (id)
    return {"summary": resp.json()["choices"][0]["message"]["content"]}


@app.post("/internal/reindex", dependencies=[Depends(verify_internal_key)])
async def reindex():
    logger.info("reindex queued by an internal caller")  # expect: safe (constant)
    return {"queued": True}
