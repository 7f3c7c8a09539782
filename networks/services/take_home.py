"""Take-home summaries (hemtagande): each invited organisation's representative writes what
they bring home to their own organisation; the coordinator writes the meeting's general one
with the minutes (and may write any invited organisation's)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Meeting, Minutes, Organisation, TakeHome
from ..permissions import require_take_home_writer, user_person


def _require_held(meeting: Meeting):
    if meeting.is_cancelled:
        raise ValidationError({"__all__": _("Mötet är inställt; det finns inget hemtagande att skriva.")})
    if meeting.starts_at > timezone.now():
        raise ValidationError({"__all__": _("Hemtagandet skrivs när mötet har börjat.")})


@transaction.atomic
def take_home_save(*, meeting: Meeting, organisation: Organisation | None, text: str, actor) -> TakeHome | None:
    """Writes (or, with an empty text, removes) `organisation`'s take-home of the meeting;
    `organisation` None is the meeting's general take-home, which is part of the minutes and
    so cannot change once they are published. Returns the take-home, or None when removed."""
    require_take_home_writer(actor, meeting, organisation)
    _require_held(meeting)
    if organisation is None and Minutes.objects.filter(meeting=meeting, status=Minutes.Status.PUBLISHED).exists():
        raise ValidationError({"__all__": _("Protokollet är publicerat och kan inte ändras.")})
    text = (text or "").strip()
    existing = (
        TakeHome.objects.select_for_update().filter(meeting=meeting, organisation=organisation).order_by().first()
    )
    if not text:
        if existing is not None:
            existing.delete()
        return None
    take_home = existing or TakeHome(meeting=meeting, organisation=organisation)
    take_home.text = text
    take_home.written_by = user_person(actor)
    take_home.save()
    return take_home
