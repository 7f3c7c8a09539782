"""Every write to the network registry and its meetings. Each service checks the actor's
right and the object's state, saves inside a transaction, and schedules notifications with
`transaction.on_commit`. Broken rules raise Django's ValidationError (Swedish, keyed by
field) or PermissionDenied; the pages, the API and the admin actions all call these."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import (
    ActionItem,
    AgendaItem,
    CalendarToken,
    CompositionRule,
    Decision,
    Invitation,
    Meeting,
    MeetingSeries,
    Membership,
    MembershipRole,
    Minutes,
    Network,
    NetworkLine,
    Organisation,
    Person,
    SentNotification,
)
from .permissions import can_create_network, can_manage, member_organisation_ids, user_person
from .registry import link_providers

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DEFAULT_AGENDA_DEADLINE = timedelta(days=7)
MAX_SERIES_MEETINGS = 60
S = Meeting.Status


def _local(dt) -> str:
    return date_format(timezone.localtime(dt, STOCKHOLM), "Y-m-d H:i")


def _require_manager(actor, network):
    if not can_manage(actor, network):
        raise PermissionDenied(_("Bara nätverkets samordnare kan göra det här."))


def _notify(kind: str, meeting: Meeting):
    from . import tasks

    meeting_id = meeting.pk
    transaction.on_commit(lambda: tasks.notify_meeting.delay(kind, meeting_id))


def _notify_series_invitation(series_id: int):
    """One invitation per person listing the series' meetings, instead of one per meeting."""
    from . import tasks

    transaction.on_commit(lambda: tasks.notify_series_invitation.delay(series_id))


# --- the registry ---------------------------------------------------------------------------

NETWORK_FIELDS = [
    "name",
    "short_name",
    "kind",
    "purpose",
    "mandate",
    "mandate_note",
    "target_group",
    "convenor",
    "meetings_per_year",
    "rhythm_note",
    "rotating_host",
    "reminder_days",
    "status",
    "visibility",
    "website",
]


@transaction.atomic
def network_create(*, data: dict, actor, focus_areas=None, coordinators=None) -> Network:
    if not can_create_network(actor):
        raise PermissionDenied(_("Bara samordnare kan registrera nätverk."))
    values = {k: v for k, v in data.items() if k in NETWORK_FIELDS}
    slug = data.get("slug") or slugify(values.get("short_name") or values.get("name", ""))
    network = Network(slug=slug, **values)
    network.full_clean()
    network.save()
    if focus_areas is not None:
        network.focus_areas.set(focus_areas)
    network.coordinators.set(coordinators if coordinators is not None else [actor])
    actor.__dict__.pop("_managed_network_ids", None)  # permissions.can_manage caches per request
    return network


@transaction.atomic
def network_update(*, network: Network, data: dict, actor, focus_areas=None) -> Network:
    _require_manager(actor, network)
    for key, value in data.items():
        if key in NETWORK_FIELDS:
            setattr(network, key, value)
    network.full_clean()
    network.save()
    if focus_areas is not None:
        network.focus_areas.set(focus_areas)
    return network


def _reports_to_path(start: Network, goal: Network) -> bool:
    """True when `start` already reaches `goal` by reporting lines (a new line would close a loop)."""
    seen, frontier = set(), {start.pk}
    while frontier:
        if goal.pk in frontier:
            return True
        seen |= frontier
        frontier = (
            set(
                NetworkLine.objects.filter(source_id__in=frontier, kind=NetworkLine.Kind.REPORTS_TO).values_list(
                    "target_id", flat=True
                )
            )
            - seen
        )
    return False


@transaction.atomic
def network_line_add(*, source: Network, target: Network, kind: str, actor, note: str = "") -> NetworkLine:
    _require_manager(actor, source)
    if source.pk == target.pk:
        raise ValidationError({"target": _("Ett nätverk kan inte ha en linje till sig självt.")})
    if kind == NetworkLine.Kind.REPORTS_TO and _reports_to_path(target, source):
        raise ValidationError(
            {
                "target": _("%(target)s rapporterar redan (via andra) till %(source)s; linjen skulle bli en cirkel.")
                % {"target": target, "source": source}
            }
        )
    line, _created = NetworkLine.objects.get_or_create(source=source, target=target, kind=kind, defaults={"note": note})
    return line


