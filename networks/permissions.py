"""Who may do what with a network and its meetings. Reads go through the querysets'
`visible_to`; these helpers answer the per-object questions that services, views and
templates ask. `require_*` raise PermissionDenied (not yours) or ValidationError (not now)."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from planportal import roles

from .models import AgendaItem, Meeting
from .selectors.common import STOCKHOLM
from .selectors.meetings import meeting_organisation_ids, proposal_deadline
from .selectors.networks import member_organisation_ids

__all__ = [
    "PROPOSAL_KINDS",
    "agenda_item_check_edit",
    "agenda_item_kinds",
    "can_create_network",
    "can_manage",
    "is_insider",
    "is_member",
    "is_own_proposal",
    "member_organisation_ids",
    "proposals_open",
    "require_manager",
    "require_member_during_proposals",
    "require_take_home_writer",
    "take_home_organisation_ids",
    "user_person",
]


def user_person(user):
    """The Person record of the signed-in user, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


def can_create_network(user) -> bool:
    return roles.has_role(user, roles.COORDINATOR, roles.ADMINISTRATOR)


def can_manage(user, network) -> bool:
    """The coordinators of a network manage it; superusers manage every network."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_managed_network_ids", None)
    if cache is None:
        cache = set(user.coordinated_networks.values_list("pk", flat=True))
        user._managed_network_ids = cache
    return network.pk in cache


def require_manager(user, network) -> None:
    if not can_manage(user, network):
        raise PermissionDenied(_("Bara nätverkets samordnare kan göra det här."))


def is_member(user, network) -> bool:
    """The user's organisation is a member of the network today."""
    person = user_person(user)
    if person is None:
        return False
    return person.organisation_id in member_organisation_ids(network)


def is_insider(user, network) -> bool:
    return can_manage(user, network) or is_member(user, network)


# --- the agenda -----------------------------------------------------------------------------


def proposals_open(meeting: Meeting, now=None) -> bool:
    """The agenda takes members' proposals (and changes to them): open, before the cut-off."""
    now = now or timezone.now()
    return (
        not meeting.is_cancelled and meeting.status == Meeting.Status.AGENDA_OPEN and now <= proposal_deadline(meeting)
    )


def require_member_during_proposals(person, meeting: Meeting) -> None:
    """What a member (not a coordinator) needs to propose an item or change their proposal."""
    if person is None or person.organisation_id not in member_organisation_ids(meeting.network):
        raise PermissionDenied(
            _("Bara personer från nätverkets medlemsorganisationer kan föreslå punkter till dagordningen.")
        )
    if meeting.is_cancelled:
        raise ValidationError({"__all__": _("Mötet är inställt; det går inte att föreslå punkter.")})
    if meeting.status != Meeting.Status.AGENDA_OPEN:
        raise ValidationError({"__all__": _("Dagordningen är inte öppen för förslag.")})
    deadline = proposal_deadline(meeting)
    if timezone.now() > deadline:
        when = date_format(timezone.localtime(deadline, STOCKHOLM), "Y-m-d H:i")
        raise ValidationError(
            {"__all__": _("Sista dag för förslag var %(deadline)s. Kontakta samordnaren.") % {"deadline": when}}
        )


def is_own_proposal(item: AgendaItem, person) -> bool:
    """The item is `person`'s proposal that the coordinator has not decided on yet."""
    return person is not None and item.proposed_by_id == person.pk and item.status == AgendaItem.Status.PROPOSED


def agenda_item_check_edit(*, item: AgendaItem, actor) -> None:
    """Whether `actor` may change the item now: the coordinator any item; the proposer their
    own proposal, while the agenda takes proposals (the rules of proposing). Raises
    PermissionDenied (not theirs) or ValidationError (not now)."""
    meeting = item.meeting
    if can_manage(actor, meeting.network):
        return
    person = user_person(actor)
    if person is None or item.proposed_by_id != person.pk:
        raise PermissionDenied(_("Du kan bara ändra punkter som du själv har föreslagit."))
    if not is_own_proposal(item, person):
        raise ValidationError({"__all__": _("Samordnaren har redan behandlat punkten, så den kan inte ändras längre.")})
    require_member_during_proposals(person, meeting)


PROPOSAL_KINDS = [k for k in AgendaItem.Kind.values if k != AgendaItem.Kind.FOLLOW_UP]


def agenda_item_kinds(*, item: AgendaItem, actor) -> list[str]:
    """The kinds `actor` may give the item: the coordinator every kind; the proposer the kinds
    of a proposal, plus the item's current kind (keeping it is no change)."""
    if can_manage(actor, item.meeting.network):
        return list(AgendaItem.Kind.values)
    return PROPOSAL_KINDS + ([item.kind] if item.kind not in PROPOSAL_KINDS else [])


def can_mark_action_done(user, action_item) -> bool:
    """The coordinator, or the person the action item is for."""
    person = user_person(user)
    return can_manage(user, action_item.meeting.network) or (person is not None and action_item.owner_id == person.pk)


# --- take-home summaries ------------------------------------------------------------------------


def take_home_organisation_ids(user, meeting: Meeting) -> set[int]:
    """The organisations whose take-home `user` may write for the meeting: the coordinator any
    invited organisation's; a person of an invited organisation their own organisation's."""
    invited = meeting_organisation_ids(meeting)
    if can_manage(user, meeting.network):
        return invited
    person = user_person(user)
    return {person.organisation_id} & invited if person is not None else set()


def require_take_home_writer(user, meeting: Meeting, organisation) -> None:
    if organisation is None:
        if not can_manage(user, meeting.network):
            raise PermissionDenied(_("Bara nätverkets samordnare skriver mötets gemensamma hemtagande."))
        return
    if organisation.pk not in take_home_organisation_ids(user, meeting):
        raise PermissionDenied(
            _("Bara samordnaren och företrädare för %(organisation)s kan skriva organisationens hemtagande.")
            % {"organisation": organisation}
        )
