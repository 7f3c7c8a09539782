"""Every e-mail the notification paths send carries the signed one-click unsubscribe: the
RFC 8058 headers and the link in the body, and the link works. The paths: the meetings' mails
(each kind, and a series' invitation), the referrals' deadline reminder, internal consultation
(request, reminders, the officer told of an answer), the decline notice, the library's review
reminder and its documents, and the digest."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from knowledge import services as knowledge_services
from networks import services as network_services
from networks.models import SentNotification
from networks.services.meetings import create_invitations
from networks.services.notifications import meeting_notify, series_invitation_notify
from notifications.models import Frequency, Kind
from notifications.services import digests_send, preferences_set, sources_collect
from referrals.services import consultation as consultation_services
from referrals.services.deadlines import send_deadline_reminder
from referrals.services.triage import send_decline_notice
from tests.factories import UserFactory
from tests.knowledge.factories import DocumentFactory, ThemeFactory
from tests.networks.factories import MeetingFactory, MembershipFactory, NetworkFactory
from tests.referrals.factories import ReferralFactory
from tests.referrals.factories_workflow import ConsultationFactory, unit_with_member

from .support import assert_one_click

pytestmark = pytest.mark.django_db
K = SentNotification.Kind


def _meeting_mails():
    network = NetworkFactory(name="Vägnätverket")
    member = UserFactory(username="natverksmedlem")
    MembershipFactory(network=network, person__email="utan-konto@example.org")
    MembershipFactory(network=network, person__email="med-konto@example.org", person__user=member)
    meeting = MeetingFactory(network=network)
    create_invitations(meeting)
    for kind in (K.INVITATION, K.AGENDA_PUBLISHED, K.REMINDER, K.MINUTES_PUBLISHED):
        assert meeting_notify(kind=kind, meeting_id=meeting.pk) == 2
    coordinator = UserFactory(username="seriesamordnare", roles=["coordinator"])
    network.coordinators.add(coordinator)
    series, _meetings, _w = network_services.meeting_series_schedule(
        network=network,
        title="Serie",
        rrule="FREQ=WEEKLY",
        first_start=timezone.now() + datetime.timedelta(days=30),
        duration_minutes=60,
        count=2,
        actor=coordinator,
    )
    assert series_invitation_notify(series_id=series.pk) == 2
    meeting.status = meeting.Status.CANCELLED
    meeting.save()
    assert meeting_notify(kind=K.CANCELLATION, meeting_id=meeting.pk) == 2


def _referral_mails(case_officer):
    today = timezone.localdate()
    referral = ReferralFactory(
        in_progress=True, assignee=case_officer, deadline=today + datetime.timedelta(days=2), received=today
    )
    assert send_deadline_reminder(referral.pk, today=today)
    unit, member = unit_with_member()
    consultation = ConsultationFactory(referral=referral, unit=unit, due=today - datetime.timedelta(days=1))
    for kind in ("request", "overdue"):
        assert consultation_services.consultation_send(consultation.pk, kind)
    consultation_services.consultation_answer(consultation=consultation, answer="Inga synpunkter.", actor=member)
    assert consultation_services.consultation_notify_answered(consultation.pk)
    declined = ReferralFactory(declined=True, contact_email="avsandare@example.se")
    assert send_decline_notice(declined.pk)


def _library_mails(editor, planner):
    today = timezone.localdate()
    DocumentFactory(title="Granskas snart", owner=editor, review_by=today + datetime.timedelta(days=3))
    assert knowledge_services.review_reminders_send(today=today) == 1
    theme = ThemeFactory(slug="energi")
    knowledge_services.subscriptions_set(user=planner, themes=["energi"])
    preferences_set(user=planner, data={Kind.DOCUMENTS: Frequency.IMMEDIATE})
    DocumentFactory(title="Energiplan", themes=[theme])
    sources_collect()


def _digest_mail(planner):
    preferences_set(user=planner, data={Kind.MEETINGS: Frequency.DAILY, Kind.DOCUMENTS: Frequency.DAILY})
    network = NetworkFactory(name="Sammanställningsnätverket")
    MembershipFactory(network=network, person=planner.person)
    meeting = MeetingFactory(network=network)
    create_invitations(meeting)
    meeting_notify(kind=K.AGENDA_PUBLISHED, meeting_id=meeting.pk)
    before = len(mail.outbox)
    assert digests_send(now=timezone.now() + datetime.timedelta(days=1)) == 1
    assert len(mail.outbox) == before + 1


def test_every_notification_path_sends_the_one_click_unsubscribe(case_officer, editor, planner):
    _meeting_mails()
    _referral_mails(case_officer)
    _library_mails(editor, planner)
    _digest_mail(planner)

    subjects = [m.subject for m in mail.outbox]
    assert len(mail.outbox) >= 20, subjects
    assert any("2 möten" in s for s in subjects)  # the series' one invitation
    for prefix in ("Inbjudan", "Dagordning", "Påminnelse", "Protokoll", "Inställt", "Internt samråd", "Försenat"):
        assert any(s.startswith(prefix) for s in subjects), (prefix, subjects)
    assert any("Dags att se över" in s for s in subjects) and any("Energiplan" in s for s in subjects)
    assert any("sammanställning" in s for s in subjects) and any("har svarat" in s for s in subjects)

    client = Client(enforce_csrf_checks=True)
    for message in mail.outbox:
        path = assert_one_click(message)
        assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200, message.subject
