"""The apps' mails follow each person's choice where they may tune them, and go regardless where
the person is asked to act: meetings (invitation vs agenda), referrals (consultation request vs
reminder, deadline reminder), by account and by address alone."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from networks.models import SentNotification
from networks.services.meetings import create_invitations
from networks.services.notifications import meeting_notify
from notifications.models import Frequency, Kind, Preference
from notifications.services import preferences_set
from referrals.models import ReferralEvent
from referrals.services import consultation as consultation_services
from referrals.services.deadlines import send_deadline_reminder
from tests.factories import UserFactory
from tests.networks.factories import MeetingFactory, MembershipFactory, NetworkFactory
from tests.referrals.factories import ReferralFactory
from tests.referrals.factories_workflow import ConsultationFactory, unit_with_member

pytestmark = pytest.mark.django_db
K = SentNotification.Kind


def test_meetings_turned_off_still_invite_but_send_no_agenda():
    member = UserFactory(username="tyst-medlem")
    preferences_set(user=member, data={Kind.MEETINGS: Frequency.NONE})
    Preference.objects.create(email="tyst@example.org", kind=Kind.MEETINGS, frequency=Frequency.NONE)
    network = NetworkFactory()
    MembershipFactory(network=network, person__email="medlem@example.org", person__user=member)
    MembershipFactory(network=network, person__email="tyst@example.org")
    MembershipFactory(network=network, person__email="hor-allt@example.org")
    meeting = MeetingFactory(network=network)
    create_invitations(meeting)

    assert meeting_notify(kind=K.INVITATION, meeting_id=meeting.pk) == 3  # obligatory: everyone
    mail.outbox.clear()
    assert meeting_notify(kind=K.AGENDA_PUBLISHED, meeting_id=meeting.pk) == 1
    assert [m.to for m in mail.outbox] == [["hor-allt@example.org"]]
    # handled for all three: a second run (a retry) sends nothing to anyone
    assert SentNotification.objects.filter(kind=K.AGENDA_PUBLISHED).count() == 3
    assert meeting_notify(kind=K.AGENDA_PUBLISHED, meeting_id=meeting.pk) == 0


def test_referral_mails_follow_the_choice_except_the_request(case_officer):
    today = timezone.localdate()
    preferences_set(user=case_officer, data={Kind.REFERRALS: Frequency.NONE})
    referral = ReferralFactory(in_progress=True, assignee=case_officer, deadline=today + datetime.timedelta(days=2))
    assert send_deadline_reminder(referral.pk, today=today)
    assert mail.outbox == []
    assert not referral.events.filter(kind=ReferralEvent.Kind.REMINDER_SENT).exists()
    assert send_deadline_reminder(referral.pk, today=today) is False  # handled: not tried every day

    unit, member = unit_with_member()
    preferences_set(user=member, data={Kind.REFERRALS: Frequency.WEEKLY})
    consultation = ConsultationFactory(referral=referral, unit=unit, due=today - datetime.timedelta(days=1))
    consultation_services.consultation_send(consultation.pk, "request")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([unit.email, member.email])  # asked to act
    mail.outbox.clear()
    consultation_services.consultation_send(consultation.pk, "overdue")
    assert [m.to for m in mail.outbox] == [[unit.email]]  # the member gets it in the weekly digest
    assert member.notification_items.get().subject.startswith("Försenat svar")
