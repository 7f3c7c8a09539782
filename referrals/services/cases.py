"""Registering, changing and deleting referral cases, their documents and their plan area
(parts 1 and 3 of issue 9). Every write checks the actor, runs in one transaction, records
events in the officers' words and recomputes the regional-interest check when the area changes."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.geos import MultiPolygon
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import Organisation
from planportal import areas as area_input
from planportal.geo import SWEREF99TM
from planportal.roles import ADMINISTRATOR, has_role
from planportal.uploads import DOCUMENT_KINDS, clean_name, validate_upload

from ..models import IntakeMessage, PlanType, Referral, ReferralDocument, ReferralEvent
from . import events, interests, numbering
from .words import sv

# Fields an officer gives on the registration and edit forms.
CASE_FIELDS = (
    "sender",
    "sender_reference",
    "plan_name",
    "plan_type",
    "phase",
    "received",
    "deadline",
    "contact_name",
    "contact_email",
    "contact_phone",
    "internal_notes",
    "previous",
)
REQUIRED_FIELDS = ("sender", "plan_name", "plan_type", "phase", "received", "deadline")
ATTACHMENT_KINDS = (*DOCUMENT_KINDS, "image", "shapefile_zip", "geojson", "csv")
# Warn when less than this share of the area lies within the sender municipality's boundary
# buffered by OUTSIDE_BUFFER_M (a plan reaching a little over the border is normal).
INSIDE_SHARE = 0.5
OUTSIDE_BUFFER_M = 2000


@dataclass
class AreaInput:
    """One way of giving a plan area: an already cleaned geometry (from planportal.area_field),
    an uploaded file, drawn GeoJSON (WGS 84), or the sender municipality's whole boundary."""

    area: MultiPolygon | None = None
    file: object = None
    drawn_geojson: str | None = None
    whole_municipality: bool = False
    source: str = ""  # Referral.AreaSource when `area` is given

    @property
    def given(self) -> bool:
        return bool(self.area is not None or self.file or (self.drawn_geojson or "").strip() or self.whole_municipality)


# --- checks ------------------------------------------------------------------------------------


def _check_fields(data: dict, *, partial=False) -> None:
    errors = {}
    if not partial:
        for name in REQUIRED_FIELDS:
            if data.get(name) in (None, ""):
                errors[name] = _("Fältet %(field)s behöver fyllas i.") % {
                    "field": Referral._meta.get_field(name).verbose_name
                }
    received, deadline = data.get("received"), data.get("deadline")
    if received and deadline and deadline < received:
        errors["deadline"] = _(
            "Sista svarsdag (%(deadline)s) är före inkommen-datum (%(received)s). "
            "Ange ett datum efter mottagningsdatum."
        ) % {
            "deadline": deadline,
            "received": received,
        }
    if data.get("plan_type") and data["plan_type"] not in PlanType.values:
        errors["plan_type"] = _("Okänd plantyp: %(value)s.") % {"value": data["plan_type"]}
    if errors:
        raise ValidationError(errors)


def duplicates(*, sender, sender_reference: str, phase: str, exclude_pk=None):
    """Cases registered before with the same sender, sender's reference and phase."""
    if not sender or not (sender_reference or "").strip():
        return Referral.objects.none()
    qs = Referral.objects.filter(sender=sender, sender_reference__iexact=sender_reference.strip(), phase=phase)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("diary_year", "diary_seq")


def _duplicate_warnings(data, exclude_pk=None) -> list[str]:
    found = list(
        duplicates(
            sender=data.get("sender"),
            sender_reference=data.get("sender_reference") or "",
            phase=data.get("phase"),
            exclude_pk=exclude_pk,
        )
    )
    if not found:
        return []
    return [
        _(
            "%(sender)s:s beteckning %(reference)s i skedet %(phase)s är redan registrerad som %(numbers)s. "
            "Kontrollera att det inte är samma remiss två gånger."
        )
        % {
            "sender": data["sender"],
            "reference": data["sender_reference"],
            "phase": dict(Referral._meta.get_field("phase").choices)[data["phase"]],
            "numbers": ", ".join(r.diary_number for r in found),
        }
    ]