# --- composition and memberships -----------------------------------------------------------


def _rules_for(rules: list[CompositionRule], organisation: Organisation) -> list[CompositionRule]:
    """A rule for the organisation itself overrides rules for its kind; general rules always apply."""
    specific = [r for r in rules if r.organisation_id == organisation.pk]
    by_kind = [r for r in rules if not r.organisation_id and r.organisation_kind == organisation.kind]
    general = [r for r in rules if not r.organisation_id and not r.organisation_kind]
    return (specific or by_kind) + general


def _rule_counts(rule: CompositionRule, role: str) -> bool:
    """A rule without a role counts the seats: not substitutes, and not the secretary, who
    serves the network without a seat in it."""
    if rule.role:
        return role == rule.role
    return role not in (MembershipRole.SUBSTITUTE, MembershipRole.SECRETARY)


def _rule_text(rule: CompositionRule) -> str:
    role = rule.get_role_display().lower() if rule.role else _("ledamöter")
    if rule.max_count is not None and rule.max_count == rule.min_count:
        return _("%(n)s %(role)s") % {"n": rule.max_count, "role": role}
    if rule.max_count is not None:
        return _("högst %(n)s %(role)s") % {"n": rule.max_count, "role": role}
    return _("minst %(n)s %(role)s") % {"n": rule.min_count, "role": role}


def _check_composition(membership: Membership):
    rules = list(membership.network.rules.all())
    if not rules:
        return
    overlapping = Membership.objects.filter(network=membership.network, organisation=membership.organisation).filter(
        Q(end__isnull=True) | Q(end__gte=membership.start)
    )
    if membership.end:
        overlapping = overlapping.filter(start__lte=membership.end)
    if membership.pk:
        overlapping = overlapping.exclude(pk=membership.pk)
    roles_held = list(overlapping.values_list("role", flat=True))
    for rule in _rules_for(rules, membership.organisation):
        if rule.max_count is None or not _rule_counts(rule, membership.role):
            continue
        count = sum(1 for role in roles_held if _rule_counts(rule, role))
        if count + 1 > rule.max_count:
            role_name = rule.get_role_display().lower() if rule.role else _("ledamöter")
            raise ValidationError(
                {
                    "person": _(
                        "%(network)s tar emot högst %(max)s %(role)s från %(organisation)s, och det finns redan "
                        "%(count)s. Avsluta ett befintligt medlemskap först."
                    )
                    % {
                        "network": membership.network,
                        "max": rule.max_count,
                        "role": role_name,
                        "organisation": membership.organisation,
                        "count": count,
                    }
                }
            )


def _validate_membership(membership: Membership):
    errors = {}
    if membership.end and membership.start and membership.end < membership.start:
        errors["end"] = _("Slutdatum kan inte vara före startdatum.")
    if membership.person_id and membership.person.organisation_id != membership.organisation_id:
        errors["person"] = _("%(person)s arbetar inte på %(organisation)s. Välj en person från organisationen.") % {
            "person": membership.person.name,
            "organisation": membership.organisation,
        }
    if errors:
        raise ValidationError(errors)
    _check_composition(membership)


@transaction.atomic
def membership_add(
    *,
    network: Network,
    organisation: Organisation,
    actor,
    person: Person | None = None,
    role=None,
    start=None,
    end=None,
    note: str = "",
) -> Membership:
    _require_manager(actor, network)
    # Serialise additions per network, so two concurrent additions cannot both pass the maximum.
    Network.objects.select_for_update().filter(pk=network.pk).first()
    membership = Membership(
        network=network,
        organisation=organisation,
        person=person,
        role=role or MembershipRole.MEMBER,
        start=start or timezone.localdate(),
        end=end,
        note=note,
    )
    _validate_membership(membership)
    membership.save()
    _invite_to_upcoming(network, organisation)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, actor, end=None) -> Membership:
    _require_manager(actor, membership.network)
    membership.end = end or timezone.localdate()
    if membership.end < membership.start:
        raise ValidationError({"end": _("Slutdatum kan inte vara före startdatum.")})
    membership.save(update_fields=["end"])
    return membership


