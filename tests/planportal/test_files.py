"""Uploaded files are served through planportal.files (visible_to decides, 404 otherwise),
streamed with the right headers, or handed to nginx/Apache in production; the library's
document files are the first to use it (knowledge/downloads.py)."""

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse

from knowledge.models import DocumentFile
from planportal.files import file_response, protected_file_view
from tests.knowledge.factories import DocumentFactory

PDF = b"%PDF-1.7\n" + b"0" * 5000 + b"\n%%EOF\n"


def document_file(name="Översiktsplan 2040.pdf", content=PDF, **document):
    doc = DocumentFactory(**document)
    version = doc.versions.get()
    stored = DocumentFile(version=version, name=name, kind=DocumentFile.Kind.PDF, size=len(content))
    stored.file.save(name, ContentFile(content), save=True)
    return stored


def url(f):
    return reverse("knowledge:document_file", kwargs={"pk": f.pk, "name": f.name})


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_an_internal_documents_file_is_404_for_the_public_and_200_for_an_editor(client, editor):
    f = document_file(internal=True)
    assert client.get(url(f)).status_code == 404
    client.force_login(editor)
    response = client.get(url(f))
    assert response.status_code == 200 and body(response) == PDF


@pytest.mark.django_db
def test_insiders_see_internal_files_but_not_withdrawn_ones(client, case_officer, editor):
    internal, withdrawn = document_file(internal=True), document_file(withdrawn=True)
    client.force_login(case_officer)
    assert client.get(url(internal)).status_code == 200
    assert client.get(url(withdrawn)).status_code == 404
    client.force_login(editor)
    assert client.get(url(withdrawn)).status_code == 200


@pytest.mark.django_db
def test_a_public_documents_file_streams_with_its_type_and_a_safe_name(client):
    f = document_file()
    response = client.get(url(f))
    assert response.status_code == 200 and response.streaming and body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(PDF))
    # A PDF is shown in the browser; the non-ASCII name as RFC 6266's filename*
    assert response["Content-Disposition"] == "inline; filename*=utf-8''%C3%96versiktsplan%202040.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"] and "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_the_document_page_and_the_api_link_the_protected_address(client):
    f = document_file(name="plan.pdf")
    page = client.get(f.version.document.get_absolute_url()).content.decode()
    assert f'href="{url(f)}"' in page and "/media/" not in page
    detail = client.get(f"/api/v1/documents/{f.version.document.slug}/").json()
    assert detail["versions"][0]["files"][0]["download"] == f"http://testserver{url(f)}"


@pytest.mark.django_db
def test_media_is_not_served_even_in_debug(client, settings):
    import importlib

    from django.urls import Resolver404, clear_url_caches, resolve

    import planportal.urls

    f = document_file(internal=True)
    settings.DEBUG = True
    try:
        importlib.reload(planportal.urls)  # the URLconf as a development server builds it
        clear_url_caches()
        with pytest.raises(Resolver404):
            resolve(f"/media/{f.file.name}")
    finally:
        settings.DEBUG = False
        importlib.reload(planportal.urls)
        clear_url_caches()


@pytest.mark.django_db
def test_x_accel_redirect_hands_the_file_to_nginx(client, settings):
    settings.PROTECTED_FILES_BACKEND = "x-accel-redirect"
    settings.PROTECTED_FILES_INTERNAL_PREFIX = "/protected-media/"
    f = document_file(name="plan å.pdf")
    response = client.get(url(f))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/protected-media/" + f.file.name.replace(" ", "%20").replace("å", "%C3%A5")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "inline; filename*=utf-8''plan%20%C3%A5.pdf"
    hidden = document_file(internal=True)
    assert client.get(url(hidden)).status_code == 404  # nginx is never told about it


@pytest.mark.django_db
def test_x_sendfile_gives_the_absolute_path(client, settings):
    settings.PROTECTED_FILES_BACKEND = "x-sendfile"
    f = document_file(name="plan.pdf")
    response = client.get(url(f))
    assert response["X-Sendfile"] == f.file.path and response.content == b""


# --- the helper on its own -----------------------------------------------------------------


@pytest.mark.django_db
def test_pages_and_scripts_are_always_attachments(settings):
    f = document_file(name="sida.html", content=b"<script>alert(1)</script>")
    response = file_response(f.file, filename='sida "x".html', inline=True)
    assert response["Content-Disposition"] == 'attachment; filename="sida \\"x\\".html"'
    assert response["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.django_db
def test_a_name_with_folders_or_control_characters_is_cleaned():
    f = document_file(name="plan.pdf")
    response = file_response(f.file, filename="../../etc/pass\nwd.pdf")
    assert response["Content-Disposition"] == 'attachment; filename="passwd.pdf"'


@pytest.mark.django_db
def test_a_missing_file_on_disk_is_404_not_500(client):
    f = document_file(name="plan.pdf")
    f.file.storage.delete(f.file.name)
    assert client.get(url(f)).status_code == 404


@pytest.mark.django_db
def test_the_view_helper_narrows_by_the_queryset_it_is_given(editor):
    f = document_file(name="plan.pdf")
    view = protected_file_view(lambda request, **kw: DocumentFile.objects.exclude(pk=f.pk), field="file")
    request = RequestFactory().get("/")
    request.user = editor
    with pytest.raises(Exception) as exc:
        view(request, pk=f.pk)
    assert exc.type.__name__ == "Http404"
    view = protected_file_view(lambda request, **kw: DocumentFile.objects.all(), field="file", filename="name")
    response = view(request, pk=f.pk)
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'


def test_an_unknown_backend_is_a_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    from planportal.files import _backend

    settings.PROTECTED_FILES_BACKEND = "ftp"
    with pytest.raises(ImproperlyConfigured):
        _backend()
