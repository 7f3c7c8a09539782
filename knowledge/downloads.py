"""The library's uploaded files, served through planportal.files: a document's file only to
those who may see the document (Document.objects.visible_to), never from /media/."""

from django.urls import reverse

from planportal.files import protected_file_view

from .models import Document, DocumentFile


def visible_files(request, **kwargs):
    return DocumentFile.objects.filter(version__document__in=Document.objects.visible_to(request.user))


document_file = protected_file_view(visible_files, field="file", filename="name", inline=True)


def document_file_url(document_file: DocumentFile) -> str:
    """The address of a document's file (its name last, so a browser saves it by that name)."""
    return reverse("knowledge:document_file", kwargs={"pk": document_file.pk, "name": document_file.name})
