"""The officers' pages: who may open them, registration from a dropped e-mail (nothing saved
unseen), the case page (facts, documents, map with text, interests, timeline, other concerns'
sections), the stale-form guard, the decline path in few actions, and downloads."""

import datetime
import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from referrals.models import IntakeMessage, Referral, ReferralDocument
from referrals.sections import _SECTIONS, register_case_section
from tests.referrals import samples
from tests.referrals.factories import (
    InterestMatchFactory,
    MunicipalityFactory,
    PhraseFactory,
    ReferralDocumentFactory,
    ReferralFactory,
    plan_area,
)

pytestmark = pytest.mark.django_db


def officer_pages(referral):
    kwargs = {"year": referral.diary_year, "seq": referral.diary_seq}
    return [
        reverse("referrals:index"),
        reverse("referrals:register_case"),
        reverse("referrals:detail", kwargs=kwargs),
        reverse("referrals:edit", kwargs=kwargs),
        reverse("referrals:triage", kwargs=kwargs) + "?beslut=decline",
    ]


def test_the_public_is_sent_to_sign_in(client):
    for url in officer_pages(ReferralFactory()):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "next=" in response.url, url


@pytest.mark.parametrize("role", ["planner", "coordinator", "editor", "signed_in_user"])
def test_other_roles_get_403_saying_why(client, request, role):
    client.force_login(request.getfixturevalue(role))
    referral = ReferralFactory()
    for url in officer_pages(referral):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "handläggare" in response.content.decode()
    kwargs = {"year": referral.diary_year, "seq": referral.diary_seq}
    response = client.post(reverse("referrals:triage", kwargs=kwargs), {"decision": "answer", "version": 1})
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == "registered"


@pytest.mark.parametrize("role", ["case_officer", "administrator"])
def test_officers_open_every_page(client, request, role):
    client.force_login(request.getfixturevalue(role))
    PhraseFactory(decline=True)
    for url in officer_pages(ReferralFactory()):
        assert client.get(url).status_code == 200, url


# --- registration ------------------------------------------------------------------------------


@pytest.fixture
def kumla(db):
    return MunicipalityFactory(name="Kumla kommun", slug="kumla", code="1881", email_domains=["kumla.se"])


def drop_email(client, data=None, name="remiss.eml"):
    upload = SimpleUploadedFile(name, data or samples.kumla_samrad_dp(), content_type="message/rfc822")
    return client.post(reverse("referrals:register_case"), {"step": "email", "file": upload})


def test_a_dropped_email_gives_a_prefilled_form_with_sources_and_saves_nothing(client, case_officer, kumla):
    client.force_login(case_officer)
    response = drop_email(client)
    html = response.content.decode()
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["sender"] == kumla and form.initial["deadline"] == datetime.date(2027, 3, 15)
    assert form.initial["plan_type"] == "dp" and form.initial["phase"] == "samrad"
    assert "Förslag från:" in html and "kumla.se" in html
    assert "Yttrande önskas senast" in html  # the sentence the deadline was read from
    assert 'aria-describedby="id_deadline-source"' in html and 'id="id_deadline-source"' in html
    assert not Referral.objects.exists()
    assert IntakeMessage.objects.filter(uploaded_by=case_officer, referral__isnull=True).count() == 1


def test_not_an_email_is_named_on_the_page(client, case_officer):
    client.force_login(case_officer)
    response = drop_email(client, data=b"%PDF-1.4 this is a pdf", name="plan.pdf")
    assert response.status_code == 400
    assert "plan.pdf" in response.content.decode()
    assert not IntakeMessage.objects.exists()


def registration_post(form, **extra):
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if hasattr(value, "pk"):
            value = value.pk
        if isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = value
    data.update(step="register", **extra)
    return data


def test_confirming_the_draft_registers_the_case_with_its_attachments(client, case_officer, kumla):
    client.force_login(case_officer)
    form = drop_email(client).context["form"]
    response = client.post(reverse("referrals:register_case"), registration_post(form))
    referral = Referral.objects.get()
    assert response.status_code == 302 and response.url == referral.get_absolute_url()
    assert referral.sender == kumla and referral.deadline == datetime.date(2027, 3, 15)
    assert referral.documents.filter(from_email=True).count() >= 1
    page = client.get(response.url).content.decode()
    assert referral.diary_number in page and "Registrerad" in page


def test_decline_from_the_dropped_email_in_three_posts(client, case_officer, kumla, django_capture_on_commit_callbacks):
    """Drop the e-mail (1), “Registrera och avstå” (2), confirm (3): the case is closed and the
    sender told. With the link to the page, at most 5 user actions (the issue's goal)."""
    PhraseFactory(decline=True)
    client.force_login(case_officer)
    actions = 0
    form = drop_email(client).context["form"]
    actions += 1
    response = client.post(reverse("referrals:register_case"), registration_post(form, and_decline="1"))
    actions += 1
    assert response.status_code == 302 and "beslut=decline" in response.url
    confirm_page = client.get(response.url)
    assert "Bekräfta" in confirm_page.content.decode()
    referral = Referral.objects.get()
    with_version = {"decision": "decline", "confirm": "1", "version": referral.version}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("referrals:triage", args=[referral.diary_year, referral.diary_seq]), with_version)
    actions += 1
    referral.refresh_from_db()
    assert referral.status == "declined" and referral.closed_at is not None
    assert referral.reply.status == "sent"
    assert [m.to for m in mail.outbox] == [["anna.aberg@kumla.se"]]
    print(f"decline path: {actions} posts (+ the file drop's own click when JavaScript is off)")
    assert actions <= 5


