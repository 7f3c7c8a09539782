"""Spreading: subscriptions per theme and municipality, the weekly digest (visibility-aware,
with news), the Atom feed per theme (public documents only), news on the front page."""

import datetime
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from knowledge import services
from knowledge.models import Subscription
from notifications.services import digests_send, preferences_set, sources_collect
from tests.knowledge.factories import DocumentFactory, NewsItemFactory, ThemeFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def energy():
    return ThemeFactory(name="Energi", slug="energi")


def test_subscriptions_replace_and_validate(planner, energy, orebro):
    services.subscriptions_set(user=planner, themes=["energi"], municipalities=["1880"])
    assert Subscription.objects.filter(user=planner).count() == 2
    services.subscriptions_set(user=planner, themes=["energi"])
    assert Subscription.objects.filter(user=planner).count() == 1
    with pytest.raises(ValidationError) as exc:
        services.subscriptions_set(user=planner, municipalities=["1234"])
    assert "kod 1234" in exc.value.message_dict["municipalities"][0]
    assert Subscription.objects.filter(user=planner).count() == 1


def test_subscription_page(client, planner, energy, orebro):
    client.force_login(planner)
    assert client.get("/dokument/bevakning/").status_code == 200
    client.post("/dokument/bevakning/", {"themes": ["energi"], "municipalities": ["1880"]})
    assert {str(s.theme or s.municipality) for s in planner.subscriptions.all()} == {"Energi", "Örebro kommun"}


def _next_monday():
    now = timezone.now()
    return now + datetime.timedelta(days=7 - timezone.localdate(now).weekday())


def test_weekly_digest_sends_matching_visible_documents_and_news(planner, signed_in_user, energy, orebro):
    """The library's part of the notification centre's digest (knowledge/notifying.py)."""
    planner.email, signed_in_user.email = "planerare@example.org", "allman@example.org"
    planner.save()
    signed_in_user.save()
    services.subscriptions_set(user=planner, themes=["energi"])
    services.subscriptions_set(user=signed_in_user, themes=["energi"])
    DocumentFactory(title="Energiplan för länet", themes=[energy])
    DocumentFactory(title="Internt PM om elnätet", themes=[energy], internal=True)
    DocumentFactory(title="Översiktsplan Örebro", municipalities=[orebro])  # not subscribed
    old = DocumentFactory(title="Gammal energirapport", themes=[energy])
    old.__class__.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=30))
    NewsItemFactory(title="Energimyndigheten: ny vägledning", scope="national")

    sources_collect()
    assert mail.outbox == []  # documents: weekly unless the person chose otherwise
    assert digests_send(now=_next_monday()) == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    planner_mail = by_recipient["planerare@example.org"].body
    assert "Energiplan för länet" in planner_mail and "Internt PM om elnätet" in planner_mail
    assert "Översiktsplan Örebro" not in planner_mail and "Gammal energirapport" not in planner_mail
    assert "Energimyndigheten: ny vägledning" in planner_mail and "[Exempeldata]" in planner_mail
    public_mail = by_recipient["allman@example.org"].body
    assert "Energiplan för länet" in public_mail and "Internt PM" not in public_mail  # internal stays internal


def test_digest_tasks_run_the_services(planner, energy):
    from notifications.tasks import collect_sources, send_digests

    planner.email = "p@example.org"
    planner.save()
    services.subscriptions_set(user=planner, themes=["energi"])
    preferences_set(user=planner, data={"documents": "daily"})
    DocumentFactory(title="Vätgasstrategi", themes=[energy])
    assert collect_sources.delay().get() == 1
    assert send_digests.delay().get() == 1
    assert "Vätgasstrategi" in mail.outbox[0].body


def test_atom_feed_per_theme_has_public_documents_only(client, energy):
    DocumentFactory(title="Energiplan för länet", themes=[energy], summary="Om elnät.")
    DocumentFactory(title="Internt PM om elnätet", themes=[energy], internal=True)
    DocumentFactory(title="Tillbakadragen", themes=[energy], withdrawn=True)
    DocumentFactory(title="Annat tema", themes=[ThemeFactory()])
    response = client.get("/dokument/tema/energi/atom/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert titles == ["Energiplan för länet (Exempeldata)"]
    assert root.find(f"{ATOM}title").text == "Planportalen – dokument om energi"
    assert client.get("/dokument/tema/finns-inte/atom/").status_code == 404


def test_news_items_show_scope_on_the_front_page(client):
    NewsItemFactory(title="Region Västmanland antar ny RUS", scope="neighbour", source="Region Västmanland")
    body = client.get("/dokument/").content.decode()
    assert "Region Västmanland antar ny RUS" in body and "Grannlän" in body


def test_editor_adds_news_and_bad_input_is_explained(client, editor, energy):
    client.force_login(editor)
    bad = client.post("/dokument/omvarld/ny/", {"title": "", "url": "inte en länk", "scope": "national"})
    assert bad.status_code == 200 and "Det finns fel i formuläret" in bad.content.decode()
    ok = client.post(
        "/dokument/omvarld/ny/",
        {
            "title": "Boverket: ny PBL-vägledning",
            "url": "https://www.boverket.se",
            "source": "Boverket",
            "published_on": "2026-11-20",
            "scope": "national",
            "themes": ["energi"],
        },
    )
    assert ok.status_code == 302
    assert "Boverket: ny PBL-vägledning" in client.get("/dokument/").content.decode()