def resolve_area(given: AreaInput, *, sender, field="area") -> tuple[MultiPolygon | None, str, list[str]]:
    """(geometry in SWEREF 99 TM or None, Referral.AreaSource, warnings) for one way of giving the
    area; refuses what is no area (points, lines, outside Sweden, unreadable) by field."""
    if given.whole_municipality:
        if sender is None or sender.boundary is None:
            raise ValidationError(
                {
                    field: _("%(sender)s har ingen kommungräns i portalen; rita eller ladda upp planområdet.")
                    % {"sender": sender or _("Avsändaren")}
                }
            )
        return MultiPolygon(list(sender.boundary), srid=sender.boundary.srid), Referral.AreaSource.MUNICIPALITY, []
    if given.area is not None:
        geometry, warnings, source = given.area, [], given.source or Referral.AreaSource.DRAWN
        if geometry.srid != SWEREF99TM:
            geometry = geometry.transform(SWEREF99TM, clone=True)
    elif given.file:
        geometry, warnings = area_input.area_from_file(given.file, field=field)
        source = Referral.AreaSource.UPLOAD
    elif (given.drawn_geojson or "").strip():
        geometry, warnings = area_input.area_from_geojson(given.drawn_geojson, field=field)
        source = Referral.AreaSource.DRAWN
    else:
        return None, "", []
    if not isinstance(geometry, MultiPolygon):
        geometry = MultiPolygon(geometry, srid=geometry.srid)
    return geometry, source, warnings + _outside_warnings(geometry, sender)


