"""planportal.api_errors: a service's refusal answers 400 by field, a conflict (the code
"conflict": a stale version, a concurrent write) answers 409 with the same body, and both
speak the client's language."""

from django.core.exceptions import ValidationError
from django.db import DataError
from django.utils import translation

from planportal.api_errors import exception_handler


def test_a_refusal_by_field_is_a_400():
    response = exception_handler(ValidationError({"title": "Ange en titel."}), {})
    assert response.status_code == 400
    assert response.data == {"title": ["Ange en titel."]}


def test_a_conflict_keyed_by_field_is_a_409_with_the_same_body():
    conflict = ValidationError({"version": ValidationError("Någon annan har ändrat ärendet.", code="conflict")})
    response = exception_handler(conflict, {})
    assert response.status_code == 409
    assert response.data == {"version": ["Någon annan har ändrat ärendet."]}


def test_a_conflict_without_a_field_is_a_409():
    response = exception_handler(ValidationError("En annan registrering pågick.", code="conflict"), {})
    assert response.status_code == 409
    assert response.data == {"non_field_errors": ["En annan registrering pågick."]}


def test_another_code_is_not_a_conflict():
    response = exception_handler(ValidationError("För lång.", code="max_length"), {})
    assert response.status_code == 400


def test_a_value_postgresql_refuses_is_a_400_in_english_when_chosen():
    with translation.override("en"):
        response = exception_handler(DataError("invalid byte sequence"), {})
    assert response.status_code == 400
    assert response.data["non_field_errors"][0].startswith("A value could not be read")
