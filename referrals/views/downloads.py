"""Referral documents served through ReferralDocument.objects.visible_to(user): officers get
every document, everyone else the public ones (a confidential one is a 404, as if it did not
exist). A document that is a link sends the browser to it."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import path

from planportal.files import protected_file_view

from ..models import ReferralDocument


def visible_documents(request, **url_kwargs):
    return ReferralDocument.objects.visible_to(request.user)


_file = protected_file_view(visible_documents, field="file", filename="name")


def document_download(request, pk):
    document = get_object_or_404(visible_documents(request), pk=pk)
    if not document.file and document.url:
        return redirect(document.url)
    return _file(request, pk=pk)


urlpatterns = [
    path("remisser/handlingar/<int:pk>/", document_download, name="document_download"),
]