def composition_report(network: Network, *, on=None) -> list[dict]:
    """Where today's membership breaks the declared composition: one row per organisation
    and rule that is not met ({organisation, rule, count, min, max, problem})."""
    on = on or timezone.localdate()
    rules = list(network.rules.select_related("organisation"))
    if not rules:
        return []
    active = list(Membership.objects.active(on).filter(network=network).values_list("organisation_id", "role"))
    member_ids = {org_id for org_id, _role in active}
    kinds = {r.organisation_kind for r in rules if r.organisation_kind}
    organisations = Organisation.objects.filter(
        Q(pk__in=member_ids) | Q(kind__in=kinds) | Q(pk__in=[r.organisation_id for r in rules if r.organisation_id])
    ).order_by("name")
    rows = []
    for org in organisations:
        roles_held = [role for org_id, role in active if org_id == org.pk]
        for rule in _rules_for(rules, org):
            count = sum(1 for role in roles_held if _rule_counts(rule, role))
            if count < rule.min_count:
                problem = _("saknar %(n)s") % {"n": rule.min_count - count}
            elif rule.max_count is not None and count > rule.max_count:
                problem = _("%(n)s för många") % {"n": count - rule.max_count}
            else:
                continue
            rows.append(
                {
                    "organisation": org,
                    "rule": rule,
                    "rule_text": rule.note or _rule_text(rule),
                    "count": count,
                    "problem": problem,
                }
            )
    return rows


# --- meetings ----------------------------------------------------------------------------------

MEETING_FIELDS = [
    "title",
    "description",
    "starts_at",
    "ends_at",
    "location_name",
    "address",
    "point",
    "online_url",
    "host",
    "invited_group",
    "agenda_deadline",
    "status",
]


def proposal_deadline(meeting: Meeting):
    return meeting.agenda_deadline or meeting.starts_at - DEFAULT_AGENDA_DEADLINE


def invited_organisation_ids(meeting: Meeting) -> set[int]:
    members = member_organisation_ids(meeting.network, timezone.localtime(meeting.starts_at, STOCKHOLM).date())
    if meeting.invited_group_id:
        members &= set(meeting.invited_group.organisations.values_list("pk", flat=True))
    return members


