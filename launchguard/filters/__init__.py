"""Filters: small predicates that return a reason to drop a candidate, or None to keep it."""
