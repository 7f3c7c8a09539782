"""The library's subscriptions moved into the centre: the data migration gives every subscriber
an explicit weekly choice for documents (nobody's digest stops), keeps a choice already made,
and leaves the subscriptions (which themes and municipalities) as they were."""

import importlib

import pytest
from django.apps import apps

from knowledge.models import Subscription
from notifications.models import Frequency, Kind, Preference
from tests.factories import OrganisationFactory, UserFactory
from tests.knowledge.factories import ThemeFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("knowledge.migrations.0006_subscriptions_to_notification_preferences")


def test_every_subscriber_gets_a_weekly_documents_preference():
    orebro = OrganisationFactory(municipality=True, name="Örebro kommun", code="1880")
    energy, water = ThemeFactory(slug="energi"), ThemeFactory(slug="vatten")
    users = [UserFactory(username=f"bevakare{i}") for i in range(5)]
    for user in users[:4]:
        Subscription.objects.create(user=user, theme=energy)
    Subscription.objects.create(user=users[0], theme=water)
    Subscription.objects.create(user=users[1], municipality=orebro)
    Preference.objects.create(user=users[2], kind=Kind.DOCUMENTS, frequency=Frequency.DAILY)  # already chose
    Preference.objects.create(user=users[3], kind=Kind.MEETINGS, frequency=Frequency.NONE)
    before = set(Subscription.objects.values_list("user_id", "theme_id", "municipality_id"))

    migration.subscriptions_to_preferences(apps, None)
    migration.subscriptions_to_preferences(apps, None)  # run twice: nothing doubled

    documents = dict(Preference.objects.filter(kind=Kind.DOCUMENTS).values_list("user_id", "frequency"))
    assert documents == {
        users[0].pk: Frequency.WEEKLY,
        users[1].pk: Frequency.WEEKLY,
        users[2].pk: Frequency.DAILY,
        users[3].pk: Frequency.WEEKLY,
    }
    assert users[4].pk not in documents  # no subscription, nothing made up
    assert set(Subscription.objects.values_list("user_id", "theme_id", "municipality_id")) == before
    assert Preference.objects.get(user=users[3], kind=Kind.MEETINGS).frequency == Frequency.NONE


def test_the_migration_runs_in_the_migration_graph():
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    applied = MigrationRecorder(connection).applied_migrations()
    assert ("knowledge", "0006_subscriptions_to_notification_preferences") in applied
    assert ("notifications", "0001_initial") in applied
