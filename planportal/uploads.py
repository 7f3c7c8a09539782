"""The one check every uploaded file passes before anything reads or stores it: its size
(from the upload's declared size, before a byte is read), its file name's suffix against the
kinds the caller accepts, and its real content by sniffing the first bytes (`filetype`, pure
Python, for binary formats; a text check for GeoJSON and CSV). Errors are ValidationErrors
with a translated message that names the file.

    checked = validate_upload(upload, kinds=("pdf", "office"), field="files")
    checked.kind, checked.content_type, checked.name   # "pdf", "application/pdf", "plan.pdf"
"""

import codecs
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (.doc, .xls, .ppt)
SNIFF_BYTES = 8192  # filetype looks at most at this many
ZIP = "application/zip"


@dataclass(frozen=True)
class Suffix:
    label: object  # what the content should be, for the message ("en PDF")
    content_type: str  # what the file is served as
    detected: tuple[str, ...] = ()  # MIME types filetype may report for a true file
    ole: bool = False  # legacy Office: the OLE container is enough
    text: str = ""  # "json" or "csv": no magic number, checked as text


SUFFIXES = {
    ".pdf": Suffix(_("en PDF"), "application/pdf", ("application/pdf",)),
    ".docx": Suffix(
        _("ett Word-dokument"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ),
    ".xlsx": Suffix(
        _("en Excel-fil"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ),
    ".pptx": Suffix(
        _("en PowerPoint-fil"),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    ),
    ".odt": Suffix(
        _("en OpenDocument-text"),
        "application/vnd.oasis.opendocument.text",
        ("application/vnd.oasis.opendocument.text", ZIP),
    ),
    ".ods": Suffix(
        _("ett OpenDocument-kalkylark"),
        "application/vnd.oasis.opendocument.spreadsheet",
        ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    ),
    ".doc": Suffix(_("ett Word-dokument"), "application/msword", ("application/msword",), ole=True),
    ".xls": Suffix(_("en Excel-fil"), "application/vnd.ms-excel", ("application/vnd.ms-excel",), ole=True),
    ".gpkg": Suffix(_("en GeoPackage"), "application/geopackage+sqlite3", ("application/x-sqlite3",)),
    ".zip": Suffix(_("en zip-fil"), ZIP, (ZIP,)),
    ".geojson": Suffix(_("GeoJSON (text)"), "application/geo+json", text="json"),
    ".json": Suffix(_("GeoJSON (text)"), "application/geo+json", text="json"),
    ".csv": Suffix(_("en CSV-fil (text)"), "text/csv", text="csv"),
    ".txt": Suffix(_("en textfil"), "text/plain", text="csv"),
    ".png": Suffix(_("en PNG-bild"), "image/png", ("image/png",)),
    ".jpg": Suffix(_("en JPEG-bild"), "image/jpeg", ("image/jpeg",)),
    ".jpeg": Suffix(_("en JPEG-bild"), "image/jpeg", ("image/jpeg",)),
}

# Kinds a caller accepts -> their suffixes.
KINDS = {
    "pdf": (".pdf",),
    "office": (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".doc", ".xls"),
    "geopackage": (".gpkg",),
    "shapefile_zip": (".zip",),
    "geojson": (".geojson", ".json"),
    "csv": (".csv", ".txt"),
    "image": (".png", ".jpg", ".jpeg"),
}
DOCUMENT_KINDS = ("pdf", "office", "geopackage")
VECTOR_KINDS = ("geojson", "geopackage", "shapefile_zip")


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # the file's own name, without folders, safe to store and show
    suffix: str  # ".pdf"
    kind: str  # a key of KINDS
    content_type: str
    size: int


def clean_name(name: str) -> str:
    """The last part of an uploaded file's name, without folders or control characters."""
    name = Path(str(name or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name or get_valid_filename("fil")


def size_text(size: int) -> str:
    """1536 -> "2 kB", 3145728 -> "3.0 MB"."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size / 1024, 1):.0f} kB"


def max_upload_bytes(max_mb=None) -> int:
    return int((max_mb if max_mb is not None else settings.MAX_UPLOAD_MB) * 1024 * 1024)


def _error(field, message, code, params):
    error = ValidationError(message, code=code, params=params)
    return ValidationError({field: error}) if field else error


def _looks_like_text(head: bytes, *, json: bool) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        if json:
            return False  # RFC 8259: JSON exchanged between systems is UTF-8
        text = head.decode("cp1252", errors="replace")  # CSV from older spreadsheets
    if json:
        return text.lstrip()[:1] in ("{", "[")
    return True


def _content_matches(head: bytes, spec: Suffix) -> bool:
    detected = filetype.guess_mime(head)
    if spec.text:
        return detected is None and _looks_like_text(head, json=spec.text == "json")
    if detected in spec.detected:
        return True
    return spec.ole and head.startswith(OLE_MAGIC)


def validate_upload(upload, *, kinds, max_mb=None, field="file") -> CheckedUpload:
    """Checks `upload` (a Django UploadedFile or File) and returns what it is.

    `kinds`: keys of KINDS the caller accepts; `max_mb`: the limit (default MAX_UPLOAD_MB);
    `field`: the form/serializer field the error is keyed by (None for an unkeyed error).
    The size is taken from the upload's declared size before anything is read; then only the
    first 8 KB are read, and the file is rewound."""
    name = clean_name(getattr(upload, "name", ""))
    suffix = Path(name).suffix.lower()
    allowed = [s for kind in kinds for s in KINDS[kind]]
    if suffix not in allowed:
        raise _error(
            field,
            _("%(name)s: filtypen %(suffix)s tas inte emot. Tillåtna filtyper: %(allowed)s."),
            "upload_suffix",
            {"name": name, "suffix": suffix or _("(ingen filändelse)"), "allowed": ", ".join(allowed)},
        )
    limit = max_upload_bytes(max_mb)
    size = upload.size
    if size > limit:
        raise _error(
            field,
            _("%(name)s är %(size)s; största tillåtna storlek är %(max)s."),
            "upload_size",
            {"name": name, "size": size_text(size), "max": size_text(limit)},
        )
    if size == 0:
        raise _error(field, _("%(name)s är tom (0 byte)."), "upload_empty", {"name": name})
    spec = SUFFIXES[suffix]
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if not _content_matches(head, spec):
        raise _error(
            field,
            _("%(name)s heter %(suffix)s men innehållet är inte %(label)s."),
            "upload_content",
            {"name": name, "suffix": suffix, "label": spec.label},
        )
    kind = next(k for k in kinds if suffix in KINDS[k])
    return CheckedUpload(name=name, suffix=suffix, kind=kind, content_type=spec.content_type, size=size)
