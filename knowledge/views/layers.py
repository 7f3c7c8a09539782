"""Map layers: list, upload, page, change, delete."""

import json

from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from planportal.forms import apply_service

from .. import selectors, services
from ..forms import (
    LayerEditForm,
    LayerForm,
)
from ..querysets import is_editor
from .base import DeleteConfirmView, EditorObjectFormView, EditorObjectMixin, EditorRequiredMixin


class LayerListView(TemplateView):
    template_name = "knowledge/layer_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["layers"] = selectors.layer_list(user=self.request.user)
        ctx["is_editor"] = is_editor(self.request.user)
        return ctx


class LayerUploadView(EditorRequiredMixin, FormView):
    template_name = "knowledge/layer_form.html"
    form_class = LayerForm

    def form_valid(self, form):
        layer = apply_service(
            form,
            services.layer_upload,
            upload=form.cleaned_data["file"],
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            document=form.cleaned_data["document"],
            is_public=form.cleaned_data["is_public"],
            actor=self.request.user,
        )
        if not form.is_valid():
            return self.form_invalid(form)
        messages.success(self.request, _("Kartlagret är sparat."))
        return redirect(layer)


class LayerDetailView(TemplateView):
    template_name = "knowledge/layer_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        layer = get_object_or_404(selectors.layer_list(user=self.request.user), pk=self.kwargs["pk"])
        ctx["layer"] = layer
        ctx["is_editor"] = is_editor(self.request.user)
        ctx["features"] = layer.features.order_by("number")[:200]
        ctx["map_layers_json"] = json.dumps(
            [
                {
                    "key": "layer",
                    "name": layer.name,
                    "url": reverse("layer-features", args=[layer.pk]),
                    "color": "#1d6b35",
                    "fit": True,
                    "popup": "name",
                }
            ]
        )
        return ctx


class LayerMixin(EditorObjectMixin):
    object_context = "layer"

    def get_queryset(self):
        return selectors.layer_list(user=self.request.user)


class LayerEditView(LayerMixin, EditorObjectFormView):
    template_name = "knowledge/layer_edit.html"
    form_class = LayerEditForm

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        upload = data.pop("file") or None
        layer = apply_service(
            form, services.layer_update, layer=self.get_object(), data=data, upload=upload, actor=self.request.user
        )
        if not form.is_valid():
            return self.form_invalid(form)
        if upload is not None:
            messages.success(
                self.request,
                _("Kartlagret är sparat. Objekten är ersatta med de %(n)s i %(file)s.")
                % {"n": intcomma(layer.feature_count), "file": layer.source_name},
            )
        else:
            messages.success(self.request, _("Kartlagret är sparat."))
        return redirect(layer)


class LayerDeleteView(LayerMixin, DeleteConfirmView):
    template_name = "knowledge/layer_delete.html"
    success_url = "knowledge:layer_list"
    success_message = gettext_lazy("Kartlagret ”%(name)s” är borttaget.")

    def perform_delete(self, obj):
        services.layer_delete(layer=obj, actor=self.request.user)