def meeting_conflicts(*, network: Network, day, organisation_ids, exclude_pk=None) -> list[dict]:
    """Other networks' meetings on `day` (Stockholm time) where any of `organisation_ids` is
    invited: [{meeting, organisations}] — a warning for the person scheduling."""
    start = datetime.combine(day, time.min, tzinfo=STOCKHOLM)
    end = start + timedelta(days=1)
    meetings = (
        Meeting.objects.not_cancelled()
        .filter(starts_at__lt=end, ends_at__gt=start)
        .exclude(network=network)
        .select_related("network", "invited_group")
    )
    if exclude_pk:
        meetings = meetings.exclude(pk=exclude_pk)
    meetings = list(meetings)
    if not meetings:
        return []
    networks = {m.network_id for m in meetings}
    members: dict[int, set[int]] = {}
    for net_id, org_id in (
        Membership.objects.active(day).filter(network_id__in=networks).values_list("network_id", "organisation_id")
    ):
        members.setdefault(net_id, set()).add(org_id)
    names = dict(Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name"))
    conflicts = []
    for m in meetings:
        invited = members.get(m.network_id, set())
        if m.invited_group_id:
            invited &= set(m.invited_group.organisations.values_list("pk", flat=True))
        shared = invited & set(organisation_ids)
        if shared:
            conflicts.append({"meeting": m, "organisations": sorted(names[o] for o in shared)})
    return conflicts


def suggested_next_host(network: Network):
    """For networks that rotate hosting: the member organisation that hosted longest ago (or never)."""
    if not network.rotating_host:
        return None
    members = list(
        Organisation.objects.filter(pk__in=member_organisation_ids(network)).order_by("name").values_list("pk", "name")
    )
    if not members:
        return None
    last_hosted = {}
    for host_id, starts_at in (
        Meeting.objects.filter(network=network, host__isnull=False)
        .not_cancelled()
        .order_by("starts_at")
        .values_list("host_id", "starts_at")
    ):
        last_hosted[host_id] = starts_at
    never = datetime.min.replace(tzinfo=STOCKHOLM)
    pk, _name = min(members, key=lambda m: (last_hosted.get(m[0], never), m[1]))
    return Organisation.objects.get(pk=pk)


def _validate_meeting(meeting: Meeting):
    errors = {}
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        errors["ends_at"] = _("Mötet måste sluta efter att det börjar. Ange en sluttid efter starttiden.")
    if meeting.invited_group_id and meeting.invited_group.network_id != meeting.network_id:
        errors["invited_group"] = _("Gruppen hör till ett annat nätverk.")
    if meeting.agenda_deadline and meeting.starts_at and meeting.agenda_deadline > meeting.starts_at:
        errors["agenda_deadline"] = _("Sista dag för förslag måste vara före mötet.")
    if errors:
        raise ValidationError(errors)


def _create_invitations(meeting: Meeting) -> int:
    orgs = invited_organisation_ids(meeting)
    on = timezone.localtime(meeting.starts_at, STOCKHOLM).date()
    rows = (
        Membership.objects.active(on)
        .filter(network=meeting.network, organisation_id__in=orgs, person__isnull=False)
        .exclude(role=MembershipRole.SUBSTITUTE)
        .values_list("person_id", "organisation_id")
        .distinct()
    )
    invitations = [Invitation(meeting=meeting, person_id=p, organisation_id=o) for p, o in rows]
    Invitation.objects.bulk_create(invitations, ignore_conflicts=True)
    return len(invitations)


def _invite_to_upcoming(network: Network, organisation: Organisation):
    series_ids = set()
    for meeting in Meeting.objects.filter(network=network).upcoming().not_cancelled().select_related("network"):
        if organisation.pk in invited_organisation_ids(meeting) and _create_invitations(meeting):
            if meeting.series_id:
                series_ids.add(meeting.series_id)
            else:
                _notify(SentNotification.Kind.INVITATION, meeting)
    for series_id in sorted(series_ids):
        _notify_series_invitation(series_id)


@transaction.atomic
def meeting_schedule(*, network: Network, data: dict, actor, series: MeetingSeries | None = None):
    """One meeting. Returns (meeting, warnings): warnings list other networks' meetings the
    same day for the invited organisations. A meeting of a series is invited to by the
    series' one invitation (see meeting_series_schedule), not by its own."""
    _require_manager(actor, network)
    values = {k: v for k, v in data.items() if k in MEETING_FIELDS}
    values.setdefault("status", S.PLANNED)
    if values["status"] in (S.CANCELLED, S.HELD, S.MINUTES_APPROVED):
        raise ValidationError({"status": _("Ett nytt möte kan bara vara planerat eller ha öppen dagordning.")})
    meeting = Meeting(network=network, series=series, **values)
    _validate_meeting(meeting)
    meeting.save()
    _create_invitations(meeting)
    carry_over_action_items(network)
    if series is None:
        _notify(SentNotification.Kind.INVITATION, meeting)
    day = timezone.localtime(meeting.starts_at, STOCKHOLM).date()
    warnings = meeting_conflicts(
        network=network, day=day, organisation_ids=invited_organisation_ids(meeting), exclude_pk=meeting.pk
    )
    return meeting, warnings


def series_occurrences(*, rrule: str, first_start: datetime, until=None, count=None) -> list[datetime]:
    """The start times of a series, in Stockholm wall-clock time (10.00 stays 10.00 across
    daylight saving), as aware datetimes."""
    errors = {}
    if not until and not count:
        errors["until"] = _("Ange ett slutdatum eller ett antal möten för serien.")
    if until and count:
        errors["count"] = _("Ange antingen slutdatum eller antal möten, inte båda.")
    rule_text = (rrule or "").strip().upper().removeprefix("RRULE:")
    if any(part.startswith(("UNTIL=", "COUNT=")) for part in rule_text.split(";")):
        errors["rrule"] = _("Ange slutdatum eller antal i fälten för det, inte i upprepningsregeln.")
    if errors:
        raise ValidationError(errors)
    local_start = timezone.localtime(first_start, STOCKHOLM).replace(tzinfo=None)
    if until and until < local_start.date():
        raise ValidationError({"until": _("Slutdatumet måste vara efter det första mötet.")})
    try:
        rule = rrulestr(
            rule_text,
            dtstart=local_start,
            forceset=False,
            ignoretz=True,
        )
        rule = rule.replace(
            until=datetime.combine(until, time.max) if until else None,
            count=count if count else None,
        )
    except (ValueError, TypeError) as exc:
        raise ValidationError({"rrule": _("Upprepningsregeln går inte att läsa: %(error)s") % {"error": exc}})
    starts = []
    for naive in rule:
        starts.append(naive.replace(tzinfo=STOCKHOLM))
        if len(starts) > MAX_SERIES_MEETINGS:
            raise ValidationError(
                {
                    "count": _("En serie kan ha högst %(n)s möten. Välj ett tidigare slutdatum.")
                    % {"n": MAX_SERIES_MEETINGS}
                }
            )
    if not starts:
        raise ValidationError({"rrule": _("Regeln ger inga möten. Kontrollera startdatum och slutdatum.")})
    return starts


@transaction.atomic
def meeting_series_schedule(
    *,
    network: Network,
    title: str,
    rrule: str,
    first_start,
    duration_minutes: int,
    actor,
    until=None,
    count=None,
    data: dict | None = None,
):
    """A series: stores the rule and creates each meeting; each invited person gets one
    invitation listing them all. Returns (series, meetings, warnings)."""
    _require_manager(actor, network)
    if not duration_minutes or duration_minutes <= 0:
        raise ValidationError({"duration_minutes": _("Ange mötets längd i minuter (mer än 0).")})
    starts = series_occurrences(rrule=rrule, first_start=first_start, until=until, count=count)
    series = MeetingSeries.objects.create(
        network=network,
        title=title,
        rrule=rrule.strip().upper().removeprefix("RRULE:"),
        first_start=first_start,
        duration_minutes=duration_minutes,
        until=until,
        count=count,
    )
    meetings, warnings = [], []
    for start in starts:
        values = {
            **(data or {}),
            "title": title,
            "starts_at": start,
            "ends_at": start + timedelta(minutes=duration_minutes),
        }
        values.pop("agenda_deadline", None)
        meeting, found = meeting_schedule(network=network, data=values, actor=actor, series=series)
        meetings.append(meeting)
        warnings.extend(found)
    _notify_series_invitation(series.pk)
    return series, meetings, warnings


def _bump(meeting: Meeting, fields: list[str]):
    """Save `fields` and raise the calendar SEQUENCE: every change reaches the subscribers."""
    Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1)
    meeting.save(update_fields=[*fields, "updated_at"])
    meeting.refresh_from_db(fields=["sequence", "updated_at"])


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict, actor):
    """Returns (meeting, warnings)."""
    _require_manager(actor, meeting.network)
    if meeting.is_cancelled:
        raise ValidationError({"__all__": _("Mötet är inställt och kan inte ändras.")})
    changed = []
    for key, value in data.items():
        if key in MEETING_FIELDS and key != "status" and getattr(meeting, key) != value:
            setattr(meeting, key, value)
            changed.append(key)
    if not changed:
        return meeting, []
    _validate_meeting(meeting)
    _bump(meeting, changed)
    if "invited_group" in changed:
        _create_invitations(meeting)
    day = timezone.localtime(meeting.starts_at, STOCKHOLM).date()
    return meeting, meeting_conflicts(
        network=meeting.network, day=day, organisation_ids=invited_organisation_ids(meeting), exclude_pk=meeting.pk
    )


