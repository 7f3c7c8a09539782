"""Reflow (WCAG 2.1, 1.4.10): at 320 CSS pixels no page scrolls sideways. With the demo data
loaded, every page type is opened (signed out, and as a planner, a coordinator, an editor and a
case officer for their pages) in a 320 px wide Chromium, and the page must be no wider than the
window: `document.documentElement.scrollWidth <= innerWidth`. Wide tables, diagrams and maps may
scroll inside themselves; the page itself may not. A failure names the page and what sticks out."""

import os

import pytest
from django.core.management import call_command

from knowledge.models import Document, DocumentRequest, Layer, NewsItem, Theme
from networks.models import Meeting, Network, Organisation
from planportal.roles import sync_role_permissions
from referrals.models import Referral, Reply
from rus.models import Goal, Indicator, Strategy, StructureImage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320

# What sticks out of the window and is not inside a box that scrolls (or clips) by itself: the
# outermost such elements and text, with where they end, for the failure message.
CULPRITS = """(width) => {
  const clipped = (el) => {
    for (let p = el; p && p !== document.documentElement; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') { return true; }
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    const parent = el.parentElement.getBoundingClientRect();
    if (r.right > width + 1 && parent.right <= width + 1 && !clipped(el.parentElement)) {
      out.push(name(el) + ' ends at ' + Math.round(r.right) + 'px: ' + (el.textContent || '').trim().slice(0, 60));
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(n);
    if (range.getBoundingClientRect().right > width + 1 && !clipped(n.parentElement)) {
      out.push('text in ' + name(n.parentElement) + ': ' + n.textContent.trim().slice(0, 60));
    }
  }
  return out.slice(0, 8);
}"""

MAPS_READY = "() => [...document.querySelectorAll('[data-map-state]')].every((m) => m.dataset.mapState === 'ready')"


@pytest.fixture
def demo():
    sync_role_permissions()  # a transactional test before this one may have flushed the roles
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)


def _public_pages():
    fol = Network.objects.get(slug="fol")
    past = Meeting.objects.filter(network=fol, status="minutes_approved").order_by("-starts_at").first()
    coming = Meeting.objects.filter(network=fol, status="agenda_open").order_by("starts_at").first()
    municipality = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("name").first()
    region = Organisation.objects.filter(kind=Organisation.Kind.REGION).first()
    document = Document.objects.filter(is_public=True).order_by("pk").first()
    theme = Theme.objects.order_by("pk").first()
    answered = Referral.objects.filter(reply__status=Reply.Status.SENT).order_by("pk").first()
    return [
        "/",
        "/karta/",
        "/tillganglighet/",
        "/om/",
        "/konto/logga-in/",
        "/kommuner/",
        municipality.get_absolute_url(),
        "/organisationer/",
        region.get_absolute_url(),
        "/natverk/",
        fol.get_absolute_url(),
        past.get_absolute_url(),
        coming.get_absolute_url(),
        "/natverk/deltagande/",
        "/rus/",
        Strategy.objects.first().get_absolute_url(),
        Goal.objects.order_by("pk").first().get_absolute_url(),
        "/rus/indikatorer/",
        Indicator.objects.order_by("pk").first().get_absolute_url(),
        "/rus/strukturbilder/",
        StructureImage.objects.order_by("pk").first().get_absolute_url(),
        "/rus/uppfoljning/",
        "/dokument/",
        "/dokument/sok/?q=planering",
        f"/dokument/sok/?theme={theme.slug}",
        document.get_absolute_url(),
        f"/dokument/{document.slug}/versioner/1/",
        "/dokument/kartlager/",
        Layer.objects.order_by("pk").first().get_absolute_url(),
        "/dokument/omvarld/",
        "/dokument/onskemal/",
        "/diarium/",
        "/diarium/?status=open&plan_type=dp",
        answered.get_public_url(),
        answered.get_public_url() + "yttrande/",
        "/remisser/statistik/",
        "/remisser/karta/",
    ]


