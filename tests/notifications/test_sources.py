"""The apps' sources read by the centre: the strategy's new indicator values go to the people
who asked to hear of RUS (off by default), a draft indicator only to those who may see drafts;
each source is read from where it stopped, so nothing is told twice."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Frequency, Item, Kind, SourceRun
from notifications.services import digests_send, preferences_set, sources_collect
from tests.factories import OrganisationFactory, UserFactory
from tests.rus.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def test_new_indicator_values_reach_those_who_asked_and_may_see_them(coordinator, signed_in_user):
    for user in (coordinator, signed_in_user):
        preferences_set(user=user, data={Kind.RUS: Frequency.DAILY})
    UserFactory(username="vill-inte-veta")  # RUS is off unless chosen
    county = OrganisationFactory(region=True)
    published = IndicatorFactory(name="Andel förnybar energi")
    draft = IndicatorFactory(name="Utkast till indikator", status="draft")
    IndicatorValueFactory(indicator=published, area=county, year=2024)
    IndicatorValueFactory(indicator=published, area=county, year=2025)
    IndicatorValueFactory(indicator=draft, area=county)

    sources_collect()
    subjects = sorted(Item.objects.values_list("email", "subject"))
    assert subjects == [
        (coordinator.email, "Nya värden: Andel förnybar energi"),
        (coordinator.email, "Nya värden: Utkast till indikator"),
        (signed_in_user.email, "Nya värden: Andel förnybar energi"),
    ]
    assert sources_collect() == 0  # read from where it stopped: nothing twice
    assert digests_send(now=timezone.now() + datetime.timedelta(days=1)) == 2
    public_mail = next(m.body for m in mail.outbox if m.to == [signed_in_user.email])
    assert "Andel förnybar energi" in public_mail and "Senast för 2025" in public_mail
    assert "Utkast" not in public_mail


def test_a_source_starts_a_week_back_and_then_from_where_it_stopped(coordinator):
    preferences_set(user=coordinator, data={Kind.RUS: Frequency.IMMEDIATE})
    county = OrganisationFactory(region=True)
    old = IndicatorValueFactory(area=county)
    type(old).objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=8))
    sources_collect()
    assert mail.outbox == [] and SourceRun.objects.filter(key="rus.indicators").exists()
    IndicatorValueFactory(indicator=old.indicator, area=county, year=2030)
    sources_collect()
    assert [m.subject for m in mail.outbox] == [f"Nya värden: {old.indicator.name}"]
