"""Every referrals API operation of the committed schema (docs/openapi.yaml, paths under
/api/v1/referrals) × every role, with the expected status written once in a table. Each call
gets a fresh case in the state the operation needs and a body that is valid for it, so the
status says who may do it (not whether the body was right). A new operation without a row, or a
row without an operation, fails the test."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from planportal.testing import openapi
from referrals.models import Reply

from .factories import (
    InterestMatchFactory,
    MunicipalityFactory,
    ReferralDocumentFactory,
    ReferralFactory,
    ReplyFactory,
    ReplyPointFactory,
    UnitFactory,
)
from .factories_workflow import ConsultationFactory, approver

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "planner",
    "coordinator",
    "editor",
    "signed_in_user",
    "case_officer",
    "delegation",  # a case officer holding the delegation to approve replies
    "administrator",
)


def everyone(code):
    return (code,) * len(ROLES)


def officers(code):
    return (403, 403, 403, 403, 403, code, code, code)


def signed_in(code):
    return (403, *(code,) * (len(ROLES) - 1))


# (method, path): expected status per role, in the order of ROLES.
EXPECTED = {
    ("get", "/api/v1/referrals/"): everyone(200),
    ("post", "/api/v1/referrals/"): officers(201),
    ("get", "/api/v1/referrals/{id}/"): everyone(200),
    ("patch", "/api/v1/referrals/{id}/"): officers(200),
    ("delete", "/api/v1/referrals/{id}/"): (403, 403, 403, 403, 403, 403, 403, 204),
    ("get", "/api/v1/referrals/{year}-{seq}/"): everyone(200),
    ("post", "/api/v1/referrals/{id}/area/"): officers(200),
    ("post", "/api/v1/referrals/{id}/assign/"): officers(200),
    ("post", "/api/v1/referrals/{id}/triage/"): officers(200),
    ("get", "/api/v1/referrals/{id}/documents/"): everyone(200),
    ("post", "/api/v1/referrals/{id}/documents/"): officers(201),
    ("delete", "/api/v1/referrals/{id}/documents/{document_id}/"): officers(204),
    ("get", "/api/v1/referrals/{id}/events/"): officers(200),
    ("get", "/api/v1/referrals/{id}/extensions/"): officers(200),
    ("post", "/api/v1/referrals/{id}/extensions/"): officers(201),
    ("get", "/api/v1/referrals/{id}/interests/"): officers(200),
    ("patch", "/api/v1/referrals/{id}/interests/{interest_id}/"): officers(200),
    ("post", "/api/v1/referrals/{id}/previous/"): officers(200),
    # Consultations: signed-in users see those of their units (none here: an empty list).
    ("get", "/api/v1/referrals/{id}/consultations/"): signed_in(200),
    ("post", "/api/v1/referrals/{id}/consultations/"): officers(201),
    ("get", "/api/v1/referrals/consultations/mine/"): signed_in(200),
    # Answering: the unit's members, and case officers entering an answer given to them; for
    # others the consultation does not exist.
    ("post", "/api/v1/referrals/consultations/{id}/answer/"): (403, 404, 404, 404, 404, 200, 200, 200),
    # The reply is a draft: it does not exist for anyone but case officers.
    ("get", "/api/v1/referrals/{id}/reply/"): (404, 404, 404, 404, 404, 200, 200, 200),
    ("post", "/api/v1/referrals/{id}/reply/text/"): officers(200),
    ("post", "/api/v1/referrals/{id}/reply/points/"): officers(201),
    ("patch", "/api/v1/referrals/{id}/reply/points/{point_id}/"): officers(200),
    ("delete", "/api/v1/referrals/{id}/reply/points/{point_id}/"): officers(200),
    ("post", "/api/v1/referrals/{id}/reply/order/"): officers(200),
    ("post", "/api/v1/referrals/{id}/reply/interests/"): officers(200),
    ("post", "/api/v1/referrals/{id}/reply/review/"): officers(200),
    # Approving takes the delegation (administrators hold every permission).
    ("post", "/api/v1/referrals/{id}/reply/approve/"): (403, 403, 403, 403, 403, 403, 200, 200),
    ("post", "/api/v1/referrals/{id}/reply/send/"): officers(200),
    ("post", "/api/v1/referrals/{id}/outcomes/"): officers(200),
    ("get", "/api/v1/referrals/areas/"): everyone(200),
    ("get", "/api/v1/referrals/tiles/{z}/{x}/{y}.pbf"): everyone(200),
    ("get", "/api/v1/referrals/in-view/"): everyone(200),
    ("post", "/api/v1/referrals/drafts/from-email/"): officers(200),
}

EMAIL = (
    b"From: Karin Planare <karin.planare@kumla.se>\r\nTo: registrator@regionorebrolan.se\r\n"
    b"Subject: Samr\xc3\xa5d om detaljplan f\xc3\xb6r Ek\xc3\xa4ngen\r\nDate: Tue, 12 Jan 2027 09:00:00 +0100\r\n"
    b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    b"Yttrande \xc3\xb6nskas senast den 15 mars 2027.\r\n"
)


def schema_operations():
    found = []
    for path, item in openapi.spec()["paths"].items():
        if path.startswith("/api/v1/referrals"):
            found += [(method, path) for method in item if method in {"get", "post", "put", "patch", "delete"}]
    return found


def test_the_table_has_every_referrals_operation_of_the_schema_and_no_other():
    assert set(schema_operations()) == set(EXPECTED)


def _user(request, role):
    if role == "anonymous":
        return None
    if role == "delegation":
        return approver()
    return request.getfixturevalue(role)


def _world(method, path):
    """A case in the state the operation needs, and what its path and body refer to."""
    reply_status = {
        "/api/v1/referrals/{id}/reply/approve/": Reply.Status.REVIEWED,
        "/api/v1/referrals/{id}/reply/send/": Reply.Status.APPROVED,
    }.get(path, Reply.Status.DRAFT)
    kumla = MunicipalityFactory(name="Kumla kommun", slug="kumla", code="1881")
    earlier = ReferralFactory(sender=kumla, answered=True, received=timezone.localdate() - datetime.timedelta(days=300))
    sent = ReplyFactory(referral=earlier, status=Reply.Status.SENT, sent_on=earlier.received)
    earlier_point = ReplyPointFactory(reply=sent)
    case = ReferralFactory(sender=kumla, in_progress=True, previous=earlier)
    # Triage is decided before a reply has content.
    point = (
        None if path.endswith("/triage/") else ReplyPointFactory(reply=ReplyFactory(referral=case, status=reply_status))
    )
    unit = UnitFactory(slug="kollektivtrafik")
    return {
        "case": case,
        "earlier": earlier,
        "earlier_point": earlier_point,
        "point": point,
        "unit": unit,
        "document": ReferralDocumentFactory(referral=case),
        "interest": InterestMatchFactory(referral=case),
        "consultation": ConsultationFactory(referral=case, unit=unit),
        "other_unit": UnitFactory(slug="kultur"),
    }


def _url(path, world):
    case = world["case"]
    if path.startswith("/api/v1/referrals/consultations/{id}/"):
        return path.replace("{id}", str(world["consultation"].pk))
    values = {
        "{id}": case.pk,
        "{year}": case.diary_year,
        "{seq}": case.diary_seq,
        "{document_id}": world["document"].pk,
        "{interest_id}": world["interest"].pk,
        "{point_id}": world["point"].pk if world["point"] else 0,
        # the tile over Örebro län at zoom 8 (any tile answers 200, empty or not)
        "{z}": 8,
        "{x}": 139,
        "{y}": 72,
    }
    for key, value in values.items():
        path = path.replace(key, str(value))
    return path


def _body(method, path, world):
    """(data, format) valid for the operation."""
    today = timezone.localdate()
    case = world["case"]
    bodies = {
        ("post", "/api/v1/referrals/"): {
            "sender": "1881",
            "sender_reference": "KS 2027/1",
            "plan_name": "Detaljplan Ny",
            "plan_type": "dp",
            "phase": "samrad",
            "deadline": (today + datetime.timedelta(days=30)).isoformat(),
        },
        ("patch", "/api/v1/referrals/{id}/"): {"plan_name": "Nytt namn", "version": case.version},
        ("post", "/api/v1/referrals/{id}/area/"): {"whole_municipality": True},
        ("post", "/api/v1/referrals/{id}/assign/"): {"assignee": None},
        ("post", "/api/v1/referrals/{id}/triage/"): {"decision": "answer"},
        ("post", "/api/v1/referrals/{id}/documents/"): {"links": ["https://kumla.se/plan.pdf"]},
        ("post", "/api/v1/referrals/{id}/extensions/"): {
            "new_deadline": (case.deadline + datetime.timedelta(days=10)).isoformat(),
            "reason": "Anstånd per telefon",
        },
        ("patch", "/api/v1/referrals/{id}/interests/{interest_id}/"): {"decision": "accepted"},
        ("post", "/api/v1/referrals/{id}/previous/"): {"previous": world["earlier"].pk},
        ("post", "/api/v1/referrals/{id}/consultations/"): {
            "units": [world["other_unit"].slug],
            "due": (today + datetime.timedelta(days=5)).isoformat(),
        },
        ("post", "/api/v1/referrals/consultations/{id}/answer/"): {"answer": "Linje 12 berörs."},
        ("post", "/api/v1/referrals/{id}/reply/text/"): {"introduction": "Regionen har tagit del."},
        ("post", "/api/v1/referrals/{id}/reply/points/"): {"text": "En punkt"},
        ("patch", "/api/v1/referrals/{id}/reply/points/{point_id}/"): {"text": "Ändrad"},
        ("post", "/api/v1/referrals/{id}/reply/order/"): {"points": [world["point"] and world["point"].pk]},
        ("post", "/api/v1/referrals/{id}/reply/send/"): {"sent_to": "Kumla kommun", "sent_on": today.isoformat()},
        ("post", "/api/v1/referrals/{id}/outcomes/"): {
            "outcomes": [{"point": world["earlier_point"].pk, "outcome": "fully"}]
        },
    }
    if (method, path) == ("post", "/api/v1/referrals/drafts/from-email/"):
        return {"file": SimpleUploadedFile("remiss.eml", EMAIL, content_type="message/rfc822")}, "multipart"
    return bodies.get((method, path), {}), "json"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, path", sorted(EXPECTED))
def test_each_operation_answers_each_role_as_the_table_says(
    request, method, path, role, django_capture_on_commit_callbacks
):
    world = _world(method, path)
    client = APIClient()
    client.force_authenticate(_user(request, role))
    data, fmt = _body(method, path, world)
    with django_capture_on_commit_callbacks():  # no e-mail tasks queued to a broker
        response = getattr(client, method)(_url(path, world), data, format=fmt)
    expected = EXPECTED[(method, path)][ROLES.index(role)]
    body = response.content.decode()[:300]
    assert response.status_code == expected, f"{method.upper()} {path} as {role}: {response.status_code} {body}"