def _signed_in_pages():
    fol = Network.objects.get(slug="fol")
    coming = Meeting.objects.filter(network=fol, status="agenda_open").order_by("starts_at").first()
    past = Meeting.objects.filter(network=fol, status="minutes_approved").order_by("-starts_at").first()
    document = Document.objects.order_by("pk").first()
    in_progress = Referral.objects.filter(status=Referral.Status.IN_PROGRESS).order_by("pk").first()
    answered = Referral.objects.filter(reply__status=Reply.Status.SENT).order_by("pk").first()
    return {
        "planerare": [
            "/",
            "/natverk/min-kalender/",
            coming.get_absolute_url(),
            coming.get_absolute_url() + "punkter/ny/",
            "/dokument/onskemal/",
            DocumentRequest.objects.order_by("pk").first().get_absolute_url(),
            "/dokument/onskemal/nytt/",
            "/dokument/bevakning/",
            "/remisser/samrad/",
        ],
        "samordnare": [
            "/",
            coming.get_absolute_url(),
            coming.get_absolute_url() + "andra/",
            past.get_absolute_url(),
            past.get_absolute_url() + "narvaro/",
            past.get_absolute_url() + "protokoll/",
            fol.get_absolute_url() + "moten/nytt/",
            fol.get_absolute_url() + "andra/",
            fol.get_absolute_url() + "medlemmar/ny/",
            "/natverk/nytt/",
            "/natverk/deltagande/",
        ],
        "redaktor": [
            "/",
            "/dokument/",
            "/dokument/nytt/",
            "/dokument/granskning/",
            f"/dokument/{document.slug}/redigera/",
            f"/dokument/{document.slug}/ny-version/",
            "/dokument/kartlager/ladda-upp/",
            "/dokument/omvarld/ny/",
            f"/dokument/omvarld/{NewsItem.objects.order_by('pk').first().pk}/redigera/",
            "/rus/import/",
        ],
        "handlaggare": [
            "/",
            "/remisser/",
            "/remisser/?status=overdue",
            "/remisser/registrera/",
            in_progress.get_absolute_url(),
            in_progress.get_absolute_url() + "andra/",
            in_progress.get_absolute_url() + "yttrande/",
            in_progress.get_absolute_url() + "samrad/",
            answered.get_absolute_url(),
            answered.get_absolute_url() + "yttrande/utskrift/",
            "/remisser/samrad/",
            "/remisser/statistik/",
            "/remisser/karta/",
            "/diarium/",
        ],
    }


def _check(page, base, path, failures, opened):
    response = page.goto(base + path)
    assert response is not None and response.status < 400, f"{path}: {response and response.status}"
    assert "/konto/logga-in/" not in page.url or path == "/konto/logga-in/", f"{path} asked to sign in"
    page.wait_for_load_state("load")
    # maps and charts draw after load; wait until each map has its layers
    page.wait_for_function(MAPS_READY)
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    opened.append(path)
    if width > inner:
        culprits = "\n    ".join(page.evaluate(CULPRITS, inner))
        failures.append(f"{path} is {width} px wide in a {inner} px window:\n    {culprits}")


def _sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/konto/logga-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo")
    page.press("#id_password", "Enter")
    page.wait_for_selector(".site-account form[action='/konto/logga-ut/']")


def test_no_page_scrolls_sideways_at_320_px(demo, live_server, browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": 640})
    page = context.new_page()
    failures, opened = [], []
    for path in _public_pages():
        _check(page, live_server.url, path, failures, opened)
    for username, paths in _signed_in_pages().items():
        _sign_in(page, live_server.url, username)
        for path in paths:
            _check(page, live_server.url, path, failures, opened)
    context.close()
    assert len(opened) == len(_public_pages()) + sum(map(len, _signed_in_pages().values()))
    assert not failures, "Pages wider than the window (WCAG 1.4.10):\n" + "\n".join(failures)


def test_the_check_finds_a_page_that_scrolls_sideways(live_server, browser):
    """The measure itself: an element wider than the window is caught and named."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + "/om/")
    assert page.evaluate("document.documentElement.scrollWidth") == WIDTH
    page.evaluate(
        "const wide = document.createElement('div'); wide.id = 'wide'; wide.style.width = '600px';"
        "wide.textContent = 'bred'; document.querySelector('main').append(wide)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") > WIDTH
    culprits = page.evaluate(CULPRITS, WIDTH)
    assert any(c.startswith("div#wide ends at") for c in culprits), culprits
    context.close()