def test_deadline_before_received_on_the_form_keeps_the_values(client, case_officer, kumla):
    client.force_login(case_officer)
    response = client.post(
        reverse("referrals:register_case"),
        {
            "step": "register",
            "sender": kumla.pk,
            "plan_name": "Detaljplan för Hagaby",
            "plan_type": "dp",
            "phase": "samrad",
            "received": "2027-02-01",
            "deadline": "2027-01-15",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Detaljplan för Hagaby" in html and "mottagningsdatum" in html
    assert not Referral.objects.exists()


def test_a_duplicate_asks_for_confirmation(client, case_officer, kumla):
    client.force_login(case_officer)
    first = ReferralFactory(sender=kumla, sender_reference="KS 2026/1", phase="samrad")
    post = {
        "step": "register",
        "sender": kumla.pk,
        "sender_reference": "KS 2026/1",
        "plan_name": "Samma plan",
        "plan_type": "dp",
        "phase": "samrad",
        "received": timezone.localdate().isoformat(),
        "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }
    response = client.post(reverse("referrals:register_case"), post)
    assert response.status_code == 400 and first.diary_number in response.content.decode()
    assert Referral.objects.count() == 1
    response = client.post(reverse("referrals:register_case"), {**post, "confirm_duplicate": "on"})
    assert response.status_code == 302 and Referral.objects.count() == 2


def test_manual_registration_with_a_drawn_area_and_a_link(client, case_officer, kumla):
    client.force_login(case_officer)
    ring = [[15.14, 59.17], [15.16, 59.17], [15.16, 59.18], [15.14, 59.18], [15.14, 59.17]]
    response = client.post(
        reverse("referrals:register_case"),
        {
            "step": "register",
            "sender": kumla.pk,
            "plan_name": "Detaljplan för Hagaby",
            "plan_type": "dp",
            "phase": "granskning",
            "received": timezone.localdate().isoformat(),
            "deadline": (timezone.localdate() + datetime.timedelta(days=21)).isoformat(),
            "area": json.dumps({"type": "Polygon", "coordinates": [ring]}),
            "links": "https://kumla.se/hagaby.pdf",
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.area is not None and referral.area_source == "drawn"
    assert referral.documents.get().url == "https://kumla.se/hagaby.pdf"


# --- the case page ------------------------------------------------------------------------------


def test_case_page_shows_facts_map_text_interests_timeline_and_sections(client, case_officer):
    referral = ReferralFactory(plan_name="Detaljplan för Ekeby", internal_notes="Ring Karin")
    InterestMatchFactory(referral=referral, title="E20 (Primärt stråk)", distance_m=350)
    ReferralDocumentFactory(referral=referral, name="Hemlig bilaga", confidential=True)
    register_case_section("test-section", order=99, template="referrals/cases/_test_section.html")
    try:
        client.force_login(case_officer)
        html = client.get(referral.get_absolute_url()).content.decode()
    finally:
        _SECTIONS.pop("test-section")
    assert "Detaljplan för Ekeby" in html and "Ring Karin" in html
    assert 'id="case-map"' in html and "hektar" in html  # the map and its text alternative
    assert "E20 (Primärt stråk)" in html and "350 m" in html and "Ta med" in html
    assert "Hemlig bilaga" in html and "sekretess" in html
    assert "Avstå från att yttra sig" in html
    assert "test-section-rendered" in html


def test_accepting_an_interest(client, case_officer):
    match = InterestMatchFactory()
    client.force_login(case_officer)
    response = client.post(reverse("referrals:interest_decide", args=[match.pk]), {"decision": "accepted"})
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.decision == "accepted"


def test_stale_edit_form_gets_the_conflict_and_keeps_what_was_entered(client, case_officer):
    referral = ReferralFactory(plan_name="Ursprungligt namn")
    client.force_login(case_officer)
    url = reverse("referrals:edit", args=[referral.diary_year, referral.diary_seq])
    form = client.get(url).context["form"]
    post = registration_post(form)
    post.pop("step")
    # Someone else saves first.
    client.post(url, {**post, "plan_name": "Någon annans namn"})
    response = client.post(url, {**post, "plan_name": "Mitt namn"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Någon annan har ändrat ärendet" in html and "Mitt namn" in html and "Någon annans namn" in html
    referral.refresh_from_db()
    assert referral.plan_name == "Någon annans namn"
    # Saving again on purpose replaces it (the form now carries the current version).
    again = client.post(url, {**post, "plan_name": "Mitt namn", "version": referral.version})
    assert again.status_code == 302
    referral.refresh_from_db()
    assert referral.plan_name == "Mitt namn"


def test_extension_error_comes_back_on_the_case_page(client, case_officer):
    referral = ReferralFactory()
    client.force_login(case_officer)
    url = reverse("referrals:extend", args=[referral.diary_year, referral.diary_seq])
    response = client.post(url, {"new_deadline": "2000-01-01", "reason": "Anstånd", "version": referral.version})
    assert response.status_code == 400 and "senare än nuvarande svarsdag" in response.content.decode()


def test_area_upload_on_the_case_page(client, case_officer):
    referral = ReferralFactory(no_area=True)
    client.force_login(case_officer)
    geojson = json.dumps({"type": "Feature", "geometry": json.loads(plan_area().transform(4326, clone=True).json)})
    upload = SimpleUploadedFile("yta.geojson", geojson.encode(), content_type="application/geo+json")
    url = reverse("referrals:area", args=[referral.diary_year, referral.diary_seq])
    response = client.post(url, {"area_file": upload, "version": referral.version})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.area is not None and referral.area_source == "upload"


def test_decline_without_a_phrase_is_said_not_a_500(client, case_officer):
    referral = ReferralFactory()
    client.force_login(case_officer)
    url = reverse("referrals:triage", args=[referral.diary_year, referral.diary_seq])
    response = client.post(url, {"decision": "decline", "confirm": "1", "version": referral.version})
    assert response.status_code == 400 and "Frasbiblioteket" in response.content.decode()


def test_case_page_query_count_does_not_grow_with_interests_and_events(client, case_officer, count_queries):
    referral = ReferralFactory()
    client.force_login(case_officer)
    InterestMatchFactory(referral=referral)
    ReferralDocumentFactory(referral=referral)
    one, response = count_queries(lambda: client.get(referral.get_absolute_url()))
    assert response.status_code == 200
    for _i in range(24):
        InterestMatchFactory(referral=referral)
        ReferralDocumentFactory(referral=referral)
    many, _response = count_queries(lambda: client.get(referral.get_absolute_url()))
    assert one == many


# --- downloads ---------------------------------------------------------------------------------


def test_confidential_documents_are_for_officers_only(client, case_officer):
    referral = ReferralFactory()
    public = ReferralDocument(referral=referral, name="Plankarta.pdf", is_public=True)
    public.file.save("Plankarta.pdf", SimpleUploadedFile("Plankarta.pdf", samples.pdf("Plankarta")), save=True)
    secret = ReferralDocument(referral=referral, name="Sekretess.pdf", is_public=False)
    secret.file.save("Sekretess.pdf", SimpleUploadedFile("Sekretess.pdf", samples.pdf("Hemligt")), save=True)
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(secret.get_absolute_url()).status_code == 404
    client.force_login(case_officer)
    assert client.get(secret.get_absolute_url()).status_code == 200


def test_adding_and_removing_documents_on_the_case_page(client, case_officer):
    referral = ReferralFactory()
    client.force_login(case_officer)
    url = reverse("referrals:document_add", args=[referral.diary_year, referral.diary_seq])
    pdf = SimpleUploadedFile("Granskningsutlatande.pdf", samples.pdf("Utlåtande"), content_type="application/pdf")
    response = client.post(url, {"files": [pdf], "links": "https://kumla.se/a.pdf", "confidential": "on"})
    assert response.status_code == 302
    names = set(referral.documents.values_list("name", "is_public"))
    assert names == {("Granskningsutlatande.pdf", False), ("a.pdf", False)}
    empty = client.post(url, {})
    assert empty.status_code == 400 and "Välj en fil eller ange en länk" in empty.content.decode()
    document = referral.documents.get(name="a.pdf")
    client.post(reverse("referrals:document_remove", args=[document.pk]))
    assert not referral.documents.filter(name="a.pdf").exists()
    assert referral.events.filter(kind="document_removed", summary="Handling borttagen: a.pdf").exists()


def test_the_same_draft_registered_twice_goes_to_the_case(client, case_officer, kumla):
    client.force_login(case_officer)
    form = drop_email(client).context["form"]
    post = registration_post(form)
    first = client.post(reverse("referrals:register_case"), post)
    again = client.post(reverse("referrals:register_case"), post)
    assert Referral.objects.count() == 1
    assert again.status_code == 302 and again.url == first.url


def test_the_area_size_is_written_as_each_language_writes_numbers(client, case_officer):
    referral = ReferralFactory(area=plan_area(size=4000))  # 4 000 × 2 000 m: 800 hectares
    client.force_login(case_officer)
    assert "Planområdet är 800,0 hektar" in client.get(referral.get_absolute_url()).content.decode()
    referral.area = plan_area(size=40000)  # 80 000 hectares: grouped
    referral.save()
    assert "Planområdet är 80\xa0000,0 hektar" in client.get(referral.get_absolute_url()).content.decode()
    client.cookies["django_language"] = "en"
    assert "80,000.0 hectares" in client.get(referral.get_absolute_url()).content.decode()
