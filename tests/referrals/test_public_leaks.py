"""Nothing internal leaves the case officers: a case carries every internal thing (notes, events,
the interest checklist, consultation question and answer, an unsent reply, a confidential
document, the dropped e-mail), each with a unique marker; no marker appears in the register
(list, case page, search, feed), the areas GeoJSON, the exports, the map page, the statistics
or the municipality page, for the public, a planner, a coordinator, an editor, nor for a case
officer on these public outputs. The officers' own case page does show them."""

import datetime

import pytest
from django.urls import NoReverseMatch, resolve, reverse
from django.urls.exceptions import Resolver404

from referrals.models import Consultation, IntakeMessage, Reply

from .factories import (
    InterestMatchFactory,
    MunicipalityFactory,
    ReferralDocumentFactory,
    ReferralEventFactory,
    ReferralFactory,
    ReplyFactory,
    ReplyPointFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

MARKERS = {
    "notes": "LEAKNOTES4711",
    "event": "LEAKEVENT4711",
    "event_data": "LEAKEVENTDATA4711",
    "interest": "LEAKINTEREST4711",
    "interest_text": "LEAKINTERESTTEXT4711",
    "question": "LEAKQUESTION4711",
    "answer": "LEAKANSWER4711",
    "draft": "LEAKDRAFT4711",
    "draft_point": "LEAKDRAFTPOINT4711",
    "confidential": "LEAKCONFIDENTIAL4711",
    "intake": "LEAKINTAKE4711",
}


@pytest.fixture
def secret_case(db):
    kumla = MunicipalityFactory(name="Kumla kommun", slug="kumla", code="1881")
    case = ReferralFactory(
        sender=kumla,
        plan_name="Detaljplan Ekängen",
        in_progress=True,
        internal_notes=f"Ring kommunen. {MARKERS['notes']}",
        received=datetime.date(2026, 2, 1),
    )
    ReferralEventFactory(referral=case, summary=f"Tilldelad {MARKERS['event']}", data={"x": MARKERS["event_data"]})
    InterestMatchFactory(referral=case, title=MARKERS["interest"], suggested_text=MARKERS["interest_text"])
    Consultation.objects.create(
        referral=case,
        unit=UnitFactory(),
        question=MARKERS["question"],
        answer=MARKERS["answer"],
        due=case.deadline - datetime.timedelta(days=5),
        requested_at=datetime.datetime(2026, 2, 2, 9, tzinfo=datetime.UTC),
        answered_at=datetime.datetime(2026, 2, 5, 9, tzinfo=datetime.UTC),
    )
    draft = ReplyFactory(referral=case, status=Reply.Status.APPROVED, introduction=MARKERS["draft"])
    draft_point = ReplyPointFactory(reply=draft, heading=MARKERS["draft_point"], text=MARKERS["draft_point"])
    draft_point.goals.set([_goal()])
    ReferralDocumentFactory(referral=case, name=f"{MARKERS['confidential']}.pdf", confidential=True)
    ReferralDocumentFactory(referral=case, name="Plankarta.pdf")
    IntakeMessage.objects.create(
        file="referrals/intake/x/msg.eml", filename=f"{MARKERS['intake']}.eml", uploaded_by=_officer(), referral=case
    )
    # A second, answered case with a sent reply: the public part that must show.
    answered = ReferralFactory(sender=kumla, answered=True, plan_name="Översiktsplan Kumla")
    sent = ReplyFactory(referral=answered, status=Reply.Status.SENT, sent_on=datetime.date(2026, 1, 20))
    ReplyPointFactory(reply=sent, text="Regionen ser positivt på planen.", outcome="fully")
    return case


def _goal():
    from tests.rus.factories import GoalFactory

    return GoalFactory(name="Hållbara resor")


def _officer():
    from planportal import roles
    from tests.factories import UserFactory

    return UserFactory(username="intake-officer", roles=[roles.CASE_OFFICER])


def _public_urls(case):
    return [
        reverse("referrals:register"),
        reverse("referrals:register") + "?q=ekängen",
        case.get_public_url(),
        reverse("referrals:register_feed"),
        "/api/v1/referrals/areas/",
        "/diarium/export/?format=csv",
        "/diarium/export/?format=geojson",
        reverse("referrals:map"),
        reverse("referrals:statistics"),
        reverse("referrals:statistics_csv", kwargs={"table": "utfall"}),
        case.sender.get_absolute_url(),
        "/karta/",
        # The RUS goal the unsent reply's point cites (replies appear there once sent).
        case.reply.points.get().goals.get().get_absolute_url(),
    ]


def _api_urls(case):
    """The cases API (another part of the work) when it is installed."""
    urls = []
    by_number = f"/api/v1/referrals/{case.diary_year}-{case.diary_seq}/"
    for url in (
        "/api/v1/referrals/",
        f"/api/v1/referrals/{case.pk}/",
        by_number,
        f"/api/v1/referrals/{case.pk}/documents/",
    ):
        try:
            resolve(url)
        except Resolver404:
            continue
        urls.append(url)
    return urls


def _case_api_urls(case):
    """The case's own API reads (reply, points, outcomes, consultations) that are installed: for
    others than case officers they refuse or show nothing internal."""
    urls = []
    for suffix in ("reply/", "reply/points/", "outcomes/", "consultations/", "events/", "interests/", "extensions/"):
        url = f"/api/v1/referrals/{case.pk}/{suffix}"
        try:
            resolve(url)
        except Resolver404:
            continue
        urls.append(url)
    return urls


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


def _assert_no_marker(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = _body(response)
        for name, marker in MARKERS.items():
            assert marker not in body, f"{name} ({marker}) leaked at {url}"


@pytest.mark.parametrize("role", [None, "planner", "coordinator", "editor", "signed_in_user"])
def test_nothing_internal_reaches_anyone_but_case_officers(client, request, secret_case, role):
    if role:
        client.force_login(request.getfixturevalue(role))
    urls = _public_urls(secret_case) + _api_urls(secret_case)
    _assert_no_marker(client, urls)
    for url in _case_api_urls(secret_case):
        response = client.get(url)
        assert response.status_code in (200, 401, 403, 404, 405), (url, response.status_code)
        for name, marker in MARKERS.items():
            assert marker not in response.content.decode(), f"{name} ({marker}) leaked at {url}"
    # The public parts are there (the test reads real pages, not empty ones).
    html = client.get(secret_case.get_public_url()).content.decode()
    assert "Plankarta.pdf" in html and "Detaljplan Ekängen" in html


def test_the_public_outputs_stay_public_for_a_case_officer(client, case_officer, secret_case):
    client.force_login(case_officer)
    _assert_no_marker(client, _public_urls(secret_case))


def test_search_does_not_find_cases_by_internal_text(client, case_officer, secret_case):
    for user in (None, case_officer):
        if user:
            client.force_login(user)
        for marker in MARKERS.values():
            response = client.get(reverse("referrals:register"), {"q": marker})
            assert list(response.context["referrals"]) == []
            response = client.get("/api/v1/referrals/areas/", {"q": marker})
            assert response.json()["features"] == []
            if _api_urls(secret_case):
                assert client.get("/api/v1/referrals/", {"q": marker}).json()["results"] == []


def test_sent_reply_shows_on_its_public_page(client, secret_case):
    answered = secret_case.sender.referrals.get(plan_name="Översiktsplan Kumla")
    assert "Regionen ser positivt på planen." in client.get(answered.get_public_url()).content.decode()


def test_the_officers_case_page_shows_what_is_internal(client, case_officer, secret_case):
    try:
        url = secret_case.get_absolute_url()
    except NoReverseMatch:
        pytest.skip("the officers' case page (referrals:detail) is another part of the work and not installed")
    client.force_login(case_officer)
    html = client.get(url).content.decode()
    assert MARKERS["notes"] in html
    assert MARKERS["confidential"] in html


@pytest.mark.parametrize("name", ["referrals:register_reply", "referrals:register_reply_pdf"])
def test_the_public_reply_pages_do_not_show_an_unsent_reply(client, planner, secret_case, name):
    try:
        url = reverse(name, kwargs={"year": secret_case.diary_year, "seq": secret_case.diary_seq})
    except NoReverseMatch:
        pytest.skip(f"{name} (the reply's public page) is another part of the work and not installed")
    for user in (None, planner):
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 404


def test_file_downloads_from_the_register_follow_the_documents_visibility(client, planner, case_officer, secret_case):
    from django.core.files.base import ContentFile

    public_doc = ReferralDocumentFactory.build(referral=secret_case, name="Planbeskrivning.pdf", url="")
    public_doc.file.save("planbeskrivning.pdf", ContentFile(b"%PDF-1.4 offentlig"), save=True)
    secret_doc = ReferralDocumentFactory.build(referral=secret_case, name="Sekretess.pdf", url="", confidential=True)
    secret_doc.file.save("sekretess.pdf", ContentFile(b"%PDF-1.4 LEAKFILE4711"), save=True)
    html = client.get(secret_case.get_public_url()).content.decode()
    assert public_doc.get_absolute_url() in html and secret_doc.get_absolute_url() not in html
    for user in (None, planner):
        if user:
            client.force_login(user)
        response = client.get(public_doc.get_absolute_url())
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"offentlig" in body
        assert client.get(secret_doc.get_absolute_url()).status_code == 404
    client.force_login(case_officer)
    assert client.get(secret_doc.get_absolute_url()).status_code == 200
