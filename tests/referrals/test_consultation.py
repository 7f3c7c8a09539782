"""Part 6: internal consultation — requests with their date rules, answers by the unit's members,
the request e-mail and the reminders (each sent once)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from referrals.models import Consultation, Referral, ReferralEvent, Unit
from referrals.services import consultation as svc

from .factories import ReferralFactory, ReplyFactory, UnitFactory
from .factories_workflow import ConsultationFactory, unit_with_member

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def days(n):
    return TODAY() + datetime.timedelta(days=n)


def test_the_regions_units_are_seeded_with_example_addresses():
    # Run the data migration's function again (idempotent): a transactional test elsewhere in the
    # suite may have flushed the rows the migration made.
    from importlib import import_module

    from django.apps import apps

    import_module("referrals.migrations.0003_consultation_overdue_reminder_and_units").add_units(apps, None)
    import_module("referrals.migrations.0003_consultation_overdue_reminder_and_units").add_units(apps, None)
    assert Unit.objects.count() == 7
    names = set(Unit.objects.values_list("name", flat=True))
    assert {"Kollektivtrafik (Länstrafiken)", "Infrastruktur och trafik", "Energi och klimat", "Kultur"} <= names
    assert {"Folkhälsa", "Analys", "Näringsliv"} <= names
    for unit in Unit.objects.filter(slug__in=["kultur", "analys"]):
        assert unit.email.endswith("@example.org") and "Exempeladress" in unit.description


def test_request_creates_one_per_unit_records_it_and_mails_each_unit(case_officer, django_capture_on_commit_callbacks):
    referral = ReferralFactory(in_progress=True)
    kultur, analys = UnitFactory(name="Kultur T", slug="kultur-t"), UnitFactory(name="Analys T", slug="analys-t")
    with django_capture_on_commit_callbacks(execute=True):
        created = svc.consultation_request(
            referral=referral, units=[kultur, analys], due=days(10), question="Kulturmiljön?", actor=case_officer
        )
    assert {c.unit for c in created} == {kultur, analys}
    event = referral.events.get(kind=ReferralEvent.Kind.CONSULTED, actor=case_officer)
    assert "Kultur T" in event.summary and days(10).isoformat() in event.summary
    assert sorted(m.to[0] for m in mail.outbox) == ["analys-t@regionorebrolan.se", "kultur-t@regionorebrolan.se"]
    assert referral.diary_number in mail.outbox[0].subject
    assert "/remisser/samrad/" in mail.outbox[0].body
    assert all(c.request_sent_at for c in Consultation.objects.filter(referral=referral))
    # the request task running again (a retry) sends nothing more
    assert svc.consultation_send(created[0].pk, "request") is False
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("due", "message"),
    [
        (None, "Ange ett datum"),
        (-1, "har redan passerat"),
        (0, None),  # today is allowed
        (25, "före remissens sista svarsdag"),  # the deadline itself
        (30, "före remissens sista svarsdag"),
    ],
)
def test_due_date_rules(case_officer, due, message):
    referral = ReferralFactory(in_progress=True, received=days(-5), deadline=days(25))
    unit = UnitFactory()
    kwargs = {"referral": referral, "units": [unit], "due": None if due is None else days(due), "actor": case_officer}
    if message is None:
        assert svc.consultation_request(**kwargs)
        return
    with pytest.raises(ValidationError) as exc:
        svc.consultation_request(**kwargs)
    assert message in " ".join(exc.value.message_dict["due"])
    assert not Consultation.objects.filter(referral=referral).exists()


def test_each_unit_once_per_case_and_nothing_half_saved(case_officer):
    referral = ReferralFactory(in_progress=True)
    kultur, analys = UnitFactory(name="Kultur U", slug="kultur-u"), UnitFactory(slug="analys-u")
    svc.consultation_request(referral=referral, units=[kultur], due=days(5), actor=case_officer)
    with pytest.raises(ValidationError) as exc:
        svc.consultation_request(referral=referral, units=[analys, kultur], due=days(5), actor=case_officer)
    assert "Kultur U" in exc.value.message_dict["units"][0]
    assert list(Consultation.objects.filter(referral=referral).values_list("unit", flat=True)) == [kultur.pk]


def test_request_needs_a_unit_an_open_case_and_an_officer(case_officer, planner, coordinator, editor):
    with pytest.raises(ValidationError) as exc:
        svc.consultation_request(referral=ReferralFactory(), units=[], due=days(5), actor=case_officer)
    assert "units" in exc.value.message_dict
    with pytest.raises(ValidationError, match="avslutad"):
        svc.consultation_request(
            referral=ReferralFactory(answered=True), units=[UnitFactory()], due=days(5), actor=case_officer
        )
    unit, member = unit_with_member()
    for actor in (planner, coordinator, editor, member):
        with pytest.raises(PermissionDenied):
            svc.consultation_request(referral=ReferralFactory(), units=[unit], due=days(5), actor=actor)


def test_request_errors_in_english():
    referral = ReferralFactory(in_progress=True, deadline=days(20))
    from .factories_workflow import approver

    with translation.override("en"), pytest.raises(ValidationError) as exc:
        svc.consultation_request(referral=referral, units=[UnitFactory()], due=days(-2), actor=approver())
    assert "has already passed" in exc.value.message_dict["due"][0]


def test_members_and_officers_answer_others_may_not(case_officer, planner, coordinator, editor, signed_in_user):
    unit, member = unit_with_member()
    consultation = ConsultationFactory(unit=unit)
    for actor in (planner, coordinator, editor, signed_in_user):
        with pytest.raises(PermissionDenied):
            svc.consultation_answer(consultation=consultation, answer="Ja", actor=actor)
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        svc.consultation_answer(consultation=consultation, answer="Ja", actor=AnonymousUser())
    with pytest.raises(ValidationError) as exc:
        svc.consultation_answer(consultation=consultation, answer="  ", actor=member)
    assert "answer" in exc.value.message_dict

    svc.consultation_answer(consultation=consultation, answer="Busslinje 12 passerar.", actor=member)
    consultation.refresh_from_db()
    assert consultation.answer == "Busslinje 12 passerar." and consultation.answered_by == member
    svc.consultation_answer(consultation=consultation, answer="Busslinje 12 och 14.", actor=case_officer)
    consultation.refresh_from_db()
    assert consultation.answer == "Busslinje 12 och 14."
    summaries = list(
        consultation.referral.events.filter(kind=ReferralEvent.Kind.CONSULTATION_ANSWERED).values_list(
            "summary", flat=True
        )
    )
    assert summaries == [
        f"{unit.name} svarade i det interna samrådet",
        f"{unit.name} ändrade sitt svar i det interna samrådet",
    ]


def test_answer_cannot_change_once_the_reply_is_sent():
    unit, member = unit_with_member()
    consultation = ConsultationFactory(unit=unit)
    ReplyFactory(referral=consultation.referral, status="sent", sent_on=TODAY())
    with pytest.raises(ValidationError) as exc:
        svc.consultation_answer(consultation=consultation, answer="Sent svar", actor=member)
    assert "redan besvarad" in exc.value.message_dict["answer"][0]
    consultation.refresh_from_db()
    assert consultation.answer == ""


def _asked(due_in, requested_days_ago=10, **kwargs):
    referral = ReferralFactory(in_progress=True, received=days(-20), deadline=days(max(due_in, 0) + 10))
    c = ConsultationFactory(referral=referral, due=days(due_in), **kwargs)
    Consultation.objects.filter(pk=c.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=requested_days_ago)
    )
    return c


def test_reminder_before_the_date_and_when_overdue_each_once():
    soon = _asked(2)
    late = _asked(-1)
    far = _asked(9)
    just_asked = _asked(1, requested_days_ago=0)
    answered = _asked(-3)
    Consultation.objects.filter(pk=answered.pk).update(answered_at=timezone.now(), answer="Klart")
    closed = _asked(-3)
    Referral.objects.filter(pk=closed.referral_id).update(status=Referral.Status.ANSWERED)

    assert sorted(svc.consultations_to_remind()) == sorted([(soon.pk, "reminder"), (late.pk, "overdue")])
    assert svc.consultation_send_reminders() == 2
    assert svc.consultation_send_reminders() == 0  # the second run (a retried beat) sends nothing
    assert len(mail.outbox) == 2
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects[0].startswith("Försenat svar") and subjects[1].startswith("Påminnelse")
    soon.refresh_from_db()
    late.refresh_from_db()
    assert soon.reminder_sent_at and late.overdue_reminder_sent_at and late.reminder_sent_at is None
    assert ReferralEvent.objects.filter(kind=ReferralEvent.Kind.REMINDER_SENT).count() == 2
    for untouched in (far, just_asked, answered, closed):
        untouched.refresh_from_db()
        assert untouched.reminder_sent_at is None and untouched.overdue_reminder_sent_at is None


def test_the_reminder_window_is_a_setting(settings):
    in_four_days = _asked(4)
    assert svc.consultations_to_remind() == []
    settings.REFERRAL_CONSULTATION_REMINDER_DAYS = 5
    assert svc.consultations_to_remind() == [(in_four_days.pk, "reminder")]


def test_the_overdue_reminder_follows_the_earlier_one():
    _asked(2)
    assert svc.consultation_send_reminders() == 1
    assert svc.consultation_send_reminders(today=days(3)) == 1
    assert svc.consultation_send_reminders(today=days(4)) == 0
    assert len(mail.outbox) == 2


def test_unit_members_get_the_mail_too():
    unit, member = unit_with_member()
    member.email = "ulla@example.org"
    member.save()
    c = _asked(2, unit=unit)
    svc.consultation_send(c.pk, "reminder")
    # through the notification centre: one message per address, each with its own unsubscribe link
    assert sorted(m.to[0] for m in mail.outbox) == sorted([unit.email, "ulla@example.org"])


# --- pages ----------------------------------------------------------------------------------------


def test_my_consultations_lists_open_requests_in_constant_queries(client, count_queries):
    unit, member = unit_with_member()
    other_unit = UnitFactory()
    ConsultationFactory(unit=unit, referral__plan_name="Detaljplan för Norra stationen")
    ConsultationFactory(unit=other_unit, referral__plan_name="Inte min plan")
    ConsultationFactory(unit=unit, referral__answered=True, referral__plan_name="Avslutad plan")
    client.force_login(member)
    url = "/remisser/samrad/"
    n1, response = count_queries(lambda: client.get(url))
    html = response.content.decode()
    assert response.status_code == 200 and "Mina samrådsförfrågningar" in html
    assert "Detaljplan för Norra stationen" in html
    assert "Inte min plan" not in html and "Avslutad plan" not in html
    for _ in range(24):
        ConsultationFactory(unit=unit)
    n25, response = count_queries(lambda: client.get(url))
    assert response.content.decode().count('href="/remisser/samrad/') == 25
    assert n1 == n25


def test_my_consultations_needs_sign_in(client):
    response = client.get("/remisser/samrad/")
    assert response.status_code == 302 and "/login" in response["Location"] or "logga-in" in response["Location"]


def test_member_answers_on_the_page_and_others_cannot_see_it(client, planner):
    unit, member = unit_with_member()
    consultation = ConsultationFactory(unit=unit, question="Hur påverkas busslinjerna?")
    url = f"/remisser/samrad/{consultation.pk}/"
    client.force_login(planner)
    assert client.get(url).status_code == 404
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "Hur påverkas busslinjerna?" in page and consultation.referral.diary_number in page
    response = client.post(url, {"answer": ""})
    assert response.status_code == 400 and 'href="#id_answer"' in response.content.decode()
    response = client.post(url, {"answer": "Linje 12 får nya hållplatser."})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.answer == "Linje 12 får nya hållplatser." and consultation.answered_by == member


def test_officer_requests_on_the_page_with_errors_beside_the_field(client, case_officer, planner):
    referral = ReferralFactory(in_progress=True, deadline=days(20))
    unit = UnitFactory(name="Folkhälsa P", slug="folkhalsa-p")
    url = f"/remisser/{referral.diary_year}-{referral.diary_seq}/samrad/"
    client.force_login(planner)
    assert client.post(url, {"units": [unit.pk], "due": days(5).isoformat()}).status_code == 403
    client.force_login(case_officer)
    response = client.post(url, {"units": [unit.pk], "due": days(25).isoformat(), "question": "Hälsa?"})
    html = response.content.decode()
    assert response.status_code == 400 and "före remissens sista svarsdag" in html and 'href="#consult-due"' in html
    assert not Consultation.objects.filter(referral=referral).exists()
    html = client.post(url, {"due": days(5).isoformat()}).content.decode()
    assert 'href="#consult-units"' in html and '<legend id="consult-units">' in html
    response = client.post(url, {"units": [unit.pk], "due": days(5).isoformat(), "question": "Hälsa?"})
    assert response.status_code == 302 and response["Location"].endswith("#samrad")
    assert Consultation.objects.get(referral=referral).unit == unit


def test_consultation_section_for_officers_only(rf, case_officer, planner):
    from referrals.views.consultation import section_context

    consultation = ConsultationFactory()
    request = rf.get("/")
    request.user = planner
    assert section_context(consultation.referral, request) is None
    request.user = case_officer
    ctx = section_context(consultation.referral, request)
    assert ctx["consultations"] == [consultation]


def test_pages_in_english(client, settings, case_officer):
    unit, member = unit_with_member()
    consultation = ConsultationFactory(unit=unit)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(member)
    html = client.get("/remisser/samrad/").content.decode()
    assert "My consultation requests" in html and "1 open request" in html and "Awaiting your answer" in html
    html = client.get(f"/remisser/samrad/{consultation.pk}/").content.decode()
    assert "<h2>The unit's answer</h2>" in html and "The answer can be changed until the reply is sent." in html
    client.force_login(case_officer)
    r = consultation.referral
    html = client.get(f"/remisser/{r.diary_year}-{r.diary_seq}/yttrande/").content.decode()
    assert "The reply has no points yet." in html and "Paragraph from the phrase library" in html


def test_the_assigned_officer_is_told_when_a_unit_answers(case_officer, django_capture_on_commit_callbacks):
    unit, member = unit_with_member()
    consultation = ConsultationFactory(unit=unit, referral__assignee=case_officer)
    with django_capture_on_commit_callbacks(execute=True):
        svc.consultation_answer(consultation=consultation, answer="Linje 12 berörs.", actor=member)
    assert [m.to for m in mail.outbox] == [[case_officer.email]]
    assert unit.name in mail.outbox[0].subject and "Linje 12 berörs." in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):  # the officer's own entry: no mail to themselves
        svc.consultation_answer(consultation=consultation, answer="Linje 12 och 14.", actor=case_officer)
    assert len(mail.outbox) == 1
