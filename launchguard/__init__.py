"""launchguard: keeps keys, tokens and .env values out of a web product."""

__version__ = "0.1.0"