ALLOWED_TRANSITIONS = {
    S.PLANNED: {S.AGENDA_OPEN, S.AGENDA_CLOSED, S.HELD},
    S.AGENDA_OPEN: {S.AGENDA_CLOSED, S.PLANNED, S.HELD},
    S.AGENDA_CLOSED: {S.AGENDA_OPEN, S.HELD},
    S.HELD: {S.MINUTES_APPROVED},
    S.MINUTES_APPROVED: set(),
    S.CANCELLED: set(),
}


@transaction.atomic
def meeting_set_status(*, meeting: Meeting, status: str, actor) -> Meeting:
    _require_manager(actor, meeting.network)
    if status == S.CANCELLED:
        return meeting_cancel(meeting=meeting, reason="", actor=actor)
    if status == meeting.status:
        return meeting
    if status not in ALLOWED_TRANSITIONS.get(meeting.status, set()):
        raise ValidationError(
            {
                "status": _("Ett möte med status ”%(current)s” kan inte få status ”%(new)s”.")
                % {"current": meeting.get_status_display(), "new": S(status).label}
            }
        )
    if status == S.HELD and meeting.starts_at > timezone.now():
        raise ValidationError({"status": _("Mötet kan markeras som genomfört först när det har börjat.")})
    meeting.status = status
    _bump(meeting, ["status"])
    if status == S.HELD:
        carry_over_action_items(meeting.network)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, actor) -> Meeting:
    _require_manager(actor, meeting.network)
    if meeting.is_cancelled:
        return meeting
    if meeting.status in (S.HELD, S.MINUTES_APPROVED):
        raise ValidationError({"__all__": _("Mötet är redan genomfört och kan inte ställas in.")})
    meeting.status = S.CANCELLED
    meeting.cancelled_reason = reason or ""
    _bump(meeting, ["status", "cancelled_reason"])
    carry_over_action_items(meeting.network)
    _notify(SentNotification.Kind.CANCELLATION, meeting)
    return meeting


