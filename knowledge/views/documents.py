"""Reading documents: a document's page, an older version's page, documents due for review."""

import json

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .. import selectors, services
from ..forms import (
    ReviewedForm,
)
from ..models import Document
from ..querysets import is_editor
from .search import municipality_context_layer
from .view_counting import first_view_in_session


class DocumentDetailView(TemplateView):
    template_name = "knowledge/document_detail.html"

    def get_document(self):
        try:
            return selectors.document_detail(user=self.request.user, slug=self.kwargs["slug"])
        except Document.DoesNotExist:
            raise Http404(_("Dokumentet finns inte eller är inte tillgängligt för dig."))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        document = self.get_document()
        if first_view_in_session(self.request, document.pk):
            services.document_record_view(document=document)
        versions = list(selectors.document_versions(document=document))
        ctx["document"] = document
        ctx["versions"] = versions
        ctx["version"] = next((v for v in versions if v.is_current), versions[0] if versions else None)
        ctx["related"] = selectors.related_documents(user=self.request.user, document=document)
        ctx["goals"] = selectors.related_goals(user=self.request.user, document=document)
        ctx["layers"] = selectors.layer_list(user=self.request.user).filter(document=document)
        ctx["is_editor"] = is_editor(self.request.user)
        ctx["reviewed_form"] = ReviewedForm()
        geojson = selectors.coverage_feature_collection([document])
        ctx["has_coverage"] = bool(json.loads(geojson)["features"])
        layers = [
            municipality_context_layer(),
            {
                "key": "coverage",
                "name": _("Dokumentets täckning"),
                "geojson": json.loads(geojson),
                "color": "#6a3d9a",
                "fit": True,
            },
        ]
        for layer in ctx["layers"]:
            layers.append(
                {
                    "key": f"layer-{layer.pk}",
                    "name": layer.name,
                    "url": reverse("layer-features", args=[layer.pk]),
                    "color": "#1d6b35",
                }
            )
        ctx["map_layers_json"] = json.dumps(layers)
        ctx["show_map"] = ctx["has_coverage"] or bool(ctx["layers"])
        return ctx


class VersionDetailView(DocumentDetailView):
    template_name = "knowledge/version_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        version = next((v for v in ctx["versions"] if v.number == self.kwargs["number"]), None)
        if version is None:
            raise Http404(_("Versionen finns inte."))
        ctx["shown_version"] = version
        return ctx


class ReviewListView(LoginRequiredMixin, TemplateView):
    template_name = "knowledge/review_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["documents"] = selectors.documents_due_for_review(user=self.request.user)
        return ctx
