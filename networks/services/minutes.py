"""What a meeting leaves behind: minutes (written, approved, published), decisions and
recommendations, and action items."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ActionItem, AgendaItem, Decision, Meeting, Minutes, Network, Person, SentNotification
from ..permissions import can_mark_action_done, require_manager
from .agenda import carry_over_action_items
from .common import STOCKHOLM, S, bump, notify
from .take_home import take_home_save


def _require_started(meeting: Meeting):
    if meeting.is_cancelled:
        raise ValidationError({"__all__": _("Mötet är inställt.")})
    if meeting.starts_at > timezone.now():
        raise ValidationError({"__all__": _("Protokoll och beslut skrivs när mötet har börjat.")})


@transaction.atomic
def minutes_save(*, meeting: Meeting, actor, text: str = "", summary: str | None = None) -> Minutes:
    """The minutes' text; `summary`, when given, is the meeting's general take-home (an empty
    one removes it). Each organisation's own take-home: take_home.take_home_save."""
    require_manager(actor, meeting.network)
    _require_started(meeting)
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting)
    if minutes.status == Minutes.Status.PUBLISHED:
        raise ValidationError({"__all__": _("Protokollet är publicerat och kan inte ändras.")})
    minutes.text = text
    minutes.save()
    if summary is not None:
        take_home_save(meeting=meeting, organisation=None, text=summary, actor=actor)
    return minutes


@transaction.atomic
def minutes_approve(*, meeting: Meeting, actor) -> Minutes:
    require_manager(actor, meeting.network)
    _require_started(meeting)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or not minutes.text.strip():
        raise ValidationError({"text": _("Skriv protokollet innan det justeras.")})
    if minutes.status != Minutes.Status.DRAFT:
        raise ValidationError({"__all__": _("Protokollet är redan justerat.")})
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = timezone.now()
    minutes.save()
    if meeting.status != S.MINUTES_APPROVED:
        meeting.status = S.MINUTES_APPROVED
        bump(meeting, ["status"])
    return minutes


@transaction.atomic
def minutes_publish(*, meeting: Meeting, actor) -> Minutes:
    require_manager(actor, meeting.network)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or minutes.status == Minutes.Status.DRAFT:
        raise ValidationError({"__all__": _("Protokollet måste justeras innan det publiceras.")})
    if minutes.status == Minutes.Status.PUBLISHED:
        return minutes
    minutes.status = Minutes.Status.PUBLISHED
    minutes.published_at = timezone.now()
    minutes.save()
    carry_over_action_items(meeting.network)
    notify(SentNotification.Kind.MINUTES_PUBLISHED, meeting)
    return minutes


@transaction.atomic
def decision_add(*, meeting: Meeting, text: str, actor, kind=None, agenda_item: AgendaItem | None = None) -> Decision:
    require_manager(actor, meeting.network)
    _require_started(meeting)
    if not (text or "").strip():
        raise ValidationError({"text": _("Skriv beslutet eller rekommendationen.")})
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Punkten hör till ett annat möte.")})
    if kind == Decision.Kind.DECISION and meeting.network.mandate == Network.Mandate.NONE:
        raise ValidationError(
            {
                "kind": _("%(network)s har inget mandat att besluta; registrera en rekommendation i stället.")
                % {"network": meeting.network}
            }
        )
    return Decision.objects.create(
        meeting=meeting, text=text.strip(), kind=kind or Decision.Kind.DECISION, agenda_item=agenda_item
    )


@transaction.atomic
def action_item_add(
    *,
    meeting: Meeting,
    title: str,
    actor,
    owner: Person | None = None,
    owner_organisation=None,
    due=None,
    agenda_item: AgendaItem | None = None,
) -> ActionItem:
    require_manager(actor, meeting.network)
    _require_started(meeting)
    if not (title or "").strip():
        raise ValidationError({"title": _("Beskriv åtgärden.")})
    if owner is not None and owner_organisation is not None and owner.organisation_id != owner_organisation.pk:
        raise ValidationError({"owner": _("Den ansvariga personen arbetar inte på den ansvariga organisationen.")})
    if due is not None and due < timezone.localtime(meeting.starts_at, STOCKHOLM).date():
        raise ValidationError({"due": _("Datumet måste vara efter mötet.")})
    action = ActionItem.objects.create(
        meeting=meeting,
        title=title.strip(),
        owner=owner,
        owner_organisation=owner_organisation or (owner.organisation if owner else None),
        due=due,
        agenda_item=agenda_item,
    )
    carry_over_action_items(meeting.network)
    return action


@transaction.atomic
def action_item_done(*, action_item: ActionItem, actor, done: bool = True) -> ActionItem:
    network = action_item.meeting.network
    if not can_mark_action_done(actor, action_item):
        raise PermissionDenied(_("Bara samordnaren eller den ansvariga kan markera åtgärden som klar."))
    action_item.done_at = timezone.now() if done else None
    action_item.save(update_fields=["done_at"])
    if not done:
        carry_over_action_items(network)
    return action_item
