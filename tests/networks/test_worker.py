"""8. One notification sent by a real Celery worker (Redis, solo pool), and not sent again
when the task is repeated."""

import pytest
from django.contrib.auth.models import Group

from networks.models import SentNotification
from networks.services import _create_invitations
from networks.tasks import notify_meeting
from planportal.tasks import ping_database

from .factories import MeetingFactory, MembershipFactory, NetworkFactory


@pytest.mark.worker
def test_a_real_worker_sends_the_invitation_once(celery_worker_process):
    network = NetworkFactory(name="Arbetarnätverk")
    MembershipFactory(network=network, person__email="kontakt@example.org")
    meeting = MeetingFactory(network=network)
    _create_invitations(meeting)

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
