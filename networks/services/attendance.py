"""Replies to invitations before a meeting, and attendance after it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Invitation, Meeting, Person
from ..permissions import can_manage, require_manager, user_person
from ..selectors.meetings import invited_organisation_ids
from .common import S, bump


def _reply_window_open(meeting: Meeting):
    if meeting.is_cancelled:
        raise ValidationError({"reply": _("Mötet är inställt; det går inte att svara.")})
    if meeting.starts_at <= timezone.now() or meeting.status in (S.HELD, S.MINUTES_APPROVED):
        raise ValidationError({"reply": _("Mötet har redan varit; det går inte att svara längre.")})


@transaction.atomic
def meeting_reply(
    *,
    meeting: Meeting,
    actor,
    reply: str,
    substitute: Person | None = None,
    comment: str = "",
    person: Person | None = None,
) -> Invitation:
    """A reply from an invited organisation's person (yes / no / maybe / sends a substitute).
    The coordinator may reply for someone (`person`). A person of an invited organisation
    who was not invited by name gets an invitation with the reply."""
    _reply_window_open(meeting)
    manager = can_manage(actor, meeting.network)
    if person is None:
        person = user_person(actor)
        if person is None:
            raise PermissionDenied(_("Ditt konto är inte kopplat till en person i en medlemsorganisation."))
    elif not manager and person != user_person(actor):
        raise PermissionDenied(_("Du kan bara svara för dig själv."))
    if reply not in {c for c, _label in Invitation.Reply.choices if c}:
        raise ValidationError({"reply": _("Välj ett av svaren: kommer, kommer inte, kanske eller skickar ersättare.")})
    if person.organisation_id not in invited_organisation_ids(meeting):
        raise ValidationError(
            {"person": _("%(organisation)s är inte inbjuden till mötet.") % {"organisation": person.organisation}}
        )
    if reply == Invitation.Reply.SUBSTITUTE:
        if substitute is None:
            raise ValidationError({"substitute": _("Välj vem som kommer i ditt ställe.")})
        if substitute.organisation_id != person.organisation_id:
            raise ValidationError({"substitute": _("Ersättaren ska vara från samma organisation.")})
    else:
        substitute = None
    invitation, _created = Invitation.objects.get_or_create(
        meeting=meeting, person=person, defaults={"organisation_id": person.organisation_id}
    )
    invitation.reply = reply
    invitation.substitute = substitute
    invitation.comment = comment or ""
    invitation.replied_at = timezone.now()
    invitation.save()
    return invitation


@transaction.atomic
def attendance_record(*, meeting: Meeting, attended: dict, actor, attended_by: dict | None = None) -> int:
    """After the meeting: attended = {invitation id: True/False}; attended_by = {invitation id:
    Person} when someone else came for the organisation. Marks the meeting held."""
    require_manager(actor, meeting.network)
    if meeting.is_cancelled:
        raise ValidationError({"__all__": _("Mötet är inställt; det finns ingen närvaro att registrera.")})
    if meeting.starts_at > timezone.now():
        raise ValidationError({"__all__": _("Närvaron registreras efter mötet.")})
    invitations = {i.pk: i for i in meeting.invitations.all()}
    unknown = [key for key in attended if int(key) not in invitations]
    if unknown:
        raise ValidationError({"attended": _("Okända inbjudningar: %(ids)s.") % {"ids": ", ".join(map(str, unknown))}})
    attended_by = attended_by or {}
    for key, value in attended.items():
        invitation = invitations[int(key)]
        invitation.attended = bool(value)
        by = attended_by.get(key) or attended_by.get(int(key))
        if by is not None and by.organisation_id != invitation.organisation_id:
            raise ValidationError({"attended_by": _("Den som närvarade ska vara från samma organisation.")})
        invitation.attended_by = by if value else None
    Invitation.objects.bulk_update(list(invitations.values()), ["attended", "attended_by"])
    if meeting.status in (S.PLANNED, S.AGENDA_OPEN, S.AGENDA_CLOSED):
        meeting.status = S.HELD
        bump(meeting, ["status"])
    return len(attended)
