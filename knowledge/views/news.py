"""News items (omvärldsbevakning): list, publish, change, delete."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from planportal.forms import apply_service

from .. import selectors, services
from ..forms import (
    NewsItemForm,
)
from ..models import NewsItem, Theme
from ..querysets import is_editor
from .base import DeleteConfirmView, EditorObjectFormView, EditorObjectMixin, EditorRequiredMixin


class NewsCreateView(EditorRequiredMixin, FormView):
    template_name = "knowledge/news_form.html"
    form_class = NewsItemForm

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data["themes"] = list(data["themes"])
        apply_service(form, services.news_create, data=data, actor=self.request.user)
        if not form.is_valid():
            return self.form_invalid(form)
        messages.success(self.request, _("Nyheten är publicerad."))
        return redirect("knowledge:index")


class NewsListView(TemplateView):
    template_name = "knowledge/news_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        params = {k: self.request.GET.get(k, "").strip() for k in ("theme", "scope")}
        ctx["params"], ctx["errors"] = params, {}
        try:
            news = selectors.news_list(user=self.request.user, **params)
        except ValidationError as exc:
            news, ctx["errors"] = selectors.news_list(user=self.request.user), exc.message_dict
        ctx["themes"] = Theme.objects.order_by("order", "name")
        ctx["scopes"] = NewsItem.Scope.choices
        paginator = Paginator(news, 50)
        ctx["page_obj"] = page = paginator.get_page(self.request.GET.get("page"))
        ctx["paginator"] = paginator
        ctx["is_paginated"] = paginator.num_pages > 1
        ctx["news"] = list(page)
        ctx["is_editor"] = is_editor(self.request.user)
        return ctx


class NewsMixin(EditorObjectMixin):
    object_context = "item"

    def get_queryset(self):
        return NewsItem.objects.visible_to(self.request.user)


class NewsEditView(NewsMixin, EditorObjectFormView):
    template_name = "knowledge/news_edit.html"
    form_class = NewsItemForm

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data["themes"] = list(data["themes"])
        apply_service(form, services.news_update, item=self.get_object(), data=data, actor=self.request.user)
        if not form.is_valid():
            return self.form_invalid(form)
        messages.success(self.request, _("Ändringarna i nyheten är sparade."))
        return redirect("knowledge:news_list")


class NewsDeleteView(NewsMixin, DeleteConfirmView):
    template_name = "knowledge/news_delete.html"
    success_url = "knowledge:news_list"
    success_message = gettext_lazy("Nyheten ”%(name)s” är borttagen.")

    def perform_delete(self, obj):
        services.news_delete(item=obj, actor=self.request.user)
