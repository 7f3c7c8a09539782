"""The digest sent by a real Celery worker (Redis, solo pool): beat's task gathers two parts into
one e-mail per person and marks the items sent, and running it again sends nothing more."""

import pytest
from django.contrib.auth.models import Group

from notifications.models import Digest, Frequency, Item, Kind
from notifications.services import notify, preferences_set
from notifications.tasks import send_digests
from planportal.tasks import ping_database
from tests.factories import UserFactory


@pytest.mark.worker
def test_a_real_worker_sends_one_digest_gathering_two_parts_once(celery_worker_process):
    user = UserFactory(username="sammanstallning")
    preferences_set(user=user, data={Kind.MEETINGS: Frequency.DAILY, Kind.REFERRALS: Frequency.DAILY})
    notify(kind=Kind.MEETINGS, recipients=[user], subject="Dagordning: FOL")
    notify(kind=Kind.REFERRALS, recipients=[user], subject="Påminnelse: svarsdag")

    send_digests.delay()
    celery_worker_process(lambda: Digest.objects.exists())
    send_digests.delay()  # beat ran twice: the solo worker runs tasks in order, the marker after them
    ping_database.delay("notifications-repeat")
    celery_worker_process(lambda: Group.objects.filter(name="worker-check-notifications-repeat").exists())

    digest = Digest.objects.get()
    assert digest.email == user.email and "sammanställning" in digest.subject
    assert sorted(digest.items.values_list("kind", flat=True)) == ["meetings", "referrals"]
    assert not Item.objects.filter(outcome=Item.Outcome.PENDING).exists()
