"""Reads of the organisation registry."""

from django.db.models import QuerySet

from ..models import Organisation, Person


def organisation_list(*, user, filters: dict | None = None) -> QuerySet[Organisation]:
    filters = filters or {}
    qs = Organisation.objects.visible_to(user)
    kind = filters.get("kind")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name")


def municipality_list(*, user) -> QuerySet[Organisation]:
    return Organisation.objects.visible_to(user).municipalities().order_by("name")


def person_list(*, user, organisation=None) -> QuerySet[Person]:
    qs = Person.objects.visible_to(user).select_related("organisation")
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs
