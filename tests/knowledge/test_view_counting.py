""" "Mest använda" counts people, not reloads or robots: a document's view counts once per
session, and crawlers, link previewers and scripts (by their User-Agent) do not count."""

import pytest
from django.test import Client

from knowledge.models import Document
from knowledge.views.view_counting import SESSION_KEY
from tests.knowledge.factories import DocumentFactory

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Wget/1.21.4",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36",
    "",
]


def _views(doc):
    return Document.objects.get(pk=doc.pk).view_count


def test_a_reload_in_the_same_session_does_not_count_again():
    doc = DocumentFactory()
    other = DocumentFactory()
    browser = Client(HTTP_USER_AGENT=FIREFOX)
    for _ in range(5):
        assert browser.get(doc.get_absolute_url()).status_code == 200
    assert _views(doc) == 1
    browser.get(other.get_absolute_url())
    browser.get(f"/dokument/{doc.slug}/versioner/1/")  # an older version's page is the same document
    assert (_views(doc), _views(other)) == (1, 1)
    assert browser.session[SESSION_KEY] == [doc.pk, other.pk]


def test_each_session_counts_once():
    doc = DocumentFactory()
    for agent in (FIREFOX, SAFARI_PHONE, FIREFOX):
        person = Client(HTTP_USER_AGENT=agent)
        person.get(doc.get_absolute_url())
        person.get(doc.get_absolute_url())
    assert _views(doc) == 3


def test_signed_in_reloads_count_once(editor):
    doc = DocumentFactory()
    browser = Client(HTTP_USER_AGENT=FIREFOX)
    browser.force_login(editor)
    browser.get(doc.get_absolute_url())
    browser.get(doc.get_absolute_url())
    assert _views(doc) == 1


@pytest.mark.parametrize("agent", BOTS)
def test_crawlers_previewers_and_scripts_do_not_count(agent):
    doc = DocumentFactory()
    robot = Client(HTTP_USER_AGENT=agent)
    response = robot.get(doc.get_absolute_url())
    assert response.status_code == 200  # the page is served, only not counted
    assert _views(doc) == 0
    assert "sessionid" not in response.cookies  # no session row per crawler request


def test_most_used_ranks_by_people_not_reloads():
    reloaded = DocumentFactory(title="Omladdad rapport")
    read = DocumentFactory(title="Läst rapport")
    one = Client(HTTP_USER_AGENT=FIREFOX)
    for _ in range(10):
        one.get(reloaded.get_absolute_url())
    for _ in range(10):
        Client(HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)").get(reloaded.get_absolute_url())
    for agent in (FIREFOX, SAFARI_PHONE):
        Client(HTTP_USER_AGENT=agent).get(read.get_absolute_url())
    body = Client().get("/dokument/").content.decode()
    most_used = body[body.index('id="used-title"') : body.index('id="review-title"')]
    assert most_used.index("Läst rapport") < most_used.index("Omladdad rapport")
    assert "2 visningar" in most_used and "1 visning" in most_used