# --- the agenda ------------------------------------------------------------------------------


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


def proposals_open(meeting: Meeting, now=None) -> bool:
    """The agenda takes members' proposals (and changes to them): open, before the cut-off."""
    now = now or timezone.now()
    return not meeting.is_cancelled and meeting.status == S.AGENDA_OPEN and now <= proposal_deadline(meeting)


def _require_member_during_proposals(person, meeting: Meeting):
    """What a member (not a coordinator) needs to propose an item or change their proposal."""
    if person is None or person.organisation_id not in member_organisation_ids(meeting.network):
        raise PermissionDenied(
            _("Bara personer från nätverkets medlemsorganisationer kan föreslå punkter till dagordningen.")
        )
    if meeting.is_cancelled:
        raise ValidationError({"__all__": _("Mötet är inställt; det går inte att föreslå punkter.")})
    if meeting.status != S.AGENDA_OPEN:
        raise ValidationError({"__all__": _("Dagordningen är inte öppen för förslag.")})
    deadline = proposal_deadline(meeting)
    if timezone.now() > deadline:
        raise ValidationError(
            {
                "__all__": _("Sista dag för förslag var %(deadline)s. Kontakta samordnaren.")
                % {"deadline": _local(deadline)}
            }
        )


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
        _require_member_during_proposals(person, meeting)
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
    _require_member_during_proposals(person, meeting)


PROPOSAL_KINDS = [k for k in AgendaItem.Kind.values if k != AgendaItem.Kind.FOLLOW_UP]


