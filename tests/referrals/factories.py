"""Factories of referral cases. Geometry in SWEREF 99 TM (EPSG:3006) inside Örebro län
(E 460 000–550 000, N 6 500 000–6 665 000). Other referral helpers add their factories here."""

import datetime

import factory
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.utils import timezone

from planportal.geo import SWEREF99TM
from referrals.models import (
    DeadlineExtension,
    InterestMatch,
    Phase,
    Phrase,
    PlanType,
    Referral,
    ReferralDocument,
    ReferralEvent,
    Reply,
    ReplyPoint,
    Unit,
)
from referrals.services.numbering import format_diary_number
from tests.factories import OrganisationFactory

# A real-looking municipality outline (an irregular heptagon of about 24 × 22 km) around
# Örebro town; `municipality_boundary(dx, dy)` moves it for a neighbour.
_OUTLINE = [
    (502000, 6560000),
    (516000, 6556000),
    (526000, 6562000),
    (528000, 6574000),
    (520000, 6582000),
    (507000, 6580000),
    (500000, 6570000),
]


def municipality_boundary(dx=0, dy=0) -> MultiPolygon:
    ring = [(e + dx, n + dy) for e, n in _OUTLINE]
    return MultiPolygon(Polygon(ring + [ring[0]]), srid=SWEREF99TM)


def plan_area(east=512000, north=6568000, size=400) -> MultiPolygon:
    """A small rectangular plan area (size × size/2 metres); the default lies inside the boundary."""
    return MultiPolygon(Polygon.from_bbox((east, north, east + size, north + size / 2)), srid=SWEREF99TM)


class MunicipalityFactory(OrganisationFactory):
    """A municipality with a boundary and an e-mail domain."""

    municipality = True
    boundary = factory.LazyFunction(municipality_boundary)
    email_domains = factory.LazyAttribute(lambda o: [f"{o.slug}.se"])


_seq = iter(range(1, 10_000_000))


class ReferralFactory(factory.django.DjangoModelFactory):
    """A registered referral case. Diary numbers come from a sequence far from the counter, so
    factory cases never collide with cases registered through the service in the same test."""

    class Meta:
        model = Referral

    diary_year = factory.LazyAttribute(lambda o: o.received.year)
    diary_seq = factory.LazyFunction(lambda: 900_000 + next(_seq))
    diary_number = factory.LazyAttribute(lambda o: format_diary_number(o.diary_year, o.diary_seq))
    sender = factory.SubFactory(MunicipalityFactory)
    sender_reference = factory.Sequence(lambda n: f"KS 2026/{100 + n}")
    plan_name = factory.Sequence(lambda n: f"Detaljplan för kvarteret Exempel {n}")
    plan_type = PlanType.DP
    phase = Phase.SAMRAD
    received = factory.LazyFunction(timezone.localdate)
    deadline = factory.LazyAttribute(lambda o: o.received + datetime.timedelta(days=30))
    contact_name = "Karin Planare"
    contact_email = factory.LazyAttribute(lambda o: f"karin.planare@{(o.sender.email_domains or ['example.se'])[0]}")
    area = factory.LazyFunction(plan_area)
    area_source = Referral.AreaSource.DRAWN
    status = Referral.Status.REGISTERED

    class Params:
        in_progress = factory.Trait(status=Referral.Status.IN_PROGRESS, triage=Referral.Triage.ANSWER)
        answered = factory.Trait(
            status=Referral.Status.ANSWERED,
            triage=Referral.Triage.ANSWER,
            closed_at=factory.LazyFunction(timezone.now),
        )
        declined = factory.Trait(
            status=Referral.Status.DECLINED,
            triage=Referral.Triage.DECLINE,
            closed_at=factory.LazyFunction(timezone.now),
        )
        overdue = factory.Trait(
            received=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=40)),
            deadline=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3)),
        )
        no_area = factory.Trait(area=None, area_source="")


class ReferralDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralDocument

    referral = factory.SubFactory(ReferralFactory)
    name = factory.Sequence(lambda n: f"Plankarta {n}.pdf")
    url = factory.Sequence(lambda n: f"https://example.se/planer/{n}.pdf")
    is_public = True

    class Params:
        confidential = factory.Trait(is_public=False)


class ReferralEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralEvent

    referral = factory.SubFactory(ReferralFactory)
    kind = ReferralEvent.Kind.REGISTERED
    summary = "Registrerad"


class DeadlineExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeadlineExtension

    referral = factory.SubFactory(ReferralFactory)
    previous_deadline = factory.LazyAttribute(lambda o: o.referral.deadline)
    new_deadline = factory.LazyAttribute(lambda o: o.referral.deadline + datetime.timedelta(days=14))
    reason = "Kommunen gav anstånd per telefon."


class InterestMatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterestMatch

    referral = factory.SubFactory(ReferralFactory)
    source = InterestMatch.Source.STRUCTURE
    object_id = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Regionalt intresse {n}")
    distance_m = 0
    suggested_text = "Planområdet berör ett regionalt intresse."


class PhraseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phrase

    kind = Phrase.Kind.POINT
    title = factory.Sequence(lambda n: f"Fras {n}")
    text = "Regionen vill framhålla vikten av goda kollektivtrafikförbindelser."

    class Params:
        standard_reply = factory.Trait(
            kind=Phrase.Kind.STANDARD_REPLY,
            title="Standardyttrande",
            text="Region Örebro län har tagit del av remissen och har inga synpunkter utöver det som framgår nedan.",
        )
        decline = factory.Trait(
            kind=Phrase.Kind.DECLINE,
            title="Avstår",
            text="Region Örebro län avstår från att yttra sig i ärendet.",
        )


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Enhet {n}")
    slug = factory.Sequence(lambda n: f"enhet-{n}")
    email = factory.LazyAttribute(lambda o: f"{o.slug}@regionorebrolan.se")


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    referral = factory.SubFactory(ReferralFactory, in_progress=True)
    introduction = "Region Örebro län har beretts tillfälle att yttra sig."


class ReplyPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReplyPoint

    reply = factory.SubFactory(ReplyFactory)
    order = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Punkt {n}")
    text = "Regionen ser positivt på att planen stärker kollektivtrafiken."
