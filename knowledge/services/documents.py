"""Documents: publish, change, new versions, supersede, review; the text of PDF files for search."""

import datetime
import functools
import logging

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from planportal.areas import area_from_geojson, to_area
from planportal.geo import SWEREF99TM
from planportal.outbox import enqueue
from planportal.pdftext import UNREADABLE, PdfText, pdf_text

from ..models import (
    Document,
    DocumentFile,
    DocumentVersion,
)
from ..permissions import require_editor
from .common import (
    Errors,
    resolve_goals,
    resolve_municipalities,
    resolve_publisher,
    resolve_themes,
    validate_document_file,
)

logger = logging.getLogger(__name__)

MAX_FILE_TEXT = 500_000  # characters of file text kept for search (tsvector size limit)


@functools.cache
def reserved_slugs() -> frozenset[str]:
    """The names of the library's own pages at /dokument/<name>/…, read from knowledge/urls.py.
    Those come before a document's address (<slug>/) there, so a document with one of these
    slugs would be hidden behind the page: new documents never get one, and a page added later
    frees its name from existing documents (documents_free_reserved_slugs, after migrate)."""
    from ..urls import urlpatterns

    names = (str(pattern.pattern).split("/")[0] for pattern in urlpatterns)
    return frozenset(name for name in names if name and "<" not in name)


def _unique_slug(title: str, *, exclude_pk=None) -> str:
    base = slugify(title)[:100] or "dokument"
    slug, n = base, 2
    qs = Document.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while slug in reserved_slugs() or qs.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def documents_free_reserved_slugs() -> list[tuple[str, str]]:
    """Gives each document whose slug has become the name of one of the library's pages a free
    one (`omvarld` -> `omvarld-2`), so that it can be reached again. -> [(old, new)].
    Run after every migrate (knowledge/apps.py): a deploy that adds a page frees its name."""
    renamed = []
    with transaction.atomic():
        for document in Document.objects.select_for_update().filter(slug__in=reserved_slugs()).order_by("pk"):
            old = document.slug
            document.slug = _unique_slug(old, exclude_pk=document.pk)
            document.save(update_fields=["slug"])
            logger.warning("Document %s: %r is a page of the library now; moved to %r", document.pk, old, document.slug)
            renamed.append((old, document.slug))
    return renamed


def _add_files(version: DocumentVersion, uploads) -> list[DocumentFile]:
    checked = [(upload, *validate_document_file(upload)) for upload in uploads]
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
        from ..tasks import extract_file_text

        for pk in pending:
            enqueue(extract_file_text, pk)
    return created


TITLE_MAX_LENGTH = 300


def validate_document_fields(data: dict, *, partial=False) -> None:
    """The rules of a document's own fields (the page forms call this too, see knowledge/forms.py);
    with `partial` only the fields in `data`."""
    errors = {}
    title = (data.get("title") or "").strip()
    if not partial or "title" in data:
        if not title:
            errors["title"] = _("Ange en titel.")
        elif len(title) > TITLE_MAX_LENGTH:
            errors["title"] = _("Titeln får vara högst %(max)s tecken (nu %(length)s).") % {
                "max": TITLE_MAX_LENGTH,
                "length": len(title),
            }
    if not partial or "year" in data:
        try:
            year = int(data.get("year"))
            if not 1900 <= year <= timezone.localdate().year + 5:
                errors["year"] = _("Ange ett år mellan 1900 och %(last)s.") % {"last": timezone.localdate().year + 5}
        except (TypeError, ValueError):
            errors["year"] = _("Ange året med fyra siffror, t.ex. 2026.")
    if not partial or "kind" in data:
        if data.get("kind") not in Document.Kind.values:
            errors["kind"] = _("Välj en dokumenttyp i listan.")
    if "status" in data and data["status"] not in Document.Status.values:
        errors["status"] = _("Välj en status i listan.")
    if "review_by" in data and data["review_by"] and not isinstance(data["review_by"], datetime.date):
        errors["review_by"] = _("Ange datumet som ÅÅÅÅ-MM-DD.")
    if errors:
        raise ValidationError(errors)


SIMPLE_FIELDS = ("title", "summary", "year", "kind", "url", "status", "is_public", "review_by", "owner")


def parse_coverage(value):
    """None; a GEOS geometry (the page's AreaField has made it a MultiPolygon in SWEREF 99 TM);
    or GeoJSON, a dict or text in WGS 84 lon/lat (the API) -> a MultiPolygon in SWEREF 99 TM,
    checked by the portal's area rules (planportal.areas: polygons only, valid or repaired,
    within Sweden), or a ValidationError on `coverage`."""
    if value in (None, "", {}):
        return None
    if isinstance(value, GEOSGeometry):
        geometry = value.clone()
        geometry.srid = geometry.srid or SWEREF99TM
        area, _warnings = to_area([geometry], where=_("Täckningen"), field="coverage")
    else:
        area, _warnings = area_from_geojson(value, field="coverage")
    return area


