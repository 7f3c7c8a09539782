"""Defect 6 for networks: every message the networks services, selectors, permissions, pages
and API raise is marked for translation, the English catalogue has them all (no untranslated
or fuzzy entry), and an English request gets English from a service error on a page and in
the API. The checks are the library's (tests/knowledge/test_editing_i18n.py), over networks."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from networks import services
from tests.knowledge.test_editing_i18n import _po_entries, _untranslated_messages

NETWORKS = Path(__file__).resolve().parents[2] / "networks"
# The pages (views/) raise only the services' errors and gettext'd refusals; their many
# header and context strings would be false alarms for this check.
CHECKED = [
    *sorted((NETWORKS / "services").glob("*.py")),
    *sorted((NETWORKS / "selectors").glob("*.py")),
    *sorted((NETWORKS / "api").glob("*.py")),
    NETWORKS / "permissions.py",
    NETWORKS / "forms.py",
]


def test_every_message_networks_raises_is_marked_for_translation():
    unmarked = [m for path in CHECKED for m in _untranslated_messages(path)]
    assert not unmarked, "\n".join(unmarked)


def test_the_english_catalogue_of_networks_is_complete():
    po = NETWORKS / "locale" / "en" / "LC_MESSAGES" / "django.po"
    entries = [e for e in _po_entries(po) if e[1]]
    assert len(entries) > 500
    assert [msgid for flags, msgid, _ in entries if "fuzzy" in flags] == []
    assert [msgid for flags, msgid, msgstrs in entries if not all(msgstrs)] == []


def test_a_service_error_is_in_the_active_language(
    held_meeting, coming_meeting, planner, outside_planner, municipality
):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.take_home_save(meeting=coming_meeting, organisation=municipality, text="x", actor=planner)
    assert exc.value.messages == ["The take-home summary is written once the meeting has started."]
    with translation.override("en"), pytest.raises(PermissionDenied) as denied:
        services.meeting_cancel(meeting=coming_meeting, reason="", actor=planner)
    assert str(denied.value) == "Only the network's coordinators can do this."
    with translation.override("sv"), pytest.raises(PermissionDenied) as denied:
        services.meeting_cancel(meeting=coming_meeting, reason="", actor=planner)
    assert str(denied.value) == "Bara nätverkets samordnare kan göra det här."


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"  # tests/conftest.py puts Swedish back afterwards


def test_an_english_page_shows_the_services_errors_in_english(client, coordinator, fol, english):
    client.force_login(coordinator)
    response = client.post(
        "/natverk/nytt/",
        {
            "name": "Nätverket",
            "slug": "deltagande",
            "kind": "network",
            "mandate": "none",
            "status": "active",
            "visibility": "public",
            "reminder_days": "3",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400 and '<html lang="en">' in body
    assert "The short address “deltagande” is reserved for a page of the portal. Choose another." in body
    assert "reserverad" not in body


def test_the_api_answers_a_service_error_in_english(client, planner, coming_meeting, english):
    client.force_login(planner)
    response = client.post(f"/api/v1/meetings/{coming_meeting.pk}/cancel/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only the network's coordinators can do this."
