"""Shared factories: organisations (with real-looking SWEREF 99 TM geometry), people, users by role."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from networks.models import Organisation, Person
from planportal.geo import SWEREF99TM


def sweref_square(east=515000, north=6570000, size=10000) -> MultiPolygon:
    """A square in SWEREF 99 TM metres; the default lies around Örebro town."""
    poly = Polygon.from_bbox((east, north, east + size, north + size))
    return MultiPolygon(poly, srid=SWEREF99TM)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    short_name = factory.Sequence(lambda n: f"Org {n}")
    kind = Organisation.Kind.OTHER
    slug = factory.Sequence(lambda n: f"organisation-{n}")

    class Params:
        municipality = factory.Trait(
            kind=Organisation.Kind.MUNICIPALITY,
            # 1900–1998: 1999 is the `municipality` fixture's code.
            code=factory.Sequence(lambda n: f"{1900 + n % 99:04d}"),
            name=factory.Sequence(lambda n: f"Exempelkommun {n}"),
            seat=factory.LazyFunction(lambda: Point(514000, 6571000, srid=SWEREF99TM)),
        )
        region = factory.Trait(kind=Organisation.Kind.REGION, name="Region Örebro län", slug="region-orebro-lan")
        county_board = factory.Trait(
            kind=Organisation.Kind.COUNTY_BOARD, name="Länsstyrelsen i Örebro län", slug="lansstyrelsen-i-orebro-lan"
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for role in extracted:
                self.groups.add(Group.objects.get_or_create(name=role)[0])
        if create:
            self.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    title = "Planerare"
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    phone = "019-00 00 00"
    is_example = True
