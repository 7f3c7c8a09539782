"""notify(): at once, into the daily or weekly digest, or not at all, per person and kind;
obligatory messages always at once; a target the person may not open is not told."""

import datetime

import pytest
from django.conf import settings
from django.core import mail

from notifications.models import Frequency, Item, Kind, Preference
from notifications.recipients import Recipient
from notifications.services import digests_send, notify, preferences_set
from tests.factories import UserFactory
from tests.knowledge.factories import DocumentFactory

from .support import MONDAY, TUESDAY, assert_one_click

pytestmark = pytest.mark.django_db


def _notify(kind, users, **kw):
    return notify(kind=kind, recipients=users, subject=kw.pop("subject", "Något hände"), text="Text", url="/x/", **kw)


def test_defaults_meetings_at_once_documents_weekly():
    user = UserFactory(username="standard")
    assert _notify(Kind.MEETINGS, [user])["sent"] == 1
    assert _notify(Kind.DOCUMENTS, [user])["queued"] == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["standard@example.org"] and message.subject == "Något hände"
    assert "Text" in message.body and settings.SITE_URL.rstrip("/") + "/x/" in message.body
    assert_one_click(message)


@pytest.mark.parametrize(
    ("frequency", "sent", "queued", "skipped"),
    [("immediate", 1, 0, 0), ("daily", 0, 1, 0), ("weekly", 0, 1, 0), ("none", 0, 0, 1)],
)
def test_each_frequency(frequency, sent, queued, skipped):
    user = UserFactory()
    preferences_set(user=user, data={Kind.REFERRALS: frequency})
    counts = _notify(Kind.REFERRALS, [user])
    assert (counts["sent"], counts["queued"], counts["skipped"]) == (sent, queued, skipped)
    assert len(mail.outbox) == sent
    assert Item.objects.filter(user=user).count() == queued


def test_daily_goes_out_the_next_morning_weekly_waits_for_monday():
    daily, weekly = UserFactory(username="daglig"), UserFactory(username="veckovis")
    preferences_set(user=daily, data={Kind.MEETINGS: Frequency.DAILY})
    preferences_set(user=weekly, data={Kind.MEETINGS: Frequency.WEEKLY})
    _notify(Kind.MEETINGS, [daily, weekly], subject="Dagordning publicerad")
    Item.objects.update(created_at=MONDAY)

    assert digests_send(now=TUESDAY) == 1
    assert [m.to for m in mail.outbox] == [["daglig@example.org"]]
    assert "Dagordning publicerad" in mail.outbox[0].body
    assert digests_send(now=TUESDAY) == 0  # nothing twice

    next_monday = MONDAY + datetime.timedelta(days=7)
    assert digests_send(now=next_monday) == 1
    assert mail.outbox[-1].to == ["veckovis@example.org"]


def test_a_weekly_item_that_waited_a_week_goes_even_when_monday_was_missed():
    user = UserFactory()
    preferences_set(user=user, data={Kind.RUS: Frequency.WEEKLY})
    _notify(Kind.RUS, [user])
    Item.objects.update(created_at=TUESDAY)
    assert digests_send(now=TUESDAY + datetime.timedelta(days=3)) == 0
    assert digests_send(now=TUESDAY + datetime.timedelta(days=7)) == 1


def test_turned_off_after_queueing_drops_the_items():
    user = UserFactory()
    preferences_set(user=user, data={Kind.DOCUMENTS: Frequency.DAILY})
    _notify(Kind.DOCUMENTS, [user])
    preferences_set(user=user, data={Kind.DOCUMENTS: Frequency.NONE})
    assert digests_send(now=TUESDAY) == 0
    assert Item.objects.get().outcome == Item.Outcome.DROPPED


def test_obligatory_goes_at_once_whatever_was_chosen():
    user = UserFactory()
    preferences_set(user=user, data={Kind.REFERRALS: Frequency.NONE})
    assert _notify(Kind.REFERRALS, [user], obligatory=True)["sent"] == 1
    assert "skickas därför alltid" in mail.outbox[0].body
    assert_one_click(mail.outbox[0])


def test_at_once_is_not_sent_about_what_the_recipient_may_not_open(editor, signed_in_user):
    internal = DocumentFactory(title="Internt PM", internal=True)
    counts = notify(kind=Kind.DOCUMENTS, recipients=[editor, signed_in_user], subject="PM", target=internal)
    # both weekly by default: queued for the editor only (the digest asks again when it is sent)
    assert (counts["queued"], counts["hidden"]) == (1, 1)
    preferences_set(user=editor, data={Kind.DOCUMENTS: Frequency.IMMEDIATE})
    preferences_set(user=signed_in_user, data={Kind.DOCUMENTS: Frequency.IMMEDIATE})
    counts = notify(kind=Kind.DOCUMENTS, recipients=[editor, signed_in_user], subject="PM", target=internal)
    assert (counts["sent"], counts["hidden"]) == (1, 1)
    assert [m.to for m in mail.outbox] == [[editor.email]]


def test_an_address_without_an_account_has_preferences_of_its_own():
    contact = Recipient(email="Kontakt@Example.org")
    assert _notify(Kind.MEETINGS, [contact])["sent"] == 1
    Preference.objects.create(email="kontakt@example.org", kind=Kind.MEETINGS, frequency=Frequency.NONE)
    assert _notify(Kind.MEETINGS, ["kontakt@example.org"])["skipped"] == 1
    assert _notify(Kind.REFERRALS, ["kontakt@example.org"])["sent"] == 1


def test_the_same_person_twice_is_told_once_and_inactive_users_not_at_all():
    user = UserFactory()
    gone = UserFactory(is_active=False)
    counts = _notify(Kind.MEETINGS, [user, user, gone, ""])
    assert counts["sent"] == 1 and len(mail.outbox) == 1


def test_a_second_change_to_the_same_thing_replaces_the_pending_item(planner):
    document = DocumentFactory(title="Plan")
    for subject in ("Nytt dokument: Plan", "Uppdaterat dokument: Plan"):
        notify(kind=Kind.DOCUMENTS, recipients=[planner], subject=subject, target=document)
    assert list(Item.objects.values_list("subject", flat=True)) == ["Uppdaterat dokument: Plan"]


def test_bad_preferences_are_refused_with_the_field_named(planner):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        preferences_set(user=planner, data={Kind.MEETINGS: "hourly"})
    assert "möten" in exc.value.message_dict["meetings"][0]
    assert not Preference.objects.exists()
