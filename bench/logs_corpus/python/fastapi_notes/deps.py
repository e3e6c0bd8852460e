"""Shared FastAPI dependencies: settings, current user, internal API key."""

import hmac
import logging
from functools import lru_cache

from fastapi import Depends, Header, HTTPException, status
from fastapi.security import OAuth2PasswordBearer
from jose import JWTError, jwt
from pydantic_settings import BaseSettings, SettingsConfigDict

from .db import User, load_user

logger = logging.getLogger("notes.deps")
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/token")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env")

    jwt_secret: str
    jwt_algorithm: str = "HS256"
    github_webhook_secret: str
    openai_api_key: str
    internal_api_key: str
    environment: str = "production"


@lru_cache
def get_settings() -> Settings:
    settings = Settings()
    logger.info("settings loaded for %s", settings.environment)  # expect: safe (field)
    logger.debug("settings: %s", settings)  # expect: unsafe (config)
    logger.debug("settings dump: %s", settings.model_dump())  # expect: unsafe (config)
    return settings


async def get_current_user(
    token: str = Depends(oauth2_scheme),
    settings: Settings = Depends(get_settings),
) -> User:
    logger.debug("bearer token received: %s", token)  # expect: unsafe (name)
    logger.debug("len=%d", len(token))  # expect: safe (length)
    try:
        claims = jwt.decode(token, settings.jwt_secret, algorithms=[settings.jwt_algorithm])
    except JWTError as exc:
        logger.warning("jwt rejected: %s", exc)  # expect: safe (error)
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid token") from exc
    logger.debug("jwt verified with secret %s", settings.jwt_secret)  # expect: unsafe (name)
    user_id = claims.get("sub")
    logger.info("authenticated user %s", user_id)  # expect: safe (id)
    user = await load_user(user_id)
    if user is None:
        logger.warning("token for deleted user %s", user_id)  # expect: safe (id)
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid token")
    return user


async def verify_internal_key(
    x_api_key: str = Header(...),
    settings: Settings = Depends(get_settings),
) -> None:
    logger.debug("internal call with X-API-Key %s", x_api_key)  # expect: unsafe (name)
    if not hmac.compare_digest(x_api_key, settings.internal_api_key):
        logger.warning("internal call with a wrong key (ending %s)", x_api_key[-4:])  # expect: safe (masked)
        raise HTTPException(status.HTTP_403_FORBIDDEN)
