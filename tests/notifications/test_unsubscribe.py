"""The signed one-click unsubscribe (RFC 8058): a POST with no sign-in and no CSRF token sets
the token's kinds to none for the person it names; GET only asks; a tampered token, or one made
for someone else, changes nothing of anyone else's."""

import pytest
from django.core import mail
from django.test import Client

from notifications.models import Frequency, Kind, Preference
from notifications.recipients import Recipient
from notifications.services import notify, preferences_for
from notifications.tokens import read_token, unsubscribe_token
from tests.factories import UserFactory

from .support import assert_one_click

pytestmark = pytest.mark.django_db


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def _mail_to(user, kind=Kind.MEETINGS):
    notify(kind=kind, recipients=[user], subject="Dagordning", text="Text")
    return mail.outbox[-1]


def test_one_click_post_from_the_header_sets_the_kind_to_none(csrf_client):
    user = UserFactory(username="anna")
    path = assert_one_click(_mail_to(user))
    response = csrf_client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Du får inte längre den här e-posten" in response.content.decode()
    assert preferences_for(user)[Kind.MEETINGS] == Frequency.NONE
    assert preferences_for(user)[Kind.REFERRALS] == Frequency.IMMEDIATE  # only the kind of the mail
    assert notify(kind=Kind.MEETINGS, recipients=[user], subject="Igen")["skipped"] == 1


def test_get_only_asks_and_the_button_does_it(client):
    user = UserFactory()
    path = assert_one_click(_mail_to(user, Kind.REFERRALS))
    page = client.get(path)
    body = page.content.decode()
    assert page.status_code == 200 and "remisser" in body and '<form method="post">' in body
    assert not Preference.objects.exists()  # a link checker's GET changes nothing
    client.post(path)
    assert Preference.objects.get(user=user, kind=Kind.REFERRALS).frequency == Frequency.NONE


def test_tampered_token_is_refused_and_changes_nothing(client):
    user = UserFactory()
    token = unsubscribe_token(Recipient(email=user.email, user=user), [Kind.MEETINGS])
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "x" + token, "inte-en-token"):
        response = client.post(f"/konto/aviseringar/avsluta/{bad}/")
        assert response.status_code == 400
        assert "Länken fungerar inte" in response.content.decode()
        assert client.get(f"/konto/aviseringar/avsluta/{bad}/").status_code == 400
    assert not Preference.objects.exists()


def test_a_token_made_for_another_user_changes_only_that_users_choice(client):
    anna, bertil = UserFactory(username="anna"), UserFactory(username="bertil")
    path = assert_one_click(_mail_to(anna))
    client.force_login(bertil)  # signed in as someone else: the token decides, not the session
    assert client.post(path).status_code == 200
    assert preferences_for(anna)[Kind.MEETINGS] == Frequency.NONE
    assert preferences_for(bertil)[Kind.MEETINGS] == Frequency.IMMEDIATE
    recipient, kinds = read_token(path.rstrip("/").rsplit("/", 1)[1])
    assert recipient.user == anna and kinds == [Kind.MEETINGS]


def test_an_address_without_an_account_can_unsubscribe(client):
    notify(kind=Kind.MEETINGS, recipients=["kontakt@example.org"], subject="Dagordning")
    path = assert_one_click(mail.outbox[-1])
    assert client.post(path).status_code == 200
    assert Preference.objects.get(email="kontakt@example.org").frequency == Frequency.NONE
    assert notify(kind=Kind.MEETINGS, recipients=["kontakt@example.org"], subject="Igen")["skipped"] == 1


def test_unknown_kind_or_deleted_user_in_a_validly_signed_token_is_refused(client):
    from django.core import signing

    from notifications.tokens import SALT

    forged = signing.dumps({"u": 999999, "k": ["meetings"]}, salt=SALT, compress=True)
    assert client.post(f"/konto/aviseringar/avsluta/{forged}/").status_code == 400
    user = UserFactory()
    odd = signing.dumps({"u": user.pk, "k": ["everything"]}, salt=SALT, compress=True)
    assert client.post(f"/konto/aviseringar/avsluta/{odd}/").status_code == 400
    other_salt = signing.dumps({"u": user.pk, "k": ["meetings"]}, compress=True)
    assert client.post(f"/konto/aviseringar/avsluta/{other_salt}/").status_code == 400
    assert not Preference.objects.exists()
