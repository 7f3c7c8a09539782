"""Real Chromium on the consultation, reply and outcome parts of the case page: an officer asks a
unit, the unit's member answers on "Mina samrådsförfrågningar", the officer takes the suggested
interest items and the answer as points, approves and sends (user actions counted from the work
list); the outcome form on the next phase; axe finds no WCAG 2.1 AA violations, Swedish and English."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from referrals.models import Reply
from tests.knowledge.test_browser import _sign_in

from .factories import InterestMatchFactory, ReferralFactory, ReplyFactory, ReplyPointFactory, UnitFactory
from .factories_workflow import approver, unit_with_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_consult_answer_reply_approve_and_send(page, live_server, axe_check, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    today = timezone.localdate()
    officer = approver()
    unit, member = unit_with_member(name="Kollektivtrafik (test)", slug="kollektivtrafik-test")
    UnitFactory(name="Kultur (test)", slug="kultur-test")
    case = ReferralFactory(
        in_progress=True,
        assignee=officer,
        plan_name="Detaljplan för Resecentrum",
        deadline=today + datetime.timedelta(days=20),
    )
    InterestMatchFactory(referral=case, title="Regional kollektivtrafikkorridor", suggested_text="Korridoren berörs.")
    InterestMatchFactory(referral=case, title="Logistikområde", suggested_text="Logistikområdet ligger 300 m bort.")

    # The officer asks the unit (from the case page).
    _sign_in(page, live_server, officer.username)
    page.goto(live_server.url + case.get_absolute_url())
    page.locator("#samrad summary").click()
    page.get_by_label("Kollektivtrafik (test)").check()
    page.get_by_label("Svar senast").fill((today + datetime.timedelta(days=10)).isoformat())
    page.get_by_label("Fråga till enheterna").fill("Hur påverkas busslinjerna?")
    page.get_by_role("button", name="Begär internt samråd").click()
    expect(page.locator("#samrad")).to_contain_text("Väntar på svar")
    axe_check(page)

    # The unit's member answers.
    page.context.clear_cookies()
    _sign_in(page, live_server, member.username)
    page.goto(live_server.url + "/remisser/samrad/")
    expect(page.locator("h1")).to_have_text("Mina samrådsförfrågningar")
    axe_check(page)
    page.get_by_role("link", name=f"{case.diary_number} Detaljplan för Resecentrum").click()
    axe_check(page)
    page.get_by_label("Enhetens svar").fill("Linje 12 får en ny hållplats vid Resecentrum.")
    page.get_by_role("button", name="Skicka svar").click()
    expect(page.locator(".messages")).to_contain_text("Svaret är sparat")

    # The officer: from the work list to the sent reply, counting the actions.
    page.context.clear_cookies()
    _sign_in(page, live_server, officer.username)
    page.goto(live_server.url + "/remisser/")
    actions = 0
    page.get_by_role("link", name=case.diary_number).first.click()
    actions += 1
    page.get_by_role("button", name="Ta med 2 föreslagna regionala intressen som punkter").click()
    actions += 1
    page.get_by_role("button", name="Ta med svaret från Kollektivtrafik (test) som punkt").click()
    actions += 1
    expect(page.locator("#yttrande ol.reply-points > li")).to_have_count(3)
    axe_check(page)
    page.get_by_role("button", name="Godkänn yttrandet").click()
    actions += 1
    page.get_by_role("button", name="Skicka yttrandet").click()  # recipient and date are filled in
    actions += 1
    print(f"\nFrom the work list: interests and the unit's answer as points, approved, sent: {actions} actions")
    expect(page.locator(".messages")).to_contain_text("Yttrandet är skickat")
    reply = Reply.objects.get(referral=case)
    assert reply.status == Reply.Status.SENT and reply.points.count() == 3
    assert any(m.attachments for m in mail.outbox)
    axe_check(page)

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + case.get_absolute_url())
    expect(page.locator("#yttrande-title")).to_have_text("Reply")
    axe_check(page)
    page.goto(live_server.url + f"/diarium/{case.diary_year}-{case.diary_seq}/yttrande/")
    expect(page.locator("h1")).to_contain_text("Reply on Detaljplan för Resecentrum")
    axe_check(page)


def test_outcome_form_on_the_next_phase(page, live_server, axe_check):
    officer = approver()
    earlier = ReferralFactory(answered=True, plan_name="Planprogram Norra Hamnen")
    reply = ReplyFactory(referral=earlier, status=Reply.Status.SENT, sent_on=timezone.localdate())
    ReplyPointFactory(reply=reply, order=1, heading="Kollektivtrafik", text="Behåll hållplatsen.")
    ReplyPointFactory(reply=reply, order=2, heading="Cykel", text="Förläng cykelstråket.")
    later = ReferralFactory(in_progress=True, sender=earlier.sender, previous=earlier, phase="granskning")
    _sign_in(page, live_server, officer.username)
    page.goto(live_server.url + later.get_absolute_url())
    expect(page.locator("#utfall")).to_contain_text("Kollektivtrafik")
    axe_check(page)
    page.get_by_label("Utfall för Kollektivtrafik").select_option("partly")
    page.get_by_label("Kommentar om Kollektivtrafik").fill("Hållplatsen flyttas 100 m.")
    page.get_by_label("Utfall för Cykel").select_option("fully")
    page.get_by_role("button", name="Spara utfall").click()
    expect(page.locator(".messages")).to_contain_text("Utfallet är registrerat för 2 punkter")
    assert sorted(reply.points.values_list("outcome", flat=True)) == ["fully", "partly"]
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + later.get_absolute_url())
    expect(page.locator("#utfall-title")).to_have_text("Outcome of the earlier reply")
    axe_check(page)
