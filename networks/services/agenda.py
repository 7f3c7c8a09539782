"""The agenda: members propose items, the coordinator accepts, declines, orders and
publishes; open action items are carried to the next meeting."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ActionItem, AgendaItem, Meeting, Network, SentNotification
from ..permissions import (
    agenda_item_check_edit,
    agenda_item_kinds,
    can_manage,
    require_manager,
    require_member_during_proposals,
    user_person,
)
from ..registry import link_providers
from .common import S, bump, notify


def _save_links(item: AgendaItem, links: dict | None, actor):
    if not links:
        return
    providers = {p.field_name: p for p in link_providers()}
    errors = {}
    for name, values in links.items():
        provider = providers.get(name)
        if provider is None:
            errors[name] = _("Okänd koppling: %(name)s.") % {"name": name}
            continue
        values = list(values or [])
        ids = [v.pk if hasattr(v, "pk") else v for v in values]
        allowed = list(provider.queryset(actor).filter(pk__in=ids))
        if len(allowed) != len(set(ids)):
            errors[name] = _("Några av de valda finns inte eller får inte väljas.")
            continue
        provider.save(item, allowed, actor)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agenda_item_propose(*, meeting: Meeting, data: dict, actor, links: dict | None = None) -> AgendaItem:
    """A member organisation's person proposes an item before the cut-off; a coordinator's
    own item is accepted at once."""
    network = meeting.network
    manager = can_manage(actor, network)
    person = user_person(actor)
    if meeting.is_cancelled:
        raise ValidationError({"__all__": _("Mötet är inställt; det går inte att föreslå punkter.")})
    if not manager:
        require_member_during_proposals(person, meeting)
    elif meeting.status in (S.HELD, S.MINUTES_APPROVED):
        raise ValidationError({"__all__": _("Mötet är redan genomfört.")})
    title = (data.get("title") or "").strip()
    if not title:
        raise ValidationError({"title": _("Ange en rubrik för punkten.")})
    item = AgendaItem(
        meeting=meeting,
        title=title,
        description=data.get("description", ""),
        kind=data.get("kind") or AgendaItem.Kind.DISCUSSION,
        presenter=data.get("presenter", ""),
        duration_minutes=data.get("duration_minutes"),
        proposed_by=person,
        proposer_organisation=person.organisation if person else None,
    )
    if manager:
        item.status = AgendaItem.Status.ACCEPTED
        item.decided_at = timezone.now()
        item.position = _next_position(meeting)
    item.full_clean(exclude=["meeting", "proposed_by", "proposer_organisation", "action_item"])
    item.save()
    _save_links(item, links, actor)
    return item


def _next_position(meeting: Meeting) -> int:
    last = meeting.agenda_items.filter(position__isnull=False).order_by("-position").values_list("position", flat=True)
    return (last.first() or 0) + 1


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, data: dict, actor, links: dict | None = None) -> AgendaItem:
    """The coordinator edits any item; the proposer edits their own while it is still a
    proposal and the agenda is open for proposals. All or nothing: a refused link undoes the rest."""
    agenda_item_check_edit(item=item, actor=actor)
    if "kind" in data and data["kind"] not in agenda_item_kinds(item=item, actor=actor):
        raise ValidationError({"kind": _("Den typen av punkt kan bara samordnaren välja.")})
    if "title" in data:
        data = {**data, "title": (data["title"] or "").strip()}
        if not data["title"]:
            raise ValidationError({"title": _("Ange en rubrik för punkten.")})
    for key in ("title", "description", "kind", "presenter", "duration_minutes"):
        if key in data:
            setattr(item, key, data[key])
    item.full_clean(exclude=["meeting", "proposed_by", "proposer_organisation", "action_item"])
    item.save()
    _save_links(item, links, actor)
    return item


@transaction.atomic
def agenda_item_accept(*, item: AgendaItem, actor, position=None, duration_minutes=None) -> AgendaItem:
    require_manager(actor, item.meeting.network)
    if item.meeting.is_cancelled:
        raise ValidationError({"__all__": _("Mötet är inställt.")})
    item.status = AgendaItem.Status.ACCEPTED
    item.decline_reason = ""
    item.decided_at = timezone.now()
    item.position = position if position is not None else (item.position or _next_position(item.meeting))
    if duration_minutes is not None:
        item.duration_minutes = duration_minutes
    item.save()
    return item


@transaction.atomic
def agenda_item_decline(*, item: AgendaItem, reason: str, actor) -> AgendaItem:
    require_manager(actor, item.meeting.network)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Ange varför punkten avböjs; förslagsställaren får se anledningen.")})
    item.status = AgendaItem.Status.DECLINED
    item.decline_reason = reason
    item.decided_at = timezone.now()
    item.position = None
    item.save()
    return item


@transaction.atomic
def agenda_order(*, meeting: Meeting, order: list[dict], actor) -> list[AgendaItem]:
    """order: [{"id": item id, "position": n, "duration_minutes": m}] for accepted items."""
    require_manager(actor, meeting.network)
    items = {i.pk: i for i in meeting.agenda_items.filter(status=AgendaItem.Status.ACCEPTED)}
    errors = []
    for row in order:
        item = items.get(int(row["id"]))
        if item is None:
            errors.append(_("Punkt %(id)s finns inte bland mötets godtagna punkter.") % {"id": row["id"]})
            continue
        if row.get("position") is not None:
            item.position = int(row["position"])
        if "duration_minutes" in row:
            item.duration_minutes = row["duration_minutes"]
    if errors:
        raise ValidationError({"order": errors})
    AgendaItem.objects.bulk_update(list(items.values()), ["position", "duration_minutes"])
    return sorted(items.values(), key=lambda i: (i.position or 0, i.pk))


@transaction.atomic
def agenda_publish(*, meeting: Meeting, actor) -> Meeting:
    """Publishes the accepted items (in their order) and closes the agenda to proposals."""
    require_manager(actor, meeting.network)
    if meeting.is_cancelled:
        raise ValidationError({"__all__": _("Mötet är inställt.")})
    if not meeting.agenda_items.filter(status=AgendaItem.Status.ACCEPTED).exists():
        raise ValidationError({"__all__": _("Dagordningen har inga godtagna punkter ännu.")})
    meeting.agenda_published_at = timezone.now()
    closes = meeting.status in (S.PLANNED, S.AGENDA_OPEN)
    if closes:
        meeting.status = S.AGENDA_CLOSED
    bump(meeting, ["agenda_published_at", "status"] if closes else ["agenda_published_at"])
    notify(SentNotification.Kind.AGENDA_PUBLISHED, meeting)
    return meeting


def carry_over_action_items(network: Network) -> int:
    """Open action items go on the agenda of the network's next coming meeting until done."""
    next_meeting = (
        Meeting.objects.filter(network=network, status__in=[S.PLANNED, S.AGENDA_OPEN, S.AGENDA_CLOSED])
        .upcoming()
        .order_by("starts_at")
        .first()
    )
    if next_meeting is None:
        return 0
    open_items = ActionItem.objects.filter(
        meeting__network=network, done_at__isnull=True, meeting__starts_at__lt=next_meeting.starts_at
    ).exclude(follow_ups__meeting=next_meeting)
    created = 0
    position = _next_position(next_meeting)
    for action in open_items.select_related("owner", "owner_organisation"):
        owner = action.owner.name if action.owner_id else (action.owner_organisation or "")
        try:
            with transaction.atomic():
                AgendaItem.objects.create(
                    meeting=next_meeting,
                    title=_("Uppföljning: %(title)s") % {"title": action.title},
                    description=_("Ansvarig: %(owner)s. Klart senast: %(due)s.")
                    % {"owner": owner or "–", "due": action.due.isoformat() if action.due else "–"},
                    kind=AgendaItem.Kind.FOLLOW_UP,
                    status=AgendaItem.Status.ACCEPTED,
                    action_item=action,
                    position=position,
                    decided_at=timezone.now(),
                )
        except IntegrityError:
            continue
        position += 1
        created += 1
    return created
