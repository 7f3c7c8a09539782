"""Part 7: the reply as PDF and as print-friendly HTML (the Region's heading, the diary number, the
sender's reference, the points with their cited goals); the public copies show sent replies
only; replies on the RUS goal pages (sent ones only)."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from referrals.models import Referral, Reply
from referrals.reports import reply_pdf
from rus.registry import references_for_goal
from tests.rus.factories import GoalFactory, StrategyFactory

from .factories import ReferralFactory, ReplyFactory, ReplyPointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(db):
    return GoalFactory(strategy=StrategyFactory(), code="4.2", name="Attraktiva stationssamhällen")


def make_reply(goal, status=Reply.Status.DRAFT, **case):
    referral = ReferralFactory(in_progress=True, sender_reference="SBN 2026/481", **case)
    reply = ReplyFactory(referral=referral, status=status, introduction="Region Örebro län tackar för remissen.")
    ReplyPointFactory(reply=reply, order=1, heading="Kollektivtrafik", text="Hållplatsen vid Åsgatan behålls.")
    point = ReplyPointFactory(reply=reply, order=2, heading="Cykel", text="Cykelstråket mot Kumla förlängs.")
    point.goals.set([goal])
    if status == Reply.Status.SENT:
        Reply.objects.filter(pk=reply.pk).update(sent_on=timezone.localdate(), sent_to="Samhällsbyggnadsnämnden")
        Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.ANSWERED)
        reply.refresh_from_db()
    return reply


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_is_a_valid_pdf_with_number_reference_points_and_goals(goal):
    reply = make_reply(goal, status=Reply.Status.SENT)
    content = reply_pdf(reply)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for expected in (
        "Region Örebro län",
        reply.referral.diary_number,
        "SBN 2026/481",
        "Hållplatsen vid Åsgatan behålls.",
        "Cykelstråket mot Kumla förlängs.",
        "4.2 Attraktiva stationssamhällen",
        "Samhällsbyggnadsnämnden",
    ):
        assert expected in text, expected
    assert "Utkast" not in text


def test_a_draft_pdf_says_it_is_a_draft(goal):
    assert "Utkast – ej skickat" in pdf_text(reply_pdf(make_reply(goal)))


def test_officers_get_html_and_pdf_of_any_state(client, case_officer, planner, goal):
    reply = make_reply(goal)
    r = reply.referral
    base = f"/remisser/{r.diary_year}-{r.diary_seq}/yttrande"
    client.force_login(planner)
    assert client.get(f"{base}/utskrift/").status_code == 403
    assert client.get(f"{base}.pdf").status_code == 403
    client.force_login(case_officer)
    html = client.get(f"{base}/utskrift/").content.decode()
    assert r.diary_number in html and "SBN 2026/481" in html and "Hållplatsen vid Åsgatan behålls." in html
    assert "4.2 Attraktiva stationssamhällen" in html and "Utkast" in html
    response = client.get(f"{base}.pdf")
    assert response["Content-Type"] == "application/pdf" and r.diary_number in pdf_text(response.content)


@pytest.mark.parametrize("status", [Reply.Status.DRAFT, Reply.Status.REVIEWED, Reply.Status.APPROVED])
def test_the_public_gets_no_unsent_reply_even_as_officer(client, case_officer, goal, status):
    r = make_reply(goal, status=status).referral
    for user in (None, case_officer):
        if user:
            client.force_login(user)
        assert client.get(f"/diarium/{r.diary_year}-{r.diary_seq}/yttrande/").status_code == 404
        assert client.get(f"/diarium/{r.diary_year}-{r.diary_seq}/yttrande.pdf").status_code == 404


def test_the_public_reads_a_sent_reply(client, goal):
    r = make_reply(goal, status=Reply.Status.SENT).referral
    html = client.get(f"/diarium/{r.diary_year}-{r.diary_seq}/yttrande/").content.decode()
    assert "Cykelstråket mot Kumla förlängs." in html and "Utkast" not in html
    assert f"/diarium/{r.diary_year}-{r.diary_seq}/yttrande.pdf" in html
    response = client.get(f"/diarium/{r.diary_year}-{r.diary_seq}/yttrande.pdf")
    assert response.status_code == 200 and "Cykelstråket mot Kumla förlängs." in pdf_text(response.content)


def test_goal_pages_list_sent_replies_only(client, goal, case_officer):
    sent = make_reply(goal, status=Reply.Status.SENT, plan_name="Detaljplan för Resecentrum")
    make_reply(goal, status=Reply.Status.APPROVED, plan_name="Detaljplan för Hemligt kvarter")
    other_goal = GoalFactory(strategy=goal.strategy)
    for user in (None, case_officer):
        refs = {ref["key"]: ref for ref in references_for_goal(goal, user)}
        items = refs["referral_replies"]["items"]
        assert [i.title for i in items] == [
            f"{sent.referral.diary_number} Detaljplan för Resecentrum ({sent.referral.sender.name})"
        ]
        assert items[0].year == timezone.localdate().year
        assert items[0].url == f"/diarium/{sent.referral.diary_year}-{sent.referral.diary_seq}/"
        assert not {ref["key"]: ref for ref in references_for_goal(other_goal, user)}["referral_replies"]["items"]
    html = client.get(f"/rus/mal/{goal.pk}/").content.decode()
    assert "Remissyttranden" in html and "Detaljplan för Resecentrum" in html
    assert "Hemligt kvarter" not in html
