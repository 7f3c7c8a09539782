"""What the library's services share: collecting every field's error, turning identifiers into
objects (a ValidationError names the unknown ones), checking an uploaded file."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from networks.models import Organisation

from ..models import (
    Document,
    DocumentFile,
    Theme,
)


class Errors:
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


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def resolve_municipalities(codes, field="municipalities") -> list[Organisation]:
    """SCB codes (or Organisation objects) -> municipalities; unknown codes are named."""
    codes = [c.code if isinstance(c, Organisation) else str(c).strip() for c in (codes or [])]
    found = {o.code: o for o in Organisation.objects.municipalities().filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError(
            {
                field: _("Det finns ingen kommun i länet med kod %(codes)s. Ange SCB-koder, t.ex. 1880.")
                % {"codes": ", ".join(missing)}
            }
        )
    return [found[c] for c in dict.fromkeys(codes)]


def resolve_themes(slugs, field="themes") -> list[Theme]:
    slugs = [t.slug if isinstance(t, Theme) else str(t).strip() for t in (slugs or [])]
    found = {t.slug: t for t in Theme.objects.filter(slug__in=slugs)}
    missing = [s for s in slugs if s not in found]
    if missing:
        raise ValidationError({field: _("Okänt tema: %(slugs)s.") % {"slugs": ", ".join(missing)}})
    return [found[s] for s in dict.fromkeys(slugs)]


def resolve_goals(ids):
    from rus.models import Goal

    ids = [g.pk if hasattr(g, "pk") else g for g in (ids or [])]
    try:
        ids = [int(i) for i in ids]
    except (TypeError, ValueError):
        raise ValidationError({"goals": _("Effektmål anges med sina id-nummer.")})
    found = {g.pk: g for g in Goal.objects.filter(pk__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise ValidationError({"goals": _("Det finns inget effektmål med id %(ids)s.") % {"ids": ", ".join(missing)}})
    return list(found.values())


def resolve_publisher(value) -> Organisation:
    if isinstance(value, Organisation):
        return value
    org = Organisation.objects.filter(slug=value).first() if value else None
    if org is None:
        message = _("Det finns ingen organisation med kortadressen ”%(slug)s”.") % {"slug": value}
        raise ValidationError({"publisher": message})
    return org


def resolve_document(value) -> Document | None:
    if value in (None, ""):
        return None
    if isinstance(value, Document):
        return value
    document = Document.objects.filter(slug=value).first()
    if document is None:
        message = _("Det finns inget dokument med kortadressen ”%(slug)s”.") % {"slug": value}
        raise ValidationError({"document": message})
    return document


PDF_MAGIC = (b"%PDF-",)
ZIP_MAGIC = (b"PK\x03\x04",)
OLE_MAGIC = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)

# suffix -> (file kind, what the content must start with, name of the format)
FILE_TYPES = {
    ".pdf": (DocumentFile.Kind.PDF, PDF_MAGIC, "PDF"),
    ".docx": (DocumentFile.Kind.OFFICE, ZIP_MAGIC, gettext_lazy("Word-dokument")),
    ".xlsx": (DocumentFile.Kind.OFFICE, ZIP_MAGIC, gettext_lazy("Excel-fil")),
    ".pptx": (DocumentFile.Kind.OFFICE, ZIP_MAGIC, gettext_lazy("PowerPoint-fil")),
    ".odt": (DocumentFile.Kind.OFFICE, ZIP_MAGIC, gettext_lazy("OpenDocument-text")),
    ".ods": (DocumentFile.Kind.OFFICE, ZIP_MAGIC, gettext_lazy("OpenDocument-kalkylark")),
    ".doc": (DocumentFile.Kind.OFFICE, OLE_MAGIC, gettext_lazy("Word-dokument")),
    ".xls": (DocumentFile.Kind.OFFICE, OLE_MAGIC, gettext_lazy("Excel-fil")),
    ".gpkg": (DocumentFile.Kind.GEOPACKAGE, (b"SQLite format 3\x00",), "GeoPackage"),
}


def validate_upload(upload, *, field="files", allowed=None) -> tuple[str, str]:
    """-> (kind, clean name). Checks size, suffix and that the content is what the name says."""
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    allowed = allowed or FILE_TYPES
    if suffix not in allowed:
        raise ValidationError(
            {
                field: _("%(name)s: filtypen %(suffix)s tas inte emot. Tillåtna: %(allowed)s.")
                % {"name": name, "suffix": suffix or _("(ingen filändelse)"), "allowed": ", ".join(allowed)}
            }
        )
    if upload.size > max_upload_bytes():
        raise ValidationError(
            {
                field: _("%(name)s är %(size).1f MB; största tillåtna storlek är %(max)s MB.")
                % {"name": name, "size": upload.size / 1024 / 1024, "max": settings.MAX_UPLOAD_MB}
            }
        )
    kind, magics, label = allowed[suffix]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if magics and not any(head.startswith(m) for m in magics):
        raise ValidationError(
            {
                field: _("%(name)s heter %(suffix)s men innehållet är inte en %(format)s.")
                % {"name": name, "suffix": suffix, "format": label}
            }
        )
    return kind, name
