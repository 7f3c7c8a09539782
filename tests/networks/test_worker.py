"""8. One notification sent by a real Celery worker (Redis, solo pool), and not sent again
when the task is repeated; a series' invitation likewise."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group

from networks import services
from networks.models import SentNotification
from networks.services.meetings import create_invitations
from networks.tasks import notify_meeting, notify_series_invitation
from planportal.tasks import ping_database
from tests.factories import UserFactory

from .factories import MeetingFactory, MembershipFactory, NetworkFactory


@pytest.mark.worker
def test_a_real_worker_sends_the_invitation_once(celery_worker_process):
    network = NetworkFactory(name="Arbetarnätverk")
    MembershipFactory(network=network, person__email="kontakt@example.org")
    meeting = MeetingFactory(network=network)
    create_invitations(meeting)

    notify_meeting.delay("invitation", meeting.pk)
    celery_worker_process(lambda: SentNotification.objects.filter(meeting=meeting).exists())

    # The task is repeated twice. The solo worker runs tasks in order, so once the marker task
    # after them has run, so have they.
    notify_meeting.delay("invitation", meeting.pk)
    notify_meeting.delay("invitation", meeting.pk)
    ping_database.delay("networks-repeat")
    celery_worker_process(lambda: Group.objects.filter(name="worker-check-networks-repeat").exists())

    rows = list(SentNotification.objects.filter(meeting=meeting).values_list("kind", "email"))
    assert rows == [("invitation", "kontakt@example.org")]


@pytest.mark.worker
def test_a_real_worker_sends_a_series_one_invitation_per_person_once(celery_worker_process):
    coordinator = UserFactory(username="serie-samordnare", roles=["coordinator"])
    network = NetworkFactory(name="Serienätverk", coordinators=[coordinator])
    MembershipFactory(network=network, person__email="en@example.org")
    MembershipFactory(network=network, person__email="tva@example.org")

    # the service's on_commit hands the series' invitation to the worker
    series, meetings, _w = services.meeting_series_schedule(
        network=network,
        title="Serie",
        rrule="FREQ=WEEKLY",
        first_start=datetime(2031, 9, 1, 13, 0, tzinfo=ZoneInfo("Europe/Stockholm")),
        duration_minutes=60,
        count=3,
        actor=coordinator,
    )
    sent = SentNotification.objects.filter(meeting__series=series)
    celery_worker_process(lambda: sent.count() == 6)

    notify_series_invitation.delay(series.pk)
    notify_meeting.delay("invitation", meetings[0].pk)
    ping_database.delay("networks-series-repeat")
    celery_worker_process(lambda: Group.objects.filter(name="worker-check-networks-series-repeat").exists())

    rows = sorted(sent.values_list("email", "meeting_id"))
    assert rows == sorted((email, m.pk) for email in ("en@example.org", "tva@example.org") for m in meetings)
