"""Issue 13, item 1: a main flow by keyboard only, in Chromium — a case officer registers a
referral from the municipality's e-mail (the file chosen with Space, as a keyboard user opens the
system's file dialog) and writes, approves and sends the Region's reply. Every Tab stop shows
its focus (tests/browser/keyboard.py); axe on the pages on the way."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from referrals.models import Referral, Reply
from tests.browser.keyboard import sign_in, tab_to

from .factories_workflow import approver
from .test_browser_flows import _eml, kumla  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_from_an_email_and_send_the_reply_by_keyboard(page, live_server, kumla, tmp_path, settings, axe_check):  # noqa: F811
    settings.CELERY_TASK_ALWAYS_EAGER = True
    officer = approver()  # a case officer holding the delegation
    sign_in(page, live_server, officer.username)
    page.goto(live_server.url + "/remisser/")

    tab_to(page, "input[type=file][data-autosubmit]")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(_eml(tmp_path)))
    expect(page.locator("#draft-title")).to_contain_text("remiss-kumla.eml")
    axe_check(page)
    tab_to(page, page.get_by_role("button", name="Registrera", exact=True))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Skomakaren")
    referral = Referral.objects.get(plan_name__icontains="Skomakaren")
    expect(page.locator("h1")).to_contain_text(referral.diary_number)

    # A point of the reply: the "Lägg till punkt" disclosure opened with Enter, heading and text typed.
    tab_to(page, "#yttrande details > summary", limit=250)
    page.keyboard.press("Enter")
    tab_to(page, "#point-heading")
    page.keyboard.type("Kollektivtrafik")
    tab_to(page, "#point-text")
    page.keyboard.type("Regionen vill att planen visar gångvägen till hållplatsen.")
    tab_to(page, page.locator("#yttrande").get_by_role("button", name="Lägg till punkt"))
    page.keyboard.press("Enter")
    expect(page.locator("#yttrande ol.reply-points > li")).to_have_count(1)
    axe_check(page)

    tab_to(page, page.get_by_role("button", name="Godkänn yttrandet"), limit=250)
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("godkänt")
    tab_to(page, page.get_by_role("button", name="Skicka yttrandet"), limit=250)
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Yttrandet är skickat")
    expect(page.locator(".lead .status")).to_have_text("Besvarad")

    referral.refresh_from_db()
    assert referral.reply.status == Reply.Status.SENT
    assert list(referral.reply.points.values_list("heading", flat=True)) == ["Kollektivtrafik"]
    assert [m.to for m in mail.outbox if m.attachments] == [["anna.aberg@kumla.se"]]
