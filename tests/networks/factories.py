"""Factories of the network registry. Times are aware (Europe/Stockholm)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from networks.models import AgendaItem, FocusArea, Invitation, Meeting, Membership, Network
from tests.factories import OrganisationFactory, PersonFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(day: date, hour=9, minute=0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)


def in_days(days: int, hour=9) -> datetime:
    return at(timezone.localdate() + timedelta(days=days), hour)


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Fokusområde {n}")
    slug = factory.Sequence(lambda n: f"fokus-{n}")


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Nätverk {n}")
    short_name = factory.Sequence(lambda n: f"N{n}")
    slug = factory.Sequence(lambda n: f"natverk-{n}")
    kind = Network.Kind.NETWORK
    purpose = "Samverkan om exempel."
    mandate = Network.Mandate.NONE
    convenor = factory.SubFactory(OrganisationFactory)

    class Params:
        internal = factory.Trait(visibility=Network.Visibility.INTERNAL)
        fol = factory.Trait(
            name="Forum för fysisk planering med regional bäring",
            short_name="FOL",
            slug="fol",
            kind=Network.Kind.FORUM,
        )

    @factory.post_generation
    def coordinators(self, create, extracted, **kwargs):
        if create and extracted:
            self.coordinators.add(*extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..organisation"))
    role = "contact_person"
    start = date(2024, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Möte {n}")
    starts_at = factory.LazyFunction(lambda: in_days(20))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    status = Meeting.Status.AGENDA_OPEN
    location_name = "Regionens hus"

    class Params:
        past = factory.Trait(starts_at=factory.LazyFunction(lambda: in_days(-20)), status=Meeting.Status.HELD)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Punkt {n}")
    status = AgendaItem.Status.ACCEPTED
    position = factory.Sequence(lambda n: n + 1)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("person.organisation")