# input fields that name other objects (or a geometry) -> how the service turns them into values
RESOLVERS = {
    "publisher": resolve_publisher,
    "municipalities": resolve_municipalities,
    "themes": resolve_themes,
    "goals": resolve_goals,
    "coverage": parse_coverage,
}


def document_create(*, data: dict, files=(), actor) -> Document:
    """data: title, summary, year, kind, publisher (slug), url, municipalities (SCB codes),
    themes (slugs), goals (ids), coverage, is_public, review_by, owner, version_label, is_example."""
    require_editor(actor)
    errors = Errors()
    errors.check(validate_document_fields, data)
    publisher = errors.check(resolve_publisher, data.get("publisher"))
    municipalities = errors.check(resolve_municipalities, data.get("municipalities"))
    themes = errors.check(resolve_themes, data.get("themes"))
    goals = errors.check(resolve_goals, data.get("goals"))
    coverage = errors.check(parse_coverage, data.get("coverage"))
    for upload in files:
        errors.check(validate_document_file, upload)
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
    """data: any of the fields document_create takes (but files and version_label); every error
    is named at once and nothing changes unless all is well."""
    require_editor(actor)
    errors = Errors()
    errors.check(validate_document_fields, data, partial=True)
    resolved = {}
    for name, resolve in RESOLVERS.items():
        if name in data:
            resolved[name] = errors.check(resolve, data[name])
    errors.raise_any()
    with transaction.atomic():
        for name in SIMPLE_FIELDS:
            if name in data:
                setattr(document, name, data[name].strip() if name == "title" else data[name])
        if "publisher" in resolved:
            document.publisher = resolved["publisher"]
        if "coverage" in resolved:
            document.coverage = resolved["coverage"]
        document.updated_at = timezone.now()
        document.save()
        for name in ("municipalities", "themes", "goals"):
            if name in resolved:
                getattr(document, name).set(resolved[name])
    return document


def document_add_version(*, document: Document, files=(), label="", note="", actor) -> DocumentVersion:
    """A new version supersedes the current one; the document's address shows the new one."""
    require_editor(actor)
    if not files and not note.strip():
        raise ValidationError({"files": _("Bifoga minst en fil eller beskriv vad som ändrats i den nya versionen.")})
    for upload in files:
        validate_document_file(upload)
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
    require_editor(actor)
    if by.pk == document.pk:
        raise ValidationError({"superseded_by": _("Ett dokument kan inte ersätta sig självt.")})
    with transaction.atomic():
        document.status = Document.Status.SUPERSEDED
        document.superseded_by = by
        document.updated_at = timezone.now()
        document.save(update_fields=["status", "superseded_by", "updated_at"])
    return document


def document_mark_reviewed(*, document: Document, next_review_by: datetime.date, actor) -> Document:
    require_editor(actor)
    validate_review_fields({"review_by": next_review_by})
    document.review_by = next_review_by
    document.reminder_sent_for = None
    document.updated_at = timezone.now()
    document.save(update_fields=["review_by", "reminder_sent_for", "updated_at"])
    return document


def validate_review_fields(data: dict, *, partial=False) -> None:
    """The next review-by date of a document marked reviewed: a date after today."""
    next_review_by = data.get("review_by")
    if not next_review_by or next_review_by <= timezone.localdate():
        raise ValidationError({"review_by": _("Ange nästa granskningsdatum, ett datum efter i dag.")})


def document_record_view(*, document: Document) -> None:
    """Counts views for "most used" without a read-modify-write race."""
    Document.objects.filter(pk=document.pk).update(view_count=F("view_count") + 1)


def document_file_extract(*, file_id: int) -> DocumentFile:
    """Reads a PDF's text (planportal.pdftext). Encrypted or broken files are recorded as such;
    the document stays searchable by its title and summary."""
    f = DocumentFile.objects.select_related("version__document").get(pk=file_id)
    try:
        with f.file.open("rb") as handle:
            read = pdf_text(handle.read(), label=f"file {f.pk}")
    except OSError as exc:  # the stored file is gone or unreadable
        logger.warning("PDF file %s could not be opened: %s", f.pk, exc)
        read = PdfText("", UNREADABLE)
    with transaction.atomic():
        f.extraction = read.status  # pdftext's outcomes are DocumentFile.Extraction's values
        f.extracted_text = read.text
        f.page_count = read.pages
        f.save(update_fields=["extraction", "extracted_text", "page_count"])
        _refresh_file_text(f.version.document_id)
    return f


def _refresh_file_text(document_id: int) -> None:
    texts = DocumentFile.objects.filter(
        version__document_id=document_id, version__superseded_at__isnull=True, extraction=DocumentFile.Extraction.DONE
    ).values_list("extracted_text", flat=True)
    text = "\n\n".join(texts)[:MAX_FILE_TEXT]
    Document.objects.filter(pk=document_id).update(file_text=text)  # the trigger updates the vector
