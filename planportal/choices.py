"""A model choice's label in SQL, in the active language: for statements that build their JSON in
PostgreSQL (the register's areas, the OGC collections) and so cannot call get_FOO_display()."""

from django.db.models import Case, CharField, Value, When


def choice_label(field: str, choices) -> Case:
    return Case(*[When(**{field: value}, then=Value(str(label))) for value, label in choices], output_field=CharField())
