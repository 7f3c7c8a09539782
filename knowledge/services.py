"""Writes of the library. Each validates, saves inside transaction.atomic() and schedules its
Celery work with transaction.on_commit. Errors are ValidationError keyed by field, in Swedish."""

import datetime
import io
import logging
from pathlib import Path

from django.conf import settings
from django.contrib.gis.gdal import GDALException as GDALError
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from networks.models import Organisation
from planportal import roles
from planportal.geo import SWEREF99TM
from planportal.geodata import GeodataError, open_vector_file, to_sweref

from .models import (
    Document,
    DocumentFile,
    DocumentRequest,
    DocumentVersion,
    Layer,
    LayerFeature,
    NewsItem,
    RequestSupport,
    Subscription,
    Theme,
)
from .querysets import is_editor

logger = logging.getLogger(__name__)

REMINDER_DAYS = 30  # the owner is reminded this many days before the review-by date
MAX_FILE_TEXT = 500_000  # characters of file text kept for search (tsvector size limit)
MAX_REPORTED_FEATURE_ERRORS = 50

# suffix -> (file kind, what the content must start with, Swedish name of the format)
PDF_MAGIC = (b"%PDF-",)
ZIP_MAGIC = (b"PK\x03\x04",)
OLE_MAGIC = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
FILE_TYPES = {
    ".pdf": (DocumentFile.Kind.PDF, PDF_MAGIC, "PDF"),
    ".docx": (DocumentFile.Kind.OFFICE, ZIP_MAGIC, "Word-dokument"),
    ".xlsx": (DocumentFile.Kind.OFFICE, ZIP_MAGIC, "Excel-fil"),
    ".pptx": (DocumentFile.Kind.OFFICE, ZIP_MAGIC, "PowerPoint-fil"),
    ".odt": (DocumentFile.Kind.OFFICE, ZIP_MAGIC, "OpenDocument-text"),
    ".ods": (DocumentFile.Kind.OFFICE, ZIP_MAGIC, "OpenDocument-kalkylark"),
    ".doc": (DocumentFile.Kind.OFFICE, OLE_MAGIC, "Word-dokument"),
    ".xls": (DocumentFile.Kind.OFFICE, OLE_MAGIC, "Excel-fil"),
    ".gpkg": (DocumentFile.Kind.GEOPACKAGE, (b"SQLite format 3\x00",), "GeoPackage"),
}


# --- helpers ----------------------------------------------------------------------------------


