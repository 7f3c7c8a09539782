"""Helpers for the test suite that live in the project (settings/test.py refers to them)."""
