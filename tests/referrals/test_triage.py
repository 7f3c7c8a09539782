"""Part 5, triage: assign, answer, standard reply, decline in one step (reply registered, case
closed, sender told once); wrong states and every role."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from referrals.models import Referral, ReferralEvent, Reply
from referrals.services import triage
from tests.factories import UserFactory
from tests.referrals.factories import PhraseFactory, ReferralFactory, ReplyFactory, ReplyPointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def phrases():
    return {"standard": PhraseFactory(standard_reply=True), "decline": PhraseFactory(decline=True)}


def test_assign_records_the_officer_by_name(case_officer):
    referral = ReferralFactory()
    anna = UserFactory(username="anna", first_name="Anna", last_name="Andersson", roles=["case_officer"])
    triage.referral_assign(referral=referral, assignee=anna, actor=case_officer, version=referral.version)
    referral.refresh_from_db()
    assert referral.assignee == anna and referral.version == 2
    assert referral.events.get(kind=ReferralEvent.Kind.ASSIGNED).summary == "Tilldelad Anna Andersson"


def test_only_case_officers_can_be_assigned(case_officer, planner):
    referral = ReferralFactory()
    with pytest.raises(ValidationError) as caught:
        triage.referral_assign(referral=referral, assignee=planner, actor=case_officer)
    assert "assignee" in caught.value.message_dict


def test_a_closed_case_cannot_be_assigned(case_officer):
    referral = ReferralFactory(declined=True)
    with pytest.raises(ValidationError) as caught:
        triage.referral_assign(referral=referral, assignee=case_officer, actor=case_officer)
    assert referral.diary_number in caught.value.messages[0]


def test_answer_puts_the_case_in_progress(case_officer):
    referral = ReferralFactory()
    triage.referral_triage(referral=referral, decision="answer", actor=case_officer)
    referral.refresh_from_db()
    assert (referral.status, referral.triage) == ("in_progress", "answer")
    assert referral.events.filter(kind=ReferralEvent.Kind.TRIAGED, summary="Beslut: yttra sig").exists()


def test_standard_reply_gets_its_draft_from_the_phrase(case_officer, phrases):
    referral = ReferralFactory()
    triage.referral_triage(referral=referral, decision="standard", actor=case_officer)
    referral.refresh_from_db()
    reply = referral.reply
    assert referral.status == "in_progress" and reply.status == Reply.Status.DRAFT and reply.is_standard
    assert reply.introduction == phrases["standard"].text


def test_decline_is_one_step(case_officer, phrases, django_capture_on_commit_callbacks):
    referral = ReferralFactory(contact_email="karin@kumla.se", sender_reference="KS 2026/9")
    with django_capture_on_commit_callbacks(execute=True):
        triage.referral_triage(referral=referral, decision="decline", actor=case_officer)
    referral.refresh_from_db()
    reply = referral.reply
    assert referral.status == Referral.Status.DECLINED and referral.closed_at is not None
    assert reply.status == Reply.Status.SENT and reply.introduction == phrases["decline"].text
    assert reply.sent_on == timezone.localdate() and reply.sent_to == "karin@kumla.se"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["karin@kumla.se"] and phrases["decline"].text in message.body
    assert "KS 2026/9" in message.subject
    # Sent once: a second run of the task sends nothing.
    assert triage.send_decline_notice(referral.pk) is False
    assert len(mail.outbox) == 1
    kinds = list(referral.events.values_list("kind", flat=True))
    assert kinds.count(ReferralEvent.Kind.DECLINED) == 2  # declined, and the sender told


def test_nothing_is_sent_when_the_transaction_fails(case_officer, phrases, django_capture_on_commit_callbacks):
    referral = ReferralFactory()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        triage.referral_triage(referral=referral, decision="decline", actor=case_officer, version=99)
    assert mail.outbox == [] and Reply.objects.count() == 0
    referral.refresh_from_db()
    assert referral.status == "registered"


def test_decline_without_a_decline_phrase_says_what_is_missing(case_officer):
    referral = ReferralFactory()
    with pytest.raises(ValidationError) as caught:
        triage.referral_triage(referral=referral, decision="decline", actor=case_officer)
    assert "Frasbiblioteket" in caught.value.message_dict["decision"][0]
    referral.refresh_from_db()
    assert referral.status == "registered"


def test_decline_without_a_contact_address_is_refused(case_officer, phrases):
    referral = ReferralFactory(contact_email="")
    with pytest.raises(ValidationError) as caught:
        triage.referral_triage(referral=referral, decision="decline", actor=case_officer)
    assert "e-postadress" in caught.value.message_dict["decision"][0]


@pytest.mark.parametrize("trait", ["declined", "answered"])
def test_closed_cases_cannot_be_triaged(case_officer, phrases, trait):
    referral = ReferralFactory(**{trait: True})
    with pytest.raises(ValidationError) as caught:
        triage.referral_triage(referral=referral, decision="answer", actor=case_officer)
    assert "avslutad" in caught.value.messages[0]


def test_a_reply_with_points_cannot_be_triaged_away(case_officer, phrases):
    reply = ReplyFactory()
    ReplyPointFactory(reply=reply)
    with pytest.raises(ValidationError) as caught:
        triage.referral_triage(referral=reply.referral, decision="decline", actor=case_officer)
    assert "yttrande med innehåll" in caught.value.message_dict["decision"][0]


def test_an_unknown_decision(case_officer):
    with pytest.raises(ValidationError):
        triage.referral_triage(referral=ReferralFactory(), decision="ignore", actor=case_officer)


@pytest.mark.parametrize("role", ["planner", "coordinator", "editor", "signed_in_user"])
def test_only_case_officers_triage_and_assign(request, role, phrases):
    user = request.getfixturevalue(role)
    referral = ReferralFactory()
    with pytest.raises(PermissionDenied):
        triage.referral_triage(referral=referral, decision="decline", actor=user)
    with pytest.raises(PermissionDenied):
        triage.referral_assign(referral=referral, assignee=None, actor=user)


def test_administrators_may_triage(administrator, phrases):
    referral = ReferralFactory()
    triage.referral_triage(referral=referral, decision="answer", actor=administrator)
    referral.refresh_from_db()
    assert referral.status == "in_progress"
