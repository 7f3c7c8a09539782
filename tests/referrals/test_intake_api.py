"""POST /api/v1/referrals/drafts/from-email/: for case officers; the draft as JSON, each value
null when not found, with its sources and warnings; bad files answer 400 by field, Swedish or
English; nothing is saved."""

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from networks.models import Organisation
from tests.factories import OrganisationFactory

from . import samples

URL = "/api/v1/referrals/drafts/from-email/"


@pytest.fixture
def organisations(db):
    found = {
        key: OrganisationFactory(municipality=True, name=name, code=code, slug=key, email_domains=domains)
        for key, (name, code, domains) in samples.MUNICIPALITIES.items()
    }
    found["region"] = OrganisationFactory(region=True, email_domains=samples.REGION_DOMAINS)
    found["lansstyrelsen"] = OrganisationFactory(county_board=True, email_domains=["lansstyrelsen.se"])
    return found


def _post(client, content, name, **extra):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)}, **extra)


def test_case_officer_gets_the_draft(client, case_officer, organisations):
    client.force_login(case_officer)
    response = _post(client, samples.kumla_samrad_dp(), "kumla.eml")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body == {
        "sender_organisation": "1881",
        "sender_organisation_name": "Kumla kommun",
        "sender_reference": "KS 2026/123",
        "plan_name": "Samråd om detaljplan för kvarteret Skomakaren, Kumla",
        "plan_type": "dp",
        "phase": "samrad",
        "deadline": "2027-03-15",
        "received": "2027-01-12",
        "contact": {"name": "Anna Åberg", "email": "anna.aberg@kumla.se", "phone": "019-58 81 23"},
        "attachments": ["Plankarta samråd.pdf", "Planbeskrivning samråd.pdf"],
        "sources": {
            "sender_organisation": "Avsändarens domän kumla.se",
            "sender_reference": "Ämnesraden",
            "plan_name": "Ämnesraden",
            "plan_type": "Ämnesraden",
            "phase": "Ämnesraden",
            "deadline": "Meningen ”Yttrande önskas senast den 15 mars 2027 till kommunstyrelsen@kumla.se.”",
            "received": "Meddelandets datum",
            "contact": "Avsändaren (Från-raden) och signaturen",
            "attachments": "Bifogad fil",
        },
        "warnings": [],
    }


def test_msg_through_the_api(client, case_officer, organisations):
    client.force_login(case_officer)
    body = _post(client, samples.karlskoga_granskning_msg(), "bregard.msg").json()
    assert (body["sender_organisation"], body["plan_type"], body["phase"]) == ("1883", "dp", "granskning")
    assert (body["deadline"], body["received"]) == ("2027-03-12", "2027-02-15")
    assert body["attachments"] == ["Granskning Bregårdsskolan plankarta.pdf"]


def test_what_is_not_found_is_null_and_warned(client, administrator, organisations):
    client.force_login(administrator)
    body = _post(client, samples.laxa_no_attachments(), "laxa.eml").json()
    assert body["deadline"] is None and body["sender_reference"] is None
    assert body["attachments"] == []
    assert "deadline" not in body["sources"]
    assert body["warnings"][0].startswith("Meddelandet ”laxa.eml” har inga bifogade filer.")


def test_an_organisation_that_is_not_a_municipality_by_its_slug(client, case_officer, organisations):
    message = samples._message(
        sender="Planhandläggare <planering@lansstyrelsen.se>",
        subject="Remiss: Regional vattenförsörjningsplan",
        sent=samples.datetime(2027, 1, 5, 9, 0, tzinfo=samples.STOCKHOLM),
    )
    message.set_content("Synpunkter senast 2027-02-26.")
    client.force_login(case_officer)
    body = _post(client, message.as_bytes(), "lst.eml").json()
    assert (body["sender_organisation"], body["sender_organisation_name"]) == (
        "lansstyrelsen-i-orebro-lan",
        "Länsstyrelsen i Örebro län",
    )
    assert (body["plan_type"], body["deadline"]) == ("other", "2027-02-26")


@pytest.mark.parametrize("user", [None, "signed_in_user", "planner", "coordinator", "editor"])
def test_only_case_officers(client, organisations, request, user):
    if user:
        client.force_login(request.getfixturevalue(user))
    response = _post(client, samples.kumla_samrad_dp(), "kumla.eml")
    assert response.status_code == 403
    if user:
        assert response.json() == {"detail": "Bara handläggare får registrera remisser från e-post."}


def test_bad_files_answer_400_by_field(client, case_officer, organisations):
    client.force_login(case_officer)
    response = _post(client, samples.pdf("Plankarta"), "plankarta.eml")
    assert response.status_code == 400
    assert response.json() == {
        "file": [
            "Filen ”plankarta.eml” är inte ett e-postmeddelande. Släpp meddelandet som .eml, "
            "eller som .msg sparat från Outlook."
        ]
    }
    assert _post(client, b"", "tomt.eml").json() == {"file": ["Filen ”tomt.eml” är tom."]}
    assert client.post(URL, {}).json() == {"file": ["Ingen fil skickades."]}


def test_bad_files_in_english(client, case_officer, organisations, settings):
    # English as the portal chooses it: the language switch's cookie (Accept-Language is ignored).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(case_officer)
    response = _post(client, b"just text", "note.eml")
    assert response.status_code == 400
    assert response.json() == {
        "file": ["The file “note.eml” is not an e-mail. Drop the message as .eml, or as .msg saved from Outlook."]
    }
    body = _post(client, samples.kumla_samrad_dp(), "kumla.eml").json()
    assert body["sources"]["sender_organisation"] == "The sender's domain kumla.se"


def test_too_large_is_refused(client, case_officer, organisations, settings):
    settings.REFERRAL_EMAIL_MAX_MB = 1
    client.force_login(case_officer)
    big = samples.kumla_samrad_dp() + b"x" * (2 * 1024 * 1024)
    response = _post(client, big, "stor.eml")
    assert response.status_code == 400
    message = response.json()["file"][0]
    assert message.startswith("Filen ”stor.eml” är 2,0 MB; ett e-postmeddelande får vara högst 1 MB.")


def test_a_50_mb_message_answers_400(client, case_officer, organisations):
    client.force_login(case_officer)
    big = samples.kumla_samrad_dp() + b"x" * (50 * 1024 * 1024)
    response = _post(client, big, "stor.eml")
    assert response.status_code == 400
    assert response.json()["file"][0].startswith(
        "Filen ”stor.eml” är 50,0 MB; ett e-postmeddelande får vara högst 25 MB."
    )


def test_nothing_is_saved(client, case_officer, organisations):
    client.force_login(case_officer)
    before = Organisation.objects.count()
    response = _post(client, samples.hallsberg_forwarded_op(), "vb.eml")
    assert response.json()["sender_organisation"] == "1861"
    assert Organisation.objects.count() == before


def test_described_in_the_schema(tmp_path, db):
    target = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(target), "--validate")
    schema = yaml.safe_load(target.read_text())
    operation = schema["paths"][URL]["post"]
    request = operation["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert schema["components"]["schemas"][request]["properties"]["file"]["format"] == "binary"
    response = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    properties = schema["components"]["schemas"][response]["properties"]
    for name in ("sender_organisation", "plan_name", "plan_type", "phase", "deadline", "received", "attachments"):
        assert name in properties
        assert properties[name].get("nullable", name == "attachments"), name
    assert properties["deadline"]["format"] == properties["received"]["format"] == "date"
    assert {"sources", "warnings"} <= set(properties)
    assert set(operation["responses"]) >= {"200", "400", "403"}