def agenda_item_kinds(*, item: AgendaItem, actor) -> list[str]:
    """The kinds `actor` may give the item: the coordinator every kind; the proposer the kinds
    of a proposal, plus the item's current kind (keeping it is no change)."""
    if can_manage(actor, item.meeting.network):
        return list(AgendaItem.Kind.values)
    return PROPOSAL_KINDS + ([item.kind] if item.kind not in PROPOSAL_KINDS else [])


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
    _require_manager(actor, item.meeting.network)
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
    _require_manager(actor, item.meeting.network)
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
    _require_manager(actor, meeting.network)
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
    _require_manager(actor, meeting.network)
    if meeting.is_cancelled:
        raise ValidationError({"__all__": _("Mötet är inställt.")})
    if not meeting.agenda_items.filter(status=AgendaItem.Status.ACCEPTED).exists():
        raise ValidationError({"__all__": _("Dagordningen har inga godtagna punkter ännu.")})
    meeting.agenda_published_at = timezone.now()
    fields = ["agenda_published_at"]
    if meeting.status in (S.PLANNED, S.AGENDA_OPEN):
        meeting.status = S.AGENDA_CLOSED
        fields.append("status")
    _bump(meeting, fields)
    _notify(SentNotification.Kind.AGENDA_PUBLISHED, meeting)
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


# --- replies and attendance -------------------------------------------------------------------


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
    _require_manager(actor, meeting.network)
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
        _bump(meeting, ["status"])
    return len(attended)


# --- minutes, decisions, action items -------------------------------------------------------------


def _require_started(meeting: Meeting):
    if meeting.is_cancelled:
        raise ValidationError({"__all__": _("Mötet är inställt.")})
    if meeting.starts_at > timezone.now():
        raise ValidationError({"__all__": _("Protokoll och beslut skrivs när mötet har börjat.")})


@transaction.atomic
def minutes_save(*, meeting: Meeting, actor, text: str = "", summary: str = "") -> Minutes:
    _require_manager(actor, meeting.network)
    _require_started(meeting)
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting)
    if minutes.status == Minutes.Status.PUBLISHED:
        raise ValidationError({"__all__": _("Protokollet är publicerat och kan inte ändras.")})
    minutes.text = text
    minutes.summary = summary
    minutes.save()
    return minutes


@transaction.atomic
def minutes_approve(*, meeting: Meeting, actor) -> Minutes:
    _require_manager(actor, meeting.network)
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
        _bump(meeting, ["status"])
    return minutes


@transaction.atomic
def minutes_publish(*, meeting: Meeting, actor) -> Minutes:
    _require_manager(actor, meeting.network)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or minutes.status == Minutes.Status.DRAFT:
        raise ValidationError({"__all__": _("Protokollet måste justeras innan det publiceras.")})
    if minutes.status == Minutes.Status.PUBLISHED:
        return minutes
    minutes.status = Minutes.Status.PUBLISHED
    minutes.published_at = timezone.now()
    minutes.save()
    carry_over_action_items(meeting.network)
    _notify(SentNotification.Kind.MINUTES_PUBLISHED, meeting)
    return minutes


@transaction.atomic
def decision_add(*, meeting: Meeting, text: str, actor, kind=None, agenda_item: AgendaItem | None = None) -> Decision:
    _require_manager(actor, meeting.network)
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
    _require_manager(actor, meeting.network)
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
    person = user_person(actor)
    if not (can_manage(actor, network) or (person is not None and action_item.owner_id == person.pk)):
        raise PermissionDenied(_("Bara samordnaren eller den ansvariga kan markera åtgärden som klar."))
    action_item.done_at = timezone.now() if done else None
    action_item.save(update_fields=["done_at"])
    if not done:
        carry_over_action_items(network)
    return action_item


# --- personal calendar -----------------------------------------------------------------------


def calendar_token_for(user) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def calendar_token_reset(user) -> CalendarToken:
    CalendarToken.objects.filter(user=user).delete()
    return CalendarToken.objects.create(user=user)