class _Errors:
    """Collects every field's error so that a form shows them all at once."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def check(self, func, *args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.errors.setdefault(field, []).extend(messages)
            return None

    def raise_any(self):
        if self.errors:
            raise ValidationError(self.errors)


def _require_editor(actor):
    if not is_editor(actor):
        raise PermissionDenied("Bara redaktörer får publicera och underhålla dokument.")


def _max_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


# The library's own pages at /dokument/<name>/: a document with one of these slugs would be
# hidden behind the page (knowledge/urls.py matches them before a document's address).
RESERVED_SLUGS = frozenset({"sok", "nytt", "granskning", "onskemal", "kartlager", "bevakning", "omvarld", "tema"})


def _unique_slug(title: str, *, exclude_pk=None) -> str:
    base = slugify(title)[:100] or "dokument"
    slug, n = base, 2
    qs = Document.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while slug in RESERVED_SLUGS or qs.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def resolve_municipalities(codes, field="municipalities") -> list[Organisation]:
    """SCB codes (or Organisation objects) -> municipalities; unknown codes are named."""
    codes = [c.code if isinstance(c, Organisation) else str(c).strip() for c in (codes or [])]
    found = {o.code: o for o in Organisation.objects.municipalities().filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError(
            {field: f"Det finns ingen kommun i länet med kod {', '.join(missing)}. Ange SCB-koder, t.ex. 1880."}
        )
    return [found[c] for c in dict.fromkeys(codes)]


def resolve_themes(slugs, field="themes") -> list[Theme]:
    slugs = [t.slug if isinstance(t, Theme) else str(t).strip() for t in (slugs or [])]
    found = {t.slug: t for t in Theme.objects.filter(slug__in=slugs)}
    missing = [s for s in slugs if s not in found]
    if missing:
        raise ValidationError({field: f"Okänt tema: {', '.join(missing)}."})
    return [found[s] for s in dict.fromkeys(slugs)]


def _resolve_goals(ids):
    from rus.models import Goal

    ids = [g.pk if hasattr(g, "pk") else g for g in (ids or [])]
    try:
        ids = [int(i) for i in ids]
    except (TypeError, ValueError):
        raise ValidationError({"goals": "Effektmål anges med sina id-nummer."})
    found = {g.pk: g for g in Goal.objects.filter(pk__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise ValidationError({"goals": f"Det finns inget effektmål med id {', '.join(missing)}."})
    return list(found.values())


def _resolve_publisher(value) -> Organisation:
    if isinstance(value, Organisation):
        return value
    org = Organisation.objects.filter(slug=value).first() if value else None
    if org is None:
        raise ValidationError({"publisher": f"Det finns ingen organisation med kortadressen ”{value}”."})
    return org


def validate_upload(upload, *, field="files", allowed=None) -> tuple[str, str]:
    """-> (kind, clean name). Checks size, suffix and that the content is what the name says."""
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    allowed = allowed or FILE_TYPES
    if suffix not in allowed:
        raise ValidationError(
            {field: f"{name}: filtypen {suffix or '(ingen filändelse)'} tas inte emot. Tillåtna: {', '.join(allowed)}."}
        )
    if upload.size > _max_bytes():
        raise ValidationError(
            {
                field: f"{name} är {upload.size / 1024 / 1024:.1f} MB; "
                f"största tillåtna storlek är {settings.MAX_UPLOAD_MB} MB."
            }
        )
    kind, magics, label = allowed[suffix]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if magics and not any(head.startswith(m) for m in magics):
        raise ValidationError({field: f"{name} heter {suffix} men innehållet är inte en {label}."})
    return kind, name


def _add_files(version: DocumentVersion, uploads) -> list[DocumentFile]:
    checked = [(upload, *validate_upload(upload)) for upload in uploads]
    created = []
    for upload, kind, name in checked:
        extraction = (
            DocumentFile.Extraction.PENDING
            if kind == DocumentFile.Kind.PDF
            else (DocumentFile.Extraction.NOT_APPLICABLE)
        )
        f = DocumentFile(version=version, name=name, kind=kind, size=upload.size, extraction=extraction)
        f.file.save(name, upload, save=False)
        f.save()
        created.append(f)
    pending = [f.pk for f in created if f.extraction == DocumentFile.Extraction.PENDING]
    if pending:
        from .tasks import extract_file_text

        transaction.on_commit(lambda: [extract_file_text.delay(pk) for pk in pending])
    return created


def _validate_document_fields(data: dict, *, partial=False):
    errors = {}
    title = (data.get("title") or "").strip()
    if not partial or "title" in data:
        if not title:
            errors["title"] = "Ange en titel."
        elif len(title) > 300:
            errors["title"] = "Titeln får vara högst 300 tecken."
    if not partial or "year" in data:
        try:
            year = int(data.get("year"))
            if not 1900 <= year <= timezone.localdate().year + 5:
                errors["year"] = f"Ange ett år mellan 1900 och {timezone.localdate().year + 5}."
        except (TypeError, ValueError):
            errors["year"] = "Ange året med fyra siffror, t.ex. 2026."
    if not partial or "kind" in data:
        if data.get("kind") not in Document.Kind.values:
            errors["kind"] = "Välj en dokumenttyp i listan."
    if "status" in data and data["status"] not in Document.Status.values:
        errors["status"] = "Välj en status i listan."
    if "review_by" in data and data["review_by"] and not isinstance(data["review_by"], datetime.date):
        errors["review_by"] = "Ange datumet som ÅÅÅÅ-MM-DD."
    if errors:
        raise ValidationError(errors)


SIMPLE_FIELDS = ("title", "summary", "year", "kind", "url", "status", "is_public", "review_by", "owner")


def parse_coverage(value):
    """None, a GEOS geometry, or a GeoJSON geometry (dict or text; WGS 84 lon/lat unless it
    names another CRS) -> a MultiPolygon in SWEREF 99 TM, or a ValidationError on `coverage`."""
    import json

    from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon

    from planportal.geo import SWEDEN_BOUNDS_4326

    if value in (None, "", {}):
        return None
    try:
        if isinstance(value, GEOSGeometry):
            geom = value.clone()
        else:
            text = value if isinstance(value, str) else json.dumps(value)
            geom = GEOSGeometry(text)
            if geom.srid is None:
                geom.srid = 4326
    except (GEOSException, ValueError, TypeError, GDALError):
        raise ValidationError({"coverage": "Täckningen ska vara en GeoJSON-geometri (Polygon eller MultiPolygon)."})
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise ValidationError(
            {"coverage": f"Täckningen ska vara en yta (Polygon eller MultiPolygon), inte {geom.geom_type}."}
        )
    if not geom.valid:
        raise ValidationError({"coverage": f"Täckningen är ogiltig: {geom.valid_reason}."})
    check = geom.transform(4326, clone=True)
    minx, miny, maxx, maxy = check.extent
    b = SWEDEN_BOUNDS_4326
    if minx < b[0] or miny < b[1] or maxx > b[2] or maxy > b[3]:
        raise ValidationError({"coverage": "Täckningen ligger utanför Sverige; ange longitud/latitud (WGS 84)."})
    geom.transform(SWEREF99TM)
    return geom if geom.geom_type == "MultiPolygon" else MultiPolygon(geom, srid=SWEREF99TM)


# --- documents ----------------------------------------------------------------------------------


def document_create(*, data: dict, files=(), actor) -> Document:
    """data: title, summary, year, kind, publisher (slug), url, municipalities (SCB codes),
    themes (slugs), goals (ids), coverage, is_public, review_by, owner, version_label, is_example."""
    _require_editor(actor)
    errors = _Errors()
    errors.check(_validate_document_fields, data)
    publisher = errors.check(_resolve_publisher, data.get("publisher"))
    municipalities = errors.check(resolve_municipalities, data.get("municipalities"))
    themes = errors.check(resolve_themes, data.get("themes"))
    goals = errors.check(_resolve_goals, data.get("goals"))
    coverage = errors.check(parse_coverage, data.get("coverage"))
    for upload in files:
        errors.check(validate_upload, upload)
    errors.raise_any()
    with transaction.atomic():
        document = Document(
            slug=_unique_slug(data["title"]),
            publisher=publisher,
            owner=data.get("owner") or actor,
            is_example=bool(data.get("is_example", False)),
        )
        for name in SIMPLE_FIELDS:
            if name in data and name != "owner":
                setattr(document, name, data[name] if name != "title" else data[name].strip())
        document.year = int(data["year"])
        document.coverage = coverage
        document.save()
        document.municipalities.set(municipalities)
        document.themes.set(themes)
        document.goals.set(goals)
        version = DocumentVersion.objects.create(
            document=document, number=1, label=data.get("version_label", ""), created_by=actor
        )
        _add_files(version, files)
    return document


def document_update(*, document: Document, data: dict, actor) -> Document:
    _require_editor(actor)
    _validate_document_fields(data, partial=True)
    with transaction.atomic():
        for name in SIMPLE_FIELDS:
            if name in data:
                setattr(document, name, data[name])
        if "publisher" in data:
            document.publisher = _resolve_publisher(data["publisher"])
        if "coverage" in data:
            document.coverage = parse_coverage(data["coverage"])
        document.updated_at = timezone.now()
        document.save()
        if "municipalities" in data:
            document.municipalities.set(resolve_municipalities(data["municipalities"]))
        if "themes" in data:
            document.themes.set(resolve_themes(data["themes"]))
        if "goals" in data:
            document.goals.set(_resolve_goals(data["goals"]))
    return document


def document_add_version(*, document: Document, files=(), label="", note="", actor) -> DocumentVersion:
    """A new version supersedes the current one; the document's address shows the new one."""
    _require_editor(actor)
    if not files and not note.strip():
        raise ValidationError({"files": "Bifoga minst en fil eller beskriv vad som ändrats i den nya versionen."})
    for upload in files:
        validate_upload(upload)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        current = document.versions.filter(superseded_at__isnull=True).order_by("-number").first()
        number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        now = timezone.now()
        if current:
            current.superseded_at = now
            current.save(update_fields=["superseded_at"])
        version = DocumentVersion.objects.create(
            document=document, number=number, label=label, note=note, created_by=actor
        )
        _add_files(version, files)
        document.file_text = ""
        document.updated_at = now
        if document.status == Document.Status.UNDER_REVISION:
            document.status = Document.Status.CURRENT
        document.save(update_fields=["file_text", "updated_at", "status"])
    return version


