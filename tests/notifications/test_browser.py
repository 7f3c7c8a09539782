"""The preferences page and the unsubscribe page in Chromium: changed and saved by keyboard
alone, axe clean (WCAG 2.1 AA) in Swedish and English, no sideways scroll at 320 px."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from notifications.models import Frequency, Kind
from notifications.services import notify, preferences_for
from tests.knowledge.test_browser import _sign_in

from .support import unsubscribe_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choices_are_changed_and_saved_by_keyboard(page, live_server, planner, axe_check):
    _sign_in(page, live_server, planner.username)
    page.goto(live_server.url + "/konto/aviseringar/")
    axe_check(page)
    meetings = page.get_by_role("group", name="Möten")
    meetings.get_by_role("radio", name="Direkt").focus()
    page.keyboard.press("ArrowDown")  # the arrow keys move within a radio group
    expect(meetings.get_by_role("radio", name="En sammanställning per dag")).to_be_checked()
    page.get_by_role("button", name="Spara").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Dina val för e-post är sparade.")
    assert preferences_for(planner)[Kind.MEETINGS] == Frequency.DAILY
    for width in (320,):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    axe_check(page)


def test_the_unsubscribe_pages_pass_axe(page, live_server, planner, axe_check):
    notify(kind=Kind.REFERRALS, recipients=[planner], subject="Påminnelse")
    page.goto(live_server.url + unsubscribe_path(mail.outbox[0]))
    axe_check(page)
    page.get_by_role("button", name="Avsluta e-posten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du får inte längre den här e-posten")
    axe_check(page)
    assert preferences_for(planner)[Kind.REFERRALS] == Frequency.NONE
    page.goto(live_server.url + "/konto/aviseringar/avsluta/trasig/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Länken fungerar inte")
    axe_check(page)
