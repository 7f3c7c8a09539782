"""A model choice's label in SQL, in the active language: for statements that build their JSON in
PostgreSQL (the register's areas, the OGC collections) and so cannot call get_FOO_display()."""

import json

from django.db.models import CharField, F, Func, Value


class ChoiceLabel(Func):
    """`'{"value": "label", …}'::jsonb ->> field`: one lookup in a constant object (PostgreSQL
    reads the constant once per statement), NULL for a value without a label. Shorter SQL, and
    cheaper for Django to compile, than a CASE with one WHEN per choice."""

    template = "(%(expressions)s::text)"  # the field as text: ->> with an integer would index an array
    arg_joiner = "::jsonb ->> "
    output_field = CharField()


def choice_label(field: str, choices) -> ChoiceLabel:
    labels = {str(value): str(label) for value, label in choices}
    return ChoiceLabel(Value(json.dumps(labels, ensure_ascii=False)), F(field))
