"""5. Attendance: invitations, replies (yes / no / maybe / substitute), recorded attendance.
6. Minutes draft → approved → published; decisions and recommendations; hemtagande."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from networks import services
from networks.models import Invitation, Minutes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_replies_yes_no_maybe_and_a_substitute(coming_meeting, planner, substitute_colleague):
    for reply in ("yes", "no", "maybe"):
        inv = services.meeting_reply(meeting=coming_meeting, actor=planner, reply=reply)
        assert inv.reply == reply and inv.substitute is None
    inv = services.meeting_reply(
        meeting=coming_meeting, actor=planner, reply="substitute", substitute=substitute_colleague, comment="Semester"
    )
    assert (inv.reply, inv.substitute, inv.comment) == ("substitute", substitute_colleague, "Semester")
    assert Invitation.objects.filter(meeting=coming_meeting, person=planner.person).count() == 1


def test_a_substitute_must_be_named_and_from_the_same_organisation(coming_meeting, planner):
    from tests.factories import PersonFactory

    with pytest.raises(ValidationError) as err:
        services.meeting_reply(meeting=coming_meeting, actor=planner, reply="substitute")
    assert "substitute" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.meeting_reply(meeting=coming_meeting, actor=planner, reply="substitute", substitute=PersonFactory())
    assert "samma organisation" in err.value.message_dict["substitute"][0]


def test_a_reply_to_a_cancelled_or_past_meeting_is_refused(coming_meeting, held_meeting, planner, coordinator):
    with pytest.raises(ValidationError) as err:
        services.meeting_reply(meeting=held_meeting, actor=planner, reply="yes")
    assert "redan varit" in err.value.message_dict["reply"][0]
    services.meeting_cancel(meeting=coming_meeting, reason="", actor=coordinator)
    with pytest.raises(ValidationError) as err:
        services.meeting_reply(meeting=coming_meeting, actor=planner, reply="yes")
    assert "inställt" in err.value.message_dict["reply"][0]
    assert not Invitation.objects.filter(reply="yes").exists()


def test_a_person_of_an_organisation_that_is_not_a_member_cannot_reply(coming_meeting, outside_planner):
    with pytest.raises(ValidationError) as err:
        services.meeting_reply(meeting=coming_meeting, actor=outside_planner, reply="yes")
    assert "inte inbjuden" in err.value.message_dict["person"][0]


def test_only_the_coordinator_replies_for_someone_else(coming_meeting, planner, coordinator, other_municipality):
    other_person = other_municipality.people.first()
    with pytest.raises(PermissionDenied):
        services.meeting_reply(meeting=coming_meeting, actor=planner, reply="yes", person=other_person)
    inv = services.meeting_reply(meeting=coming_meeting, actor=coordinator, reply="no", person=other_person)
    assert inv.person == other_person


def test_the_coordinator_records_who_attended(held_meeting, coordinator, substitute_colleague, planner):
    invitations = {i.organisation.name: i for i in held_meeting.invitations.select_related("organisation")}
    mine = invitations["Exempelkommun"]
    services.attendance_record(
        meeting=held_meeting,
        attended={mine.pk: True, invitations["Grannkommun"].pk: False, invitations["Region Örebro län"].pk: True},
        attended_by={mine.pk: substitute_colleague},
        actor=coordinator,
    )
    mine.refresh_from_db()
    assert mine.attended is True and mine.attended_by == substitute_colleague
    with pytest.raises(PermissionDenied):
        services.attendance_record(meeting=held_meeting, attended={mine.pk: False}, actor=planner)


def test_attendance_is_not_recorded_before_the_meeting(coming_meeting, coordinator):
    inv = coming_meeting.invitations.first()
    with pytest.raises(ValidationError):
        services.attendance_record(meeting=coming_meeting, attended={inv.pk: True}, actor=coordinator)


def test_minutes_draft_approved_published_with_hemtagande(held_meeting, coordinator, client, planner):
    services.minutes_save(
        meeting=held_meeting,
        text="Vi diskuterade strandskydd.",
        summary="Ta med hem: nya LIS-regler.",
        actor=coordinator,
    )
    with pytest.raises(ValidationError):  # not published before approval
        services.minutes_publish(meeting=held_meeting, actor=coordinator)
    # members see the draft, the public does not
    assert "Vi diskuterade strandskydd." not in client.get(held_meeting.get_absolute_url()).content.decode()
    client.force_login(planner)
    assert "Vi diskuterade strandskydd." in client.get(held_meeting.get_absolute_url()).content.decode()
    client.logout()
    services.minutes_approve(meeting=held_meeting, actor=coordinator)
    held_meeting.refresh_from_db()
    assert held_meeting.status == "minutes_approved"
    minutes = services.minutes_publish(meeting=held_meeting, actor=coordinator)
    assert minutes.status == Minutes.Status.PUBLISHED and minutes.published_at
    body = client.get(held_meeting.get_absolute_url()).content.decode()
    assert "Ta med hem: nya LIS-regler." in body and "Hemtagande" in body
    with pytest.raises(ValidationError):
        services.minutes_save(meeting=held_meeting, text="Ändrat", actor=coordinator)


def test_minutes_are_not_written_before_the_meeting(coming_meeting, coordinator):
    with pytest.raises(ValidationError):
        services.minutes_save(meeting=coming_meeting, text="För tidigt", actor=coordinator)


def test_decisions_and_recommendations_follow_the_mandate(held_meeting, coordinator, fol):
    with pytest.raises(ValidationError) as err:  # FOL has no mandate to decide
        services.decision_add(meeting=held_meeting, text="Beslut", kind="decision", actor=coordinator)
    assert "inget mandat att besluta" in err.value.message_dict["kind"][0]
    rec = services.decision_add(
        meeting=held_meeting, text="FOL rekommenderar …", kind="recommendation", actor=coordinator
    )
    assert rec.get_kind_display() == "Rekommendation"
    fol.mandate = "decides"
    fol.save()
    assert services.decision_add(meeting=held_meeting, text="Beslutat", kind="decision", actor=coordinator).pk


def test_an_action_item_has_owner_and_due_date(
    held_meeting, coordinator, planner, substitute_colleague, outside_planner, other_coordinator, client
):
    action = services.action_item_add(
        meeting=held_meeting,
        title="Skicka underlaget",
        owner=planner.person,
        due=held_meeting.starts_at.date(),
        actor=coordinator,
    )
    assert action.owner_organisation == planner.person.organisation
    # Someone else cannot mark it done: not a colleague of the owner, not a planner outside the
    # network, not a coordinator of another network, not the public (service and page alike).
    colleague = UserFactory(username="colleague")
    substitute_colleague.user = colleague
    substitute_colleague.save()
    for someone_else in (colleague, outside_planner, other_coordinator, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.action_item_done(action_item=action, actor=someone_else)
    client.force_login(colleague)
    url = f"/natverk/{held_meeting.network.slug}/atgarder/{action.pk}/klar/"
    assert client.post(url, {"done": "1"}).status_code == 403
    action.refresh_from_db()
    assert not action.is_done and action.done_at is None
    # The owner can, and reopen it; so can the coordinator.
    services.action_item_done(action_item=action, actor=planner)
    action.refresh_from_db()
    assert action.is_done
    services.action_item_done(action_item=action, actor=planner, done=False)
    action.refresh_from_db()
    assert not action.is_done
    services.action_item_done(action_item=action, actor=coordinator)
    action.refresh_from_db()
    assert action.is_done
