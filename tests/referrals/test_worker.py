"""A real Celery worker (solo pool, local Redis, the test database) sends a deadline reminder and a
consultation reminder once, even when the beat task runs twice. The worker's e-mail is in its own
process (locmem), so the test reads what the sending transaction wrote beside each message: the
event row (one per message) and the reminder's date/timestamp."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from planportal.tasks import ping_database
from referrals.models import Consultation, ReferralEvent
from referrals.tasks import send_consultation_reminders, send_deadline_reminders

from ..factories import UserFactory
from .factories import ReferralFactory, UnitFactory
from .factories_workflow import ConsultationFactory

pytestmark = pytest.mark.worker


def test_a_real_worker_sends_each_reminder_once_when_the_task_runs_twice(celery_worker_process):
    today = timezone.localdate()
    officer = UserFactory(username="handlaggare-worker", email="handlaggare@example.org")
    case = ReferralFactory(
        in_progress=True,
        assignee=officer,
        received=today - datetime.timedelta(days=20),
        deadline=today + datetime.timedelta(days=2),
    )
    consultation = ConsultationFactory(
        referral=case, unit=UnitFactory(slug="worker-enhet"), due=today + datetime.timedelta(days=1)
    )
    Consultation.objects.filter(pk=consultation.pk).update(requested_at=timezone.now() - datetime.timedelta(days=10))

    for _ in range(2):
        send_deadline_reminders.delay()
        send_consultation_reminders.delay()
    # The solo worker takes its queue in order: once this marker is done, so are both runs.
    ping_database.delay("referrals-reminders")
    celery_worker_process(lambda: Group.objects.filter(name="worker-check-referrals-reminders").exists())

    reminders = ReferralEvent.objects.filter(referral=case, kind=ReferralEvent.Kind.REMINDER_SENT)
    summaries = sorted(reminders.values_list("summary", flat=True))
    assert len(summaries) == 2, summaries
    assert summaries[0].startswith("Påminnelse om internt samråd skickad till")
    assert summaries[1].startswith(f"Påminnelse om svarsdagen {case.deadline.isoformat()} skickad till")
    case.refresh_from_db()
    consultation.refresh_from_db()
    assert case.deadline_reminder_sent_for == case.deadline
    assert consultation.reminder_sent_at is not None
