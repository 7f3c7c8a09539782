"""Part 7: the reply (yttrande) — points from the phrase library, the interest checklist, the
consultation answers and free text, citing published RUS goals; draft → reviewed → approved →
sent with every transition and role; the lost-update guard; the e-mail with the PDF."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from referrals.models import InterestMatch, Referral, ReferralEvent, Reply, ReplyPoint
from referrals.services import replies as svc
from tests.rus.factories import GoalFactory, StrategyFactory

from .factories import InterestMatchFactory, PhraseFactory, ReferralFactory, ReplyFactory, ReplyPointFactory
from .factories_workflow import ConsultationFactory, approver, unit_with_member

pytestmark = pytest.mark.django_db
S = Reply.Status


@pytest.fixture
def goal(db):
    return GoalFactory(strategy=StrategyFactory(), code="2.1", name="Hållbara resor")


@pytest.fixture
def draft_goal(db):
    return GoalFactory(strategy=StrategyFactory(draft=True), code="9.9", name="Ej publicerat mål")


@pytest.fixture
def case(db):
    return ReferralFactory(in_progress=True, received=timezone.localdate() - datetime.timedelta(days=3))


def reply_in(state, referral=None):
    referral = referral or ReferralFactory(in_progress=True)
    reply = ReplyFactory(referral=referral, status=state)
    ReplyPointFactory(reply=reply)
    if state == S.SENT:
        Reply.objects.filter(pk=reply.pk).update(sent_on=timezone.localdate(), sent_to="kommunen")
        Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.ANSWERED)
        reply.refresh_from_db()
    return reply


# --- points ---------------------------------------------------------------------------------------


def test_points_from_phrase_free_text_interest_and_consultation(case, case_officer, goal, draft_goal):
    phrase = PhraseFactory(title="Kollektivtrafik", text="Planen bör stödja kollektivtrafiken.")
    phrase.goals.set([goal, draft_goal])
    p1 = svc.reply_add_point(referral=case, phrase=phrase, actor=case_officer)
    assert (p1.source, p1.heading, p1.text) == ("phrase", "Kollektivtrafik", "Planen bör stödja kollektivtrafiken.")
    assert list(p1.goals.all()) == [goal]  # the phrase's default goals, published ones only

    p2 = svc.reply_add_point(referral=case, text="Egen text om cykel.", goals=[goal.pk], actor=case_officer)
    assert (p2.source, p2.order) == ("free", p1.order + 1) and list(p2.goals.all()) == [goal]

    interest = InterestMatchFactory(referral=case, title="Regional cykelstråk", suggested_text="Stråket berörs.")
    p3 = svc.reply_add_point(referral=case, interest=interest, actor=case_officer)
    assert (p3.source, p3.text, p3.interest) == ("interest", "Stråket berörs.", interest)

    consultation = ConsultationFactory(referral=case)
    with pytest.raises(ValidationError):
        svc.reply_add_point(referral=case, consultation=consultation, actor=case_officer)  # not answered yet
    consultation.answer, consultation.answered_at = "Busslinje 12 passerar.", timezone.now()
    consultation.save()
    p4 = svc.reply_add_point(referral=case, consultation=consultation, actor=case_officer)
    assert (p4.source, p4.heading, p4.text) == ("consultation", consultation.unit.name, "Busslinje 12 passerar.")
    assert case.reply.points.count() == 4
    assert case.events.filter(kind=ReferralEvent.Kind.REPLY_EDITED).count() == 4


def test_point_rules(case, case_officer, draft_goal):
    with pytest.raises(ValidationError) as exc:
        svc.reply_add_point(referral=case, text="  ", actor=case_officer)
    assert "text" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        svc.reply_add_point(referral=case, text="Text", goals=[draft_goal], actor=case_officer)
    assert "publicerad" in exc.value.message_dict["goals"][0]
    other = InterestMatchFactory()
    with pytest.raises(ValidationError) as exc:
        svc.reply_add_point(referral=case, interest=other, actor=case_officer)
    assert "interest" in exc.value.message_dict
    assert not ReplyPoint.objects.filter(reply__referral=case).exists()


def test_accepted_interests_become_points_in_one_action(case, case_officer):
    a = InterestMatchFactory(referral=case, decision=InterestMatch.Decision.ACCEPTED, distance_m=10)
    b = InterestMatchFactory(referral=case, decision=InterestMatch.Decision.ACCEPTED, distance_m=5)
    InterestMatchFactory(referral=case, decision=InterestMatch.Decision.DISMISSED)
    InterestMatchFactory(referral=case)  # not assessed
    points = svc.reply_add_accepted_interests(referral=case, actor=case_officer)
    assert [p.interest for p in points] == [b, a]
    assert [p.text for p in points] == [b.suggested_text, a.suggested_text]
    with pytest.raises(ValidationError, match="inga accepterade"):
        svc.reply_add_accepted_interests(referral=case, actor=case_officer)
    assert case.reply.points.count() == 2
    # with include_open, the items not yet assessed are accepted and added in the same step
    points = svc.reply_add_accepted_interests(referral=case, include_open=True, actor=case_officer)
    assert len(points) == 1 and points[0].interest.decision == InterestMatch.Decision.ACCEPTED
    assert case.reply.points.count() == 3


def test_update_remove_and_reorder(case, case_officer, goal):
    p1 = svc.reply_add_point(referral=case, text="Ett", actor=case_officer)
    p2 = svc.reply_add_point(referral=case, text="Två", actor=case_officer)
    p3 = svc.reply_add_point(referral=case, text="Tre", actor=case_officer)
    svc.reply_update_point(point=p2, heading="Andra", text="Två, ändrad", goals=[goal], actor=case_officer)
    p2.refresh_from_db()
    assert (p2.heading, p2.text, list(p2.goals.all())) == ("Andra", "Två, ändrad", [goal])
    reply = case.reply
    svc.reply_reorder(reply=reply, point_ids=[p3.pk, p1.pk, p2.pk], actor=case_officer)
    assert list(reply.points.order_by("order").values_list("text", flat=True)) == ["Tre", "Ett", "Två, ändrad"]
    with pytest.raises(ValidationError) as exc:
        svc.reply_reorder(reply=reply, point_ids=[p3.pk, p1.pk], actor=case_officer)
    assert "points" in exc.value.message_dict
    svc.reply_move_point(point=p1, offset=-1, actor=case_officer)
    assert list(reply.points.order_by("order").values_list("text", flat=True)) == ["Ett", "Tre", "Två, ändrad"]
    svc.reply_remove_point(point=p3, actor=case_officer)
    assert list(reply.points.order_by("order").values_list("text", flat=True)) == ["Ett", "Två, ändrad"]


def test_a_stale_form_gets_a_conflict_and_loses_nothing(case, case_officer):
    point = svc.reply_add_point(referral=case, text="Ett", actor=case_officer)
    version = Reply.objects.get(referral=case).version
    svc.reply_update_point(point=point, heading="", text="Av den första", goals=[], actor=case_officer,
                           expected_version=version)  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        svc.reply_update_point(point=point, heading="", text="Av den andra", goals=[], actor=case_officer,
                               expected_version=version)  # fmt: skip
    assert "Någon annan har ändrat" in exc.value.message_dict["version"][0]
    point.refresh_from_db()
    assert point.text == "Av den första"


# --- states and roles -----------------------------------------------------------------------------

ACTIONS = ("edit", "review", "approve", "send")
# state -> the actions the state allows (with the right role)
ALLOWED = {
    S.DRAFT: {"edit", "review", "approve"},
    S.REVIEWED: {"edit", "approve"},
    S.APPROVED: {"edit", "send"},
    S.SENT: set(),
}


def run(action, reply, actor):
    if action == "edit":
        return svc.reply_add_point(referral=reply.referral, text="Ny punkt", actor=actor)
    if action == "review":
        return svc.reply_review(reply=reply, actor=actor)
    if action == "approve":
        return svc.reply_approve(reply=reply, actor=actor)
    return svc.reply_send(reply=reply, sent_to="plan@kommun.example.se", sent_on=timezone.localdate(), actor=actor)


@pytest.mark.parametrize("state", list(ALLOWED))
@pytest.mark.parametrize("action", ACTIONS)
def test_every_transition_in_every_state(state, action):
    reply = reply_in(state)
    actor = approver()
    if action in ALLOWED[state]:
        run(action, reply, actor)
        reply.refresh_from_db()
        expected = {"edit": S.DRAFT, "review": S.REVIEWED, "approve": S.APPROVED, "send": S.SENT}[action]
        assert reply.status == expected
    else:
        before = (reply.status, reply.version, reply.points.count())
        with pytest.raises(ValidationError):
            run(action, reply, actor)
        reply.refresh_from_db()
        assert (reply.status, reply.version, reply.points.count()) == before


@pytest.mark.parametrize("role", ["public", "planner", "coordinator", "editor", "signed_in_user", "unit_member"])
@pytest.mark.parametrize("action", ACTIONS)
def test_roles_outside_the_case_officers_may_do_nothing(request, role, action):
    actor = {
        "public": lambda: AnonymousUser(),
        "unit_member": lambda: unit_with_member()[1],
    }.get(role, lambda: request.getfixturevalue(role))()
    state = {"edit": S.DRAFT, "review": S.DRAFT, "approve": S.REVIEWED, "send": S.APPROVED}[action]
    reply = reply_in(state)
    with pytest.raises(PermissionDenied):
        run(action, reply, actor)
    reply.refresh_from_db()
    assert reply.status == state


def test_case_officer_without_delegation_edits_reviews_and_sends_but_does_not_approve(case_officer):
    reply = reply_in(S.DRAFT)
    run("edit", reply, case_officer)
    run("review", reply, case_officer)
    with pytest.raises(PermissionDenied, match="delegation"):
        run("approve", reply, case_officer)
    reply.refresh_from_db()
    assert reply.status == S.REVIEWED
    svc.reply_approve(reply=reply, actor=approver())
    run("send", reply, case_officer)
    reply.refresh_from_db()
    assert reply.status == S.SENT and reply.sent_by == case_officer


def test_the_author_holding_the_delegation_may_approve_their_own_draft(case):
    author = approver()
    svc.reply_add_point(referral=case, text="Min punkt", actor=author)
    reply = svc.reply_approve(reply=case.reply, actor=author, expected_version=case.reply.version)
    reply.refresh_from_db()
    assert reply.status == S.APPROVED and reply.approved_by == author and reply.reviewed_by == author


def test_an_empty_reply_cannot_be_reviewed_or_approved(case, case_officer):
    reply = svc.reply_start(referral=case, actor=case_officer)
    with pytest.raises(ValidationError, match="saknar innehåll"):
        svc.reply_review(reply=reply, actor=case_officer)
    with pytest.raises(ValidationError, match="saknar innehåll"):
        svc.reply_approve(reply=reply, actor=approver())


@pytest.mark.parametrize("state", [S.REVIEWED, S.APPROVED])
def test_editing_a_reviewed_or_approved_reply_sends_it_back_to_draft(state, case_officer):
    reply = reply_in(state)
    Reply.objects.filter(pk=reply.pk).update(reviewed_by=case_officer, reviewed_at=timezone.now())
    svc.reply_update_text(reply=reply, introduction="Ny inledning", conclusion="", actor=case_officer)
    reply.refresh_from_db()
    assert (reply.status, reply.reviewed_by, reply.approved_by) == (S.DRAFT, None, None)
    event = reply.referral.events.filter(kind=ReferralEvent.Kind.REPLY_EDITED).last()
    assert "åter till utkast" in event.summary


def test_send_closes_the_case_and_mails_the_pdf_once(case_officer, django_capture_on_commit_callbacks):
    reply = reply_in(S.APPROVED)
    referral = reply.referral
    with django_capture_on_commit_callbacks(execute=True):
        svc.reply_send(reply=reply, sent_to="Karin Planare", sent_on=timezone.localdate(), actor=case_officer)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ANSWERED and referral.closed_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [referral.contact_email] and referral.diary_number in message.subject
    (name, content, mimetype) = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    # through the notification centre: the one-click unsubscribe too (notifications/)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert svc.reply_send_email(reply.pk) is False  # a second run of the task sends nothing
    assert len(mail.outbox) == 1
    summaries = list(referral.events.filter(kind=ReferralEvent.Kind.REPLY_SENT).values_list("summary", flat=True))
    assert summaries[0].startswith("Yttrandet skickat till Karin Planare")
    assert summaries[1] == f"Yttrandet e-postat till {referral.contact_email}"


def test_send_date_and_recipient_rules(case_officer):
    reply = reply_in(S.APPROVED)
    received = reply.referral.received
    cases = [
        ("", timezone.localdate(), "sent_to"),
        ("Kommunen", None, "sent_on"),
        ("Kommunen", timezone.localdate() + datetime.timedelta(days=1), "sent_on"),
        ("Kommunen", received - datetime.timedelta(days=1), "sent_on"),
    ]
    for sent_to, sent_on, field in cases:
        with pytest.raises(ValidationError) as exc:
            svc.reply_send(reply=reply, sent_to=sent_to, sent_on=sent_on, actor=case_officer)
        assert field in exc.value.message_dict
    reply.refresh_from_db()
    assert reply.status == S.APPROVED


def test_errors_in_english(case_officer):
    reply = reply_in(S.SENT)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        svc.reply_review(reply=reply, actor=case_officer)
    assert "status sent" in exc.value.messages[0] or "has been sent" in exc.value.messages[0]
    with translation.override("en"), pytest.raises(PermissionDenied) as denied:
        svc.reply_approve(reply=reply_in(S.DRAFT), actor=case_officer)
    assert "delegation" in str(denied.value) and "Bara" not in str(denied.value)


# --- pages ----------------------------------------------------------------------------------------


def _url(referral, rest=""):
    return f"/remisser/{referral.diary_year}-{referral.diary_seq}/yttrande/{rest}"


def test_the_standard_flow_on_the_pages(client, case, goal, django_capture_on_commit_callbacks):
    """Accept the suggested interest items as points, approve, send: one click each."""
    officer = approver()
    InterestMatchFactory(referral=case, title="Regional kollektivtrafikkorridor", decision="accepted")
    suggested = InterestMatchFactory(referral=case, title="Logistikområde Hallsberg")  # not yet assessed
    InterestMatchFactory(referral=case, title="Inte relevant sak", decision="dismissed")
    client.force_login(officer)
    editor = client.get(_url(case)).content.decode()
    assert "Ta med 2 föreslagna regionala intressen som punkter" in editor
    response = client.post(_url(case, "intressen/"), {"version": ""})
    assert response.status_code == 302 and response["Location"].endswith("#yttrande")
    reply = Reply.objects.get(referral=case)
    editor = client.get(_url(case)).content.decode()
    assert "Regional kollektivtrafikkorridor" in editor and "Godkänn yttrandet" in editor
    assert "Logistikområde Hallsberg" in editor and "Inte relevant sak" not in editor
    suggested.refresh_from_db()
    assert suggested.decision == "accepted"
    assert client.post(_url(case, "godkann/"), {"version": reply.version}).status_code == 302
    reply.refresh_from_db()
    assert reply.status == S.APPROVED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(case, "skicka/"),
            {"version": reply.version, "sent_to": case.contact_email, "sent_on": timezone.localdate().isoformat()},
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Referral.Status.ANSWERED and len(mail.outbox) == 1


def test_a_stale_page_gets_the_conflict_message_and_a_refused_action_its_reason(client, case_officer):
    reply = reply_in(S.DRAFT)
    referral = reply.referral
    client.force_login(case_officer)
    stale = reply.version
    assert client.post(_url(referral, "granska/"), {"version": stale}).status_code == 302
    response = client.post(_url(referral, "punkter/ny/"), {"version": stale, "text": "Ny punkt"})
    html = response.content.decode()
    assert response.status_code == 400 and "Någon annan har ändrat" in html
    assert reply.points.count() == 1
    # an officer without the delegation is told why approving is refused
    reply.refresh_from_db()
    response = client.post(_url(referral, "godkann/"), {"version": reply.version})
    assert response.status_code == 403 and "delegation" in response.content.decode()
    # sending a reviewed (not approved) reply: the state says no
    response = client.post(
        _url(referral, "skicka/"),
        {"version": reply.version, "sent_to": "x", "sent_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400 and "går inte att skicka" in response.content.decode()


def test_add_edit_move_and_remove_points_on_the_pages(client, case, case_officer, goal):
    phrase = PhraseFactory(title="Kollektivtrafik", text="Planen bör stödja kollektivtrafiken.")
    client.force_login(case_officer)
    assert client.post(_url(case, "punkter/ny/"), {"phrase": phrase.pk}).status_code == 302
    r = client.post(_url(case, "punkter/ny/"), {"text": "Fritext om cykel", "goals": [goal.pk], "version": 2})
    assert r.status_code == 302
    first, second = case.reply.points.order_by("order")
    assert (first.text, second.text) == ("Planen bör stödja kollektivtrafiken.", "Fritext om cykel")
    assert list(second.goals.all()) == [goal]
    page = client.get(_url(case, f"punkter/{second.pk}/"))
    assert page.status_code == 200 and "Fritext om cykel" in page.content.decode()
    version = Reply.objects.get(pk=case.reply.pk).version
    r = client.post(_url(case, f"punkter/{second.pk}/"), {"version": version, "heading": "Cykel", "text": "Ändrad"})
    assert r.status_code == 302
    version += 1
    assert (
        client.post(_url(case, f"punkter/{second.pk}/flytta/"), {"version": version, "direction": "up"}).status_code
        == 302
    )
    assert list(case.reply.points.order_by("order").values_list("text", flat=True)) == ["Ändrad", first.text]
    assert client.post(_url(case, f"punkter/{first.pk}/ta-bort/"), {"version": version + 1}).status_code == 302
    assert list(case.reply.points.values_list("text", flat=True)) == ["Ändrad"]


@pytest.mark.parametrize("role", ["planner", "coordinator", "editor", "signed_in_user"])
def test_the_editor_is_for_case_officers_only(client, request, role):
    reply = reply_in(S.DRAFT)
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(reply.referral)).status_code == 403
    assert client.post(_url(reply.referral, "punkter/ny/"), {"text": "x"}).status_code == 403
    assert reply.points.count() == 1


def test_reply_section_for_officers_only(rf, case_officer, planner):
    from referrals.views.replies import section_context

    reply = reply_in(S.DRAFT)
    request = rf.get("/")
    request.user = planner
    assert section_context(reply.referral, request) is None
    request.user = case_officer
    ctx = section_context(reply.referral, request)
    assert ctx["reply"] == reply and len(ctx["reply_points"]) == 1 and ctx["can_approve"] is False


def test_the_case_page_shows_the_consultation_reply_and_outcome_sections(client, goal):
    officer = approver()
    earlier = ReferralFactory(answered=True, plan_name="Planprogram Söder")
    earlier_reply = ReplyFactory(referral=earlier, status=S.SENT, sent_on=timezone.localdate())
    ReplyPointFactory(reply=earlier_reply, heading="Tidigare punkt om buss")
    case = ReferralFactory(in_progress=True, sender=earlier.sender, previous=earlier)
    ConsultationFactory(referral=case, unit__name="Kultur och fritid")
    reply = ReplyFactory(referral=case, introduction="Region Örebro län har tagit del av remissen.")
    client.force_login(officer)
    html = client.get(case.get_absolute_url()).content.decode()
    assert 'id="samrad"' in html and "Kultur och fritid" in html and "Begär internt samråd" in html
    assert 'id="yttrande"' in html and "Region Örebro län har tagit del av remissen." in html
    assert "Godkänn yttrandet" in html  # a standard reply (introduction only) can be approved
    assert 'id="utfall"' in html and "Tidigare punkt om buss" in html and earlier.diary_number in html
    assert reply.status == S.DRAFT


def test_example_phrases_load_idempotently_with_the_demo_goals():
    from referrals.demo_workflow import EXAMPLE_PHRASES, load_phrases
    from referrals.models import Phrase

    travel = GoalFactory(strategy=StrategyFactory(), code="3", name="Kortare restider", is_example=True)
    assert load_phrases() == load_phrases() == len(EXAMPLE_PHRASES)
    phrases = Phrase.objects.filter(kind=Phrase.Kind.POINT)
    assert phrases.count() == len(EXAMPLE_PHRASES) and all(p.is_example for p in phrases)
    assert list(phrases.get(title="Kollektivtrafik och hållplatser").goals.all()) == [travel]


def test_reply_editor_and_print_page_queries_do_not_grow_with_points(client, case_officer, count_queries, goal):
    reply = reply_in(S.DRAFT)
    reply.points.first().goals.set([goal])
    referral = reply.referral
    asked = timezone.now() - datetime.timedelta(hours=1)
    ConsultationFactory(referral=referral, answer="Svar", answered_at=timezone.now(), requested_at=asked)
    client.force_login(case_officer)
    urls = [_url(referral), _url(referral, "utskrift/"), referral.get_absolute_url()]
    before = [count_queries(lambda u=u: client.get(u))[0] for u in urls]
    for n in range(24):
        ReplyPointFactory(reply=reply, text=f"Punkt nummer {n}").goals.set([goal])
        ConsultationFactory(referral=referral, answer=f"Svar {n}", answered_at=timezone.now(), requested_at=asked)
    after = [count_queries(lambda u=u: client.get(u))[0] for u in urls]
    assert "Punkt nummer 23" in client.get(_url(referral)).content.decode()
    assert before == after


def test_the_phrase_list_offers_the_paragraphs_for_the_case_s_plan_type(client, case_officer):
    from referrals.selectors_workflow import point_phrases

    case = ReferralFactory(in_progress=True, plan_type="fop")
    for_all = PhraseFactory(title="För alla planer")
    for_fop = PhraseFactory(title="För FÖP", plan_types="op, fop")
    for_op = PhraseFactory(title="Bara ÖP", plan_types="op")
    PhraseFactory(title="Inaktiv", is_active=False)
    PhraseFactory(standard_reply=True)
    assert set(point_phrases(case)) == {for_all, for_fop}
    assert for_op in point_phrases()
    client.force_login(case_officer)
    html = client.get(_url(case)).content.decode()
    assert "För FÖP" in html and "Bara ÖP" not in html and "Inaktiv" not in html
