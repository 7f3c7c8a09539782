"""/konto/aviseringar/: each kind's frequency as a radio group (fieldset + legend), the defaults
shown, saved through the service, bad input named, English, a fixed number of queries."""

import re

import pytest

from notifications.models import Frequency, Item, Kind
from notifications.services import notify, preferences_for, preferences_set

pytestmark = pytest.mark.django_db
URL = "/konto/aviseringar/"


def test_signed_out_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_shows_every_kind_with_the_current_choice(client, planner):
    preferences_set(user=planner, data={Kind.DOCUMENTS: Frequency.DAILY})
    client.force_login(planner)
    body = client.get(URL).content.decode()
    for label in ("Möten", "Dokument", "Remisser", "Regional utvecklingsstrategi (RUS)"):
        assert f"<legend>{label}</legend>" in body
    assert re.search(r'<input type="radio" name="documents" value="daily"[^>]*checked', body)
    form = client.get(URL).context["form"]
    assert form.initial == {"meetings": "immediate", "documents": "daily", "referrals": "immediate", "rus": "none"}


def test_saving_changes_the_choices(client, planner):
    client.force_login(planner)
    data = {"meetings": "weekly", "documents": "none", "referrals": "daily", "rus": "immediate"}
    response = client.post(URL, data)
    assert response.status_code == 302
    assert preferences_for(planner) == data
    assert "Dina val för e-post är sparade." in client.get(URL).content.decode()


def test_bad_input_is_named_and_nothing_saved(client, planner):
    client.force_login(planner)
    response = client.post(URL, {"meetings": "hourly", "documents": "none", "referrals": "daily"})
    body = response.content.decode()
    assert response.status_code == 200 and "Det finns fel i formuläret" in body
    assert 'href="#id_meetings_0"' in body and 'id="id_meetings_0"' in body  # the summary links to the group
    assert "Välj hur ofta du vill få e-post om det här." in body  # rus missing
    assert 'aria-describedby="id_rus-error"' in body and 'id="id_rus-error"' in body
    assert preferences_for(planner)[Kind.DOCUMENTS] == Frequency.WEEKLY  # nothing saved


def test_english(client, planner):
    client.force_login(planner)
    client.cookies["django_language"] = "en"
    body = client.get(URL).content.decode()
    assert "Notifications" in body and "Meetings" in body and "Once a week, in a digest" in body


def test_waiting_items_are_counted_in_a_fixed_number_of_queries(client, planner, count_queries):
    preferences_set(user=planner, data=dict.fromkeys(Kind.values, Frequency.DAILY))
    client.force_login(planner)

    def queries():
        n, response = count_queries(lambda: client.get(URL))
        assert response.status_code == 200
        return n, response.content.decode()

    notify(kind=Kind.MEETINGS, recipients=[planner], subject="En")
    one, body = queries()
    assert "1 händelse väntar på nästa sammanställning." in body
    for i in range(24):
        notify(kind=[Kind.MEETINGS, Kind.RUS, Kind.REFERRALS][i % 3], recipients=[planner], subject=f"S{i}")
    many, body = queries()
    assert Item.objects.count() == 25
    assert "9 händelser väntar på nästa sammanställning." in body
    assert one == many
