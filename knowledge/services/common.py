"""What the library's services share: collecting every field's error, turning identifiers into
objects (a ValidationError names the unknown ones), checking an uploaded file."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from networks.models import Organisation
from planportal.uploads import DOCUMENT_KINDS, validate_upload

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


# the portal's upload kinds (planportal.uploads) -> the kind a document file is stored as
DOCUMENT_FILE_KINDS = {
    "pdf": DocumentFile.Kind.PDF,
    "office": DocumentFile.Kind.OFFICE,
    "geopackage": DocumentFile.Kind.GEOPACKAGE,
}


def validate_document_file(upload, *, field="files") -> tuple[str, str]:
    """-> (DocumentFile kind, clean name), by the portal's one upload check (size before
    reading, suffix, content sniffed)."""
    checked = validate_upload(upload, kinds=DOCUMENT_KINDS, field=field)
    return DOCUMENT_FILE_KINDS[checked.kind], checked.name