def document_supersede(*, document: Document, by: Document, actor) -> Document:
    """Another document replaces this one as a whole (e.g. a new transport plan)."""
    _require_editor(actor)
    if by.pk == document.pk:
        raise ValidationError({"superseded_by": "Ett dokument kan inte ersätta sig självt."})
    with transaction.atomic():
        document.status = Document.Status.SUPERSEDED
        document.superseded_by = by
        document.updated_at = timezone.now()
        document.save(update_fields=["status", "superseded_by", "updated_at"])
    return document


def document_mark_reviewed(*, document: Document, next_review_by: datetime.date, actor) -> Document:
    _require_editor(actor)
    if not next_review_by or next_review_by <= timezone.localdate():
        raise ValidationError({"review_by": "Ange nästa granskningsdatum, ett datum efter i dag."})
    document.review_by = next_review_by
    document.reminder_sent_for = None
    document.updated_at = timezone.now()
    document.save(update_fields=["review_by", "reminder_sent_for", "updated_at"])
    return document


def document_record_view(*, document: Document) -> None:
    """Counts views for "most used" without a read-modify-write race."""
    Document.objects.filter(pk=document.pk).update(view_count=F("view_count") + 1)


def document_file_extract(*, file_id: int) -> DocumentFile:
    """Reads a PDF's text with pypdf. Encrypted or broken files are recorded as such; the
    document stays searchable by its title and summary."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    f = DocumentFile.objects.select_related("version__document").get(pk=file_id)
    text, pages = "", None
    try:
        with f.file.open("rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
            if reader.is_encrypted:
                # Many PDFs are "encrypted" with an empty password only to block editing.
                try:
                    if not reader.decrypt(""):
                        raise FileNotDecryptedError("password required")
                except (FileNotDecryptedError, NotImplementedError):
                    status = DocumentFile.Extraction.ENCRYPTED
                    raise _Stop from None
            pages = len(reader.pages)
            text = "\n".join((page.extract_text() or "") for page in reader.pages).strip()
            status = DocumentFile.Extraction.DONE if text else DocumentFile.Extraction.EMPTY
    except _Stop:
        pass
    except (PdfReadError, FileNotDecryptedError, ValueError, KeyError, TypeError, OSError) as exc:
        logger.info("PDF %s unreadable: %s", f.pk, exc)
        status = DocumentFile.Extraction.UNREADABLE
    except Exception as exc:  # pypdf raises many kinds on malformed files; never fail the document
        logger.warning("PDF %s unreadable (%s): %s", f.pk, type(exc).__name__, exc)
        status = DocumentFile.Extraction.UNREADABLE
    with transaction.atomic():
        f.extraction = status
        f.extracted_text = text.replace("\x00", "")
        f.page_count = pages
        f.save(update_fields=["extraction", "extracted_text", "page_count"])
        _refresh_file_text(f.version.document_id)
    return f


class _Stop(Exception):
    pass


def _refresh_file_text(document_id: int) -> None:
    texts = DocumentFile.objects.filter(
        version__document_id=document_id, version__superseded_at__isnull=True, extraction=DocumentFile.Extraction.DONE
    ).values_list("extracted_text", flat=True)
    text = "\n\n".join(texts)[:MAX_FILE_TEXT]
    Document.objects.filter(pk=document_id).update(file_text=text)  # the trigger updates the vector


# --- freshness -----------------------------------------------------------------------------------


def review_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mails each owner once per review-by date, REMINDER_DAYS before it (or late)."""
    today = today or timezone.localdate()
    due = (
        Document.objects.exclude(status__in=[Document.Status.WITHDRAWN, Document.Status.SUPERSEDED])
        .filter(review_by__isnull=False, review_by__lte=today + datetime.timedelta(days=REMINDER_DAYS))
        .exclude(reminder_sent_for=F("review_by"))
        .exclude(owner__isnull=True)
        .exclude(owner__email="")
        .select_related("owner")
    )
    sent = 0
    for document in due:
        context = {"document": document, "site_url": settings.SITE_URL, "overdue": document.review_by < today}
        send_mail(
            subject=f"Dags att se över: {document.title} (granskas senast {document.review_by:%Y-%m-%d})",
            message=render_to_string("knowledge/email/review_reminder.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[document.owner.email],
        )
        Document.objects.filter(pk=document.pk).update(reminder_sent_for=document.review_by)
        sent += 1
    return sent


# --- map layers ------------------------------------------------------------------------------------

LAYER_TYPES = {
    ".geojson": (None, (b"{", b" ", b"\n", b"\r", b"\t", b"\xef\xbb\xbf"), "GeoJSON"),
    ".json": (None, (b"{", b" ", b"\n", b"\r", b"\t", b"\xef\xbb\xbf"), "GeoJSON"),
    ".gpkg": (None, (b"SQLite format 3\x00",), "GeoPackage"),
    ".zip": (None, ZIP_MAGIC, "zip-fil"),
}
ACCEPTED_SRIDS = {SWEREF99TM: "SWEREF 99 TM", 4326: "WGS 84"}


def _read_layer_file(upload) -> tuple[str, int, list]:
    """-> (file name, source SRID, [(number, geometry, properties)]). Reads and checks every
    feature before anything is written; any invalid or non-spatial feature is a ValidationError
    on `file` that lists each by number and reason."""
    import tempfile

    _, filename = validate_upload(upload, field="file", allowed=LAYER_TYPES)
    suffix = Path(filename).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="planportal-layer-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            with open_vector_file(path, display_name=filename) as layer:
                if layer.srid not in ACCEPTED_SRIDS:
                    raise ValidationError(
                        {
                            "file": f"{filename}: koordinatsystemet EPSG:{layer.srid} stöds inte. "
                            "Använd SWEREF 99 TM (EPSG:3006) eller WGS 84 (EPSG:4326)."
                        }
                    )
                features, errors = _read_features(layer)
                srid = layer.srid
        except GeodataError as exc:
            raise ValidationError({"file": str(exc)})
    if errors:
        shown = errors[:MAX_REPORTED_FEATURE_ERRORS]
        more = len(errors) - len(shown)
        messages = [f"Objekt {n}: {reason}" for n, reason in shown]
        if more:
            messages.append(f"… och {more} objekt till med fel.")
        raise ValidationError({"file": [f"{filename}: {len(errors)} objekt är felaktiga, inget sparades."] + messages})
    if not features:
        raise ValidationError({"file": f"{filename}: filen innehåller inga objekt."})
    return filename, srid, features


def _store_features(layer: Layer, features) -> None:
    LayerFeature.objects.bulk_create(
        [LayerFeature(layer=layer, number=n, geometry=g, properties=p) for n, g, p in features],
        batch_size=1000,
    )


def layer_upload(*, upload, name: str = "", description: str = "", document=None, is_public=True, actor) -> Layer:
    """Stores every feature of the file's first layer in PostGIS (SWEREF 99 TM). Any invalid or
    non-spatial feature stops the upload; the error lists each by number and reason."""
    _require_editor(actor)
    filename, srid, features = _read_layer_file(upload)
    with transaction.atomic():
        layer_obj = Layer.objects.create(
            name=(name or Path(filename).stem)[:200],
            description=description,
            document=document,
            source_name=filename,
            source_srid=srid,
            feature_count=len(features),
            is_public=is_public,
            created_by=actor,
        )
        _store_features(layer_obj, features)
    return layer_obj


def _resolve_document(value) -> Document | None:
    if value in (None, ""):
        return None
    if isinstance(value, Document):
        return value
    document = Document.objects.filter(slug=value).first()
    if document is None:
        raise ValidationError({"document": f"Det finns inget dokument med kortadressen ”{value}”."})
    return document


def _validate_layer_fields(data: dict) -> None:
    if "name" in data:
        name = (data["name"] or "").strip()
        if not name:
            raise ValidationError({"name": "Ange ett namn på kartlagret."})
        if len(name) > 200:
            raise ValidationError({"name": "Namnet får vara högst 200 tecken."})


def layer_update(*, layer: Layer, data: dict, upload=None, actor) -> Layer:
    """data: any of name, description, document (a Document, its slug or None), is_public.
    With `upload`, the layer's features are replaced by the file's, checked exactly as on
    upload; when the file or a field is wrong nothing changes, the old features stay."""
    _require_editor(actor)
    errors = _Errors()
    errors.check(_validate_layer_fields, data)
    document = errors.check(_resolve_document, data.get("document"))
    read = errors.check(_read_layer_file, upload) if upload is not None else None
    errors.raise_any()
    with transaction.atomic():
        layer = Layer.objects.select_for_update().get(pk=layer.pk)
        if "name" in data:
            layer.name = data["name"].strip()
        if "description" in data:
            layer.description = (data["description"] or "").strip()
        if "document" in data:
            layer.document = document
        if "is_public" in data:
            layer.is_public = bool(data["is_public"])
        if read is not None:
            filename, srid, features = read
            layer.features.all().delete()
            _store_features(layer, features)
            layer.source_name, layer.source_srid, layer.feature_count = filename, srid, len(features)
        layer.save()
    return layer


def layer_delete(*, layer: Layer, actor) -> None:
    """The layer and its features (a cascade in the database)."""
    _require_editor(actor)
    with transaction.atomic():
        Layer.objects.filter(pk=layer.pk).delete()


def _json_safe(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    return value


def _read_features(layer):
    from django.contrib.gis.gdal import GDALException
    from django.contrib.gis.geos import GEOSException

    from planportal.geo import SWEDEN_BOUNDS_4326

    features, errors = [], []
    for feature in layer.features():
        if feature.geometry is None:
            errors.append((feature.number, "saknar geometri (icke-spatialt objekt)."))
            continue
        try:
            geom = to_sweref(feature.geometry, layer.srid)
        except (GDALException, GEOSException, ValueError) as exc:
            errors.append((feature.number, f"geometrin kunde inte läsas ({exc})."))
            continue
        if geom.empty:
            errors.append((feature.number, "geometrin är tom."))
            continue
        if not geom.valid:
            errors.append((feature.number, f"ogiltig geometri: {geom.valid_reason}."))
            continue
        check = geom.transform(4326, clone=True)
        minx, miny, maxx, maxy = check.extent
        b = SWEDEN_BOUNDS_4326
        if minx < b[0] or miny < b[1] or maxx > b[2] or maxy > b[3]:
            errors.append((feature.number, "ligger utanför Sverige; är koordinatsystemet rätt angivet?"))
            continue
        properties = {k: _json_safe(v) for k, v in feature.properties.items()}
        features.append((feature.number, geom, properties))
    return features, errors


# --- requests for new documents ----------------------------------------------------------------------


def _require_proposer(actor):
    if not roles.has_role(actor, roles.PLANNER, roles.EDITOR, roles.ADMINISTRATOR):
        raise PermissionDenied("Bara kommunala planerare och redaktörer kan föreslå och stötta önskemål.")
    organisation = roles.user_organisation(actor)
    if organisation is None:
        raise PermissionDenied("Ditt konto är inte kopplat till någon organisation.")
    return organisation


def request_propose(*, topic: str, reason: str, municipalities=(), themes=(), actor, is_example=False):
    organisation = _require_proposer(actor)
    errors = {}
    topic = (topic or "").strip()
    reason = (reason or "").strip()
    if not topic:
        errors["topic"] = "Ange vilket underlag som behövs."
    elif len(topic) > 200:
        errors["topic"] = "Ämnet får vara högst 200 tecken."
    if not reason:
        errors["reason"] = "Beskriv varför underlaget behövs."
    if errors:
        raise ValidationError(errors)
    municipality_objs = resolve_municipalities(municipalities)
    theme_objs = resolve_themes(themes)
    with transaction.atomic():
        request = DocumentRequest.objects.create(
            topic=topic, reason=reason, organisation=organisation, proposed_by=actor, is_example=is_example
        )
        request.municipalities.set(municipality_objs)
        request.themes.set(theme_objs)
        # The proposing organisation supports its own request.
        RequestSupport.objects.create(request=request, organisation=organisation, user=actor)
    return request


def request_support(*, request: DocumentRequest, actor) -> RequestSupport:
    organisation = _require_proposer(actor)
    if request.status in (DocumentRequest.Status.PUBLISHED, DocumentRequest.Status.DECLINED):
        raise ValidationError({"request": "Önskemålet är avslutat och kan inte längre stöttas."})
    try:
        with transaction.atomic():
            return RequestSupport.objects.create(request=request, organisation=organisation, user=actor)
    except IntegrityError:
        raise ValidationError({"request": f"{organisation.name} stöttar redan önskemålet."})


def request_set_status(*, request: DocumentRequest, status: str, reason: str = "", document=None, actor):
    _require_editor(actor)
    S = DocumentRequest.Status
    if status not in S.values:
        raise ValidationError({"status": "Välj en status i listan."})
    if status == S.DECLINED and not (reason or "").strip():
        raise ValidationError({"status_reason": "Ange varför önskemålet avslås."})
    if status == S.PUBLISHED and document is None:
        raise ValidationError({"document": "Ange det publicerade dokumentet."})
    with transaction.atomic():
        request.status = status
        request.status_reason = (reason or "").strip()
        request.document = document if status == S.PUBLISHED else None
        request.save(update_fields=["status", "status_reason", "document"])
    return request


# --- spreading ----------------------------------------------------------------------------------------


def subscriptions_set(*, user, themes=(), municipalities=()) -> list[Subscription]:
    """Replaces the user's subscriptions with these themes and municipalities."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Logga in för att bevaka teman och kommuner.")
    theme_objs = resolve_themes(themes)
    municipality_objs = resolve_municipalities(municipalities)
    with transaction.atomic():
        Subscription.objects.filter(user=user).delete()
        subs = [Subscription(user=user, theme=t) for t in theme_objs]
        subs += [Subscription(user=user, municipality=m) for m in municipality_objs]
        Subscription.objects.bulk_create(subs)
    return subs


def digest_send(*, now=None, days: int = 7) -> int:
    """The weekly e-mail: new and updated documents matching each subscriber's themes and
    municipalities, that the subscriber may see, and the week's news items."""
    from . import selectors

    now = now or timezone.now()
    since = now - datetime.timedelta(days=days)
    news = list(NewsItem.objects.filter(created_at__gte=since).order_by("-published_on")[:20])
    sent = 0
    user_ids = Subscription.objects.values_list("user_id", flat=True).distinct()
    from django.contrib.auth import get_user_model

    for user in get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email=""):
        documents = list(selectors.digest_documents(user=user, since=since))
        if not documents and not news:
            continue
        context = {"user": user, "documents": documents, "news": news, "since": since, "site_url": settings.SITE_URL}
        send_mail(
            subject=f"Planportalen: nytt i kunskapsbiblioteket vecka {now.isocalendar().week}",
            message=render_to_string("knowledge/email/digest.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
        sent += 1
    return sent


NEWS_REQUIRED = (
    ("title", "Ange en rubrik.", 300),
    ("url", "Ange en länk.", 500),
    ("source", "Ange källan.", 200),
)


def _validate_news_fields(data: dict, *, partial=False) -> None:
    errors = {}
    for field, message, max_length in NEWS_REQUIRED:
        if partial and field not in data:
            continue
        value = (data.get(field) or "").strip()
        if not value:
            errors[field] = message
        elif len(value) > max_length:
            errors[field] = f"Får vara högst {max_length} tecken (nu {len(value)})."
    if (not partial or "scope" in data) and data.get("scope") not in NewsItem.Scope.values:
        errors["scope"] = "Välj omfattning: nationellt, grannlän, EU eller regionalt."
    if (not partial or "published_on" in data) and not isinstance(data.get("published_on"), datetime.date):
        errors["published_on"] = "Ange datumet som ÅÅÅÅ-MM-DD."
    if errors:
        raise ValidationError(errors)


def news_create(*, data: dict, actor) -> NewsItem:
    _require_editor(actor)
    _validate_news_fields(data)
    themes = resolve_themes(data.get("themes"))
    with transaction.atomic():
        item = NewsItem.objects.create(
            title=data["title"].strip(),
            url=data["url"].strip(),
            source=data["source"].strip(),
            published_on=data["published_on"],
            scope=data["scope"],
            summary=data.get("summary", ""),
            is_example=bool(data.get("is_example", False)),
        )
        item.themes.set(themes)
    return item


def news_update(*, item: NewsItem, data: dict, actor) -> NewsItem:
    """data: any of title, url, source, published_on, scope, summary, themes (slugs or Theme)."""
    _require_editor(actor)
    errors = _Errors()
    errors.check(_validate_news_fields, data, partial=True)
    themes = errors.check(resolve_themes, data.get("themes")) if "themes" in data else None
    errors.raise_any()
    with transaction.atomic():
        for name in ("title", "url", "source"):
            if name in data:
                setattr(item, name, data[name].strip())
        for name in ("published_on", "scope"):
            if name in data:
                setattr(item, name, data[name])
        if "summary" in data:
            item.summary = (data["summary"] or "").strip()
        item.save()
        if themes is not None:
            item.themes.set(themes)
    return item


def news_delete(*, item: NewsItem, actor) -> None:
    _require_editor(actor)
    with transaction.atomic():
        NewsItem.objects.filter(pk=item.pk).delete()
