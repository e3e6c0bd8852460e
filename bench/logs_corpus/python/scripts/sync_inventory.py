"""Nightly inventory sync from the supplier's API into Postgres (loguru for logs)."""

import os
import sys

import httpx
import psycopg
from loguru import logger

logger.remove()
logger.add(sys.stderr, level=os.getenv("LOG_LEVEL", "INFO"))

SUPPLIER_URL = os.getenv("SUPPLIER_URL", "https://supplier.example/api")


def upsert(conn: psycopg.Connection, items: list[dict]) -> tuple[int, int]:
    updated = unchanged = 0
    with conn.cursor() as cur:
        for item in items:
            cur.execute(
                "update stock set qty = %s where sku = %s and qty <> %s",
                (item["qty"], item["sku"], item["qty"]),
            )
            if cur.rowcount:
                updated += 1
            else:
                unchanged += 1
    conn.commit()
    return updated, unchanged


def main() -> int:
    supplier_token = os.environ["SUPPLIER_API_TOKEN"]
    db_password = os.environ["PGPASSWORD"]
    logger.info("starting sync against {}", SUPPLIER_URL)  # expect: safe (other)
    logger.debug("supplier token {}", supplier_token)  # expect: unsafe (name)
    logger.debug(f"db password is {db_password}")  # expect: unsafe (name)
    logger.debug("db password set: {}", bool(db_password))  # expect: safe (bool)
    logger.info("PGPASSWORD={}", os.environ["PGPASSWORD"])  # expect: unsafe (env)
    upstream = os.environ["SUPPLIER_API_TOKEN"]
    logger.debug("auth with {}", upstream)  # expect: unsafe (flow)
    n = len(upstream)
    logger.debug("auth token has {} chars", n)  # expect: safe (flow)
    headers = {"Authorization": f"Bearer {supplier_token}"}
    with httpx.Client(base_url=SUPPLIER_URL, headers=headers, timeout=60) as client:
        resp = client.get("/inventory")
    items = resp.json()["items"]
    logger.info("supplier answered {} with {} items", resp.status_code, len(items))  # expect: safe (count)
    logger.debug("supplier response headers {}", resp.headers)  # expect: safe (response-headers)
    try:
        with psycopg.connect(password=db_password) as conn:
            updated, unchanged = upsert(conn, items)
    except psycopg.Error:
        logger.exception("inventory sync failed")  # expect: safe (error)
        return 1
    logger.info("sync finished: {} updated, {} unchanged", updated, unchanged)  # expect: safe (count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
