"""PDF text extraction: a real Celery worker reads a real PDF made by reportlab; encrypted and
broken PDFs are recorded as such and the document stays searchable by its metadata."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge import selectors, services
from knowledge.models import Document, DocumentFile
from tests.knowledge.factories import ThemeFactory


def _data(region, title="Skyfallsanalys för Nora"):
    ThemeFactory(name="Klimat", slug="klimat")
    return {
        "title": title,
        "summary": "Kraftiga regn i tätorten.",
        "year": 2025,
        "kind": "report",
        "publisher": region.slug,
        "themes": ["klimat"],
    }


def _found(q):
    return list(selectors.document_search(user=None, filters={"q": q}).values_list("title", flat=True))


def test_real_worker_extracts_pdf_text_and_it_becomes_searchable(celery_worker_process, region, editor, pdf_upload):
    upload = pdf_upload(lines=["Dagvattenhantering och lågpunkter i Nora tätort.", "Översvämningskartering 2025."])
    document = services.document_create(data=_data(region), files=[upload], actor=editor)
    file = DocumentFile.objects.get(version__document=document)
    assert file.extraction == DocumentFile.Extraction.PENDING  # left for the worker, after commit

    celery_worker_process(lambda: DocumentFile.objects.get(pk=file.pk).extraction != "pending")
    file.refresh_from_db()
    assert file.extraction == "done" and file.page_count == 1
    assert "Dagvattenhantering" in file.extracted_text
    assert _found("dagvatten") == ["Skyfallsanalys för Nora"]  # a word only the PDF holds
    assert _found("lågpunkt") == ["Skyfallsanalys för Nora"]


@pytest.mark.django_db
def test_encrypted_pdf_is_recorded_and_the_document_stays_searchable(
    region, editor, pdf_upload, django_capture_on_commit_callbacks
):
    upload = pdf_upload(lines=["Hemlig text om grundvatten"], encrypt_with="lösenord")
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_create(data=_data(region), files=[upload], actor=editor)
    file = DocumentFile.objects.get(version__document=document)
    assert file.extraction == DocumentFile.Extraction.ENCRYPTED
    assert file.get_extraction_display() == "Krypterad PDF, texten kunde inte läsas"
    assert _found("skyfallsanalys") == [document.title] and _found("grundvatten") == []


@pytest.mark.django_db
def test_pdf_encrypted_with_empty_password_is_read(region, editor, pdf_upload, django_capture_on_commit_callbacks):
    upload = pdf_upload(lines=["Text om grundvatten"], encrypt_with="")
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_create(data=_data(region), files=[upload], actor=editor)
    assert DocumentFile.objects.get(version__document=document).extraction == "done"
    assert _found("grundvatten") == [document.title]


@pytest.mark.django_db
def test_broken_pdf_is_recorded_as_unreadable(client, region, editor, django_capture_on_commit_callbacks):
    broken = SimpleUploadedFile("trasig.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer\n%%EOF garbage")
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_create(data=_data(region), files=[broken], actor=editor)
    file = DocumentFile.objects.get(version__document=document)
    assert file.extraction == DocumentFile.Extraction.UNREADABLE
    assert Document.objects.filter(pk=document.pk).exists()
    assert _found("skyfallsanalys") == [document.title]
    body = client.get(document.get_absolute_url()).content.decode()
    assert file.get_extraction_display() in body  # the page says so


@pytest.mark.django_db
def test_office_files_are_kept_without_extraction(region, editor, django_capture_on_commit_callbacks):
    docx = SimpleUploadedFile("tabell.xlsx", b"PK\x03\x04" + b"\x00" * 40)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_create(data=_data(region), files=[docx], actor=editor)
    assert DocumentFile.objects.get(version__document=document).extraction == "not_applicable"


def test_pdftext_outcomes_are_the_extraction_states():
    """planportal.pdftext's outcomes are stored as they are: each must be a DocumentFile.Extraction."""
    from knowledge.models import DocumentFile
    from planportal import pdftext

    for outcome in (pdftext.DONE, pdftext.EMPTY, pdftext.ENCRYPTED, pdftext.UNREADABLE):
        assert outcome in DocumentFile.Extraction.values
