"""Classifiers: where code reads environment variables and which ones reach the browser."""
