"""One digest e-mail per person gathers every part that is due (meetings, documents, referrals,
RUS), each part with its own unsubscribe link; and never lists what the person may not open:
an internal document, a withdrawn one, the officers' case trail, another unit's consultation."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from knowledge import services as knowledge_services
from networks.models import SentNotification
from networks.services.meetings import create_invitations
from networks.services.notifications import meeting_notify
from notifications.models import Digest, Frequency, Item, Kind
from notifications.services import digests_send, notify, preferences_set, sources_collect
from referrals.services.deadlines import send_deadline_reminder
from tests.knowledge.factories import DocumentFactory, ThemeFactory
from tests.networks.factories import MeetingFactory, MembershipFactory, NetworkFactory
from tests.referrals.factories import ReferralEventFactory, ReferralFactory
from tests.referrals.factories_workflow import ConsultationFactory

from .support import unsubscribe_path

pytestmark = pytest.mark.django_db
TOMORROW = datetime.timedelta(days=1)


def test_one_digest_gathers_every_part(planner, case_officer):
    preferences_set(user=planner, data=dict.fromkeys(Kind.values, Frequency.DAILY))
    preferences_set(user=case_officer, data={Kind.REFERRALS: Frequency.DAILY})
    # meetings: the agenda of a meeting the planner is invited to
    network = NetworkFactory(name="FOL")
    MembershipFactory(network=network, person=planner.person)
    meeting = MeetingFactory(network=network, title="FOL-möte om vindkraft")
    create_invitations(meeting)
    meeting_notify(kind=SentNotification.Kind.AGENDA_PUBLISHED, meeting_id=meeting.pk)
    # documents: the library's source, for a theme the planner follows
    energy = ThemeFactory(slug="energi", name="Energi")
    knowledge_services.subscriptions_set(user=planner, themes=["energi"])
    DocumentFactory(title="Energiplan för länet", themes=[energy])
    sources_collect()
    # referrals: the deadline reminder (to the officer), and RUS: a part told directly
    today = timezone.localdate()
    referral = ReferralFactory(in_progress=True, assignee=case_officer, deadline=today + datetime.timedelta(days=2))
    send_deadline_reminder(referral.pk, today=today)
    notify(kind=Kind.RUS, recipients=[planner], subject="Nya värden: Andel förnybar energi", url="/rus/")
    assert mail.outbox == []  # all daily: nothing yet

    assert digests_send(now=timezone.now() + TOMORROW) == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    body = by_recipient[planner.email].body
    for heading in ("== Möten ==", "== Dokument ==", "== Regional utvecklingsstrategi (RUS) =="):
        assert heading in body
    assert body.index("== Möten ==") < body.index("== Dokument ==") < body.index("== Regional")
    assert f"Dagordning: {network}" in body and "Nytt dokument: Energiplan för länet" in body and "/rus/" in body
    # one unsubscribe link per part in the body, the header one stops all the digest's parts
    assert body.count("/konto/aviseringar/avsluta/") == 3 + 1
    assert unsubscribe_path(by_recipient[planner.email]) in body
    officer_body = by_recipient[case_officer.email].body
    assert "== Remisser ==" in officer_body and "Påminnelse: svarsdag" in officer_body
    assert Digest.objects.count() == 2 and not Item.objects.filter(outcome="pending").exists()
    assert digests_send(now=timezone.now() + 2 * TOMORROW) == 0


def test_the_header_link_of_a_digest_stops_every_part_in_it(client, planner):
    from notifications.services import preferences_for

    preferences_set(user=planner, data={Kind.MEETINGS: Frequency.DAILY, Kind.RUS: Frequency.DAILY})
    notify(kind=Kind.MEETINGS, recipients=[planner], subject="A")
    notify(kind=Kind.RUS, recipients=[planner], subject="B")
    digests_send(now=timezone.now() + TOMORROW)
    client.post(unsubscribe_path(mail.outbox[0]))
    chosen = preferences_for(planner)
    assert (chosen[Kind.MEETINGS], chosen[Kind.RUS]) == (Frequency.NONE, Frequency.NONE)
    assert chosen[Kind.DOCUMENTS] == Frequency.WEEKLY


def test_a_digest_never_lists_what_the_recipient_may_not_open(planner, signed_in_user, case_officer):
    for user in (planner, signed_in_user):
        preferences_set(user=user, data={Kind.DOCUMENTS: Frequency.DAILY, Kind.REFERRALS: Frequency.DAILY})
    public = DocumentFactory(title="Offentlig plan")
    internal = DocumentFactory(title="Internt PM", internal=True)
    later_withdrawn = DocumentFactory(title="Snart tillbakadragen")
    trail = ReferralEventFactory(summary="Intern anteckning i ärendet")
    other_units = ConsultationFactory(question="En annan enhets samråd")
    for document in (public, internal, later_withdrawn):
        notify(kind=Kind.DOCUMENTS, recipients=[planner, signed_in_user], subject=document.title, target=document)
    # queued while they could open it (a direct call; the digest asks again)
    for target, subject in ((trail, "Intern anteckning i ärendet"), (other_units, "En annan enhets samråd")):
        Item.objects.create(user=planner, email=planner.email, kind=Kind.REFERRALS, subject=subject, target=target)
    type(later_withdrawn).objects.filter(pk=later_withdrawn.pk).update(status="withdrawn")

    digests_send(now=timezone.now() + TOMORROW)
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    planner_mail, public_mail = by_recipient[planner.email], by_recipient[signed_in_user.email]
    assert "Offentlig plan" in planner_mail and "Internt PM" in planner_mail  # staff see internal documents
    assert "Offentlig plan" in public_mail and "Internt PM" not in public_mail
    for body in (planner_mail, public_mail):
        assert "Snart tillbakadragen" not in body
    assert "Intern anteckning" not in planner_mail and "En annan enhets samråd" not in planner_mail
    dropped = set(Item.objects.filter(outcome="dropped").values_list("subject", flat=True))
    assert dropped == {"Snart tillbakadragen", "Intern anteckning i ärendet", "En annan enhets samråd"}


def test_inactive_and_turned_off_get_no_digest(planner):
    preferences_set(user=planner, data={Kind.MEETINGS: Frequency.DAILY})
    notify(kind=Kind.MEETINGS, recipients=[planner], subject="A")
    planner.is_active = False
    planner.save()
    assert digests_send(now=timezone.now() + TOMORROW) == 0
    assert mail.outbox == []


def test_a_digests_queries_do_not_grow_with_its_items(planner, count_queries):
    preferences_set(user=planner, data=dict.fromkeys(Kind.values, Frequency.DAILY))

    def queue(n):
        for i in range(n):
            document = DocumentFactory(title=f"Plan {i}")
            notify(kind=Kind.DOCUMENTS, recipients=[planner], subject=document.title, target=document)
            notify(kind=Kind.MEETINGS, recipients=[planner], subject=f"Möte {i}")

    queue(1)
    one, sent = count_queries(lambda: digests_send(now=timezone.now() + TOMORROW))
    assert sent == 1
    queue(25)
    many, sent = count_queries(lambda: digests_send(now=timezone.now() + 2 * TOMORROW))
    assert sent == 1 and mail.outbox[-1].body.count("- Plan ") == 25
    assert one == many
