"""The shared upload check (planportal.uploads.validate_upload): size before reading, the
suffix against the accepted kinds, the real content by sniffing; messages name the file."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from planportal.uploads import DOCUMENT_KINDS, VECTOR_KINDS, clean_name, validate_upload

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
SQLITE = b"SQLite format 3\x00" + b"\x00" * 100
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


class Unreadable(SimpleUploadedFile):
    """An upload that must not be read: its declared size alone must refuse it."""

    def read(self, *args):
        raise AssertionError("read before the size was checked")

    def chunks(self, *args):
        raise AssertionError("read before the size was checked")


def error_text(exc_info, field="file"):
    return " ".join(exc_info.value.message_dict[field])


@pytest.mark.parametrize(
    "name, content, kind, content_type",
    [
        ("plan.pdf", PDF, "pdf", "application/pdf"),
        ("Plan.PDF", PDF, "pdf", "application/pdf"),
        (
            "beslut.docx",
            docx_bytes(),
            "office",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("gammal.doc", OLE, "office", "application/msword"),
        ("lager.gpkg", SQLITE, "geopackage", "application/geopackage+sqlite3"),
    ],
)
def test_true_files_pass_and_say_what_they_are(name, content, kind, content_type):
    checked = validate_upload(SimpleUploadedFile(name, content), kinds=DOCUMENT_KINDS)
    assert (checked.name, checked.kind, checked.content_type, checked.size) == (name, kind, content_type, len(content))


def test_text_formats_are_checked_as_text():
    geojson = b'\xef\xbb\xbf  {"type": "FeatureCollection", "features": []}'
    assert validate_upload(SimpleUploadedFile("yta.geojson", geojson), kinds=VECTOR_KINDS).kind == "geojson"
    csv = "kpi;municipality;period;value\nN00914;1880;2024;68,5\nÖrebro".encode("cp1252")
    assert validate_upload(SimpleUploadedFile("varden.csv", csv), kinds=("csv",)).kind == "csv"
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("yta.geojson", b"hello"), kinds=VECTOR_KINDS)
    assert "yta.geojson heter .geojson men innehållet är inte GeoJSON (text)." in error_text(exc)
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("varden.csv", PDF), kinds=("csv",))
    assert "varden.csv heter .csv men innehållet är inte en CSV-fil (text)." in error_text(exc)


def test_a_file_named_as_something_it_is_not_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 an exe"), kinds=DOCUMENT_KINDS, field="files")
    assert error_text(exc, "files") == "plan.pdf heter .pdf men innehållet är inte en PDF."
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("plan.docx", PDF), kinds=DOCUMENT_KINDS)


def test_a_suffix_not_accepted_is_refused_with_the_list():
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("skript.exe", b"MZ"), kinds=("pdf",))
    assert error_text(exc) == "skript.exe: filtypen .exe tas inte emot. Tillåtna filtyper: .pdf."
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("README", b"x"), kinds=("pdf",))
    assert "(ingen filändelse)" in error_text(exc)


def test_the_size_is_checked_before_anything_is_read(settings):
    settings.MAX_UPLOAD_MB = 1
    big = Unreadable("stor.pdf", b"")
    big.size = 3 * 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        validate_upload(big, kinds=("pdf",))
    assert error_text(exc) == "stor.pdf är 3.0 MB; största tillåtna storlek är 1.0 MB."
    small_limit = SimpleUploadedFile("plan.pdf", PDF * 100)
    with pytest.raises(ValidationError) as exc:
        validate_upload(small_limit, kinds=("pdf",), max_mb=0.002)  # a per-call limit
    assert error_text(exc) == "plan.pdf är 3 kB; största tillåtna storlek är 2 kB."


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("tom.pdf", b""), kinds=("pdf",))
    assert error_text(exc) == "tom.pdf är tom (0 byte)."


def test_only_the_head_is_read_and_the_file_is_rewound():
    upload = SimpleUploadedFile("plan.pdf", PDF + b"x" * 100_000)
    validate_upload(upload, kinds=("pdf",))
    assert upload.tell() == 0 and upload.read(4) == b"%PDF"


def test_without_a_field_the_error_is_unkeyed():
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("a.exe", b"MZ"), kinds=("pdf",), field=None)
    assert not hasattr(exc.value, "error_dict") and exc.value.messages[0].startswith("a.exe:")


def test_names_lose_folders_and_control_characters():
    assert clean_name("C:\\Users\\x\\plan.pdf") == "plan.pdf"
    assert clean_name("../../etc/passwd") == "passwd"
    assert clean_name("pl\x00an\n.pdf") == "plan.pdf"
    assert clean_name("") == "fil"


def test_messages_in_english():
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            validate_upload(SimpleUploadedFile("plan.pdf", b"nope"), kinds=("pdf",))
        assert error_text(exc) == "plan.pdf is named .pdf but its content is not a PDF."