def _outside_warnings(geometry, sender) -> list[str]:
    if sender is None or sender.boundary is None or not sender.is_municipality:
        return []
    inside = geometry.intersection(sender.boundary.buffer(OUTSIDE_BUFFER_M)).area
    share = inside / geometry.area if geometry.area else 1
    if share >= INSIDE_SHARE:
        return []
    return [
        _(
            "Planområdet ligger till största delen utanför %(sender)s (%(share)s %% inom kommungränsen med "
            "%(buffer)s km marginal). Kontrollera att ytan och avsändaren är rätt."
        )
        % {"sender": sender, "share": round(share * 100), "buffer": OUTSIDE_BUFFER_M // 1000}
    ]


# --- documents ---------------------------------------------------------------------------------


def _add_documents(referral, documents, *, from_email=False, field="documents") -> list[ReferralDocument]:
    """Each item: {"file": UploadedFile} or {"url": str, "name": str}, plus "is_public" (default
    True). Files pass planportal's upload check and are stored under generated names."""
    added = []
    for item in documents or ():
        is_public = bool(item.get("is_public", True))
        upload = item.get("file")
        if upload is not None:
            checked = validate_upload(upload, kinds=ATTACHMENT_KINDS, field=field)
            document = ReferralDocument(
                referral=referral,
                name=(item.get("name") or checked.name)[:255],
                content_type=checked.content_type,
                size=checked.size,
                is_public=is_public,
                from_email=from_email,
            )
            document.file.save(checked.name, upload, save=False)
        else:
            url = (item.get("url") or "").strip()
            if not url:
                continue
            document = ReferralDocument(
                referral=referral,
                name=(item.get("name") or url.rsplit("/", 1)[-1] or url)[:255],
                url=url,
                is_public=is_public,
                from_email=from_email,
            )
        document.full_clean(exclude=["referral", "file"])
        document.save()
        added.append(document)
    return added


def _attachment_documents(referral, intake: IntakeMessage, *, confidential=()) -> tuple[list, list[str]]:
    """The dropped e-mail's attachments as the case's documents (checked like any upload; one
    that fails is left out and said)."""
    from ..intake import draft_from_email

    warnings, items = [], []
    with intake.file.open("rb") as handle:
        draft = draft_from_email(handle.read(), filename=intake.filename)
    for attachment in draft.attachments:
        name = clean_name(attachment.filename)
        upload = ContentFile(attachment.data, name=name)
        try:
            validate_upload(upload, kinds=ATTACHMENT_KINDS, field=None)
        except ValidationError as exc:
            reason = exc.messages[0]
            warnings.append(_("Bilagan %(name)s sparades inte: %(reason)s") % {"name": name, "reason": reason})
            continue
        items.append({"file": upload, "name": name, "is_public": name not in set(confidential)})
    return _add_documents(referral, items, from_email=True), warnings


def document_add(*, referral, documents, actor) -> list[ReferralDocument]:
    events.require_officer(actor)
    with transaction.atomic():
        added = _add_documents(referral, documents)
        for document in added:
            events.record(
                referral,
                ReferralEvent.Kind.DOCUMENT_ADDED,
                actor=actor,
                summary=sv("Handling tillagd: %(name)s", name=document.name),
                document=document.pk,
                public=document.is_public,
            )
    return added


def document_remove(*, document, actor) -> None:
    events.require_officer(actor)
    referral = document.referral
    with transaction.atomic():
        name = document.name
        stored = document.file.name if document.file else ""
        document.delete()
        events.record(
            referral,
            ReferralEvent.Kind.DOCUMENT_REMOVED,
            actor=actor,
            summary=sv("Handling borttagen: %(name)s", name=name),
        )
        if stored:
            storage = document.file.storage
            transaction.on_commit(lambda: storage.delete(stored))


# --- the case ----------------------------------------------------------------------------------


def referral_register(
    *,
    data: dict,
    actor,
    documents=(),
    area: AreaInput | MultiPolygon | None = None,
    intake: IntakeMessage | None = None,
) -> tuple[Referral, list[str]]:
    """Register a case: its diary number (gap-free per year, in this transaction), documents
    (uploaded, linked, and the dropped e-mail's attachments), plan area and regional-interest
    check. -> (the case, warnings to show: duplicates, repaired or far-away areas, attachments
    left out). Raises ValidationError keyed by field; nothing is saved then."""
    events.require_officer(actor)
    area = as_area_input(area) if area is not None else None
    data = {k: v for k, v in data.items() if k in CASE_FIELDS or k == "confidential_attachments"}
    _check_fields(data)
    sender = data["sender"]
    if not isinstance(sender, Organisation):
        raise ValidationError({"sender": _("Välj avsändaren bland organisationerna.")})
    if intake is not None and (
        intake.referral_id or not IntakeMessage.objects.visible_to(actor).filter(pk=intake.pk).exists()
    ):
        raise ValidationError(
            _("E-postmeddelandet %(name)s är redan registrerat eller inte ditt.") % {"name": intake.filename}
        )
    warnings = _duplicate_warnings(data)
    geometry, source, area_warnings = resolve_area(area or AreaInput(), sender=sender)
    warnings += area_warnings
    confidential = data.pop("confidential_attachments", ()) or ()
    try:
        with transaction.atomic():
            received: datetime.date = data["received"]
            seq, number = numbering.next_diary_number(received.year)
            referral = Referral(
                **{k: v for k, v in data.items() if v is not None},
                diary_year=received.year,
                diary_seq=seq,
                diary_number=number,
                area=geometry,
                area_source=source,
                registered_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            referral.full_clean(exclude=["diary_year", "diary_seq", "diary_number", "area"])
            referral.save()
            events.record(
                referral,
                ReferralEvent.Kind.REGISTERED,
                actor=actor,
                summary=sv(
                    "Registrerad som %(number)s från %(sender)s%(via)s",
                    number=number,
                    sender=sender,
                    via=sv(" (inkommen e-post %(name)s)", name=intake.filename) if intake else "",
                ),
                sender=sender.pk,
                sender_reference=referral.sender_reference,
            )
            added = _add_documents(referral, documents)
            if intake is not None:
                from_mail, attachment_warnings = _attachment_documents(referral, intake, confidential=confidential)
                added += from_mail
                warnings += attachment_warnings
                intake.referral = referral
                intake.save(update_fields=["referral"])
            for document in added:
                events.record(
                    referral,
                    ReferralEvent.Kind.DOCUMENT_ADDED,
                    actor=actor,
                    summary=sv("Handling tillagd: %(name)s", name=document.name),
                    document=document.pk,
                    public=document.is_public,
                    from_email=document.from_email,
                )
            if geometry is not None:
                events.record(
                    referral,
                    ReferralEvent.Kind.AREA_CHANGED,
                    actor=actor,
                    summary=sv("Planområde angivet (%(source)s)", source=_source_words(source)),
                    source=source,
                )
            interests.interests_compute(referral, actor=actor)
    except IntegrityError as exc:
        # The constraints are checked above; a race on the same data ends here rather than in a 500.
        raise ValidationError(
            _("Remissen kunde inte sparas eftersom en annan registrering pågick samtidigt. Försök igen."),
            code="conflict",
        ) from exc
    return referral, warnings


def _source_words(source) -> str:
    return {
        Referral.AreaSource.UPLOAD: "uppladdad fil",
        Referral.AreaSource.DRAWN: "ritad på kartan",
        Referral.AreaSource.MUNICIPALITY: "hela kommunen",
    }.get(source, source)


def referral_update(*, referral: Referral, data: dict, actor, version: int | None) -> Referral:
    """Change a case's facts. A form built from an older version gets a conflict (keyed
    "version") and nothing is saved; the page keeps what was entered."""
    events.require_officer(actor)
    values = {k: v for k, v in data.items() if k in CASE_FIELDS}
    merged = {name: getattr(referral, name) for name in CASE_FIELDS} | values
    _check_fields(merged)
    diff = events.changes(referral, values)
    with transaction.atomic():
        events.bump_version(referral, version)
        if not diff:
            return referral
        for name, value in values.items():
            setattr(referral, name, value)
        referral.full_clean(exclude=["diary_year", "diary_seq", "diary_number", "area"])
        referral.save()
        labels = ", ".join(str(Referral._meta.get_field(name).verbose_name) for name in diff)
        events.record(
            referral,
            ReferralEvent.Kind.UPDATED,
            actor=actor,
            summary=sv("Ändrade uppgifter: %(fields)s", fields=labels),
            changes=diff,
        )
        if "deadline" in diff:
            referral.deadline_reminder_sent_for = None
            Referral.objects.filter(pk=referral.pk).update(deadline_reminder_sent_for=None)
    return referral


def as_area_input(area=None, *, file=None, drawn_geojson=None, whole_municipality=False) -> AreaInput:
    """An AreaInput from the ways a caller (page, API) may give an area."""
    if isinstance(area, AreaInput):
        return area
    return AreaInput(area=area, file=file, drawn_geojson=drawn_geojson, whole_municipality=whole_municipality)


def referral_set_area(
    *,
    referral: Referral,
    actor,
    area: AreaInput | MultiPolygon | None = None,
    file=None,
    drawn_geojson: str | None = None,
    whole_municipality: bool = False,
    version: int | None = None,
) -> list[str]:
    """Set or replace the plan area — an AreaInput, a cleaned geometry, an uploaded file
    (GeoJSON/GPKG/zipped Shapefile), drawn GeoJSON (WGS 84) or the sender municipality's whole
    boundary — then recompute the regional-interest check. -> warnings (repaired, mostly
    outside the municipality). A stale `version` is a conflict keyed "version"."""
    events.require_officer(actor)
    area = as_area_input(area, file=file, drawn_geojson=drawn_geojson, whole_municipality=whole_municipality)
    if not area.given:
        raise ValidationError({"area": _("Rita ytan på kartan, ladda upp en fil med ytan eller välj hela kommunen.")})
    geometry, source, warnings = resolve_area(area, sender=referral.sender)
    with transaction.atomic():
        events.bump_version(referral, version)
        had_area = referral.area is not None
        referral.area, referral.area_source = geometry, source
        referral.save(update_fields=["area", "area_source", "updated_at"])
        events.record(
            referral,
            ReferralEvent.Kind.AREA_CHANGED,
            actor=actor,
            summary=sv(
                "Planområdet ändrat (%(source)s)" if had_area else "Planområde angivet (%(source)s)",
                source=_source_words(source),
            ),
            source=source,
            warnings=[str(w) for w in warnings],
        )
        interests.interests_compute(referral, actor=actor)
    return warnings


def referral_delete(*, referral: Referral, actor) -> None:
    """Delete a whole case with its trail (administrators only; e.g. registered by mistake)."""
    if not has_role(actor, ADMINISTRATOR):
        raise PermissionDenied(_("Bara administratörer får ta bort remisser."))
    files = [d.file.name for d in referral.documents.exclude(file="")]
    with transaction.atomic():
        events.allow_event_delete()
        IntakeMessage.objects.filter(referral=referral).update(referral=None)
        referral.delete()
    storage = ReferralDocument._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in files])


def intake_store(*, upload, actor) -> IntakeMessage:
    """Keep a dropped e-mail until the officer registers (or abandons) its draft."""
    events.require_officer(actor)
    name = clean_name(getattr(upload, "name", "") or "meddelande.eml")
    upload.seek(0)
    intake = IntakeMessage(filename=name[:255], uploaded_by=actor)
    intake.file.save(name, upload, save=False)
    intake.save()
    return intake


def intake_purge(*, older_than_days: int = 14) -> int:
    """Delete dropped e-mails that never became a case (drafts abandoned), with their files."""
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    stale = list(IntakeMessage.objects.filter(referral__isnull=True, created_at__lt=cutoff))
    for intake in stale:
        intake.file.delete(save=False)
        intake.delete()
    return len(stale)


def intake_limit_mb() -> int:
    return settings.REFERRAL_EMAIL_MAX_MB
