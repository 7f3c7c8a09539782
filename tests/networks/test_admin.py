"""Defect 4: the admin goes through the services. Adding or changing a network, a membership
or a line in the admin obeys the same rules as the pages (composition, reserved addresses,
people from the organisation, no loops, the coordinator's right); a broken rule is a form
error in the admin and nothing is saved. What a page already does (meetings, minutes …) is
read-only in the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import URLPattern, reverse

from networks import services
from networks.models import CompositionRule, Meeting, Membership, Network, NetworkLine
from planportal import roles
from planportal.service_admin import ReadOnlyModelAdmin
from tests.conftest import _user_with_role

from .factories import NetworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user_client(client, administrator):
    client.force_login(administrator)
    return client


def _network_form(**values):
    data = {
        "name": "Nytt nätverk",
        "short_name": "",
        "slug": "nytt-natverk",
        "kind": "network",
        "purpose": "",
        "mandate": "none",
        "mandate_note": "",
        "target_group": "",
        "rhythm_note": "",
        "reminder_days": "3",
        "status": "active",
        "visibility": "public",
        "website": "",
    }
    data.update(values)
    return data


def _membership_form(network, organisation, person=None, **values):
    data = {
        "network": network.pk,
        "organisation": organisation.pk,
        "person": person.pk if person else "",
        "role": "member",
        "start": "2026-01-01",
        "end": "",
        "note": "",
    }
    data.update(values)
    return data


def _errors(response) -> str:
    assert response.status_code == 200, response.status_code  # the form again, not a redirect
    form = response.context["adminform"].form
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def test_a_membership_over_the_composition_maximum_is_refused_in_the_admin(
    admin_user_client, fol, municipality, planner
):
    CompositionRule.objects.create(network=fol, organisation_kind="municipality", max_count=1)
    before = Membership.objects.count()
    second = _user_with_role(roles.PLANNER, municipality, username="second-planner").person
    response = admin_user_client.post(
        reverse("admin:networks_membership_add"), _membership_form(fol, municipality, second)
    )
    assert "tar emot högst 1" in _errors(response)
    assert Membership.objects.count() == before


def test_a_membership_with_a_person_of_another_organisation_is_refused_in_the_admin(
    admin_user_client, fol, other_municipality, planner
):
    before = Membership.objects.count()
    response = admin_user_client.post(
        reverse("admin:networks_membership_add"), _membership_form(fol, other_municipality, planner.person)
    )
    assert "arbetar inte på Grannkommun" in _errors(response)
    assert Membership.objects.count() == before


def test_a_membership_added_in_the_admin_invites_to_coming_meetings(
    admin_user_client, fol, coming_meeting, other_municipality
):
    from tests.factories import PersonFactory

    person = PersonFactory(organisation=other_municipality)
    response = admin_user_client.post(
        reverse("admin:networks_membership_add"),
        _membership_form(fol, other_municipality, person, start="2020-01-01"),
    )
    assert response.status_code == 302
    assert coming_meeting.invitations.filter(person=person).exists()  # as membership_add does


def test_ending_a_membership_in_the_admin_goes_through_the_service(admin_user_client, fol, municipality):
    membership = Membership.objects.get(network=fol, organisation=municipality)
    url = reverse("admin:networks_membership_change", args=[membership.pk])
    response = admin_user_client.post(url, {"end": "2000-01-01"})
    assert "Slutdatum kan inte vara före startdatum" in _errors(response)
    membership.refresh_from_db()
    assert membership.end is None
    assert admin_user_client.post(url, {"end": "2030-06-30"}).status_code == 302
    membership.refresh_from_db()
    assert str(membership.end) == "2030-06-30"


def test_a_network_with_the_address_of_a_page_is_refused_in_the_admin(admin_user_client):
    response = admin_user_client.post(reverse("admin:networks_network_add"), _network_form(slug="deltagande"))
    assert "reserverad" in _errors(response)
    assert not Network.objects.filter(slug="deltagande").exists()


def test_a_network_added_in_the_admin_is_registered_by_the_service(admin_user_client, administrator, coordinator):
    response = admin_user_client.post(
        reverse("admin:networks_network_add"), _network_form(coordinators=[coordinator.pk])
    )
    assert response.status_code == 302
    network = Network.objects.get(slug="nytt-natverk")
    assert list(network.coordinators.all()) == [coordinator]


def test_a_coordinator_cannot_change_another_network_in_the_admin(client, fol):
    other = _user_with_role(roles.COORDINATOR, None, username="other-staff-coordinator")
    other.is_staff = True
    other.save()
    # The coordinator role's admin permissions (networks/roles.py), given here by name.
    other.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="networks", codename__in=["view_network", "change_network"])
    )
    client.force_login(other)
    response = client.post(
        reverse("admin:networks_network_change", args=[fol.pk]),
        _network_form(name="Omdöpt", slug=fol.slug, coordinators=[]),
    )
    assert "samordnare" in _errors(response)
    fol.refresh_from_db()
    assert fol.name != "Omdöpt"


def test_a_reporting_loop_is_refused_in_the_admin(admin_user_client, administrator):
    a, b = NetworkFactory(name="A-nätverket"), NetworkFactory(name="B-nätverket")
    services.network_line_add(source=a, target=b, kind="reports_to", actor=administrator)
    response = admin_user_client.post(
        reverse("admin:networks_networkline_add"), {"source": b.pk, "target": a.pk, "kind": "reports_to", "note": ""}
    )
    assert "cirkel" in _errors(response)
    assert NetworkLine.objects.count() == 1


def test_what_a_page_does_is_read_only_in_the_admin(admin_user_client, held_meeting, coordinator):
    services.minutes_save(meeting=held_meeting, text="Protokoll", actor=coordinator)
    assert admin_user_client.get(reverse("admin:networks_meeting_add")).status_code == 403
    url = reverse("admin:networks_meeting_change", args=[held_meeting.pk])
    assert admin_user_client.post(url, {"title": "Ändrat"}).status_code == 403
    assert admin_user_client.post(reverse("admin:networks_meeting_delete", args=[held_meeting.pk])).status_code == 403
    minutes = held_meeting.minutes
    assert admin_user_client.post(reverse("admin:networks_minutes_change", args=[minutes.pk]), {}).status_code == 403
    held_meeting.refresh_from_db()
    assert held_meeting.title != "Ändrat" and Meeting.objects.filter(pk=held_meeting.pk).exists()


def test_reserved_slugs_cover_every_page_under_the_networks_address():
    from networks.urls import urlpatterns

    fixed = {
        str(p.pattern).split("/")[1].removesuffix(".csv")
        for p in urlpatterns
        if isinstance(p, URLPattern)
        and str(p.pattern).startswith("natverk/")
        and not str(p.pattern).startswith("natverk/<")
    }
    fixed.discard("")
    assert fixed and fixed <= services.RESERVED_SLUGS, fixed - services.RESERVED_SLUGS


def test_every_networks_admin_page_opens(admin_user_client, held_meeting, coordinator):
    from django.contrib import admin

    services.minutes_save(meeting=held_meeting, text="Protokoll", actor=coordinator)
    services.action_item_add(meeting=held_meeting, title="Skicka underlaget", actor=coordinator)
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "networks":
            continue
        name = f"admin:networks_{model._meta.model_name}"
        assert admin_user_client.get(reverse(f"{name}_changelist")).status_code == 200, name
        obj = model.objects.first()
        if obj is not None:
            assert admin_user_client.get(reverse(f"{name}_change", args=[obj.pk])).status_code == 200, name
        add = admin_user_client.get(reverse(f"{name}_add")).status_code
        assert add == (403 if isinstance(model_admin, ReadOnlyModelAdmin) else 200), name
