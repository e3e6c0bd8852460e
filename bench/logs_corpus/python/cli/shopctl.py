#!/usr/bin/env python3
"""shopctl: log in to the hosting provider, push env vars, deploy, verify webhooks."""

import argparse
import hashlib
import hmac
import json
import logging
import os
import sys
from pathlib import Path

import requests

API = "https://api.hosting.example/v1"
CONFIG_PATH = Path.home() / ".config" / "shopctl" / "config.json"


def load_config() -> dict:
    if not CONFIG_PATH.exists():
        print(f"no config at {CONFIG_PATH}, run `shopctl login` first", file=sys.stderr)  # expect: safe (other)
        sys.exit(2)
    return json.loads(CONFIG_PATH.read_text())


def cmd_login(args: argparse.Namespace) -> None:
    token = args.token or input("Paste your deploy token: ").strip()
    CONFIG_PATH.parent.mkdir(parents=True, exist_ok=True)
    CONFIG_PATH.write_text(json.dumps({"token": token, "team": args.team}))
    CONFIG_PATH.chmod(0o600)
    print(f"Token saved to {CONFIG_PATH}")  # expect: safe (constant)
    print(f"Logged in with token {token}")  # expect: unsafe (name)
    print(f"Logged in with token ending in {token[-4:]}")  # expect: safe (masked)
    suffix = token[-4:]
    print("token suffix:", suffix)  # expect: safe (flow)


def cmd_config(args: argparse.Namespace) -> None:
    config = load_config()
    if args.show:
        print(json.dumps(config, indent=2))  # expect: unsafe (config)
    print(f"team: {config.get('team')}")  # expect: safe (field)
    print(f"token set: {'token' in config}")  # expect: safe (bool)


def cmd_env_push(args: argparse.Namespace) -> None:
    config = load_config()
    pushed = 0
    for line in Path(args.env_file).read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, value = line.partition("=")
        print(f"  setting {name}")  # expect: safe (other)
        requests.put(
            f"{API}/projects/{args.project}/env/{name}",
            headers={"Authorization": f"Bearer {config['token']}"},
            json={"value": value},
            timeout=15,
        ).raise_for_status()
        pushed += 1
    print(f"pushed {pushed} variables")  # expect: safe (count)


def cmd_deploy(args: argparse.Namespace) -> None:
    config = load_config()
    auth = {"Authorization": f"Bearer {config['token']}"}
    print(f"deploying {args.project} to {args.target}...")  # expect: safe (other)
    if args.debug:
        print("request headers:", auth)  # expect: unsafe (flow)
        print("using token", config["token"])  # expect: unsafe (name)
        logging.debug("deploy config: %s", config)  # expect: unsafe (config)
    resp = requests.post(
        f"{API}/projects/{args.project}/deployments",
        headers=auth,
        json={"target": args.target},
        timeout=30,
    )
    logging.info("deploy API answered %s", resp.status_code)  # expect: safe (other)
    resp.raise_for_status()
    print(f"deploy {resp.json()['id']} started, status {resp.status_code}")  # expect: safe (id)
    print("DEPLOY_TOKEN from environment:", os.environ.get("DEPLOY_TOKEN"))  # expect: unsafe (env)
    print("CI:", os.environ.get("CI", "false"))  # expect: safe (env-ok)


def cmd_verify_webhook(args: argparse.Namespace) -> None:
    secret = os.environ["WEBHOOK_SECRET"]
    body = Path(args.body_file).read_bytes()
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    is_valid = hmac.compare_digest(digest, args.signature)
    print(f"signature valid: {is_valid}")  # expect: safe (bool)
    if args.verbose:
        print(f"signature given: {args.signature}")  # expect: unsafe (signature)
        print(f"secret: {secret}")  # expect: unsafe (name)
        logging.debug("WEBHOOK_SECRET=%s", os.environ["WEBHOOK_SECRET"])  # expect: unsafe (env)


def main() -> None:
    parser = argparse.ArgumentParser(prog="shopctl")
    parser.add_argument("--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)
    login = sub.add_parser("login")
    login.add_argument("--token")
    login.add_argument("--team", default="personal")
    config = sub.add_parser("config")
    config.add_argument("--show", action="store_true")
    env = sub.add_parser("env-push")
    env.add_argument("project")
    env.add_argument("env_file")
    deploy = sub.add_parser("deploy")
    deploy.add_argument("project")
    deploy.add_argument("--target", default="production")
    deploy.add_argument("--debug", action="store_true")
    verify = sub.add_parser("verify-webhook")
    verify.add_argument("body_file")
    verify.add_argument("signature")
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    handlers = {
        "login": cmd_login,
        "config": cmd_config,
        "env-push": cmd_env_push,
        "deploy": cmd_deploy,
        "verify-webhook": cmd_verify_webhook,
    }
    handlers[args.command](args)


if __name__ == "__main__":
    main()
