"""Requests for documents (önskemål): list, propose, support, status."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from networks.models import Organisation
from planportal import roles
from planportal.forms import apply_service

from .. import permissions, selectors, services
from ..forms import (
    RequestForm,
    RequestStatusForm,
)
from ..models import Document, DocumentRequest
from ..querysets import is_editor


class RequestListView(TemplateView):
    """The signed-in see the list; the signed-out get the page too, saying what the list is and
    why it needs signing in (the requests are the organisations' shared work list, visible_to
    shows them to the signed-in only), instead of a silent bounce to the sign-in form."""

    template_name = "knowledge/request_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if not self.request.user.is_authenticated:
            ctx["signed_out"] = True
            return ctx
        params = {k: self.request.GET.get(k, "") for k in ("status", "municipality")}
        ctx["params"] = params
        try:
            requests = selectors.request_list(user=self.request.user, filters=params)
            ctx["errors"] = {}
        except ValidationError as exc:
            requests = selectors.request_list(user=self.request.user)
            ctx["errors"] = exc.message_dict
        paginator = Paginator(requests, 50)
        ctx["page_obj"] = page = paginator.get_page(self.request.GET.get("page"))
        ctx["paginator"] = paginator
        ctx["is_paginated"] = paginator.num_pages > 1
        ctx["requests"] = list(page)
        ctx["statuses"] = DocumentRequest.Status.choices
        ctx["municipalities"] = Organisation.objects.municipalities().order_by("name")
        ctx["can_propose"] = permissions.can_propose(self.request.user)
        return ctx


class RequestCreateView(LoginRequiredMixin, FormView):
    template_name = "knowledge/request_form.html"
    form_class = RequestForm

    def get_initial(self):
        org = roles.user_organisation(self.request.user)
        return {"municipalities": [org] if org and org.is_municipality else []}

    def form_valid(self, form):
        request = apply_service(
            form,
            services.request_propose,
            topic=form.cleaned_data["topic"],
            reason=form.cleaned_data["reason"],
            municipalities=list(form.cleaned_data["municipalities"]),
            themes=list(form.cleaned_data["themes"]),
            actor=self.request.user,
        )
        if not form.is_valid():
            return self.form_invalid(form)
        messages.success(self.request, _("Tack! Önskemålet är registrerat."))
        return redirect(request)


class RequestDetailView(LoginRequiredMixin, TemplateView):
    template_name = "knowledge/request_detail.html"

    def get_request_object(self):
        qs = selectors.request_list(user=self.request.user)
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.get_request_object()
        ctx["item"] = obj
        supporters = [s.organisation for s in obj.supports.all()]
        ctx["supporters"] = supporters
        ctx["can_support"] = permissions.can_support(self.request.user, obj, supporters)
        ctx["is_editor"] = is_editor(self.request.user)
        ctx.setdefault(
            "status_form",
            RequestStatusForm(
                initial={
                    "status": obj.status,
                    "status_reason": obj.status_reason,
                    "document": obj.document.slug if obj.document else None,
                }
            ),
        )
        ctx["status_form"].fields["document"].queryset = Document.objects.visible_to(self.request.user).order_by(
            "title"
        )
        return ctx

    def post(self, request, *args, **kwargs):
        obj = self.get_request_object()
        action = request.POST.get("action")
        if action == "support":
            try:
                services.request_support(request=obj, actor=request.user)
                messages.success(request, _("Din organisation stöttar nu önskemålet."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect(obj)
        if action == "status":
            form = RequestStatusForm(request.POST)
            form.fields["document"].queryset = Document.objects.visible_to(request.user)
            if form.is_valid():
                apply_service(
                    form,
                    services.request_set_status,
                    request=obj,
                    status=form.cleaned_data["status"],
                    reason=form.cleaned_data["status_reason"],
                    document=form.cleaned_data["document"],
                    actor=request.user,
                )
            if form.is_valid():
                messages.success(request, _("Statusen är ändrad."))
                return redirect(obj)
            return self.render_to_response(self.get_context_data(status_form=form))
        return redirect(obj)
