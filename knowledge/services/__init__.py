"""Writes of the library, one module per concern. Each validates, saves inside
transaction.atomic() and schedules its Celery work with transaction.on_commit. Errors are
ValidationError keyed by field, in the active language (Swedish source strings with English
in knowledge/locale/en). Who may write is asked in knowledge/permissions.py.

The public names stay importable from `knowledge.services`."""

from .common import resolve_municipalities, resolve_themes, validate_document_file
from .documents import (
    document_add_version,
    document_create,
    document_file_extract,
    document_mark_reviewed,
    document_record_view,
    document_supersede,
    document_update,
    documents_free_reserved_slugs,
    parse_coverage,
    reserved_slugs,
)
from .layers import layer_delete, layer_update, layer_upload
from .mail import REMINDER_DAYS, review_reminders_send, subscriptions_set
from .news import news_create, news_delete, news_update
from .requests import request_propose, request_set_status, request_support

__all__ = [
    "REMINDER_DAYS",
    "document_add_version",
    "document_create",
    "document_file_extract",
    "document_mark_reviewed",
    "document_record_view",
    "document_supersede",
    "document_update",
    "documents_free_reserved_slugs",
    "layer_delete",
    "layer_update",
    "layer_upload",
    "news_create",
    "news_delete",
    "news_update",
    "parse_coverage",
    "request_propose",
    "request_set_status",
    "request_support",
    "reserved_slugs",
    "resolve_municipalities",
    "resolve_themes",
    "review_reminders_send",
    "subscriptions_set",
    "validate_document_file",
]
