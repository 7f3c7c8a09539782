"""API errors: DRF's own (already in Swedish through the request's language), plus the
services' Django ValidationError and PermissionDenied, so that a rule broken inside a
service answers 400/403 with a field-keyed body instead of a 500."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                (field if field != "__all__" else "non_field_errors"): [str(m) for e in errors for m in e.messages]
                for field, errors in exc.error_dict.items()
            }
        else:
            detail = {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, DataError):
        # A value PostgreSQL cannot take (a NUL character, a number beyond its range) that
        # slipped past validation: the client's input, not a server fault.
        exc = exceptions.ValidationError(
            {"non_field_errors": ["Ett värde kunde inte tolkas (t.ex. ett NUL-tecken eller ett för stort tal)."]}
        )
    return drf_exception_handler(exc, context)
