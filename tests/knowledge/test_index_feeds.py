"""/dokument/: a theme's card is the theme (its name and how many documents); its Atom feed is
offered once, below the themes, as a subscription with a line on what a feed reader does."""

import re

import pytest

from tests.knowledge.factories import DocumentFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_theme_cards_link_the_theme_and_the_feeds_are_a_subscription_offer(client):
    theme = ThemeFactory(name="Kompetensförsörjning", slug="kompetensforsorjning")
    DocumentFactory(themes=[theme])
    body = client.get("/dokument/").content.decode()
    cards = re.search(r'<ul class="card-list kl-themes">(.*?)</ul>', body, re.S).group(1)
    assert 'href="/dokument/sok/?theme=kompetensforsorjning"' in cards and "(1 dokument)" in cards
    assert "atom" not in cards.lower()
    feeds = re.search(r'<details class="kl-feeds" id="theme-feeds">(.*?)</details>', body, re.S).group(1)
    assert "<summary>Prenumerera på nya dokument i ett tema</summary>" in feeds
    assert "flödesläsare" in feeds and "Öppnar du adressen i webbläsaren visas bara kod." in feeds
    assert '<a href="/dokument/tema/kompetensforsorjning/atom/" type="application/atom+xml">' in feeds
    assert "Mina bevakningar" not in feeds  # the e-mail alternative is for the signed-in


def test_the_signed_in_are_offered_weekly_email_instead(client, planner):
    ThemeFactory(name="Energi", slug="energi")
    client.force_login(planner)
    body = client.get("/dokument/").content.decode()
    feeds = re.search(r'<details class="kl-feeds" id="theme-feeds">(.*?)</details>', body, re.S).group(1)
    assert 'href="/dokument/bevakning/">Mina bevakningar</a>' in feeds
