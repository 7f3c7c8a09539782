"""Editors publish documents, change them, add versions and mark them reviewed."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from planportal.forms import apply_service

from .. import services
from ..forms import (
    DocumentEditForm,
    DocumentForm,
    ReviewedForm,
    VersionForm,
)
from ..models import Document
from .base import EditorRequiredMixin


def _document_data(form) -> dict:
    data = dict(form.cleaned_data)
    for name in ("municipalities", "themes", "goals"):
        data[name] = list(data[name])
    return data


def _coverage_warnings(request, form) -> None:
    """What the area input repaired (a self-crossing edge …): the editor should look at it."""
    for warning in form.fields["coverage"].warnings:
        messages.warning(request, warning)


class DocumentCreateView(EditorRequiredMixin, FormView):
    template_name = "knowledge/document_form.html"
    form_class = DocumentForm

    def get_initial(self):
        from planportal.roles import user_organisation

        org = user_organisation(self.request.user)
        return {"publisher": org.slug if org else None, "is_public": True}

    def form_valid(self, form):
        data = _document_data(form)
        files = data.pop("files")
        document = apply_service(form, services.document_create, data=data, files=files, actor=self.request.user)
        if document is None:
            return self.form_invalid(form)
        _coverage_warnings(self.request, form)
        messages.success(self.request, _("Dokumentet är publicerat."))
        return redirect(document)


class DocumentObjectMixin:
    def get_document(self):
        return get_object_or_404(Document.objects.visible_to(self.request.user), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["document"] = self.get_document()
        return ctx


class DocumentEditView(EditorRequiredMixin, DocumentObjectMixin, FormView):
    template_name = "knowledge/document_edit.html"
    form_class = DocumentEditForm

    def get_initial(self):
        d = self.get_document()
        return {
            "title": d.title,
            "summary": d.summary,
            "year": d.year,
            "kind": d.kind,
            "publisher": d.publisher.slug,
            "themes": list(d.themes.all()),
            "municipalities": list(d.municipalities.all()),
            "url": d.url,
            "is_public": d.is_public,
            "review_by": d.review_by,
            "status": d.status,
            "goals": list(d.goals.all()),
            "coverage": d.coverage,
        }

    def form_valid(self, form):
        document = self.get_document()
        data = _document_data(form)
        if "coverage" not in form.changed_data:
            del data["coverage"]  # the map shows it in WGS 84: unchanged, it is not stored again
        apply_service(form, services.document_update, document=document, data=data, actor=self.request.user)
        if not form.is_valid():
            return self.form_invalid(form)
        _coverage_warnings(self.request, form)
        messages.success(self.request, _("Ändringarna är sparade."))
        return redirect(document)


class VersionCreateView(EditorRequiredMixin, DocumentObjectMixin, FormView):
    template_name = "knowledge/version_form.html"
    form_class = VersionForm

    def form_valid(self, form):
        document = self.get_document()
        apply_service(
            form,
            services.document_add_version,
            document=document,
            files=form.cleaned_data["files"],
            label=form.cleaned_data["label"],
            note=form.cleaned_data["note"],
            actor=self.request.user,
        )
        if not form.is_valid():
            return self.form_invalid(form)
        messages.success(self.request, _("Den nya versionen är publicerad och ersätter den förra."))
        return redirect(document)


class DocumentReviewedView(EditorRequiredMixin, DocumentObjectMixin, FormView):
    template_name = "knowledge/reviewed_form.html"
    form_class = ReviewedForm

    def form_valid(self, form):
        document = self.get_document()
        apply_service(
            form,
            services.document_mark_reviewed,
            document=document,
            next_review_by=form.cleaned_data["review_by"],
            actor=self.request.user,
        )
        if not form.is_valid():
            return self.form_invalid(form)
        messages.success(self.request, _("Dokumentet är markerat som granskat."))
        return redirect(document)
