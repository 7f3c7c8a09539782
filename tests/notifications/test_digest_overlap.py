"""Two digest runs at once (a beat run that is late and the next one, or a run started by hand)
send each item once: a run sends only what it holds locked and finds still pending."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from notifications.models import Frequency, Item, Kind
from notifications.services import digests_send, notify, preferences_set

pytestmark = pytest.mark.django_db(transaction=True)  # two runs, two connections, real locks

FIRST_RUN = "first-digest-run"


class HeldBackend(EmailBackend):
    """The locmem backend, holding the first run inside its send (and so inside its transaction)
    until the test lets it go."""

    entered = threading.Event()
    release = threading.Event()

    def send_messages(self, messages):
        if threading.current_thread().name == FIRST_RUN:
            type(self).entered.set()
            assert type(self).release.wait(timeout=30)
        return super().send_messages(messages)


def test_overlapping_runs_send_each_item_once(planner, settings):
    settings.EMAIL_BACKEND = f"{__name__}.HeldBackend"
    HeldBackend.entered.clear()
    HeldBackend.release.clear()
    preferences_set(user=planner, data={Kind.RUS: Frequency.DAILY})
    notify(kind=Kind.RUS, recipients=[planner], subject="Nya värden: Andel förnybar energi", url="/rus/")
    notify(kind=Kind.RUS, recipients=[planner], subject="Årlig uppföljning publicerad", url="/rus/")
    later = timezone.now() + datetime.timedelta(days=1)
    results = {}

    def first_run():
        try:
            results["first"] = digests_send(now=later)
        finally:
            connection.close()

    thread = threading.Thread(target=first_run, name=FIRST_RUN)
    thread.start()
    try:
        assert HeldBackend.entered.wait(timeout=30), "the first run never reached its send"
        # The first run is sending (its transaction open, its items locked): a second run now
        # finds nothing it may send, and waits for nothing.
        assert digests_send(now=later) == 0
        assert mail.outbox == []
    finally:
        HeldBackend.release.set()
        thread.join(timeout=30)
    assert results["first"] == 1
    assert len(mail.outbox) == 1
    assert "Nya värden" in mail.outbox[0].body and "Årlig uppföljning" in mail.outbox[0].body
    assert set(Item.objects.values_list("outcome", flat=True)) == {Item.Outcome.SENT}
    # and a run after both sends nothing again
    assert digests_send(now=later) == 0 and len(mail.outbox) == 1
