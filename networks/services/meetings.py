"""Scheduling meetings (one, or a series by an RFC 5545 rule), changing them, their status
and cancelling them; the invitations they send."""

from datetime import datetime, time, timedelta

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planportal.geo import SWEREF99TM, within_sweden

from ..models import (
    Invitation,
    Meeting,
    MeetingSeries,
    Membership,
    MembershipRole,
    Network,
    Organisation,
    SentNotification,
)
from ..permissions import require_manager
from ..selectors.meetings import invited_organisation_ids, meeting_conflicts
from .agenda import carry_over_action_items
from .common import STOCKHOLM, S, bump, notify, notify_series_invitation

MAX_SERIES_MEETINGS = 60


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


def _place_in_sweden(point):
    """A meeting's place (any SRID; the pages and the API send lon/lat) in SWEREF 99 TM, or a
    ValidationError on `point` when it is not in Sweden (planportal.geo.within_sweden)."""
    if point is None:
        return None
    if not within_sweden(point):
        raise ValidationError(
            {"point": _("Platsen ligger utanför Sverige. Ange latitud och longitud i Sverige, t.ex. 59.27 och 15.21.")}
        )
    return point if point.srid in (None, SWEREF99TM) else point.transform(SWEREF99TM, clone=True)


def create_invitations(meeting: Meeting) -> int:
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


def invite_to_upcoming(network: Network, organisation: Organisation):
    series_ids = set()
    for meeting in Meeting.objects.filter(network=network).upcoming().not_cancelled().select_related("network"):
        if organisation.pk in invited_organisation_ids(meeting) and create_invitations(meeting):
            if meeting.series_id:
                series_ids.add(meeting.series_id)
            else:
                notify(SentNotification.Kind.INVITATION, meeting)
    for series_id in sorted(series_ids):
        notify_series_invitation(series_id)


@transaction.atomic
def meeting_schedule(*, network: Network, data: dict, actor, series: MeetingSeries | None = None):
    """One meeting. Returns (meeting, warnings): warnings list other networks' meetings the
    same day for the invited organisations. A meeting of a series is invited to by the
    series' one invitation (see meeting_series_schedule), not by its own."""
    require_manager(actor, network)
    values = {k: v for k, v in data.items() if k in MEETING_FIELDS}
    values.setdefault("status", S.PLANNED)
    place = values.get("point")
    values["point"] = _place_in_sweden(place)
    if values["status"] in (S.CANCELLED, S.HELD, S.MINUTES_APPROVED):
        raise ValidationError({"status": _("Ett nytt möte kan bara vara planerat eller ha öppen dagordning.")})
    meeting = Meeting(network=network, series=series, **values)
    _validate_meeting(meeting)
    meeting.save()
    create_invitations(meeting)
    carry_over_action_items(network)
    if series is None:
        notify(SentNotification.Kind.INVITATION, meeting)
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
    require_manager(actor, network)
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
    notify_series_invitation(series.pk)
    return series, meetings, warnings


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict, actor):
    """Returns (meeting, warnings)."""
    require_manager(actor, meeting.network)
    if meeting.is_cancelled:
        raise ValidationError({"__all__": _("Mötet är inställt och kan inte ändras.")})
    if data.get("point") is not None:
        data = {**data, "point": _place_in_sweden(data["point"])}
    changed = []
    for key, value in data.items():
        if key in MEETING_FIELDS and key != "status" and getattr(meeting, key) != value:
            setattr(meeting, key, value)
            changed.append(key)
    if not changed:
        return meeting, []
    _validate_meeting(meeting)
    bump(meeting, changed)
    if "invited_group" in changed:
        create_invitations(meeting)
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
    require_manager(actor, meeting.network)
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
    bump(meeting, ["status"])
    if status == S.HELD:
        carry_over_action_items(meeting.network)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, actor) -> Meeting:
    require_manager(actor, meeting.network)
    if meeting.is_cancelled:
        return meeting
    if meeting.status in (S.HELD, S.MINUTES_APPROVED):
        raise ValidationError({"__all__": _("Mötet är redan genomfört och kan inte ställas in.")})
    meeting.status = S.CANCELLED
    meeting.cancelled_reason = reason or ""
    bump(meeting, ["status", "cancelled_reason"])
    carry_over_action_items(meeting.network)
    notify(SentNotification.Kind.CANCELLATION, meeting)
    return meeting
