"""API errors: DRF's own (already in Swedish through the request's language), plus the
services' Django ValidationError and PermissionDenied, so that a rule broken inside a
service answers 400/403 with a field-keyed body instead of a 500.

A service's refusal with the code "conflict" (a stale `version` from optimistic locking, a
concurrent registration) answers 409 with the same field-keyed body: the client's data was
fine, someone else changed the object first, and nothing was saved."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext, gettext_lazy
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

CONFLICT = "conflict"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("Någon annan har ändrat uppgifterna först; inget sparades.")
    default_code = CONFLICT


def messages_by_field(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            (field if field != "__all__" else "non_field_errors"): [str(m) for e in errors for m in e.messages]
            for field, errors in exc.error_dict.items()
        }
    return {"non_field_errors": exc.messages}


def is_conflict(exc: DjangoValidationError) -> bool:
    if hasattr(exc, "error_dict"):
        return any(e.code == CONFLICT for errors in exc.error_dict.values() for e in errors)
    return any(e.code == CONFLICT for e in exc.error_list)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = messages_by_field(exc)
        exc = Conflict(detail) if is_conflict(exc) else exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404) and str(exc).endswith("matches the given query."):
        # get_object_or_404's message is English only ("No Document matches the given query."):
        # DRF's own "not found", in the request's language.
        exc = exceptions.NotFound()
    elif isinstance(exc, DataError):
        # A value PostgreSQL cannot take (a NUL character, a number beyond its range) that
        # slipped past validation: the client's input, not a server fault.
        message = gettext("Ett värde kunde inte tolkas (t.ex. ett NUL-tecken eller ett för stort tal).")
        exc = exceptions.ValidationError({"non_field_errors": [message]})
    return drf_exception_handler(exc, context)
